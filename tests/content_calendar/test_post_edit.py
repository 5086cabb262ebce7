from django.urls import reverse

from content_calendar import services

from .factories import PostFactory


def data(post, **overrides):
    return {
        "channel": post.channel_id,
        "scheduled_at": "2030-01-10T09:00",
        "category": post.category,
        "status": post.status,
        "text": post.text,
        "owner": post.owner_id,
        "revision": post.revision,
        **overrides,
    }


def test_a_conflict_keeps_my_input_and_shows_theirs(client, workspace, editor, reviewer):
    post = PostFactory(workspace=workspace, owner=editor, text="Original")
    form_data = data(post, text="My version")
    services.post_update(post=post, by=reviewer, text="Their version")
    client.force_login(editor)
    url = reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    html = client.post(url, form_data).content.decode()
    assert "Someone saved this post after you opened it" in html
    assert "Their version" in html
    assert "My version" in html
    post.refresh_from_db()
    assert post.text == "Their version"


def test_hashtag_check_is_offered_and_recorded(client, workspace, editor):
    post = PostFactory(workspace=workspace, owner=editor, text="Hello #Aurora")
    client.force_login(editor)
    url = reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    html = client.get(url).content.decode()
    assert "Check the hashtags before this post goes out." in html
    assert "I checked the hashtags in this text" in html
    client.post(url, data(post, hashtags_confirmed="on"))
    html = client.get(url).content.decode()
    assert f"Hashtags checked by {editor.display_name}" in html


def test_edited_text_and_the_ticked_box_are_saved_together(client, workspace, editor):
    """The check is of the text being saved: nothing typed is lost, and the new hashtags are
    the checked ones, so the post can be made ready in the same save."""
    post = PostFactory(workspace=workspace, owner=editor, text="Hello #Aurora")
    client.force_login(editor)
    url = reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    response = client.post(
        url,
        data(post, text="Hello #Aurora and #heatpump", status="ready", hashtags_confirmed="on"),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.text == "Hello #Aurora and #heatpump"
    assert post.status == "ready"
    assert (post.hashtags_checked, post.hashtags_checked_by) == ("aurora heatpump", editor)
    assert not post.hashtag_check_pending


def test_without_the_box_ready_is_refused_and_the_edit_kept(client, workspace, editor):
    post = PostFactory(workspace=workspace, owner=editor, text="Hello #Aurora")
    client.force_login(editor)
    url = reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    html = client.post(url, data(post, text="Hello #Aurora, edited", status="ready")).content
    assert "that nobody has checked yet" in html.decode()
    assert "Hello #Aurora, edited" in html.decode()
    post.refresh_from_db()
    assert (post.text, post.hashtags_checked) == ("Hello #Aurora", "")
