"""The demo workspace's results: a quarter's check-ins on the approved plan's sub-goals (the
followers ahead, the applications behind) and figures on its published posts."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from content_calendar.models import Post
from results.models import CheckIn, PostResult
from results.selectors.progress import plan_progress
from strategy.demo import APPROVED_TITLE
from strategy.models import StrategyPlan
from workspaces.demo import demo_workspace_create


def at(day):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), tick=False
    )


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2026, 11, 20),  # seven weeks into the quarter
        datetime.date(2026, 10, 1),  # its first day
    ],
)
def test_the_demo_plan_has_check_ins_one_sub_goal_ahead_and_one_behind(db, day):
    with at(day):
        login = demo_workspace_create()
        plan = StrategyPlan.objects.get(workspace=login.workspace, title=APPROVED_TITLE)
        states = {p.sub_goal.description: p.progress.state for p in plan_progress(plan=plan)}
    assert states == {
        "Meer sollicitaties van monteurs": "behind",
        "Kennispartner voor warmtepompen": "ahead",
    }
    check_ins = CheckIn.objects.filter(sub_goal__plan=plan)
    assert {c.measured_on for c in check_ins} <= {
        plan.period_start + datetime.timedelta(days=n)
        for n in range((day - plan.period_start).days + 1)
    }
    if day == datetime.date(2026, 11, 20):
        # Every Monday since the quarter began, and today: seven Mondays, for two sub-goals.
        assert check_ins.count() == 2 * 8
    # The applications' check-ins were taken for the plan's measurement.
    assert all(
        c.measurement is not None
        for c in check_ins.filter(sub_goal__description="Meer sollicitaties van monteurs")
    )


def test_every_published_demo_post_has_its_figures_and_a_second_run_adds_nothing(db):
    with at(datetime.date(2026, 11, 20)):
        login = demo_workspace_create()
        counts = (CheckIn.objects.count(), PostResult.objects.count())
        demo_workspace_create()
    assert counts == (CheckIn.objects.count(), PostResult.objects.count())
    published = Post.objects.filter(workspace=login.workspace, status=Post.Status.PUBLISHED)
    assert published.count() > 10
    assert PostResult.objects.filter(post__in=published).count() == published.count()
    results = list(PostResult.objects.all())
    assert all(r.impressions and r.engagement_rate for r in results)
    # Not all the same: the pages have something to compare.
    assert len({r.impressions for r in results}) > 5
