import datetime
import io
import re
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
        status="ready",
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
    assert "1 post is written." in html
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


def test_by_default_only_ready_and_scheduled_posts_go_and_the_rest_is_listed(
    client, workspace, editor
):
    day = timezone.now().astimezone(AMSTERDAM).date() + datetime.timedelta(days=5)
    for hour, status in ((9, "ready"), (10, "scheduled"), (11, "draft"), (12, "idea")):
        PostFactory(
            workspace=workspace,
            owner=editor,
            status=status,
            text=f"The {status} one",
            scheduled_at=datetime.datetime.combine(day, datetime.time(hour), AMSTERDAM),
        )
    client.force_login(editor)
    url = reverse("calendar:export", kwargs={"workspace": workspace.slug})
    form = client.get(url).content.decode()
    assert [
        box
        for box in ("idea", "draft", "ready", "scheduled", "published")
        if re.search(rf'value="{box}"[^>]*checked', form)
    ] == ["ready", "scheduled"]
    params = {"start": day, "end": day, "format": "hootsuite", "date_order": "dmy"}
    html = client.get(url, params).content.decode()
    assert "2 posts are written." in html
    assert "Left out by the status filter:" in html
    assert "The draft one" in html
    assert "The idea one" in html
    response = client.get(url, {**params, "download": "1"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        written = "".join(archive.read(name).decode() for name in archive.namelist())
    assert "The ready one" in written
    assert "The scheduled one" in written
    assert "The draft one" not in written

    html = client.get(url, {**params, "statuses": ["draft", "ready"]}).content.decode()
    assert "2 posts are written." in html
    assert "The scheduled one" in html  # now the one left out


def test_marking_as_scheduled_changes_only_the_exported_posts(client, workspace, editor):
    day = timezone.now().astimezone(AMSTERDAM).date() + datetime.timedelta(days=5)

    def planned(hour, status, text):
        return PostFactory(
            workspace=workspace,
            owner=editor,
            status=status,
            text=text,
            scheduled_at=datetime.datetime.combine(day, datetime.time(hour), AMSTERDAM),
        )

    ready = planned(9, "ready", "Ready to go")
    draft = planned(10, "draft", "Not yet")
    outside = planned(11, "ready", "Another day")
    outside.scheduled_at += datetime.timedelta(days=1)
    outside.save()
    client.force_login(editor)
    url = reverse("calendar:export", kwargs={"workspace": workspace.slug})
    params = {"start": day, "end": day, "format": "hootsuite", "date_order": "dmy"}
    assert "Mark the exported posts as scheduled" in client.get(url, params).content.decode()
    response = client.post(url, {**params, "statuses": ["ready", "scheduled"]}, follow=True)
    assert "1 post is marked as scheduled." in response.content.decode()
    for post in (ready, draft, outside):
        post.refresh_from_db()
    assert (ready.status, draft.status, outside.status) == ("scheduled", "draft", "ready")
    assert ready.revision == 1


def test_marking_needs_a_valid_export_and_changes_nothing_without(client, workspace, editor):
    post = PostFactory(workspace=workspace, owner=editor, status="ready")
    client.force_login(editor)
    url = reverse("calendar:export", kwargs={"workspace": workspace.slug})
    assert client.post(url, {"start": "nonsense"}).status_code == 302
    post.refresh_from_db()
    assert post.status == "ready"


def test_the_export_page_reads_a_constant_number_of_queries(
    client, workspace, editor, django_assert_max_num_queries
):
    day = timezone.now().astimezone(AMSTERDAM).date() + datetime.timedelta(days=5)
    for hour in range(8, 20):
        PostFactory(
            workspace=workspace,
            owner=editor,
            status="draft" if hour % 2 else "ready",
            scheduled_at=datetime.datetime.combine(day, datetime.time(hour), AMSTERDAM),
        )
    client.force_login(editor)
    url = reverse("calendar:export", kwargs={"workspace": workspace.slug})
    params = {"start": day, "end": day, "format": "hootsuite", "date_order": "dmy"}
    with django_assert_max_num_queries(8):
        html = client.get(url, params).content.decode()
    assert "6 posts are written." in html
