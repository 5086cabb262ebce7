"""What works per channel, hour, theme and audience: the selectors, each in one query."""

import datetime
from decimal import Decimal

from content_calendar.models import Post
from results.selectors.what_works import by_audience, by_channel, by_hour, by_theme

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory
from ..strategy.factories import complete_plan
from .factories import PostResultFactory
from .post_results_helpers import AMSTERDAM

FEB = {"start": datetime.date(2026, 2, 1), "end": datetime.date(2026, 2, 28)}


def published(workspace, owner, *, at=None, channel=None, links=None, **figures):
    post = PostFactory(
        workspace=workspace,
        owner=owner,
        status=Post.Status.PUBLISHED,
        scheduled_at=at or datetime.datetime(2026, 2, 10, 9, tzinfo=AMSTERDAM),
        **(links or {}),
        **({"channel": channel} if channel else {}),
    )
    if figures:
        PostResultFactory(post=post, **figures)
    return post


def test_themes_and_audiences_by_name_of_the_plan(workspace, editor, django_assert_num_queries):
    plan = complete_plan(workspace=workspace, owner=editor)
    none = {"comments": 0, "shares": 0, "clicks": 0}
    theme = {"theme": plan.themes.get(name="Heat pumps in practice")}
    audience = {"audience": plan.audiences.get(name="Facility managers")}
    published(workspace, editor, links=theme, impressions=100, reactions=10, **none)
    published(workspace, editor, links=theme, impressions=100, reactions=20, **none)
    published(workspace, editor, links=audience, impressions=100, reactions=4, **none)
    published(workspace, editor)  # no figures, serves nothing
    with django_assert_num_queries(2):  # the theme names, then the posts
        themes = {g.key: g for g in by_theme(workspace=workspace, plan=plan, **FEB)}
    theme = themes["Heat pumps in practice"]
    assert (theme.posts, theme.engagement_rate) == (2, Decimal("0.15"))
    assert themes["not_linked"].posts == 2
    assert themes["not_linked"].engagement_rate == Decimal("0.04")
    audiences = {g.key: g for g in by_audience(workspace=workspace, plan=plan, **FEB)}
    assert audiences["Facility managers"].posts == 1
    assert audiences["not_linked"].posts == 3


def test_without_a_plan_every_post_is_not_linked(workspace, editor):
    published(workspace, editor, links={"serves_note": "Anything"}, impressions=10, clicks=1)
    groups = by_theme(workspace=workspace, plan=None, **FEB)
    assert [(g.key, g.posts) for g in groups] == [("not_linked", 1)]


def test_per_channel_with_names_and_per_hour(workspace, editor, django_assert_num_queries):
    linkedin = SocialAccountFactory(workspace=workspace, platform="linkedin_page", handle="acme")
    x = SocialAccountFactory(workspace=workspace, platform="x", handle="acme_x")
    published(workspace, editor, channel=linkedin, impressions=100, clicks=3)
    published(workspace, editor, channel=linkedin, impressions=100, clicks=4)
    published(
        workspace,
        editor,
        channel=x,
        at=datetime.datetime(2026, 2, 11, 17, 45, tzinfo=AMSTERDAM),
        impressions=10,
        clicks=1,
    )
    with django_assert_num_queries(2):  # the groups, then the channels' names
        channels = {g.key: g for g in by_channel(workspace=workspace, **FEB)}
    assert (channels[str(linkedin.pk)].posts, channels[str(linkedin.pk)].clicks) == (2, 7)
    assert channels[str(x.pk)].label == str(x)
    with django_assert_num_queries(1):
        hours = [(g.label, g.posts) for g in by_hour(workspace=workspace, **FEB)]
    assert hours == [("09:00", 2), ("17:00", 1)]
