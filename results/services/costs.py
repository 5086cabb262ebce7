"""Writing what the work costs: the hourly cost (admins) and the money spent (editors)."""

import datetime
from decimal import Decimal

from django.db import transaction

from strategy.models import StrategyPlan
from workspaces.access import require_role
from workspaces.models import Role

from ..models import ResultsSettings, Spend


@transaction.atomic
def results_settings_save(*, workspace, by, hourly_cost: Decimal | None) -> ResultsSettings:
    """Set what an hour of the team's work costs; None: the time is not costed."""
    require_role(user=by, workspace=workspace, role=Role.ADMIN)
    settings, _created = ResultsSettings.objects.select_for_update().get_or_create(
        workspace=workspace
    )
    settings.hourly_cost = hourly_cost
    settings.full_clean()
    settings.save()
    return settings


@transaction.atomic
def spend_create(
    *,
    plan: StrategyPlan,
    by,
    spent_on: datetime.date,
    amount: Decimal,
    kind: str = Spend.Kind.ADS,
    description: str = "",
) -> Spend:
    require_role(user=by, workspace=plan.workspace, role=Role.EDITOR)
    spend = Spend(
        workspace=plan.workspace,
        plan=plan,
        spent_on=spent_on,
        kind=kind,
        description=description.strip(),
        amount=amount,
        recorded_by=by,
    )
    spend.full_clean()
    spend.save()
    return spend


@transaction.atomic
def spend_delete(*, spend: Spend, by) -> None:
    require_role(user=by, workspace=spend.workspace, role=Role.EDITOR)
    spend.delete()
