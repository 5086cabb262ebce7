"""results:post_results: a period's published posts with their figures, 50 a page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content_calendar.models import Post
from results.models import PostResult

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostResultFactory
from .post_results_helpers import AMSTERDAM, published_posts


def url(workspace, **params):
    base = reverse("results:post_results", kwargs={"workspace": workspace.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


PERIOD = {"start": "2026-01-01", "end": "2026-12-31"}


def test_published_posts_with_their_figures_and_rate(client, workspace, editor):
    _channel, posts = published_posts(workspace, editor)
    PostResultFactory(
        post=posts[0], impressions=1000, reactions=30, comments=5, shares=3, clicks=12
    )
    _draft_channel, _drafts = published_posts(workspace, editor, status=Post.Status.DRAFT)
    client.force_login(editor)
    html = client.get(url(workspace, **PERIOD)).content.decode()
    assert "5.0 %" in html
    assert html.count("No figures yet") == 2  # the other two published posts; drafts not shown
    assert posts[0].text[:30] in html


def test_another_workspaces_posts_are_not_shown(
    client, workspace, other_workspace, editor, outsider
):
    _channel, posts = published_posts(other_workspace, outsider)
    client.force_login(editor)
    html = client.get(url(workspace, **PERIOD)).content.decode()
    assert posts[0].text[:30] not in html


def test_queries_are_the_same_for_10_or_2000_posts(
    client, workspace, editor, django_assert_num_queries
):
    channel = SocialAccountFactory(workspace=workspace)

    def add(count, offset):
        start = datetime.datetime(2026, 3, 1, 8, tzinfo=AMSTERDAM)
        posts = Post.objects.bulk_create(
            Post(
                workspace=workspace,
                channel=channel,
                owner=editor,
                status=Post.Status.PUBLISHED,
                scheduled_at=start + datetime.timedelta(hours=n + offset),
                category="curated",
                text=f"Post {n}",
            )
            for n in range(count)
        )
        PostResult.objects.bulk_create(
            PostResult(workspace=workspace, post=p, impressions=100, clicks=1) for p in posts
        )

    add(10, 0)
    client.force_login(editor)
    client.get(url(workspace, **PERIOD))
    with CaptureQueriesContext(connection) as few:
        client.get(url(workspace, **PERIOD))
    add(2000, 100)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url(workspace, **PERIOD)).content.decode()
    assert "Page 1 of 41" in html


def test_a_dutch_member_reads_dutch(client, workspace, editor):
    published_posts(workspace, editor)
    editor.language = "nl"
    editor.save()
    client.force_login(editor)
    html = client.get(url(workspace, **PERIOD), headers={"accept-language": "nl"}).content.decode()
    assert "Resultaten per bericht" in html
    assert "Nog geen cijfers" in html
