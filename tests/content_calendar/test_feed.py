import icalendar
from django.urls import reverse

from content_calendar import services

from .factories import PostFactory


def test_the_secret_address_serves_the_calendar_without_a_login(client, workspace, editor):
    PostFactory(workspace=workspace, owner=editor, text="Planned")
    token = services.calendar_settings_for(workspace=workspace).feed_token
    response = client.get(reverse("calendar_feed", kwargs={"token": token}))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))
    assert len(events) == 1


def test_each_event_links_back_to_its_post(client, workspace, editor, settings):
    settings.SITE_URL = "https://planner.example.com"
    post = PostFactory(workspace=workspace, owner=editor, text="Planned")
    token = services.calendar_settings_for(workspace=workspace).feed_token
    response = client.get(reverse("calendar_feed", kwargs={"token": token}))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    page = "https://planner.example.com" + reverse(
        "calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk}
    )
    assert str(event["URL"]) == page
    assert str(event["DESCRIPTION"]).endswith(page)


def test_a_new_address_ends_the_old_one(client, workspace, admin_user):
    old = services.calendar_settings_for(workspace=workspace).feed_token
    client.force_login(admin_user)
    client.post(reverse("calendar:feed_regenerate", kwargs={"workspace": workspace.slug}))
    client.logout()
    assert client.get(reverse("calendar_feed", kwargs={"token": old})).status_code == 404


def test_a_channel_of_another_workspace_is_not_found(client, workspace, other_workspace, editor):
    from ..accounts_registry.factories import SocialAccountFactory

    theirs = SocialAccountFactory(workspace=other_workspace)
    token = services.calendar_settings_for(workspace=workspace).feed_token
    url = reverse("calendar_feed", kwargs={"token": token})
    assert client.get(url, {"channel": theirs.pk}).status_code == 404


def test_a_calendar_program_revalidates_without_the_body(client, workspace, editor):
    PostFactory(workspace=workspace, owner=editor, text="Planned")
    token = services.calendar_settings_for(workspace=workspace).feed_token
    url = reverse("calendar_feed", kwargs={"token": token})
    first = client.get(url)
    assert "private" in first["Cache-Control"]
    assert first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    PostFactory(workspace=workspace, owner=editor, text="Another")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_a_made_up_address_is_not_found_whatever_it_holds(client, workspace):
    for token in ("%00", "abc%00def", "x" * 101, "é"):
        assert client.get(f"/feeds/{token}.ics").status_code == 404, token
    token = services.calendar_settings_for(workspace=workspace).feed_token
    url = reverse("calendar_feed", kwargs={"token": token})
    for channel in ("²", "1e400", "99999999999999999999999"):
        assert client.get(url, {"channel": channel}).status_code == 404, channel
