"""Reading an evaluation: its figures (live for a draft, frozen once signed off), and the
workbook a team opens in a spreadsheet."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from content_calendar.models import Category
from strategy.models import StrategyPlan
from workspaces.selectors import for_workspace

from .. import progress
from ..models import Evaluation, ProgressState
from ..money import as_decimal
from .costs import CostReport, cost_report, missing_text
from .progress import plan_progress
from .what_works import by_category


def evaluations_of(*, workspace) -> QuerySet[Evaluation]:
    return for_workspace(Evaluation, workspace=workspace).select_related(
        "plan", "created_by", "signed_off_by", "next_plan"
    )


def plans_to_evaluate(*, workspace) -> QuerySet[StrategyPlan]:
    """Approved and archived plans: the ones whose period was worked to."""
    return for_workspace(StrategyPlan, workspace=workspace).filter(
        status__in=[StrategyPlan.Status.APPROVED, StrategyPlan.Status.ARCHIVED]
    )


def _text(value) -> str | None:
    return None if value is None else str(value)


def _day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def live_figures(*, evaluation: Evaluation) -> dict[str, Any]:
    """The figures of the evaluated period as they are now: each sub-goal on the period's
    last day (or today, while that day is still to come: what will be is not known yet), the
    mix planned against published, and the cost (eight queries)."""
    plan = evaluation.plan
    start, end = evaluation.period_start, evaluation.period_end
    judged_on = min(end, timezone.localdate())
    sub_goals = []
    for row in plan_progress(plan=plan, day=judged_on):
        goal, judged = row.sub_goal, row.progress
        path = judged.path
        sub_goals.append(
            {
                "sub_goal": goal.pk,
                "description": goal.description,
                "metric": goal.metric,
                "unit": goal.unit,
                "baseline": _text(goal.baseline),
                "target": _text(goal.target),
                "path_start": _day(path.start if path else None),
                "deadline": _day(goal.deadline),
                "state": judged.state,
                "latest": _text(judged.latest.value if judged.latest else None),
                "latest_on": _day(judged.latest.on if judged.latest else None),
                "expected": _text(judged.expected),
                "gap": _text(judged.gap),
            }
        )
    groups = by_category(workspace=evaluation.workspace, start=start, end=end)
    published = sum(g.posts for g in groups)
    mix = [
        {
            "category": g.key,
            "planned": getattr(plan, f"mix_{g.key}", 0),
            "posts": g.posts,
            "published_share": _text(
                (Decimal(g.posts) / Decimal(published)).quantize(Decimal("0.0001"))
                if published
                else None
            ),
            "posts_with_figures": g.posts_with_figures,
            "impressions": g.impressions,
            "clicks": g.clicks,
            "engagement_rate": _text(g.engagement_rate),
        }
        for g in groups
    ]
    return {
        "day": judged_on.isoformat(),
        "sub_goals": sub_goals,
        "mix": mix,
        "cost": cost_report(plan=plan, start=start, end=end).as_figures(),
    }


def figures_of(*, evaluation: Evaluation) -> dict[str, Any]:
    """Frozen once signed off: later check-ins don't change what was signed."""
    if evaluation.status == Evaluation.Status.SIGNED_OFF and evaluation.figures:
        return evaluation.figures
    return live_figures(evaluation=evaluation)


# --- For the pages ------------------------------------------------------------------------


@dataclass
class GoalResult:
    description: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    latest: Decimal | None
    latest_on: datetime.date | None
    state: str
    summary: str

    @property
    def state_label(self) -> str:
        return str(ProgressState(self.state).label)


@dataclass
class MixRow:
    category: str
    label: str
    planned: int
    posts: int
    published_share: Decimal | None
    posts_with_figures: int
    impressions: int
    clicks: int
    engagement_rate: Decimal | None


@dataclass
class Figures:
    day: datetime.date
    sub_goals: list[GoalResult]
    mix: list[MixRow]
    cost: CostReport


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _progress(raw: dict[str, Any], day: datetime.date) -> progress.Progress:
    """The judgement as it was, rebuilt from the figures, so its words are in the reader's
    language today."""
    path = progress.path_of(
        baseline=as_decimal(raw["baseline"]),
        target=as_decimal(raw["target"]),
        start=_date(raw["path_start"]),
        deadline=_date(raw["deadline"]),
    )
    latest = None
    if raw["latest"] is not None:
        latest = progress.Reading(on=_date(raw["latest_on"]), value=as_decimal(raw["latest"]))
    return progress.Progress(
        state=raw["state"],
        path=path,
        latest=latest,
        day=day,
        expected=as_decimal(raw["expected"]),
        gap=as_decimal(raw["gap"]),
    )


def present(figures: dict[str, Any]) -> Figures:
    day = _date(figures["day"])
    labels = dict(Category.choices)
    return Figures(
        day=day,
        sub_goals=[
            GoalResult(
                description=raw["description"],
                unit=raw["unit"],
                baseline=as_decimal(raw["baseline"]),
                target=as_decimal(raw["target"]),
                latest=as_decimal(raw["latest"]),
                latest_on=_date(raw["latest_on"]),
                state=raw["state"],
                summary=progress.describe(_progress(raw, day), unit=raw["unit"]),
            )
            for raw in figures["sub_goals"]
        ],
        mix=[
            MixRow(
                category=raw["category"],
                label=str(labels.get(raw["category"], raw["category"])),
                planned=raw["planned"],
                posts=raw["posts"],
                published_share=as_decimal(raw["published_share"]),
                posts_with_figures=raw["posts_with_figures"],
                impressions=raw["impressions"],
                clicks=raw["clicks"],
                engagement_rate=as_decimal(raw["engagement_rate"]),
            )
            for raw in figures["mix"]
        ],
        cost=CostReport.of(figures["cost"]),
    )


# --- The workbook -------------------------------------------------------------------------


def evaluation_workbook(*, evaluation: Evaluation) -> bytes:
    """The evaluation as an .xlsx: numbers stay numbers whatever the spreadsheet's language
    (a CSV's "1.234,50" or "1234.50" is read differently by Dutch and English spreadsheets)."""
    from openpyxl import Workbook

    figures = present(figures_of(evaluation=evaluation))
    book = Workbook()
    sheet = book.active
    sheet.title = _("Sub-goals")[:31]
    sheet.append(
        [_("Sub-goal"), _("Unit"), _("Baseline"), _("Target"), _("Result"), _("On"), _("State")]
    )
    for goal in figures.sub_goals:
        sheet.append(
            [
                goal.description,
                goal.unit,
                goal.baseline,
                goal.target,
                goal.latest,
                goal.latest_on,
                goal.state_label,
            ]
        )
    mix = book.create_sheet(_("Mix")[:31])
    mix.append(
        [
            _("Category"),
            _("Planned %"),
            _("Posts published"),
            _("Published %"),
            _("Impressions"),
            _("Clicks"),
            _("Engagement rate %"),
        ]
    )
    for row in figures.mix:
        mix.append(
            [
                row.label,
                row.planned,
                row.posts,
                None if row.published_share is None else float(row.published_share * 100),
                row.impressions,
                row.clicks,
                None if row.engagement_rate is None else float(row.engagement_rate * 100),
            ]
        )
    cost = book.create_sheet(_("Cost")[:31])
    report = figures.cost
    for label, value in [
        (_("Weeks in the period"), report.number("weeks")),
        (_("Team hours per week"), report.number("hours_per_week")),
        (_("Hours in the period"), report.number("hours")),
        (_("Cost of an hour (€)"), report.number("hourly_cost")),
        (_("The team's time (€)"), report.number("time_cost")),
        *[(f"{label} (€)", amount) for label, amount in report.spend_lines],
        (_("Total cost (€)"), report.number("cost")),
        (_("Value of the units gained (€)"), report.number("value")),
        (_("ROI %"), None if report.roi is None else float(Decimal(report.roi) * 100)),
    ]:
        cost.append([label, value])
    for missing in report.missing:
        cost.append([missing_text(missing)])
    lessons = book.create_sheet(_("Lessons")[:31])
    for label, text in [
        (_("What worked"), evaluation.worked),
        (_("What did not work"), evaluation.did_not_work),
        (_("What to change"), evaluation.to_change),
    ]:
        lessons.append([label, text])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def evaluation_end_choices(*, plan) -> list[datetime.date]:
    """The days an evaluation of the plan may end on: its period's end, or its review date
    when that falls inside the period."""
    days = [plan.period_end]
    review = plan.next_review_on
    if review and plan.period_start <= review < plan.period_end:
        days.insert(0, review)
    return days
