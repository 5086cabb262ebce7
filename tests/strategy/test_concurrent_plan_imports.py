"""Two imports of the same plan file at the same moment (two tabs, a double click), on
PostgreSQL: the second waits for the first, then finds its plan, so the file is imported
once."""

import pytest
from django.db import connection

from strategy import services
from strategy.models import StrategyPlan

from ..concurrency import at_once
from .factories import complete_plan

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite writes one transaction at a time, so two imports never overlap there; "
        "the workspace lock is tested on PostgreSQL (DATABASE_URL)",
    ),
]


@pytest.mark.parametrize("rounds", range(3))
def test_two_imports_of_the_same_file_make_one_plan(workspace, editor, rounds):
    plan = complete_plan(workspace=workspace, owner=editor)
    raw = services.plan_export(plan=plan)
    plan.delete()

    def confirm():
        return services.plan_import(workspace=workspace, by=editor, raw=raw)

    outcomes = at_once(confirm, confirm)

    made = [o for o in outcomes if isinstance(o, StrategyPlan)]
    refused = [o for o in outcomes if isinstance(o, services.PlanAlreadyHere)]
    assert len(made) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert refused[0].plan.pk == made[0].pk
    assert StrategyPlan.objects.filter(workspace=workspace).count() == 1
