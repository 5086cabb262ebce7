"""Hostile files for the registry's CSV import, with hypothesis: random bytes, random text,
CSV-ish rows with quotes, separators, byte-order marks, huge fields, labels and codes, and a
valid export damaged at random. Whatever the file, the import answers with a report (or a
ValidationError), never another exception; and it writes every row or nothing: the rows of
every table are counted, and the existing accounts compared, before and after."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts_registry import exchange
from accounts_registry.models import SocialAccount

from ..workspaces.test_backup import changed, row_counts
from .factories import SocialAccountFactory

EXAMPLES = 50
hostile = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written to the project folder
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

GOOD_CELLS = [
    "x",
    "instagram",
    "LinkedIn page",
    "Viva Engage (Yammer)",
    "@vandijk",
    "van-dijk",
    "https://x.com/vandijk",
    "Recruiting",
    "editor@example.com",
    "social@vandijk.nl",
    "app",
    "Authenticator app",
    "none",
    "1Password > Marketing > X",
    "2026-01-15",
]
TRICKY_CELLS = [
    '"',
    '""',
    ",",
    ";",
    "\t",
    "\n",
    "\r\n",
    "\ufeff",
    "\x00",
    "password: Zomer2024!",
    "abcd-1234-efgh-5678",
    "Tr0ub4dor&3xyz",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "20260115",
    "@" * 101,
    "x" * 301,
    "stranger@example.com",
    "not an address",
    "javascript:alert(1)",
    "X (Twitter)",
    "CLOSED",
]
HEADERS = [
    exchange.COLUMNS,
    ["platform", "handle"],
    ["Platform", " HANDLE ", "handle", "two_factor", "password_changed_on"],
    ["handle"],
    [],
]
cells = st.one_of(
    st.sampled_from(GOOD_CELLS),
    st.sampled_from(TRICKY_CELLS),
    st.text(max_size=30),
    st.integers(min_value=1_000, max_value=300_000).map(lambda n: "y" * n),  # huge fields
)


@st.composite
def csvish_files(draw) -> bytes:
    lines = draw(st.lists(st.lists(cells, max_size=11), max_size=8))
    header = draw(st.sampled_from([None, *HEADERS, *HEADERS[:2]]))
    if header is not None:
        lines = [header, *lines]
    separator = draw(st.sampled_from([",", ";", "\t", "|"]))
    if draw(st.booleans()):
        out = io.StringIO()
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
        csv.writer(out, delimiter=separator, quoting=quoting).writerows(lines)
        text = out.getvalue()
    else:
        newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        text = newline.join(separator.join(line) for line in lines)
    if draw(st.booleans()):
        text = "\ufeff" + text
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "cp1252", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


random_files = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    csvish_files(),
)


@st.composite
def damaged(draw, raw: bytes) -> bytes:
    """A valid file, cut, with bytes inserted, removed or a line doubled."""
    how = draw(st.sampled_from(["cut", "insert", "remove", "double"]))
    at = draw(st.integers(min_value=0, max_value=len(raw)))
    if how == "cut":
        return raw[:at]
    if how == "insert":
        return raw[:at] + draw(st.binary(min_size=1, max_size=20)) + raw[at:]
    if how == "remove":
        return raw[:at] + raw[at + draw(st.integers(min_value=1, max_value=30)) :]
    lines = raw.splitlines(keepends=True)
    index = draw(st.integers(min_value=0, max_value=max(0, len(lines) - 1)))
    return b"".join([*lines[: index + 1], *lines[index:]])


@pytest.fixture
def registry(workspace, editor):
    """Two accounts already registered: an import may update them, never half."""
    SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk", purpose="News")
    SocialAccountFactory(
        workspace=workspace, platform="linkedin_page", handle="van-dijk", business_owner=editor
    )
    return workspace


def accounts_as_they_are() -> list[tuple]:
    fields = [f.attname for f in SocialAccount._meta.concrete_fields]
    return list(SocialAccount.objects.order_by("pk").values_list(*fields))


def import_all_or_nothing(*, workspace, by, raw: bytes) -> exchange.ImportReport | None:
    """Import; then check that the database holds every row of the file or nothing of it.
    Each example is rolled back afterwards, so the next starts from the same database."""
    with transaction.atomic():
        before, accounts = row_counts(), accounts_as_they_are()
        try:
            report = exchange.registry_import(workspace=workspace, by=by, raw=raw, commit=True)
        except ValidationError:
            report = None
        difference = changed(before, row_counts())
        if report is not None and report.ok:
            expected = {
                "accounts_registry_socialaccount": report.created,
                # Every account written gets a line in its audit history.
                "accounts_registry_historicalsocialaccount": report.created + report.updated,
            }
            assert difference == {k: v for k, v in expected.items() if v}, difference
        else:
            assert difference == {}, (difference, report)
            assert accounts_as_they_are() == accounts
        transaction.set_rollback(True)
    return report


@hostile
@given(raw=random_files)
@example(raw=b"platform,handle,password_changed_on\nx,@new,9999-12-31\n")
@example(raw=b"platform,handle\nx,@new\nx,@NEW\n")
@example(raw=b"platform,handle,purpose\nx,@vandijk,Changed\ninstagram,@b,password: x1\n")
@example(raw=b'platform,handle\nx,"@a\r\nb"\n')
def test_the_registry_import_never_crashes_and_writes_all_or_nothing(registry, editor, raw):
    import_all_or_nothing(workspace=registry, by=editor, raw=raw)


@pytest.fixture
def registry_file(registry) -> bytes:
    SocialAccountFactory(
        workspace=registry,
        platform="instagram",
        handle="@werken",
        purpose='Jobs, "open days"; and\nmore',
        vault_reference="1Password > Marketing > Instagram",
    )
    return exchange.registry_csv(workspace=registry).encode()


@hostile
@given(data=st.data())
def test_a_damaged_export_never_crashes_and_writes_all_or_nothing(
    registry, editor, registry_file, data
):
    report = import_all_or_nothing(workspace=registry, by=editor, raw=registry_file)
    assert report.ok
    # The registry's own export, imported back, is already registered: nothing changes.
    assert (report.unchanged, report.updated, report.created) == (3, 0, 0)
    import_all_or_nothing(workspace=registry, by=editor, raw=data.draw(damaged(registry_file)))


def test_a_cell_with_quotes_and_a_line_break_comes_back_as_it_was(workspace, editor):
    """What the property found: the separator guesser also guessed the quoting, wrongly."""
    purpose = 'Jobs, "open days"; and\nmore'
    SocialAccountFactory(workspace=workspace, platform="instagram", handle="@a", purpose=purpose)
    SocialAccountFactory(workspace=workspace, platform="x", handle="@b")
    raw = exchange.registry_csv(workspace=workspace).encode()
    report = exchange.registry_import(workspace=workspace, by=editor, raw=raw, commit=False)
    assert report.ok, [r.errors for r in report.rows]
    assert report.rows[0].values["purpose"] == purpose
