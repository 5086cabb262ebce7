"""results:post_result: the figures of one published post, by hand."""

from django.urls import reverse

from content_calendar.models import Post
from results.models import PostResult

from ..content_calendar.factories import PostFactory
from .post_results_helpers import published_posts


def url(workspace, post):
    return reverse("results:post_result", kwargs={"workspace": workspace.slug, "pk": post.pk})


def test_an_editor_enters_figures_and_leaves_one_unknown(client, workspace, editor):
    _channel, posts = published_posts(workspace, editor)
    client.force_login(editor)
    response = client.post(
        url(workspace, posts[0]),
        {"impressions": "400", "reactions": "12", "clicks": "8", "reach": ""},
    )
    assert response.status_code == 302
    result = PostResult.objects.get(post=posts[0])
    assert (result.impressions, result.clicks, result.reach) == (400, 8, None)
    assert result.source == PostResult.Source.MANUAL
    assert result.recorded_by == editor
    html = client.get(url(workspace, posts[0])).content.decode()
    assert "5.0 %" in html  # 20 engagements on 400 impressions


def test_a_negative_figure_keeps_what_was_typed(client, workspace, editor):
    _channel, posts = published_posts(workspace, editor)
    client.force_login(editor)
    html = client.post(url(workspace, posts[0]), {"impressions": "-4", "clicks": "8"}).content
    assert b'value="8"' in html
    assert not PostResult.objects.exists()


def test_a_post_not_published_gets_no_figures(client, workspace, editor):
    post = PostFactory(workspace=workspace, owner=editor, status=Post.Status.DRAFT)
    client.force_login(editor)
    response = client.post(url(workspace, post), {"impressions": "10"})
    assert b'data-testid="not-published"' in response.content
    assert not PostResult.objects.exists()


def test_another_workspaces_post_is_not_found(client, workspace, other_workspace, editor, outsider):
    _channel, posts = published_posts(other_workspace, outsider)
    client.force_login(editor)
    assert client.get(url(workspace, posts[0])).status_code == 404


def test_figures_saved_meanwhile_are_not_overwritten_silently(client, workspace, editor, reviewer):
    _channel, posts = published_posts(workspace, editor)
    client.force_login(editor)
    opened = client.get(url(workspace, posts[0])).content.decode()
    assert 'name="revision" value="0"' in opened
    # Someone else saves first.
    client.force_login(reviewer)
    client.post(url(workspace, posts[0]), {"impressions": "999", "revision": "0"})
    client.force_login(editor)
    html = client.post(url(workspace, posts[0]), {"impressions": "10", "revision": "0"}).content
    assert b'data-testid="conflict"' in html
    assert b'value="10"' in html  # what was typed stays
    assert PostResult.objects.get().impressions == 999
    # Saving again, on purpose, replaces them.
    response = client.post(url(workspace, posts[0]), {"impressions": "10", "revision": "1"})
    assert response.status_code == 302
    assert PostResult.objects.get().impressions == 10
