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
    assert "Check the hashtags before this post goes out." in client.get(url).content.decode()
    client.post(
        reverse("calendar:hashtags_confirm", kwargs={"workspace": workspace.slug, "pk": post.pk})
    )
    html = client.get(url).content.decode()
    assert f"Hashtags checked by {editor.display_name}" in html
