"""results:what_works: per category beside the plan's mix, channel, day, hour, theme, audience."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content_calendar.models import Post
from results.models import PostResult
from strategy.services import plan_approve, plan_submit

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory
from ..strategy.factories import complete_plan
from .factories import PostResultFactory
from .post_results_helpers import AMSTERDAM

PERIOD = {"start": "2026-02-01", "end": "2026-02-28"}


def url(workspace):
    base = reverse("results:what_works", kwargs={"workspace": workspace.slug})
    return base + "?" + "&".join(f"{k}={v}" for k, v in PERIOD.items())


def published(workspace, owner, *, at, category="curated", serves_note="", **figures):
    post = PostFactory(
        workspace=workspace,
        owner=owner,
        status=Post.Status.PUBLISHED,
        scheduled_at=at,
        category=category,
        serves_note=serves_note,
    )
    PostResultFactory(post=post, **figures)
    return post


def test_weekday_and_hour_in_the_workspaces_zone(client, workspace, editor):
    # 23:30 UTC on a Monday is 00:30 on Tuesday in Amsterdam.
    published(workspace, editor, at=datetime.datetime(2026, 2, 9, 23, 30, tzinfo=datetime.UTC))
    client.force_login(editor)
    response = client.get(url(workspace))
    weekdays = {g.key: g.posts for g in response.context["weekdays"]}
    assert (weekdays["1"], weekdays["2"]) == (0, 1)
    assert [(g.label, g.posts) for g in response.context["hours"]] == [("00:00", 1)]


def test_categories_beside_the_plans_mix(client, workspace, editor, reviewer):
    plan = complete_plan(workspace=workspace, owner=editor)
    plan_approve(plan=plan_submit(plan=plan, by=editor), by=reviewer)
    plan.refresh_from_db()
    at = datetime.datetime(2026, 2, 10, 9, tzinfo=AMSTERDAM)
    published(
        workspace,
        editor,
        at=at,
        category="engagement",
        impressions=1000,
        reactions=50,
        comments=0,
        shares=0,
        clicks=0,
    )
    client.force_login(editor)
    response = client.get(url(workspace))
    html = response.content.decode()
    assert response.context["plan"] == plan
    target = html.split('data-testid="category-engagement"')[1].split("</tr>")[0]
    assert f"{plan.mix_engagement} %" in target
    assert 'data-testid="category-engagement"' in html
    assert "5.0 %" in html
    assert "pct-100" in html  # the best category's bar, with its number beside it


def test_themes_by_name_else_not_linked(client, workspace, editor):
    at = datetime.datetime(2026, 2, 10, 9, tzinfo=AMSTERDAM)
    published(workspace, editor, at=at, serves_note="Something else", impressions=100, clicks=7)
    client.force_login(editor)
    response = client.get(url(workspace))
    themes = {g.key: g for g in response.context["themes"]}
    assert themes["not_linked"].posts == 1
    assert themes["not_linked"].clicks == 7
    assert b'data-testid="not-linked-note"' in response.content


def test_another_workspaces_posts_do_not_count(
    client, workspace, other_workspace, editor, outsider
):
    at = datetime.datetime(2026, 2, 10, 9, tzinfo=AMSTERDAM)
    published(other_workspace, outsider, at=at)
    client.force_login(editor)
    response = client.get(url(workspace))
    assert sum(g.posts for g in response.context["weekdays"]) == 0


def test_queries_are_the_same_for_10_or_20000_posts_with_results(
    client, workspace, editor, django_assert_num_queries
):
    channels = SocialAccountFactory.create_batch(3, workspace=workspace)

    def add(count):
        start = datetime.datetime(2026, 2, 1, 8, tzinfo=AMSTERDAM)
        posts = Post.objects.bulk_create(
            Post(
                workspace=workspace,
                channel=channels[n % 3],
                owner=editor,
                status=Post.Status.PUBLISHED,
                scheduled_at=start + datetime.timedelta(minutes=n),
                category=("promotional", "curated", "engagement")[n % 3],
                text=f"Post {n}",
                serves_note=f"theme {n % 5}",
            )
            for n in range(count)
        )
        PostResult.objects.bulk_create(
            PostResult(workspace=workspace, post=p, impressions=100, clicks=1) for p in posts
        )

    add(10)
    client.force_login(editor)
    client.get(url(workspace))
    with CaptureQueriesContext(connection) as few:
        client.get(url(workspace))
    add(20_000)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url(workspace))
    assert sum(g.posts for g in response.context["weekdays"]) == 20_010


def test_in_dutch(client, workspace, editor):
    client.force_login(editor)
    html = client.get(url(workspace), headers={"accept-language": "nl"}).content.decode()
    assert "Wat werkt" in html
    assert "Niet gekoppeld" in html
