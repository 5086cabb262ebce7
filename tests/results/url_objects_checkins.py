"""The objects the check-in pages' URLs point at, for the access matrix."""

import datetime
from decimal import Decimal

from results.models import CheckIn
from strategy.models import SubGoal

from ..strategy.factories import new_plan


def _sub_goal(workspace, user):
    plan = new_plan(workspace=workspace, owner=user)
    goal = SubGoal.objects.create(
        plan=plan,
        description="More applications",
        baseline=Decimal(0),
        target=Decimal(10),
        deadline=datetime.date(2026, 3, 31),
    )
    return {"pk": goal.pk}


def _check_in(workspace, user):
    goal = SubGoal.objects.get(pk=_sub_goal(workspace, user)["pk"])
    check_in = CheckIn.objects.create(
        workspace=workspace, sub_goal=goal, measured_on=datetime.date(2026, 2, 1), value=3
    )
    return {"pk": check_in.pk}


URL_OBJECTS = {
    "results:sub_goal": _sub_goal,
    "results:check_in_edit": _check_in,
    "results:check_in_delete": _check_in,
}
