"""Reading check-ins for the pages: the plan's sub-goals at a glance, one sub-goal's path and
check-ins, and the sub-goals the month's figures are entered for."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from strategy.models import Measurement, StrategyPlan, SubGoal
from strategy.selectors import current_approved_plan
from workspaces.selectors import for_workspace

from ..models import CheckIn
from . import progress as progress_selectors


def chosen_plan(*, workspace, pk: str | None) -> StrategyPlan | None:
    """The plan asked for by its id (?plan=), else the plan in force."""
    if pk and str(pk).isdigit() and int(pk) < 2**63:
        plan = for_workspace(StrategyPlan, workspace=workspace).filter(pk=int(pk)).first()
        if plan is not None:
            return plan
    return current_approved_plan(workspace=workspace)


def plans_to_choose(*, workspace) -> list[StrategyPlan]:
    return list(
        for_workspace(StrategyPlan, workspace=workspace)
        .only("pk", "title", "status", "period_start", "period_end")
        .order_by("-period_start", "-pk")
    )


@dataclass(frozen=True)
class Row:
    """One check-in as the sub-goal page lists it, with what the path expected that day."""

    check_in: CheckIn
    expected: object  # Decimal | None


def sub_goal_of_workspace(*, workspace, pk: int) -> SubGoal:
    from workspaces.selectors import get_for_workspace_or_404

    return get_for_workspace_or_404(
        SubGoal.objects.select_related("plan", "plan__workspace"),
        workspace=workspace,
        via="plan__workspace",
        pk=pk,
    )


def sub_goal_page(*, sub_goal: SubGoal, day: datetime.date | None = None) -> dict:
    """The sub-goal's state, its check-ins with the value expected on each day, and the data
    for the chart (two queries: check-ins with who recorded them, measurements)."""
    day = day or timezone.localdate()
    check_ins = progress_selectors.check_ins_of(sub_goal_ids=[sub_goal.pk]).get(sub_goal.pk, [])
    state = progress_selectors.assess_sub_goal(
        sub_goal=sub_goal, plan=sub_goal.plan, check_ins=check_ins, day=day
    )
    path = state.progress.path
    rows = [Row(c, path.expected_on(c.measured_on) if path else None) for c in check_ins]
    chart = {
        "path": (
            [
                {"x": path.start.isoformat(), "y": float(path.baseline)},
                {"x": path.deadline.isoformat(), "y": float(path.target)},
            ]
            if path
            else []
        ),
        "check_ins": [{"x": c.measured_on.isoformat(), "y": float(c.value)} for c in check_ins],
    }
    return {
        "state": state,
        "rows": rows,
        "chart": chart,
        "measurements": list(sub_goal.measurements.all()),
    }


def sub_goals_for_figures(*, plan: StrategyPlan) -> list[SubGoal]:
    """The plan's measurable sub-goals (baseline, target and deadline given), each with its
    measurements (KPI, source, how often): two queries."""
    return list(
        plan.sub_goals.filter(
            baseline__isnull=False, target__isnull=False, deadline__isnull=False
        ).prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("position", "pk"))
        )
    )


def check_ins_list(
    *,
    workspace,
    sub_goal: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
):
    check_ins = progress_selectors.check_ins_of_workspace(workspace=workspace).order_by(
        "measured_on", "pk"
    )
    if sub_goal is not None:
        check_ins = check_ins.filter(sub_goal_id=sub_goal)
    if start is not None:
        check_ins = check_ins.filter(measured_on__gte=start)
    if end is not None:
        check_ins = check_ins.filter(measured_on__lte=end)
    return check_ins
