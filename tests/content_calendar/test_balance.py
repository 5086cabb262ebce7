import datetime

from django.utils import timezone

from content_calendar.models import CalendarSettings, Post
from content_calendar.selectors import balance_for_period, calendar_grid

from .conftest import at, plan_posts
from .factories import PostFactory

# Monday 2 November 2026 to Sunday 8 November 2026
MONDAY = datetime.date(2026, 11, 2)
# The fixtures linkedin, instagram and approved_plan (mix 20/40/40; LinkedIn 2 to 4 posts a
# week, Instagram 1 to 3) are in conftest.py.
posts = plan_posts


def test_counts_shares_and_targets_per_channel_and_in_total(
    workspace, editor, approved_plan, linkedin, instagram
):
    next_monday = MONDAY + datetime.timedelta(days=7)
    posts(
        workspace,
        linkedin,
        editor,
        [
            (MONDAY, "promotional"),
            (MONDAY, "curated"),
            (MONDAY, "engagement"),
            (next_monday, "curated"),
            (next_monday, "engagement"),
        ],
    )
    posts(workspace, instagram, editor, [(MONDAY, "curated"), (next_monday, "engagement")])
    balance = balance_for_period(workspace=workspace, start=MONDAY, end=next_monday)
    assert (balance.start, balance.end) == (MONDAY, next_monday + datetime.timedelta(days=6))
    assert balance.total.counts == {"promotional": 1, "curated": 3, "engagement": 3}
    assert balance.total.shares == {"promotional": 14, "curated": 43, "engagement": 43}
    assert balance.target_mix == {"promotional": 20, "curated": 40, "engagement": 40}
    by_channel = {c.channel.pk: c for c in balance.channels}
    assert by_channel[linkedin.pk].per_week == {MONDAY: 3, next_monday: 2}
    assert by_channel[linkedin.pk].mix.shares == {
        "promotional": 20,
        "curated": 40,
        "engagement": 40,
    }
    assert (by_channel[instagram.pk].minimum, by_channel[instagram.pk].maximum) == (1, 3)
    assert balance.warnings == []


def test_too_many_too_few_and_too_much_promotion_are_warned_in_words(
    workspace, editor, approved_plan, linkedin, instagram
):
    posts(workspace, linkedin, editor, [(MONDAY, "promotional")] * 5)
    balance = balance_for_period(workspace=workspace, start=MONDAY, end=MONDAY)
    assert (
        "LinkedIn page · van-dijk: 5 posts planned in the week of 2 Nov, the plan allows at most 4."
        in balance.warnings
    )
    assert (
        "Instagram · @werken: 0 posts in the week of 2 Nov, the plan asks for at least 1."
        in balance.warnings
    )
    assert any(
        "Promotional is 100% of the posts, the plan's target is 20% (tolerance 10 points)" in w
        for w in balance.warnings
    )


def test_the_tolerance_is_the_workspaces_setting(workspace, editor, approved_plan, linkedin):
    posts(workspace, linkedin, editor, [(MONDAY, "promotional")] + [(MONDAY, "curated")] * 3)
    assert (
        any(
            "Promotional is 25%" in w
            for w in balance_for_period(workspace=workspace, start=MONDAY, end=MONDAY).warnings
        )
        is False
    )
    CalendarSettings.objects.create(workspace=workspace, mix_tolerance=2)
    warnings = balance_for_period(workspace=workspace, start=MONDAY, end=MONDAY).warnings
    assert any("Promotional is 25%" in w for w in warnings)


def test_cancelled_posts_do_not_count(workspace, editor, approved_plan, linkedin):
    posts(workspace, linkedin, editor, [(MONDAY, "curated")] * 3)
    Post.objects.filter(channel=linkedin).update(status="cancelled")
    balance = balance_for_period(workspace=workspace, start=MONDAY, end=MONDAY)
    assert balance.total.total == 0


def test_without_an_approved_plan_there_are_no_targets(workspace, editor, linkedin):
    posts(workspace, linkedin, editor, [(MONDAY, "promotional")] * 9)
    balance = balance_for_period(workspace=workspace, start=MONDAY, end=MONDAY)
    assert balance.warnings == [
        "No approved plan covers this period: there are no targets to check against."
    ]
    assert balance.channels[0].has_targets is False


def test_weeks_cross_months(workspace, editor, approved_plan, linkedin):
    # Monday 30 November to Sunday 6 December is one week.
    posts(
        workspace,
        linkedin,
        editor,
        [(datetime.date(2026, 11, 30), "curated"), (datetime.date(2026, 12, 6), "engagement")],
    )
    balance = balance_for_period(
        workspace=workspace, start=datetime.date(2026, 12, 1), end=datetime.date(2026, 12, 31)
    )
    assert balance.start == datetime.date(2026, 11, 30)
    linkedin_balance = next(c for c in balance.channels if c.channel.pk == linkedin.pk)
    assert linkedin_balance.per_week[datetime.date(2026, 11, 30)] == 2


def test_the_night_daylight_saving_ends_stays_in_its_local_week(workspace, editor, linkedin):
    # Sunday 25 October 2026, 23:30 in Amsterdam (winter time) is Sunday 22:30 UTC: still the
    # week that began on Monday 19 October, not the next one.
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2026, 10, 25), 23, 30),
    )
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2026, 10, 26), 0, 30),
    )
    balance = balance_for_period(
        workspace=workspace, start=datetime.date(2026, 10, 19), end=datetime.date(2026, 10, 26)
    )
    week = balance.channels[0].per_week
    assert week[datetime.date(2026, 10, 19)] == 1
    assert week[datetime.date(2026, 10, 26)] == 1


def test_the_night_daylight_saving_starts_stays_in_its_local_week(workspace, editor, linkedin):
    # Sunday 28 March 2027, the last Sunday of March: at 02:00 Amsterdam moves from UTC+1 to
    # UTC+2. The week from Monday 22 March runs from 21 March 23:00 UTC to 28 March 22:00 UTC.
    times = [
        (datetime.date(2027, 3, 21), 23, 30),  # 22:30 UTC: the week before
        (datetime.date(2027, 3, 22), 0, 30),  # Sunday 23:30 UTC: already this week
        (datetime.date(2027, 3, 28), 0, 30),  # before the change: Saturday 23:30 UTC
        (datetime.date(2027, 3, 28), 23, 30),  # after the change: 21:30 UTC, still this week
        (datetime.date(2027, 3, 29), 0, 30),  # Sunday 22:30 UTC: the week after
    ]
    for day, hour, minute in times:
        PostFactory(
            workspace=workspace,
            channel=linkedin,
            owner=editor,
            scheduled_at=at(day, hour, minute),
        )
    assert at(datetime.date(2027, 3, 28), 23, 30).utcoffset() == datetime.timedelta(hours=2)
    balance = balance_for_period(
        workspace=workspace, start=datetime.date(2027, 3, 22), end=datetime.date(2027, 3, 28)
    )
    assert balance.weeks == [datetime.date(2027, 3, 22)]
    assert balance.channels[0].per_week == {datetime.date(2027, 3, 22): 3}
    assert balance.total.total == 3
    around = balance_for_period(
        workspace=workspace, start=datetime.date(2027, 3, 15), end=datetime.date(2027, 4, 4)
    )
    assert around.channels[0].per_week == {
        datetime.date(2027, 3, 15): 1,
        datetime.date(2027, 3, 22): 3,
        datetime.date(2027, 3, 29): 1,
    }


def test_the_grid_puts_posts_on_their_local_day(workspace, editor, linkedin):
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2026, 11, 3), 0, 15),  # 23:15 UTC the day before
    )
    weeks = calendar_grid(
        workspace=workspace, start=MONDAY, end=MONDAY + datetime.timedelta(days=6)
    )
    days = {day.date: day.posts for day in weeks[0]}
    assert len(days[datetime.date(2026, 11, 3)]) == 1
    assert days[datetime.date(2026, 11, 2)] == []


def test_queries_do_not_grow_with_posts(
    workspace, editor, approved_plan, linkedin, instagram, django_assert_num_queries
):
    posts(workspace, linkedin, editor, [(MONDAY, "curated")] * 10)
    with django_assert_num_queries(4) as few:
        balance_for_period(
            workspace=workspace, start=MONDAY, end=MONDAY + datetime.timedelta(days=27)
        )
    start = timezone.now() - datetime.timedelta(days=400)
    Post.objects.bulk_create(
        Post(
            workspace=workspace,
            channel=linkedin if n % 2 else instagram,
            owner=editor,
            scheduled_at=start + datetime.timedelta(hours=n),
            category=("promotional", "curated", "engagement")[n % 3],
            text=f"Post {n}",
        )
        for n in range(20_000)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        balance = balance_for_period(
            workspace=workspace, start=MONDAY, end=MONDAY + datetime.timedelta(days=27)
        )
    assert balance.total.total > 10
