import csv
import io

from django.urls import reverse

from .factories import SocialAccountFactory


def test_downloads_the_spreadsheet(client, workspace, editor):
    SocialAccountFactory(workspace=workspace, handle="@vandijk", business_owner=editor)
    client.force_login(editor)
    response = client.get(reverse("registry:account_export", kwargs={"workspace": workspace.slug}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    # A spreadsheet would take a cell beginning with @ for a formula: it is written as text.
    assert rows[0]["handle"] == "'@vandijk"
    assert rows[0]["owner_email"] == editor.email
