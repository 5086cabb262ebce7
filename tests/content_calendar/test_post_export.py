import datetime
import io
import zipfile
import zoneinfo

from django.urls import reverse
from django.utils import timezone

from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_prepares_then_downloads_the_hootsuite_files(client, workspace, editor):
    day = timezone.now().astimezone(AMSTERDAM).date() + datetime.timedelta(days=5)
    PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime.combine(day, datetime.time(9, 2), AMSTERDAM),
    )
    client.force_login(editor)
    url = reverse("calendar:export", kwargs={"workspace": workspace.slug})
    params = {
        "start": day.isoformat(),
        "end": day.isoformat(),
        "format": "hootsuite",
        "date_order": "dmy",
    }
    html = client.get(url, params).content.decode()
    assert "1 file is ready" in html
    assert "moved to 09:00" in html
    response = client.get(url, {**params, "download": "1"})
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert len(archive.namelist()) == 1


def test_our_own_csv_downloads_at_once(client, workspace, editor):
    client.force_login(editor)
    url = reverse("calendar:export", kwargs={"workspace": workspace.slug})
    response = client.get(
        url, {"start": "2030-01-01", "end": "2030-01-07", "format": "planner", "date_order": "dmy"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().startswith("date,time,channel,category")
