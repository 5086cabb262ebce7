import datetime
import zoneinfo

from django.urls import reverse

from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_moves_without_a_page_reload_when_asked_for_json(client, workspace, editor):
    post = PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2030, 3, 4, 14, 45, tzinfo=AMSTERDAM),
    )
    client.force_login(editor)
    url = reverse("calendar:post_move", kwargs={"workspace": workspace.slug, "pk": post.pk})
    response = client.post(url, {"day": "2030-03-06"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"ok": True, "day": "2030-03-06"}
    post.refresh_from_db()
    local = post.scheduled_at.astimezone(AMSTERDAM)
    assert (local.day, local.hour, local.minute) == (6, 14, 45)


def test_a_bad_date_is_refused(client, workspace, editor):
    post = PostFactory(workspace=workspace, owner=editor)
    client.force_login(editor)
    url = reverse("calendar:post_move", kwargs={"workspace": workspace.slug, "pk": post.pk})
    response = client.post(url, {"day": "soon"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
