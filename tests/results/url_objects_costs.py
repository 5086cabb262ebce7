"""The objects the cost pages' URLs point at, for the access matrix."""

import datetime
from decimal import Decimal

from results.models import Spend

from ..strategy.factories import new_plan


def _spend(workspace, user):
    plan = new_plan(workspace=workspace, owner=user)
    spend = Spend.objects.create(
        workspace=workspace, plan=plan, spent_on=datetime.date(2026, 2, 1), amount=Decimal("10")
    )
    return {"pk": spend.pk}


URL_OBJECTS = {"results:spend_delete": _spend}
