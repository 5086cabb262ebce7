import pytest

from accounts_registry import exchange
from accounts_registry.models import SocialAccount

from .factories import SocialAccountFactory

HEADER = ",".join(exchange.COLUMNS) + "\n"


def run(workspace, by, text, commit=True):
    raw = text.encode() if isinstance(text, str) else text
    return exchange.registry_import(workspace=workspace, by=by, raw=raw, commit=commit)


def test_export_then_import_is_a_round_trip(workspace, other_workspace, editor, outsider):
    SocialAccountFactory(
        workspace=workspace, platform="x", handle="@a", vault_reference="Vault > X"
    )
    SocialAccountFactory(workspace=workspace, platform="instagram", handle="@b", two_factor="none")
    text = exchange.registry_csv(workspace=workspace)
    report = run(other_workspace, outsider, text)
    assert report.ok, report.rows
    assert report.created == 2
    assert exchange.registry_csv(workspace=other_workspace) == text


def test_the_preview_writes_nothing(workspace, editor):
    report = run(workspace, editor, HEADER + "x,@vandijk,,,,,app,,\n", commit=False)
    assert report.ok
    assert report.created == 1
    assert not SocialAccount.objects.exists()


def test_labels_and_semicolons_from_a_dutch_spreadsheet_are_understood(workspace, editor):
    text = (
        "platform;handle;two_factor;password_changed_on\n"
        "LinkedIn page;van-dijk;Authenticator app;2026-01-15\n"
    )
    assert run(workspace, editor, text).ok
    account = SocialAccount.objects.get()
    assert (account.platform, account.two_factor) == ("linkedin_page", "app")


def test_an_existing_account_is_updated(workspace, editor):
    SocialAccountFactory(workspace=workspace, platform="x", handle="@VanDijk", purpose="old")
    report = run(workspace, editor, HEADER + "x,@vandijk,,new purpose,,,,,\n")
    assert report.updated == 1
    assert SocialAccount.objects.get().purpose == "new purpose"


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("x,,,,,,,,", "The handle is empty"),
        ("x,@a,,,,,fingerprint,,", "Unknown two-factor method"),
        ("x,@a,,,,,,,15-01-2026", "Not a date"),
        ("x,@a,,,,not-an-email,,,", "login email: Enter a valid email address"),
        (
            "x,@a,,,,,,password: Zomer2024!,",
            "The column “vault_reference” looks like it holds a password",
        ),
        ("x,@a,notaurl with spaces,,,,,,", "profile URL: Enter a valid URL"),
    ],
)
def test_each_kind_of_bad_row_is_reported_and_nothing_is_imported(workspace, editor, row, problem):
    good = "instagram,@good,,,,,app,,\n"
    report = run(workspace, editor, HEADER + good + row + "\n")
    assert not report.ok
    bad = [r for r in report.rows if r.errors]
    assert [r.line for r in bad] == [3]
    assert problem.lower() in " ".join(bad[0].errors).lower()
    assert not SocialAccount.objects.exists()


def test_the_same_account_twice_in_one_file(workspace, editor):
    report = run(workspace, editor, HEADER + "x,@a,,,,,,,\nx,@A,,,,,,,\n")
    assert "in the file twice" in report.rows[1].errors[0]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a CSV file"),
        (b"", "empty"),
        (b"name,url\nfoo,bar\n", "No column holds these: platform, handle."),
        (HEADER.encode(), "no rows"),
        (b"x" * (exchange.MAX_BYTES + 1), "larger than 1 MB"),
    ],
)
def test_a_file_that_is_not_a_registry_is_refused(workspace, editor, raw, problem):
    report = run(workspace, editor, raw)
    assert problem in " ".join(report.problems)
    assert not SocialAccount.objects.exists()


def test_a_second_confirm_of_the_same_preview_finds_everything_registered(workspace, editor):
    # A double click: both confirms carry the preview from before the first was saved.
    raw = (HEADER + "x,@a,,,,,app,,\ninstagram,@b,,,,,app,,\n").encode()
    previewed = exchange.registry_import(
        workspace=workspace, by=editor, raw=raw, commit=False
    ).fingerprint
    confirms = [
        exchange.registry_import(
            workspace=workspace, by=editor, raw=raw, commit=True, previewed=previewed
        )
        for _ in range(2)
    ]
    assert [(r.created, r.unchanged) for r in confirms] == [(2, 0), (0, 2)]
    assert not confirms[1].changed_since_preview
    assert SocialAccount.objects.filter(workspace=workspace).count() == 2
