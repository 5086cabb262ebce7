"""A plan in force on 20 February 2026 with two sub-goals (one measurable, one not)."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from strategy.models import Measurement, StrategyPlan, SubGoal

from ..strategy.factories import new_plan

TODAY = datetime.date(2026, 2, 20)  # day 50 of the path to 11 April: 30 of 60 expected


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2026, 2, 20, 12, tzinfo=datetime.UTC), tick=False):
        yield TODAY


def plan_in_force(*, workspace, owner, **kwargs) -> StrategyPlan:
    plan = new_plan(workspace=workspace, owner=owner, **kwargs)
    StrategyPlan.objects.filter(pk=plan.pk).update(status=StrategyPlan.Status.APPROVED)
    plan.refresh_from_db()
    return plan


def measurable(plan, description="Applications via social", **overrides) -> SubGoal:
    values = {
        "plan": plan,
        "description": description,
        "metric": "applications",
        "baseline": Decimal(0),
        "target": Decimal(60),
        "unit": "applications",
        "deadline": datetime.date(2026, 4, 11),
        **overrides,
    }
    return SubGoal.objects.create(**values)


@pytest.fixture
def plan(workspace, editor, today):
    return plan_in_force(workspace=workspace, owner=editor)


@pytest.fixture
def goal(plan):
    goal = measurable(plan)
    Measurement.objects.create(
        plan=plan, kpi="Applications in the CRM", sub_goal=goal, source="CRM", frequency="monthly"
    )
    return goal


@pytest.fixture
def vague_goal(plan):
    return SubGoal.objects.create(plan=plan, description="A stronger image", position=1)
