"""Importing real inventories: headers and platforms as people write them, no column lost
without a choice, owners who are not members yet, and the same file twice changes nothing."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts_registry import exchange
from accounts_registry.models import Platform, SocialAccount
from workspaces.models import Invitation

from .factories import SocialAccountFactory


def run(workspace, by, text, commit=True, **choices):
    raw = text.encode() if isinstance(text, str) else text
    return exchange.registry_import(workspace=workspace, by=by, raw=raw, commit=commit, **choices)


def every_field_arrived(account, editor):
    assert account.platform == "x"
    assert account.handle == "@vandijk"
    assert account.profile_url == "https://x.com/vandijk"
    assert account.purpose == "News"
    assert account.business_owner == editor
    assert account.login_email == "social@vandijk.nl"
    assert account.two_factor == "app"
    assert account.vault_reference == "1Password > Marketing > X"
    assert account.password_changed_on == datetime.date(2026, 1, 15)
    assert account.recovery_holder == "the marketing phone"


ENGLISH = (
    "Platform,Account name,Profile URL,Purpose,Owner email,Login email,2FA,"
    "Vault reference,Last password change,Recovery holder\n"
    "Twitter,@vandijk,https://x.com/vandijk,News,editor@example.com,social@vandijk.nl,"
    "Authenticator app,1Password > Marketing > X,2026-01-15,the marketing phone\n"
)
DUTCH = (
    "Platform;Gebruikersnaam;Profiel-URL;Doel;Eigenaar;Inlog e-mail;Tweestapsverificatie;"
    "Wachtwoordmanager;Wachtwoord gewijzigd;Herstelmethode\n"
    "X;@vandijk;https://x.com/vandijk;News;editor@example.com;social@vandijk.nl;"
    "app;1Password > Marketing > X;2026-01-15;the marketing phone\n"
)


@pytest.mark.parametrize("text", [ENGLISH, DUTCH], ids=["english", "dutch"])
def test_an_inventory_with_human_headers_loses_no_field(workspace, editor, text):
    report = run(workspace, editor, text)
    assert report.ok, (report.problems, report.unresolved_columns)
    every_field_arrived(SocialAccount.objects.get(), editor)


def test_the_labels_the_app_shows_are_headers_too(workspace, editor):
    headers = [
        "platform",
        "handle",
        "profile URL",
        "purpose",
        "business owner",
        "login email",
        "two-factor authentication",
        "where the credentials are kept",
        "password last changed",
        "who holds the recovery method",
    ]
    report = run(workspace, editor, ",".join(headers) + "\nx,@a,,,,,,,,\n", commit=False)
    assert [c.column for c in report.columns] == [
        "platform",
        "handle",
        "url",
        "purpose",
        "owner_email",
        "login_email",
        "two_factor",
        "vault_reference",
        "password_changed_on",
        "recovery_holder",
    ]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Owner email", "owner_email"),
        ("OWNER_EMAIL", "owner_email"),
        (" login-e-mail ", "login_email"),
        ("Login email", "login_email"),
        ("2FA", "two_factor"),
        ("Two-factor", "two_factor"),
        ("Vault reference", "vault_reference"),
        ("Password manager", "vault_reference"),
        ("Last password change", "password_changed_on"),
        ("Wachtwoord gewijzigd", "password_changed_on"),
        ("Login-e-mailadres", "login_email"),  # the app's own Dutch label
        ("Inlog-e-mailadres", "login_email"),
        ("Zakelijk eigenaar", "owner_email"),
    ],
)
def test_headers_are_matched_as_people_write_them(header, column):
    assert exchange.header_lookup()[exchange._words(header)] == column


def test_no_way_of_writing_a_header_means_two_columns():
    seen = {}
    for column, synonyms in exchange.HEADER_SYNONYMS.items():
        for text in (column, *synonyms):
            assert seen.setdefault(exchange._words(text), column) == column, text


def test_an_unknown_column_blocks_the_import_until_mapped_or_ignored(workspace, editor):
    text = "platform,handle,Team notes,Inlog\nx,@a,ask Sam,social@vandijk.nl\n"
    report = run(workspace, editor, text)
    assert not report.ok
    assert [c.header for c in report.unresolved_columns] == ["Team notes"]
    assert not SocialAccount.objects.exists()
    mapped = run(workspace, editor, text, columns={2: "purpose"})
    assert mapped.ok
    assert SocialAccount.objects.get().purpose == "ask Sam"
    SocialAccount.objects.all().delete()
    ignored = run(workspace, editor, text, columns={2: exchange.IGNORE})
    assert ignored.ok
    account = SocialAccount.objects.get()
    assert (account.purpose, account.login_email) == ("", "social@vandijk.nl")


def test_two_columns_for_one_field_must_be_chosen_between(workspace, editor):
    text = "platform,handle,Email,Login email\nx,@a,a@vandijk.nl,b@vandijk.nl\n"
    report = run(workspace, editor, text)
    assert "ignore all but one of them" in " ".join(report.problems)
    assert run(workspace, editor, text, columns={2: exchange.IGNORE}).ok


def test_a_secret_is_refused_with_its_column_and_what_to_do(workspace, editor):
    text = "platform,handle,Password manager\nx,@a,password: Zomer2024!\n"
    report = run(workspace, editor, text)
    (error,) = report.rows[0].errors
    assert "The column “Password manager” looks like it holds a password" in error
    assert "write where it is kept instead" in error


@pytest.mark.parametrize(
    ("typed", "platform"),
    [
        ("Yammer", Platform.VIVA_ENGAGE),
        (" yammer ", Platform.VIVA_ENGAGE),
        ("Twitter", Platform.X),
        ("X", Platform.X),
        ("X (Twitter)", Platform.X),
        ("LinkedIn", Platform.LINKEDIN_PAGE),
        ("LinkedIn-pagina", Platform.LINKEDIN_PAGE),
        ("LinkedIn-groep", Platform.LINKEDIN_GROUP),
        ("FB", Platform.FACEBOOK),
        ("Insta", Platform.INSTAGRAM),
        ("YT", Platform.YOUTUBE),
        ("You Tube", Platform.YOUTUBE),
        ("Anders", Platform.OTHER),
    ],
)
def test_platforms_are_matched_by_their_aliases(typed, platform):
    assert exchange.platform_lookup()[exchange._words(typed)] == platform


def test_no_alias_means_two_platforms():
    seen = {}
    for platform, aliases in exchange.PLATFORM_ALIASES.items():
        for text in (platform.value, *aliases):
            assert seen.setdefault(exchange._words(text), platform) == platform, text


def test_the_articles_own_list_imports_as_written(workspace, editor):
    text = (
        "platform,handle\nYouTube,vandijk\nTwitter,@vandijk\nYammer,vandijk\n"
        "Yahoo Pipes,vandijk-feeds\nFacebook,vandijk\n"
    )
    report = run(workspace, editor, text, commit=False)
    assert report.ok, [r.errors for r in report.rows]
    assert "“Yahoo Pipes” is not a platform the registry knows" in report.rows[3].notes[0]
    run(workspace, editor, text)
    accounts = {a.platform: a for a in SocialAccount.objects.all()}
    assert set(accounts) == {"youtube", "x", "viva_engage", "other", "facebook"}
    assert str(accounts["other"]) == "Yahoo Pipes · vandijk-feeds"
    # and the export writes the name, so that it comes back as it was
    assert "Yahoo Pipes,vandijk-feeds" in exchange.registry_csv(workspace=workspace)


def test_an_owner_who_is_not_a_member_is_asked_about(workspace, admin_user):
    text = "platform,handle,owner\nx,@a,Nieuw@VanDijk.nl\n"
    report = run(workspace, admin_user, text)
    assert not report.ok
    assert [o.email for o in report.owners] == ["nieuw@vandijk.nl"]
    assert "below, invite them or leave the business owner empty" in report.rows[0].errors[0]
    assert not SocialAccount.objects.exists()
    report = run(workspace, admin_user, text, owners={"nieuw@vandijk.nl": "editor"})
    assert report.ok
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("nieuw@vandijk.nl", "editor")
    account = SocialAccount.objects.get()
    assert account.business_owner is None
    assert "nieuw@vandijk.nl" in account.notes


def test_an_owner_left_empty_is_said_on_the_account(workspace, editor):
    report = run(
        workspace,
        editor,
        "platform,handle,owner\nx,@a,nieuw@vandijk.nl\n",
        owners={"nieuw@vandijk.nl": "empty"},
    )
    assert report.ok
    assert "the business owner is left empty" in report.rows[0].notes[0]
    account = SocialAccount.objects.get()
    assert account.business_owner is None
    assert "Business owner in the imported file: nieuw@vandijk.nl" in account.notes
    assert not Invitation.objects.exists()


def test_an_editor_cannot_invite_through_the_import(workspace, editor):
    text = "platform,handle,owner\nx,@a,nieuw@vandijk.nl\n"
    report = run(workspace, editor, text, owners={"nieuw@vandijk.nl": "admin"})
    assert not report.ok
    assert "ask an admin to invite them" in report.rows[0].errors[0]
    assert not Invitation.objects.exists()


def test_importing_the_same_file_twice_changes_nothing(workspace, editor):
    first = run(workspace, editor, ENGLISH)
    assert first.created == 1
    before = list(SocialAccount.objects.values())
    history = SocialAccount.history.count()
    second = run(workspace, editor, ENGLISH)
    assert second.ok
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1)
    assert second.rows[0].action == "same"
    assert list(SocialAccount.objects.values()) == before
    assert SocialAccount.history.count() == history


def test_a_row_that_differs_shows_what_changes_and_the_user_chooses(workspace, editor):
    SocialAccountFactory(
        workspace=workspace, platform="x", handle="@a", purpose="old", two_factor="none"
    )
    text = "platform,handle,purpose,2FA\nx,@A,new,app\ninstagram,@b,,\n"
    preview = run(workspace, editor, text, commit=False)
    assert preview.rows[0].action == "update"
    assert preview.rows[0].changes == [
        ("purpose", "old", "new"),
        ("two-factor authentication", "None", "Authenticator app"),
    ]
    skipped = run(workspace, editor, text, rows={2: "skip"})
    assert (skipped.created, skipped.updated, skipped.skipped) == (1, 0, 1)
    assert SocialAccount.objects.get(platform="x").purpose == "old"
    updated = run(workspace, editor, text, update_all="update")
    assert updated.updated == 1
    assert SocialAccount.objects.get(platform="x").purpose == "new"
    assert run(workspace, editor, text, update_all="skip").updated == 0


# --- The page -------------------------------------------------------------------------------


def url(workspace):
    return reverse("registry:account_import", kwargs={"workspace": workspace.slug})


def test_the_preview_shows_the_mapping_and_asks_about_the_unknown(client, workspace, editor):
    client.force_login(editor)
    raw = b"Platform,Handle,Login email,Team notes\nYammer,vandijk,social@vandijk.nl,ask Sam\n"
    response = client.post(url(workspace), {"file": SimpleUploadedFile("a.csv", raw)})
    html = response.content.decode()
    assert "Login email → login email" in html
    assert "Team notes → ?" in html
    assert "The column “Team notes” is not one the registry knows" in html
    assert "Import these accounts" not in html
    csv_text = response.context["csv_text"]
    again = client.post(
        url(workspace), {"csv_text": csv_text, "confirm": "0", "column_3": "purpose"}
    )
    html = again.content.decode()
    assert "Team notes → purpose" in html
    assert "Import these accounts" in html
    done = client.post(
        url(workspace),
        {
            "csv_text": csv_text,
            "confirm": "1",
            "column_3": "purpose",
            "previewed": again.context["report"].fingerprint,
        },
        follow=True,
    )
    assert "Imported: 1 accounts registered" in done.content.decode()
    account = SocialAccount.objects.get()
    assert (account.platform, account.purpose) == ("viva_engage", "ask Sam")


def test_confirming_other_choices_than_previewed_previews_again(client, workspace, editor):
    client.force_login(editor)
    raw = b"platform,handle,Team notes\nx,@a,ask Sam\n"
    first = client.post(url(workspace), {"file": SimpleUploadedFile("a.csv", raw)})
    csv_text = first.context["csv_text"]
    previewed = client.post(
        url(workspace), {"csv_text": csv_text, "confirm": "0", "column_2": "ignore"}
    ).context["report"]
    response = client.post(
        url(workspace),
        {
            "csv_text": csv_text,
            "confirm": "1",
            "column_2": "purpose",
            "previewed": previewed.fingerprint,
        },
    )
    assert "Your choices changed what the import does" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_the_preview_offers_admins_to_invite_unknown_owners(
    client, workspace, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    raw = b"platform,handle,owner email\nx,@a,nieuw@vandijk.nl\n"
    first = client.post(url(workspace), {"file": SimpleUploadedFile("a.csv", raw)})
    html = first.content.decode()
    assert "Business owners who are not members" in html
    assert "invite them as editor" in html
    assert "leave the business owner empty" in html
    choices = {"owner_email_0": "nieuw@vandijk.nl", "owner_0": "editor"}
    csv_text = first.context["csv_text"]
    again = client.post(url(workspace), {"csv_text": csv_text, "confirm": "0", **choices})
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url(workspace),
            {
                "csv_text": csv_text,
                "confirm": "1",
                "previewed": again.context["report"].fingerprint,
                **choices,
            },
            follow=True,
        )
    assert "1 business owner is invited to the workspace." in done.content.decode()
    assert Invitation.objects.get().email == "nieuw@vandijk.nl"
    assert len(mail.outbox) == 1


def test_the_preview_shows_a_row_already_registered(client, workspace, editor):
    client.force_login(editor)
    SocialAccountFactory(workspace=workspace, platform="x", handle="@a", purpose="News")
    raw = b"platform,handle,purpose\nTwitter,@a,News\n"
    html = client.post(url(workspace), {"file": SimpleUploadedFile("a.csv", raw)}).content.decode()
    assert "already registered" in html
    assert "Preview: 0 accounts to register, 0 to update, 1 already registered" in html
