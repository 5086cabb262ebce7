"""Reading the results: where each sub-goal stands, with its check-ins."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from strategy.models import StrategyPlan, SubGoal

from .. import progress
from ..models import CheckIn


@dataclass(frozen=True)
class SubGoalProgress:
    sub_goal: SubGoal
    check_ins: list[CheckIn]
    progress: progress.Progress

    @property
    def summary(self) -> str:
        return progress.describe(self.progress, unit=self.sub_goal.unit)


def path_of_sub_goal(sub_goal: SubGoal, plan: StrategyPlan) -> progress.Path | None:
    """The path runs from the plan's first day: that is when the baseline was taken."""
    return progress.path_of(
        baseline=sub_goal.baseline,
        target=sub_goal.target,
        start=plan.period_start,
        deadline=sub_goal.deadline,
    )


def readings(check_ins: Iterable[CheckIn]) -> list[progress.Reading]:
    return [progress.Reading(on=c.measured_on, value=c.value) for c in check_ins]


def assess_sub_goal(
    *, sub_goal: SubGoal, plan: StrategyPlan, check_ins: list[CheckIn], day: datetime.date
) -> SubGoalProgress:
    return SubGoalProgress(
        sub_goal=sub_goal,
        check_ins=check_ins,
        progress=progress.assess(
            path=path_of_sub_goal(sub_goal, plan), readings=readings(check_ins), day=day
        ),
    )


def check_ins_of(*, sub_goal_ids: Iterable[int]) -> dict[int, list[CheckIn]]:
    """The check-ins of many sub-goals in one query, oldest first."""
    by_goal: dict[int, list[CheckIn]] = defaultdict(list)
    for check_in in CheckIn.objects.filter(sub_goal_id__in=list(sub_goal_ids)).select_related(
        "recorded_by"
    ):
        by_goal[check_in.sub_goal_id].append(check_in)
    return by_goal


def plan_progress(*, plan: StrategyPlan, day: datetime.date | None = None) -> list[SubGoalProgress]:
    """Every sub-goal of the plan with its check-ins and state on the day (two queries)."""
    day = day or timezone.localdate()
    sub_goals = list(plan.sub_goals.all())
    by_goal = check_ins_of(sub_goal_ids=[g.pk for g in sub_goals])
    return [
        assess_sub_goal(sub_goal=g, plan=plan, check_ins=by_goal.get(g.pk, []), day=day)
        for g in sub_goals
    ]


def check_ins_of_workspace(*, workspace) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(workspace=workspace).select_related(
        "sub_goal", "measurement", "recorded_by"
    )
