import datetime
import zoneinfo

from django.urls import reverse

from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_a_week_with_its_balance(client, workspace, editor):
    PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2026, 11, 24, 9, tzinfo=AMSTERDAM),
        text="Question of the week",
    )
    client.force_login(editor)
    html = client.get(
        reverse("calendar:week", kwargs={"workspace": workspace.slug, "year": 2026, "week": 48})
    ).content.decode()
    assert "Week of 23 November 2026" in html
    assert "Question of the week" in html
    assert "No approved plan covers this period" in html


def test_an_impossible_week_is_not_found(client, workspace, editor):
    client.force_login(editor)
    url = reverse("calendar:week", kwargs={"workspace": workspace.slug, "year": 2026, "week": 60})
    assert client.get(url).status_code == 404
