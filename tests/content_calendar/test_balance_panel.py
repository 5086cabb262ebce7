"""The balance panel alone (month_balance, week_balance): what the calendar's script swaps in
after moving a post, instead of reloading the page."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse

from workspaces.models import Role

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def month_url(workspace, year=2026, month=11):
    return reverse(
        "calendar:month_balance",
        kwargs={"workspace": workspace.slug, "year": year, "month": month},
    )


def week_url(workspace, year=2026, week=45):
    return reverse(
        "calendar:week_balance", kwargs={"workspace": workspace.slug, "year": year, "week": week}
    )


@pytest.fixture
def channel(workspace):
    return SocialAccountFactory(workspace=workspace, platform="linkedin_page", handle="van-dijk")


def post_on(workspace, channel, owner, day, category="curated"):
    return PostFactory(
        workspace=workspace,
        channel=channel,
        owner=owner,
        category=category,
        scheduled_at=datetime.datetime.combine(day, datetime.time(10), AMSTERDAM),
    )


def test_only_the_panel_of_the_period_with_fresh_numbers(client, workspace, editor, channel):
    post = post_on(workspace, channel, editor, datetime.date(2026, 11, 3))
    client.force_login(editor)
    response = client.get(week_url(workspace))
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card shadow-sm"')
    assert "<html" not in html
    assert "2 Nov \u2013 8 Nov, whole weeks" in html
    assert "2 Nov: 1" in html
    assert "no-cache" in response["Cache-Control"]
    # Moved to the next week, the post is no longer counted in this one.
    client.post(
        reverse("calendar:post_move", kwargs={"workspace": workspace.slug, "pk": post.pk}),
        {"day": "2026-11-10", "revision": post.revision},
        HTTP_ACCEPT="application/json",
    )
    html = client.get(week_url(workspace)).content.decode()
    assert "2 Nov: 1" not in html
    assert "No channels planned yet." in html


def test_a_month_panel_covers_the_months_whole_weeks(client, workspace, editor, channel):
    post_on(workspace, channel, editor, datetime.date(2026, 10, 26))  # Monday before 1 Nov
    client.force_login(editor)
    html = client.get(month_url(workspace)).content.decode()
    assert "26 Oct \u2013 6 Dec, whole weeks" in html
    assert "26 Oct: 1" in html


def test_the_per_week_numbers_are_readable_without_the_chart(client, workspace, editor, channel):
    for category in ("promotional", "curated", "curated", "engagement"):
        post_on(workspace, channel, editor, datetime.date(2026, 11, 4), category)
    client.force_login(editor)
    html = client.get(week_url(workspace)).content.decode()
    # The bars are hidden from screen readers; a visually hidden table says the same.
    assert 'class="mix-chart small" aria-hidden="true"' in html
    assert "the numbers are in the table above" not in html
    table = re.search(
        r'<table class="visually-hidden" data-testid="mix-per-week">(.*?)</table>', html, re.S
    )
    assert table is not None
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table.group(1))).strip()
    assert cells == (
        "Posts per category in each week Week Promotional Curated Engagement Total "
        "2 Nov 1 (25%) 2 (50%) 1 (25%) 4"
    )


def test_an_impossible_period_is_not_found(client, workspace, editor):
    client.force_login(editor)
    assert client.get(month_url(workspace, 2026, 13)).status_code == 404
    assert client.get(week_url(workspace, 2026, 60)).status_code == 404


def test_a_member_of_another_workspace_gets_404(client, workspace, outsider, channel, editor):
    post_on(workspace, channel, editor, datetime.date(2026, 11, 3))
    client.force_login(outsider)
    assert client.get(month_url(workspace)).status_code == 404
    assert client.get(week_url(workspace)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, workspace):
    response = client.get(week_url(workspace))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", Role.values)
def test_every_member_sees_it_as_they_see_the_calendar(client, workspace, role):
    # The calendar is open to every role, editors included; so is its balance panel.
    client.force_login(MembershipFactory(workspace=workspace, role=role).user)
    assert client.get(month_url(workspace)).status_code == 200
    assert client.get(week_url(workspace)).status_code == 200
