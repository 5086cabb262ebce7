"""What a period of a plan cost, and what its sub-goals brought in (the rules: docs/results.md).

The report is kept as plain JSON-ready values (decimals as text, dates as ISO days), so the
evaluation can freeze it at sign-off and show it later exactly as it was; `CostReport.of`
reads either back.
"""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from strategy.models import StrategyPlan
from workspaces.selectors import for_workspace

from ..models import CheckIn, ResultsSettings, Spend
from ..money import as_decimal, money

CENTS = Decimal("0.01")
RATIO = Decimal("0.0001")


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass
class GoalValue:
    """One sub-goal's units gained in the period, and what they are worth."""

    sub_goal: int
    description: str
    unit: str
    baseline: str | None
    latest: str | None
    latest_on: str | None
    lower_is_better: bool
    value_per_unit: str | None
    units_gained: str | None = None
    value: str | None = None
    cost_per_result: str | None = None
    # Why a figure is missing: a code that missing_text() puts in words.
    missing: str | None = None

    @property
    def per_result(self) -> str:
        return cost_per_result_text(self)

    @property
    def missing_label(self) -> str:
        return missing_text({"code": self.missing}) if self.missing else ""


@dataclass
class CostReport:
    start: str
    end: str
    weeks: str
    hours_per_week: str | None
    hours: str | None
    hourly_cost: str | None
    time_cost: str | None
    spend: dict[str, str]
    spend_total: str
    cost: str | None
    value: str | None
    roi: str | None
    goals: list[GoalValue] = field(default_factory=list)
    # What keeps a figure from being shown: [{"code": …, "role": …}].
    missing: list[dict[str, str]] = field(default_factory=list)

    def as_figures(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, figures: dict[str, Any]) -> "CostReport":
        values = dict(figures)
        values["goals"] = [GoalValue(**g) for g in values.get("goals", [])]
        return cls(**values)

    # --- For the pages: the figures as numbers ---------------------------------------------

    def number(self, name: str) -> Decimal | None:
        return as_decimal(getattr(self, name))

    @property
    def spend_lines(self) -> list[tuple[str, Decimal]]:
        return [
            (str(label), as_decimal(self.spend.get(kind, "0")))
            for kind, label in Spend.Kind.choices
        ]

    @property
    def missing_texts(self) -> list[str]:
        return [missing_text(m) for m in self.missing]


def missing_text(missing: dict[str, str]) -> str:
    code = missing.get("code")
    texts = {
        "no_hourly_cost": _(
            "The cost of an hour of work is not set (an admin sets it in the results settings): "
            "the team's time is not costed."
        ),
        "no_team_roles": _("The plan names no team roles, so no hours are known."),
        "role_without_hours": _("The team role “%(role)s” has no hours per week."),
        "no_cost": _("No cost is known for the period, so there is no cost per result or ROI."),
        "no_value_per_unit": _("No value per unit: the ROI leaves this sub-goal out."),
        "no_baseline": _("No baseline, so the units gained are not known."),
        "no_check_in": _("No check-in in the period, so the units gained are not known."),
        "lower_is_better": _("Lower is better here: this is not a count of results."),
        "nothing_gained": _("No units gained, so there is no cost per result."),
        "no_value": _("No sub-goal has a value per unit and units gained, so there is no ROI."),
    }
    text = texts.get(code, code or "")
    return text % {"role": missing.get("role", "")} if "%(role)s" in text else text


def weeks_in(start: datetime.date, end: datetime.date) -> Decimal:
    """Both days included: a quarter of 91 days is 13 weeks."""
    return Decimal((end - start).days + 1) / Decimal(7)


def hourly_cost_of(*, workspace) -> Decimal | None:
    return (
        ResultsSettings.objects.filter(workspace=workspace)
        .values_list("hourly_cost", flat=True)
        .first()
    )


def spends_of(*, plan: StrategyPlan, start=None, end=None) -> QuerySet[Spend]:
    spends = for_workspace(Spend, workspace=plan.workspace).filter(plan=plan)
    if start is not None:
        spends = spends.filter(spent_on__gte=start)
    if end is not None:
        spends = spends.filter(spent_on__lte=end)
    return spends.select_related("recorded_by")


def _latest_check_ins(sub_goal_ids: list[int], end: datetime.date) -> dict[int, CheckIn]:
    latest: dict[int, CheckIn] = {}
    for check_in in CheckIn.objects.filter(sub_goal_id__in=sub_goal_ids, measured_on__lte=end):
        known = latest.get(check_in.sub_goal_id)
        if known is None or check_in.measured_on >= known.measured_on:
            latest[check_in.sub_goal_id] = check_in
    return latest


def cost_report(
    *, plan: StrategyPlan, start: datetime.date | None = None, end: datetime.date | None = None
) -> CostReport:
    """The cost of the plan between the days (its period by default), the value its sub-goals
    brought in by the last day, ROI and cost per result. Five queries, whatever the size."""
    start, end = start or plan.period_start, end or plan.period_end
    missing: list[dict[str, str]] = []
    weeks = weeks_in(start, end)

    roles = list(plan.team_roles.all())
    hours_per_week = None
    if not roles:
        missing.append({"code": "no_team_roles"})
    else:
        for role in roles:
            if role.hours_per_week is None:
                missing.append({"code": "role_without_hours", "role": role.role})
        hours_per_week = sum((r.hours_per_week or Decimal(0) for r in roles), Decimal(0))
    hours = None if hours_per_week is None else (hours_per_week * weeks).quantize(Decimal("0.1"))
    hourly_cost = hourly_cost_of(workspace=plan.workspace)
    if hourly_cost is None:
        missing.append({"code": "no_hourly_cost"})
    time_cost = None
    if hours is not None and hourly_cost is not None and len(missing) == 0:
        time_cost = (hours_per_week * weeks * hourly_cost).quantize(CENTS, ROUND_HALF_UP)

    per_kind = {
        row["kind"]: row["total"]
        for row in spends_of(plan=plan, start=start, end=end)
        .order_by()
        .values("kind")
        .annotate(total=Sum("amount"))
    }
    spend = {
        kind: str((per_kind.get(kind) or Decimal(0)).quantize(CENTS)) for kind in Spend.Kind.values
    }
    spend_total = sum((per_kind.get(k) or Decimal(0) for k in Spend.Kind.values), Decimal(0))

    # The cost is known when the time is costed; spend alone would flatter the ROI.
    cost = None if time_cost is None else time_cost + spend_total
    if cost is not None and cost <= 0:
        cost = None
    if cost is None:
        missing.append({"code": "no_cost"})

    sub_goals = list(plan.sub_goals.all())
    latest = _latest_check_ins([g.pk for g in sub_goals], end)
    goals, total_value, any_value = [], Decimal(0), False
    for goal in sub_goals:
        check_in = latest.get(goal.pk)
        lower = (
            goal.baseline is not None and goal.target is not None and goal.target < goal.baseline
        )
        line = GoalValue(
            sub_goal=goal.pk,
            description=goal.description,
            unit=goal.unit,
            baseline=_text(goal.baseline),
            latest=_text(check_in.value if check_in else None),
            latest_on=check_in.measured_on.isoformat() if check_in else None,
            lower_is_better=lower,
            value_per_unit=_text(goal.value_per_unit),
        )
        goals.append(line)
        if lower:
            line.missing = "lower_is_better"
            continue
        if goal.baseline is None:
            line.missing = "no_baseline"
            continue
        if check_in is None:
            line.missing = "no_check_in"
            continue
        gained = check_in.value - goal.baseline
        line.units_gained = str(gained)
        if goal.value_per_unit is not None:
            value = (gained * goal.value_per_unit).quantize(CENTS)
            line.value = str(value)
            total_value += value
            any_value = True
        if gained <= 0:
            line.missing = "nothing_gained"
        elif cost is not None:
            line.cost_per_result = str((cost / gained).quantize(CENTS, ROUND_HALF_UP))
        if goal.value_per_unit is None and line.missing is None:
            line.missing = "no_value_per_unit"

    value = total_value if any_value else None
    if value is None:
        missing.append({"code": "no_value"})
    roi = None
    if value is not None and cost is not None:
        roi = ((value - cost) / cost).quantize(RATIO, ROUND_HALF_UP)
    return CostReport(
        start=start.isoformat(),
        end=end.isoformat(),
        weeks=str(weeks.quantize(Decimal("0.1"), ROUND_HALF_UP)),
        hours_per_week=_text(hours_per_week),
        hours=_text(hours),
        hourly_cost=_text(hourly_cost),
        time_cost=_text(time_cost),
        spend=spend,
        spend_total=str(spend_total.quantize(CENTS)),
        cost=_text(cost),
        value=_text(value),
        roi=_text(roi),
        goals=goals,
        missing=missing,
    )


def cost_per_result_text(line: GoalValue) -> str:
    """ "€84 per application": the cost per unit in the sub-goal's unit."""
    if line.cost_per_result is None:
        return ""
    return _("%(amount)s per %(unit)s") % {
        "amount": money(line.cost_per_result),
        "unit": line.unit or _("unit"),
    }


def plans_for_costs(*, workspace) -> QuerySet[StrategyPlan]:
    return for_workspace(StrategyPlan, workspace=workspace).only(
        "pk", "title", "period_start", "period_end", "status"
    )
