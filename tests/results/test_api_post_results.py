"""api:post_results and api:post_result: the figures of published posts over the API."""

from django.urls import reverse

from content_calendar.models import Post
from results.models import PostResult

from ..content_calendar.factories import PostFactory
from .factories import PostResultFactory
from .post_results_helpers import published_posts


def one(workspace, post):
    return reverse("api:post_result", kwargs={"workspace": workspace.slug, "pk": post.pk})


def test_list_shows_published_posts_with_their_figures(client, workspace, editor):
    _channel, posts = published_posts(workspace, editor)
    PostResultFactory(
        post=posts[0], impressions=1000, reactions=30, comments=5, shares=3, clicks=12
    )
    client.force_login(editor)
    answer = client.get(
        reverse("api:post_results", kwargs={"workspace": workspace.slug}),
        {"start": "2026-02-01", "end": "2026-02-28"},
    ).json()
    assert answer["count"] == 3
    first = answer["results"][0]
    assert first["result"]["impressions"] == 1000
    assert first["result"]["engagement_rate"] == "0.050000"
    assert answer["results"][1]["result"] is None


def test_put_sets_the_figures_and_leaves_out_unknown(client, workspace, editor):
    _channel, posts = published_posts(workspace, editor)
    client.force_login(editor)
    answer = client.put(
        one(workspace, posts[0]),
        {"impressions": 200, "clicks": 4, "reach": None},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["result"]["clicks"] == 4
    result = PostResult.objects.get()
    assert (result.impressions, result.reach, result.comments) == (200, None, None)


def test_put_on_a_post_not_published_is_refused(client, workspace, editor):
    post = PostFactory(workspace=workspace, owner=editor, status=Post.Status.SCHEDULED)
    client.force_login(editor)
    answer = client.put(one(workspace, post), {"impressions": 5}, content_type="application/json")
    assert answer.status_code == 400
    assert not PostResult.objects.exists()


def test_negative_figures_are_refused(client, workspace, editor):
    _channel, posts = published_posts(workspace, editor)
    client.force_login(editor)
    answer = client.put(one(workspace, posts[0]), {"clicks": -1}, content_type="application/json")
    assert answer.status_code == 400
    assert "clicks" in answer.json()["errors"] or "clicks" in str(answer.json())


def test_another_workspaces_post_is_not_found(client, workspace, other_workspace, editor, outsider):
    _channel, posts = published_posts(other_workspace, outsider)
    client.force_login(editor)
    assert client.get(one(workspace, posts[0])).status_code == 404
    answer = client.put(one(workspace, posts[0]), {"clicks": 1}, content_type="application/json")
    assert answer.status_code == 404


def test_a_stale_revision_answers_409(client, workspace, editor):
    _channel, posts = published_posts(workspace, editor)
    PostResultFactory(post=posts[0], impressions=5)
    client.force_login(editor)
    answer = client.put(
        one(workspace, posts[0]), {"impressions": 7, "revision": 3}, content_type="application/json"
    )
    assert answer.status_code == 409
    assert PostResult.objects.get().impressions == 5
