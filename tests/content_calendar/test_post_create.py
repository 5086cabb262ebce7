from django.urls import reverse

from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory


def url(workspace):
    return reverse("calendar:post_create", kwargs={"workspace": workspace.slug})


def test_a_click_on_a_day_pre_fills_the_date(client, workspace, editor):
    client.force_login(editor)
    html = client.get(url(workspace) + "?date=2026-12-03").content.decode()
    assert 'value="2026-12-03T09:00"' in html


def test_plans_a_post_and_goes_back(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {
            "channel": channel.pk,
            "scheduled_at": "2030-12-03T10:15",
            "category": "engagement",
            "status": "draft",
            "text": "What do you think?",
            "owner": editor.pk,
            "next": "/w/van-dijk/calendar/list/",
        },
    )
    assert response.url == "/w/van-dijk/calendar/list/"
    post = Post.objects.get()
    assert post.scheduled_at.isoformat() == "2030-12-03T09:15:00+00:00"  # 10:15 in Amsterdam


def test_ready_with_unchecked_hashtags_is_explained_and_the_text_kept(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {
            "channel": channel.pk,
            "scheduled_at": "2030-12-03T10:15",
            "category": "engagement",
            "status": "ready",
            "text": "Join us #Aurora",
            "owner": editor.pk,
        },
    )
    html = response.content.decode()
    assert "that nobody has checked yet" in html
    assert "Join us #Aurora" in html
    assert not Post.objects.exists()
