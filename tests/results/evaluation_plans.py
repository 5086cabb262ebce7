"""An approved plan with a costed team, a valued sub-goal and check-ins: the ground the cost
and evaluation tests stand on."""

import datetime
from decimal import Decimal

from results.models import ResultsSettings
from results.services import evaluations as services
from strategy import services as strategy_services
from strategy.models import Section

from ..strategy.factories import complete_plan, save, sub_goal
from .factories import CheckInFactory

D = datetime.date


def approved_plan(*, workspace, editor, reviewer, hours=Decimal("4"), goals=None):
    """Q1 2026 (13 weeks): one role of `hours` a week; a sub-goal from 2 to 10 applications,
    each worth €400."""
    plan = complete_plan(workspace=workspace, owner=editor, reviewer=reviewer)
    plan = save(
        plan,
        Section.WHY,
        editor,
        {},
        {"sub_goals": goals or [sub_goal(value_per_unit=Decimal("400"), unit="applications")]},
    )
    roles = [{"role": "Social media manager", "person": "Anna", "hours_per_week": hours}]
    plan = save(plan, Section.WHO, editor, {}, {"team_roles": roles})
    plan = strategy_services.plan_submit(plan=plan, by=editor)
    strategy_services.plan_approve(plan=plan, by=reviewer, archive_overlapping=True)
    plan.refresh_from_db()
    return plan


def hourly_cost(workspace, amount="50"):
    ResultsSettings.objects.update_or_create(
        workspace=workspace, defaults={"hourly_cost": Decimal(amount)}
    )


MID_MARCH = D(2026, 3, 15)


def check_in(plan, value, on=MID_MARCH):
    return CheckInFactory(sub_goal=plan.sub_goals.first(), value=Decimal(value), measured_on=on)


def started(*, workspace, editor, reviewer, **kwargs):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer, **kwargs)
    return services.evaluation_start(plan=plan, by=editor)
