"""The figures per category of a period's published posts, in one query."""

import datetime
from decimal import Decimal

from content_calendar.models import Post
from results.selectors.what_works import by_category

from ..content_calendar.factories import PostFactory
from .factories import PostResultFactory

DAY = datetime.datetime(2026, 2, 10, 9, tzinfo=datetime.UTC)


def published(workspace, owner, category, **figures):
    post = PostFactory(
        workspace=workspace,
        owner=owner,
        category=category,
        status=Post.Status.PUBLISHED,
        scheduled_at=DAY,
    )
    if figures:
        PostResultFactory(post=post, **figures)
    return post


def test_per_category_posts_clicks_and_mean_engagement_rate(
    workspace, editor, django_assert_num_queries
):
    # 50 engagements on 1,000 impressions (5 %) and 10 on 500 (2 %): mean 3.5 %.
    published(
        workspace,
        editor,
        "engagement",
        impressions=1000,
        reactions=30,
        comments=5,
        shares=3,
        clicks=12,
    )
    published(
        workspace,
        editor,
        "engagement",
        impressions=500,
        reactions=10,
        comments=0,
        shares=0,
        clicks=0,
    )
    published(workspace, editor, "engagement")  # no figures yet: a post, not a zero
    published(workspace, editor, "curated", impressions=0, reactions=1, clicks=0)
    PostFactory(workspace=workspace, owner=editor, category="promotional", scheduled_at=DAY)

    with django_assert_num_queries(1):
        groups = {
            g.key: g
            for g in by_category(
                workspace=workspace, start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 28)
            )
        }

    engagement = groups["engagement"]
    assert (engagement.posts, engagement.posts_with_figures) == (3, 2)
    assert (engagement.impressions, engagement.clicks) == (1500, 12)
    assert engagement.engagement_rate.quantize(Decimal("0.0001")) == Decimal("0.0350")
    assert groups["curated"].engagement_rate is None  # no impressions: no rate
    assert groups["promotional"].posts == 0  # planned, not published
