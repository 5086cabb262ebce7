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


def test_weeks_over_and_under_the_rhythm_are_marked_in_colour_arrows_and_words(
    client, workspace, editor, approved_plan, linkedin, instagram
):
    # LinkedIn asks for 2 to 4 posts a week, Instagram for 1 to 3 (tests/content_calendar/
    # conftest.py): five on LinkedIn is too many, none on Instagram too few.
    for _ in range(5):
        post_on(workspace, linkedin, editor, datetime.date(2026, 11, 3))
    client.force_login(editor)
    html = client.get(week_url(workspace)).content.decode()
    assert (
        '<span class="badge text-bg-danger" title="2 Nov">2 Nov: 5 '
        '<i class="bi bi-arrow-up" aria-hidden="true"></i>'
        '<span class="visually-hidden"> (more than the plan allows)</span></span>'
    ) in html
    assert (
        '<span class="badge text-bg-warning" title="2 Nov">2 Nov: 0 '
        '<i class="bi bi-arrow-down" aria-hidden="true"></i>'
        '<span class="visually-hidden"> (fewer than the plan asks)</span></span>'
    ) in html
    assert "target 2\u20134 a week" in html
    assert "target 1\u20133 a week" in html
    html = client.get(week_url(workspace), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "(meer dan het plan toestaat)" in html
    assert "(minder dan het plan vraagt)" in html
    assert "doel 2\u20134 per week" in html


def test_a_channel_without_targets_and_its_numbers(client, workspace, editor, channel):
    post_on(workspace, channel, editor, datetime.date(2026, 11, 4), "promotional")
    client.force_login(editor)
    html = client.get(week_url(workspace)).content.decode()
    assert "LinkedIn page · van-dijk" in html
    assert "no target in the plan" in html
    assert '<span class="badge text-bg-light" title="2 Nov">2 Nov: 1</span>' in html
    # The mix of all channels, without a plan to hold it to.
    assert re.search(r"Promotional</th><td[^>]*>1</td><td[^>]*>100%</td><td[^>]*>—</td>", html)


def test_a_move_shows_on_the_cached_panel_at_once(client, workspace, editor, channel, settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    post = post_on(workspace, channel, editor, datetime.date(2026, 11, 3))
    client.force_login(editor)
    assert "2 Nov: 1" in client.get(week_url(workspace)).content.decode()
    assert "2 Nov: 1" in client.get(week_url(workspace)).content.decode()
    client.post(
        reverse("calendar:post_move", kwargs={"workspace": workspace.slug, "pk": post.pk}),
        {"day": "2026-11-10", "revision": post.revision},
        HTTP_ACCEPT="application/json",
    )
    html = client.get(week_url(workspace)).content.decode()
    assert "2 Nov: 1" not in html
    assert "No channels planned yet." in html
