"""The evaluation at a period's end ("herhaal"): write the lessons, sign off, and start the
next period's plan from it. The rules: docs/results.md."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import notify
from strategy import services as strategy_services
from strategy.models import Section, StrategyPlan, SubGoal
from strategy.selectors import versions_of
from workspaces.access import require_role
from workspaces.models import Role
from workspaces.selectors import users_with_role

from ..models import Evaluation, NotificationKind
from ..selectors.evaluations import evaluation_end_choices, live_figures

LESSON_FIELDS = ("worked", "did_not_work", "to_change")


class EvaluationConflict(Exception):
    """Someone saved the lessons after the form was opened."""

    def __init__(self, evaluation: Evaluation):
        super().__init__(f"evaluation {evaluation.pk} changed meanwhile")
        self.evaluation = evaluation


def _link(evaluation: Evaluation) -> str:
    return reverse(
        "results:evaluation",
        kwargs={"workspace": evaluation.workspace.slug, "pk": evaluation.pk},
    )


def _lock(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update()
        .select_related("workspace", "plan", "plan__workspace")
        .get(pk=evaluation.pk)
    )


@transaction.atomic
def evaluation_start(
    *, plan: StrategyPlan, by, period_end: datetime.date | None = None
) -> Evaluation:
    """Start the evaluation of the plan's period (or of the part up to its review date).
    Raises ValidationError code "exists" when that period is evaluated already."""
    require_role(user=by, workspace=plan.workspace, role=Role.EDITOR)
    period_end = period_end or plan.period_end
    if period_end not in evaluation_end_choices(plan=plan):
        raise ValidationError(
            _("An evaluation ends on the plan's last day or on its review date."),
            code="period_end",
        )
    exists = ValidationError(_("This period is evaluated already."), code="exists")
    if Evaluation.objects.filter(plan=plan, period_end=period_end).exists():
        raise exists
    evaluation = Evaluation(
        workspace=plan.workspace,
        plan=plan,
        period_start=plan.period_start,
        period_end=period_end,
        created_by=by,
    )
    evaluation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:
        raise exists from None  # someone started it at the same moment
    return evaluation


@transaction.atomic
def evaluation_update(
    *, evaluation: Evaluation, by, revision: int, worked: str, did_not_work: str, to_change: str
) -> Evaluation:
    """Save the lessons. `revision` is the one the person started from: if someone saved
    since, nothing is written and EvaluationConflict is raised."""
    require_role(user=by, workspace=evaluation.workspace, role=Role.EDITOR)
    locked = _lock(evaluation)
    if locked.status == Evaluation.Status.SIGNED_OFF:
        raise ValidationError(
            _("The evaluation is signed off: its lessons no longer change."), code="signed_off"
        )
    if locked.revision != revision:
        raise EvaluationConflict(locked)
    locked.worked, locked.did_not_work, locked.to_change = (
        worked.strip(),
        did_not_work.strip(),
        to_change.strip(),
    )
    locked.full_clean()
    locked.revision = F("revision") + 1
    locked.save()
    locked.refresh_from_db()
    return locked


def _reviewers(evaluation: Evaluation, by) -> list:
    plan = evaluation.plan
    if plan.reviewer_id and plan.reviewer_id != by.pk:
        reviewer = users_with_role(workspace=evaluation.workspace, role=Role.REVIEWER).filter(
            pk=plan.reviewer_id
        )
        if reviewer.exists():
            return list(reviewer)
    return list(
        users_with_role(workspace=evaluation.workspace, role=Role.REVIEWER).exclude(pk=by.pk)
    )


@transaction.atomic
def evaluation_ask_sign_off(*, evaluation: Evaluation, by) -> int:
    """Tell the plan's reviewer (else every reviewer) that the evaluation is ready."""
    require_role(user=by, workspace=evaluation.workspace, role=Role.EDITOR)
    locked = _lock(evaluation)
    if locked.status == Evaluation.Status.SIGNED_OFF:
        raise ValidationError(_("The evaluation is signed off already."), code="signed_off")
    return notify(
        workspace=locked.workspace,
        recipients=_reviewers(locked, by),
        kind=NotificationKind.EVALUATION_READY,
        key=f"{NotificationKind.EVALUATION_READY}:evaluation={locked.pk}:revision={locked.revision}",
        message=gettext_lazy(
            "%(name)s asks you to sign off the evaluation of “%(plan)s” (%(start)s to %(end)s)."
        ),
        params={
            "name": by.display_name,
            "plan": locked.plan.title,
            "start": locked.period_start,
            "end": locked.period_end,
        },
        link=_link(locked),
    )


@transaction.atomic
def evaluation_sign_off(*, evaluation: Evaluation, by) -> Evaluation:
    """A reviewer signs the evaluation off: its figures are frozen as they are now. The
    person who wrote it signs off only when the workspace allows self-approval."""
    require_role(user=by, workspace=evaluation.workspace, role=Role.REVIEWER)
    locked = _lock(evaluation)
    if locked.status == Evaluation.Status.SIGNED_OFF:
        raise ValidationError(_("The evaluation is signed off already."), code="signed_off")
    if locked.created_by_id == by.pk and not locked.workspace.allow_self_approval:
        raise ValidationError(
            _(
                "You wrote this evaluation, so another reviewer signs it off (four eyes). A "
                "team of one can allow this in the workspace's settings."
            ),
            code="own_evaluation",
        )
    locked.figures = live_figures(evaluation=locked)
    locked.status = Evaluation.Status.SIGNED_OFF
    locked.signed_off_by, locked.signed_off_at = by, timezone.now()
    locked.revision = F("revision") + 1
    locked.save()
    locked.refresh_from_db()
    team = users_with_role(workspace=locked.workspace, role=Role.EDITOR).exclude(pk=by.pk)
    notify(
        workspace=locked.workspace,
        recipients=list(team),
        kind=NotificationKind.EVALUATION_SIGNED_OFF,
        key=f"{NotificationKind.EVALUATION_SIGNED_OFF}:evaluation={locked.pk}",
        message=gettext_lazy(
            "%(name)s signed off the evaluation of “%(plan)s” (%(start)s to %(end)s)."
        ),
        params={
            "name": by.display_name,
            "plan": locked.plan.title,
            "start": locked.period_start,
            "end": locked.period_end,
        },
        link=_link(locked),
    )
    return locked


def next_period(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period after [start, end], as long: whole months stay whole months (a quarter is
    followed by the next quarter), anything else keeps its number of days."""
    after = end + datetime.timedelta(days=1)
    if start.day == 1 and after.day == 1:
        months = relativedelta(after, start)
        length = months.years * 12 + months.months
        return after, after + relativedelta(months=length) - datetime.timedelta(days=1)
    return after, after + (end - start)


def lessons_text(evaluation: Evaluation) -> str:
    """The lessons as the next plan keeps them (in its review cycle)."""
    parts = [
        _("Lessons from the evaluation of %(start)s to %(end)s:")
        % {
            "start": date_format(evaluation.period_start),
            "end": date_format(evaluation.period_end),
        }
    ]
    for label, text in [
        (_("What worked"), evaluation.worked),
        (_("What did not work"), evaluation.did_not_work),
        (_("What to change"), evaluation.to_change),
    ]:
        if text:
            parts.append(f"{label}: {text}")
    return "\n".join(parts)


@transaction.atomic
def evaluation_next(*, evaluation: Evaluation, by) -> StrategyPlan:
    """Start the next period from a signed-off evaluation: a copy of the plan's latest
    approved version for the period that follows, each sub-goal's baseline its last
    check-in value (and its deadline moved on by the same time), the lessons written at the
    top of the new plan's review cycle."""
    require_role(user=by, workspace=evaluation.workspace, role=Role.EDITOR)
    locked = _lock(evaluation)
    if locked.status != Evaluation.Status.SIGNED_OFF:
        raise ValidationError(
            _("Sign off the evaluation before starting the next period from it."),
            code="not_signed_off",
        )
    if locked.next_plan_id:
        raise ValidationError(
            _("The next period was started from this evaluation already."),
            code="already_started",
        )
    plan = locked.plan
    version = versions_of(plan=plan).first()
    if version is None:
        raise ValidationError(
            _("The plan has no approved version to start the next period from."),
            code="no_version",
        )
    start, end = next_period(plan.period_start, plan.period_end)
    new = strategy_services.plan_copy(
        version=version,
        by=by,
        title=_("%(title)s (from %(start)s)") % {"title": plan.title, "start": date_format(start)},
        period_start=start,
        period_end=end,
    )
    shift = start - plan.period_start
    last_values = {
        g["description"]: g["latest"] for g in locked.figures.get("sub_goals", []) if g["latest"]
    }
    # The value per unit is no worksheet answer (not in the approved version): carried over
    # from the evaluated plan's sub-goal of the same name.
    values = {g.description: g.value_per_unit for g in plan.sub_goals.all()}
    rows = []
    for goal in new.sub_goals.all():
        if values.get(goal.description) is not None:
            SubGoal.objects.filter(pk=goal.pk).update(value_per_unit=values[goal.description])
        row = {"id": goal.pk}
        if goal.description in last_values:
            row["baseline"] = last_values[goal.description]
        if goal.deadline == plan.period_end:
            row["deadline"] = end
        elif goal.deadline:
            row["deadline"] = goal.deadline + shift
        rows.append(row)
    if rows:
        new = strategy_services.plan_section_save(
            plan=new,
            section=Section.WHY,
            by=by,
            revision=new.revision_of(Section.WHY),
            values={},
            items={"sub_goals": rows},
        )
    lessons = lessons_text(locked)
    cycle = "\n\n".join(part for part in (lessons, new.review_cycle) if part)
    new = strategy_services.plan_section_save(
        plan=new,
        section=Section.HOW,
        by=by,
        revision=new.revision_of(Section.HOW),
        values={"review_cycle": cycle},
    )
    locked.next_plan = new
    locked.save(update_fields=["next_plan"])
    return new
