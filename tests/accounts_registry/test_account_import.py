from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts_registry.models import SocialAccount

CSV = b"platform,handle,two_factor\nx,@vandijk,app\ninstagram,@werkenbij,none\n"


def url(workspace):
    return reverse("registry:account_import", kwargs={"workspace": workspace.slug})


def test_preview_then_confirm(client, workspace, editor):
    client.force_login(editor)
    preview = client.post(url(workspace), {"file": SimpleUploadedFile("accounts.csv", CSV)})
    html = preview.content.decode()
    assert "Preview: 2 accounts to register, 0 to update, 0 already registered, 0 skipped." in html
    assert not SocialAccount.objects.exists()
    csv_text = preview.context["csv_text"]
    response = client.post(url(workspace), {"csv_text": csv_text, "confirm": "1"}, follow=True)
    assert (
        "Imported: 2 accounts registered, 0 updated, 0 already registered, 0 skipped."
        in response.content.decode()
    )
    assert SocialAccount.objects.count() == 2


def test_bad_rows_are_listed_and_nothing_is_offered_for_import(client, workspace, editor):
    client.force_login(editor)
    bad = CSV + b"x,@old,fingerprint\n"
    html = client.post(url(workspace), {"file": SimpleUploadedFile("a.csv", bad)}).content.decode()
    assert "Nothing was imported." in html
    assert "Unknown two-factor method “fingerprint”" in html
    assert "Import these accounts" not in html
    assert not SocialAccount.objects.exists()
