"""The demo company's results: weekly check-ins on the approved plan's sub-goals since its
first day (the followers ahead of their path, the applications behind it) and the figures the
networks reported for its published posts, so the results pages show something real at first
start. Made from today's date alone: the same every time, with no network asked."""

import datetime
from decimal import ROUND_FLOOR, Decimal

from django.utils import timezone

from content_calendar.models import Category, Post
from strategy.demo import APPROVED_TITLE
from strategy.models import StrategyPlan

from .models import CheckIn, PostResult
from .selectors.progress import path_of_sub_goal

APPLICATIONS = "Meer sollicitaties van monteurs"
FOLLOWERS = "Kennispartner voor warmtepompen"

# Per category: (impressions, reactions, comments, shares, clicks) of a typical post; each post
# varies on these by its place in the calendar.
TYPICAL = {
    Category.PROMOTIONAL: (900, 14, 2, 1, 18),
    Category.CURATED: (1300, 28, 4, 6, 25),
    Category.ENGAGEMENT: (1100, 35, 14, 3, 6),
}


def _check_in_days(start: datetime.date, today: datetime.date) -> list[datetime.date]:
    """Every Monday after the plan's first day up to today, and today."""
    days = []
    day = start + datetime.timedelta(days=7 - start.weekday())
    while day < today:
        days.append(day)
        day += datetime.timedelta(days=7)
    return [*days, today]


def _check_ins(*, workspace, eva) -> None:
    plan = (
        StrategyPlan.objects.filter(
            workspace=workspace, title=APPROVED_TITLE, status=StrategyPlan.Status.APPROVED
        )
        .prefetch_related("sub_goals", "measurements")
        .first()
    )
    if plan is None or CheckIn.objects.filter(sub_goal__plan=plan).exists():
        return
    today = min(timezone.localdate(), plan.period_end)
    measurements = {m.sub_goal_id: m for m in plan.measurements.all() if m.sub_goal_id}
    rows = []
    for sub_goal in plan.sub_goals.all():
        path = path_of_sub_goal(sub_goal, plan)
        if path is None:
            continue
        for day in _check_in_days(plan.period_start, today):
            expected = path.expected_on(day)
            if sub_goal.description == APPLICATIONS:
                # Half the way the path asks, one short: behind from the first week.
                done = ((expected - path.baseline) / 2).to_integral_value(ROUND_FLOOR)
                value = max(path.baseline + done - 1, Decimal(0))
            else:
                # Ahead: a tenth of the way more than the path asks.
                value = (expected + path.distance / 10).to_integral_value(ROUND_FLOOR)
            rows.append(
                CheckIn(
                    workspace=workspace,
                    sub_goal=sub_goal,
                    measurement=measurements.get(sub_goal.pk),
                    measured_on=day,
                    value=value,
                    source="ATS-rapport" if sub_goal.description == APPLICATIONS else "LinkedIn",
                    recorded_by=eva,
                )
            )
    CheckIn.objects.bulk_create(rows, ignore_conflicts=True)


def _post_results(*, workspace, eva) -> None:
    posts = Post.objects.filter(
        workspace=workspace, status=Post.Status.PUBLISHED, result__isnull=True
    ).order_by("scheduled_at", "channel_id", "text")
    results = []
    for n, post in enumerate(posts):
        impressions, reactions, comments, shares, clicks = TYPICAL.get(
            post.category, TYPICAL[Category.CURATED]
        )
        # Between 70 % and 130 % of the typical post, in a fixed pattern.
        share = Decimal(70 + (n * 37) % 61) / 100

        def scaled(figure: int, share=share) -> int:
            return int(Decimal(figure) * share)

        results.append(
            PostResult(
                workspace=workspace,
                post=post,
                impressions=scaled(impressions),
                reach=scaled(impressions * 3 // 4),
                reactions=scaled(reactions),
                comments=scaled(comments),
                shares=scaled(shares),
                clicks=scaled(clicks),
                follows=n % 4,
                source=PostResult.Source.IMPORT,
                recorded_by=eva,
            )
        )
    PostResult.objects.bulk_create(results, ignore_conflicts=True)


def populate(*, workspace, people) -> None:
    eva = people["eva.jansen@vandijk-installatie.nl"]
    _check_ins(workspace=workspace, eva=eva)
    _post_results(workspace=workspace, eva=eva)
