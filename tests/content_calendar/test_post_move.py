import datetime
import re
import zoneinfo

from django.conf import settings
from django.urls import reverse

from content_calendar import services

from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
JSON = {"HTTP_ACCEPT": "application/json"}


def move_url(post):
    return reverse("calendar:post_move", kwargs={"workspace": post.workspace.slug, "pk": post.pk})


def local(post):
    post.refresh_from_db()
    return post.scheduled_at.astimezone(AMSTERDAM)


def test_moves_without_a_page_reload_when_asked_for_json(client, workspace, editor):
    post = PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2030, 3, 4, 14, 45, tzinfo=AMSTERDAM),
    )
    client.force_login(editor)
    response = client.post(move_url(post), {"day": "2030-03-06", "revision": 0}, **JSON)
    # What the script needs to move the chip in place: its day, its time, its new revision.
    assert response.json() == {
        "ok": True,
        "day": "2030-03-06",
        "time": "14:45",
        "revision": 1,
        "message": "The post is moved.",
    }
    moved = local(post)
    assert (moved.day, moved.hour, moved.minute) == (6, 14, 45)


def test_the_revision_the_script_gets_back_allows_the_next_move(client, workspace, editor):
    post = PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2030, 3, 4, 9, tzinfo=AMSTERDAM),
    )
    client.force_login(editor)
    first = client.post(move_url(post), {"day": "2030-03-05", "revision": post.revision}, **JSON)
    second = client.post(
        move_url(post), {"day": "2030-03-07", "revision": first.json()["revision"]}, **JSON
    )
    assert second.status_code == 200
    assert local(post).day == 7


def test_a_post_someone_saved_meanwhile_is_not_moved(client, workspace, editor, reviewer):
    post = PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2030, 3, 4, 9, tzinfo=AMSTERDAM),
    )
    shown = post.revision  # what the editor's calendar shows
    services.post_update(post=post, by=reviewer, text="Reviewer's words")
    client.force_login(editor)
    response = client.post(move_url(post), {"day": "2030-03-06", "revision": shown}, **JSON)
    assert response.status_code == 409
    assert "Someone saved this post after you opened the calendar" in response.json()["error"]
    assert local(post).day == 4


def test_a_move_while_someone_has_the_form_open_makes_their_save_a_conflict(
    client, workspace, editor, reviewer
):
    post = PostFactory(workspace=workspace, owner=editor, text="Original")
    opened = post.revision  # the reviewer opens the post's form
    client.force_login(editor)
    client.post(move_url(post), {"day": "2030-03-06", "revision": opened}, **JSON)
    client.force_login(reviewer)
    html = client.post(
        reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk}),
        {
            "channel": post.channel_id,
            "scheduled_at": "2030-01-10T09:00",
            "category": post.category,
            "status": post.status,
            "text": "Reviewer's words",
            "owner": post.owner_id,
            "revision": opened,
        },
    ).content.decode()
    assert "Someone saved this post after you opened it" in html
    assert local(post).date() == datetime.date(2030, 3, 6)


def test_without_javascript_a_form_post_moves_and_goes_back(client, workspace, editor):
    post = PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2030, 3, 4, 9, tzinfo=AMSTERDAM),
    )
    client.force_login(editor)
    back = reverse("calendar:month", kwargs={"workspace": workspace.slug, "year": 2030, "month": 3})
    response = client.post(move_url(post), {"day": "2030-03-06", "next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert "The post is moved." in response.content.decode()
    assert local(post).day == 6


def test_a_bad_date_is_refused(client, workspace, editor):
    post = PostFactory(workspace=workspace, owner=editor)
    client.force_login(editor)
    response = client.post(move_url(post), {"day": "soon"}, **JSON)
    assert response.status_code == 400
    assert response.json() == {"error": "Choose a valid date."}


def test_the_calendar_hands_the_script_revisions_and_the_balance_panel_address(
    client, workspace, editor
):
    post = PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2026, 11, 12, 9, 30, tzinfo=AMSTERDAM),
    )
    client.force_login(editor)
    html = client.get(
        reverse("calendar:month", kwargs={"workspace": workspace.slug, "year": 2026, "month": 11})
    ).content.decode()
    assert f'data-post-move="{move_url(post)}" data-revision="{post.revision}"' in html
    panel = reverse(
        "calendar:month_balance", kwargs={"workspace": workspace.slug, "year": 2026, "month": 11}
    )
    assert f'data-balance-panel="{panel}"' in html
    # All script in static files: a Content-Security-Policy may forbid inline scripts.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


def test_the_script_moves_the_chip_in_place_instead_of_reloading():
    script = (settings.BASE_DIR / "static" / "js" / "calendar.js").read_text()
    assert "data-balance-panel" in script
    # A reload is only the fallback when the balance panel cannot be fetched.
    assert script.count("window.location.reload()") == 1
    assert "insertBefore(chip" in script
