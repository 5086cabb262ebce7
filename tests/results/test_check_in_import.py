"""Importing check-ins from a CSV file: preview, confirm, all or nothing."""

import base64
import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from results.models import CheckIn

from .factories import CheckInFactory


def url(workspace):
    return reverse("results:check_in_import", kwargs={"workspace": workspace.slug})


def upload(client, workspace, text: str):
    file = SimpleUploadedFile("check-ins.csv", text.encode("utf-8-sig"), "text/csv")
    return client.post(url(workspace), {"file": file})


def test_preview_then_confirm(client, workspace, editor, goal):
    client.force_login(editor)
    text = "Subdoel;Datum;Waarde\nApplications via social;01-02-2026;12,5\n"
    preview = upload(client, workspace, text)
    page = preview.content.decode()
    assert "Preview: 1 check-ins to add" in page
    assert 'data-testid="import-columns"' in page
    assert not CheckIn.objects.exists()
    report = preview.context["report"]
    response = client.post(
        url(workspace),
        {
            "csv_text": base64.b64encode(text.encode("utf-8-sig")).decode(),
            "previewed": report.fingerprint,
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    assert CheckIn.objects.get().value == Decimal("12.5")
    # The same confirm again (a double click) finds it imported and writes nothing more.
    again = client.post(
        url(workspace),
        {
            "csv_text": base64.b64encode(text.encode("utf-8-sig")).decode(),
            "previewed": report.fingerprint,
            "confirm": "1",
        },
    )
    assert again.status_code == 302
    assert CheckIn.objects.count() == 1


def test_bad_rows_change_nothing_and_each_is_reported(client, workspace, editor, goal):
    CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 1, 1), value=1)
    client.force_login(editor)
    text = (
        "sub-goal,date,value\n"
        "Applications via social,2026-01-01,9\n"
        "Unknown,2026-01-02,3\n"
        "Applications via social,2026-13-01,3\n"
    )
    page = upload(client, workspace, text).content.decode()
    assert "Nothing was imported: 2 rows are wrong." in page
    assert "No sub-goal “Unknown” in the plan." in page
    assert "“2026-13-01” is not a date" in page
    assert 'data-testid="import-row-3"' in page
    assert "Import these check-ins" not in page
    assert list(CheckIn.objects.values_list("value", flat=True)) == [Decimal(1)]


def test_not_a_csv_is_refused_at_the_field(client, workspace, editor, goal):
    client.force_login(editor)
    file = SimpleUploadedFile("x.csv", b"\x00\x01\x02binary", "text/csv")
    page = client.post(url(workspace), {"file": file}).content.decode()
    assert "not a CSV file" in page


def test_an_unknown_column_is_chosen_in_the_preview(client, workspace, editor, goal):
    client.force_login(editor)
    text = "sub-goal,when,value\nApplications via social,2026-02-01,4\n"
    page = upload(client, workspace, text).content.decode()
    assert "The column “when” is not one of the check-ins' columns" in page
    assert not CheckIn.objects.exists()
    raw = base64.b64encode(text.encode()).decode()
    preview = client.post(url(workspace), {"csv_text": raw, "column_1": "date", "confirm": "0"})
    assert preview.context["report"].ok
    client.post(
        url(workspace),
        {
            "csv_text": raw,
            "column_1": "date",
            "previewed": preview.context["report"].fingerprint,
            "confirm": "1",
        },
    )
    assert CheckIn.objects.get().measured_on == datetime.date(2026, 2, 1)
