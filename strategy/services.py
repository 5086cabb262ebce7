"""Writing plans: the worksheet, the review, versions, copies and imports."""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts_registry.models import SocialAccount
from notifications.services import notify
from workspaces.access import has_role, require_role
from workspaces.models import Role, Workspace
from workspaces.selectors import users_with_role

from . import plan_hooks
from .models import (
    Audience,
    ChannelPlan,
    CommentDraft,
    ContentTheme,
    Measurement,
    NotificationKind,
    PlanComment,
    PlanSubmission,
    PlanTransition,
    PlanVersion,
    Section,
    StrategyPlan,
    SubGoal,
)
from .sections import SECTION_FIELDS, SECTION_ITEMS, ItemList
from .selectors import (
    open_amendment,
    open_submission,
    overlapping_approved_plans,
    plan_checklist,
)
from .snapshot import FORMAT, LINKS, plan_snapshot, with_sections

User = get_user_model()

# How long a reviewer has, by default, and when an approved plan is looked at again.
REVIEW_DAYS = 7
REREVIEW_MONTHS = 3
# An uploaded plan larger than this is refused before it is parsed.
IMPORT_MAX_BYTES = 2 * 1024 * 1024

Status = StrategyPlan.Status


class PlanConflict(Exception):
    """Someone else saved the same step (or the plan's details: section "details") after the
    form was opened."""

    def __init__(self, *, plan: StrategyPlan, section: str):
        super().__init__(f"{section} of plan {plan.pk} changed meanwhile")
        self.plan = plan
        self.section = section


class PlanOverlap(Exception):
    """Approving would make two approved plans cover the same dates."""

    def __init__(self, plans: list[StrategyPlan]):
        super().__init__("overlapping approved plans")
        self.plans = plans


def _plan_link(plan: StrategyPlan) -> str:
    return reverse("strategy:plan_detail", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk})


def _lock(plan: StrategyPlan) -> StrategyPlan:
    """The plan's row, locked until the transaction ends, with its current values."""
    return StrategyPlan.objects.select_for_update().select_related("workspace").get(pk=plan.pk)


def _transition(*, plan: StrategyPlan, to: str, by, comment: str = "") -> PlanTransition:
    transition = PlanTransition.objects.create(
        plan=plan, from_status=plan.status, to_status=to, by=by, comment=comment
    )
    plan.status = to
    return transition


@transaction.atomic
def plan_create(
    *,
    workspace,
    owner,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    reviewer=None,
) -> StrategyPlan:
    """Start a new, empty plan in draft."""
    plan = StrategyPlan(
        workspace=workspace,
        owner=owner,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        reviewer=reviewer,
        updated_by=owner,
    )
    plan.full_clean()
    plan.save()
    return plan


DETAIL_FIELDS = ("title", "period_start", "period_end", "reviewer", "review_due", "next_review_on")


def plan_details_revision(plan: StrategyPlan) -> str:
    """A fingerprint of the plan's details as saved, for the details form to send back.

    Not updated_at: every worksheet save moves that, and a change to a step is no reason to
    stop someone from renaming the plan. This changes exactly when a detail does.
    """
    values = [
        str(getattr(plan, f"{name}_id" if name == "reviewer" else name)) for name in DETAIL_FIELDS
    ]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:20]


@transaction.atomic
def plan_update_details(
    *,
    plan: StrategyPlan,
    by,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    reviewer=None,
    review_due: datetime.date | None = None,
    next_review_on: datetime.date | None = None,
    revision: str | None = None,
) -> StrategyPlan:
    """Change the title, the period, the reviewer and the review dates.

    `revision` is plan_details_revision() of the details the person started from; if someone
    changed them since, nothing is written and PlanConflict is raised. None skips the check.
    """
    require_role(user=by, workspace=plan.workspace, role=Role.EDITOR)
    locked = _lock(plan)
    if not locked.is_editable:
        raise ValidationError(
            _("The plan can't be changed while it is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    if revision is not None and plan_details_revision(locked) != revision:
        raise PlanConflict(plan=locked, section="details")
    for name, value in {
        "title": title.strip(),
        "period_start": period_start,
        "period_end": period_end,
        "reviewer": reviewer,
        "review_due": review_due,
        "next_review_on": next_review_on,
    }.items():
        setattr(locked, name, value)
    locked.updated_by, locked.updated_at = by, timezone.now()
    locked.full_clean()
    locked.save()
    return locked


def _validate_item_rows(
    *, plan: StrategyPlan, item: ItemList, rows: list[dict[str, Any]]
) -> tuple[list, list[int], dict[str, Any]]:
    """Build (unsaved) rows of one repeating item; return them, the ids to delete, errors."""
    existing = {row.pk: row for row in item.model.objects.filter(plan=plan)}
    keep, errors, built = set(), {}, []
    for index, values in enumerate(rows):
        row_id = values.get("id")
        row = existing.get(row_id) if row_id else None
        if row is None:
            row = item.model(plan=plan)
        else:
            keep.add(row.pk)
        for name in item.fields:
            if name in values:
                setattr(row, name, values[name])
        row.position = index
        try:
            row.full_clean(exclude=["plan"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"{item.name}[{index}].{name}"] = messages
        built.append(row)
    return built, [pk for pk in existing if pk not in keep], errors


def _keep_names_of_removed(model, removed: list[int]) -> None:
    """The channels (or measurements) that chose an audience (a sub-goal) about to be removed
    keep its name as their note, so the row still says what it was for until another is
    chosen."""
    row_model, link, note = {
        Audience: (ChannelPlan, "audience", "audience_note"),
        SubGoal: (Measurement, "sub_goal", "sub_goal_note"),
    }[model]
    names = dict(model.objects.filter(pk__in=removed).values_list("pk", _LINK_TARGETS[model]))
    rows = list(row_model.objects.filter(**{f"{link}_id__in": removed}))
    width = row_model._meta.get_field(note).max_length
    for row in rows:
        setattr(row, note, names[getattr(row, f"{link}_id")][:width])
    row_model.objects.bulk_update(rows, [note])


@transaction.atomic
def plan_section_save(
    *,
    plan: StrategyPlan,
    section: str,
    by,
    revision: int,
    values: dict[str, Any],
    items: dict[str, list[dict[str, Any]]] | None = None,
) -> StrategyPlan:
    """Save one worksheet step: its answers and its repeating rows (each row a dict; a row
    with an "id" updates that row, one without is added, a row left out is removed).

    `revision` is the step's revision the person started from; if someone saved the step
    since, nothing is written and PlanConflict is raised, so nobody silently overwrites.
    """
    require_role(user=by, workspace=plan.workspace, role=Role.EDITOR)
    locked = _lock(plan)
    if not locked.is_editable:
        raise ValidationError(
            _("The plan can't be changed while it is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    if locked.revision_of(section) != revision:
        raise PlanConflict(plan=locked, section=section)

    for name in SECTION_FIELDS[section]:
        if name in values:
            setattr(locked, name, values[name])
    errors: dict[str, Any] = {}
    try:
        locked.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    to_save, to_delete = [], []
    for item in SECTION_ITEMS[section]:
        if items is None or item.name not in items:
            continue
        built, removed, item_errors = _validate_item_rows(
            plan=locked, item=item, rows=items[item.name]
        )
        errors.update(item_errors)
        to_save.extend(built)
        to_delete.append((item.model, removed))
    if errors:
        raise ValidationError(errors)

    for model, removed in to_delete:
        if removed and model in _LINK_TARGETS:
            _keep_names_of_removed(model, removed)
        if removed and model in _NAMED_BY:
            names = model.objects.filter(plan=locked, pk__in=removed)
            plan_hooks.rows_removed(
                model=model, removed=dict(names.values_list("pk", _NAMED_BY[model]))
            )
        model.objects.filter(plan=locked, pk__in=removed).delete()
    for row in to_save:
        row.save()
    locked.updated_by, locked.updated_at = by, timezone.now()
    locked.save()
    StrategyPlan.objects.filter(pk=locked.pk).update(
        **{f"{section}_revision": F(f"{section}_revision") + 1}
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def plan_submit(*, plan: StrategyPlan, by) -> StrategyPlan:
    """Hand the plan to the reviewer: only when nothing on the checklist is missing. The plan
    is locked for editing while it is in review."""
    require_role(user=by, workspace=plan.workspace, role=Role.EDITOR)
    locked = _lock(plan)
    if not locked.is_editable:
        raise ValidationError(
            _("Only a draft, or a plan with changes requested, can be submitted.")
        )
    loaded = with_sections(StrategyPlan.objects.filter(pk=locked.pk)).get()
    checklist = plan_checklist(loaded)
    if not checklist.can_submit:
        raise ValidationError([m.message for m in checklist.missing])
    transition = _transition(plan=locked, to=Status.IN_REVIEW, by=by)
    if locked.review_due is None or locked.review_due < timezone.localdate():
        locked.review_due = timezone.localdate() + datetime.timedelta(days=REVIEW_DAYS)
    locked.save(update_fields=["status", "review_due"])
    # What the reviewer is shown now, kept: the next round is compared with it.
    PlanSubmission.objects.create(
        plan=locked,
        number=locked.submissions.count() + 1,
        content=plan_snapshot(loaded),
        submitted_by=by,
        submitted_at=transition.at,
    )
    reviewers = (
        [locked.reviewer]
        if locked.reviewer_id
        else users_with_role(workspace=locked.workspace, role=Role.REVIEWER).exclude(pk=by.pk)
    )
    notify(
        workspace=locked.workspace,
        recipients=reviewers,
        kind=NotificationKind.PLAN_SUBMITTED,
        key=f"plan-submitted:transition={transition.pk}",
        message=gettext_lazy("%(name)s submitted the plan “%(plan)s” for review, due %(due)s."),
        params={"name": by.display_name, "plan": locked.title, "due": locked.review_due},
        link=_plan_link(locked),
    )
    return locked


def _editors_to_tell(plan: StrategyPlan, by) -> list:
    people = {plan.owner}
    submitted = plan.transitions.filter(to_status=Status.IN_REVIEW).select_related("by").last()
    if submitted:
        people.add(submitted.by)
    return [p for p in people if p.pk != by.pk]


class RoundComments:
    """The step comments of one review round, as a notification parameter: rendered in each
    recipient's language (the step names are translated when the text is made)."""

    def __init__(self, comments: list[PlanComment]):
        self.comments = comments

    def __str__(self) -> str:
        return "\n".join(f"{Section(c.section).label}: {c.body}" for c in self.comments)

    def __bool__(self) -> bool:
        return bool(self.comments)


def _close_round(
    *, plan: StrategyPlan, by, outcome: str, step_comments: dict[str, str] | None
) -> RoundComments:
    """End the review round: the step comments still typed on the page are added, the
    reviewer's drafts are cleared and the submission records how the round ended. Returns the
    round's step comments, which go into the one notification of the round."""
    for section, body in (step_comments or {}).items():
        if section in Section.values and body.strip():
            PlanComment.objects.create(plan=plan, section=section, author=by, body=body.strip())
    CommentDraft.objects.filter(plan=plan, author=by).delete()
    submission = open_submission(plan=plan)
    since = submission.submitted_at if submission else None
    if submission:
        PlanSubmission.objects.filter(pk=submission.pk).update(outcome=outcome)
    comments = plan.comments.select_related("author").order_by("created_at", "pk")
    if since:
        comments = comments.filter(created_at__gte=since)
    return RoundComments([c for c in comments if c.author_id != plan.owner_id])


@transaction.atomic
def plan_request_changes(
    *, plan: StrategyPlan, by, comment: str, step_comments: dict[str, str] | None = None
) -> StrategyPlan:
    """A reviewer sends the plan back with a comment; the editors can change it again. The
    step comments of the round go with it, in one notification (one email)."""
    require_role(user=by, workspace=plan.workspace, role=Role.REVIEWER)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    locked = _lock(plan)
    if locked.status != Status.IN_REVIEW:
        raise ValidationError(_("Only a plan in review can be sent back."))
    transition = _transition(plan=locked, to=Status.CHANGES_REQUESTED, by=by, comment=comment)
    locked.save(update_fields=["status"])
    steps = _close_round(
        plan=locked,
        by=by,
        outcome=PlanSubmission.Outcome.CHANGES_REQUESTED,
        step_comments=step_comments,
    )
    if steps:
        message = gettext_lazy(
            "%(name)s asks for changes to “%(plan)s”: %(comment)s\n\nOn the steps:\n%(steps)s"
        )
    else:
        message = gettext_lazy("%(name)s asks for changes to “%(plan)s”: %(comment)s")
    notify(
        workspace=locked.workspace,
        recipients=_editors_to_tell(locked, by),
        kind=NotificationKind.PLAN_CHANGES_REQUESTED,
        key=f"plan-changes-requested:transition={transition.pk}",
        message=message,
        params={
            "name": by.display_name,
            "plan": locked.title,
            "comment": comment.strip(),
            "steps": steps,
        },
        link=_plan_link(locked),
    )
    return locked


@transaction.atomic
def plan_withdraw(*, plan: StrategyPlan, by) -> StrategyPlan:
    """An editor takes a submitted plan back before it is reviewed: it is editable again, in
    the status it was submitted from, and the reviewers are told."""
    require_role(user=by, workspace=plan.workspace, role=Role.EDITOR)
    locked = _lock(plan)
    if locked.status != Status.IN_REVIEW:
        raise ValidationError(_("Only a plan in review can be withdrawn."))
    submitted = locked.transitions.filter(to_status=Status.IN_REVIEW).last()
    back_to = (
        submitted.from_status
        if submitted and submitted.from_status in StrategyPlan.EDITABLE
        else Status.DRAFT
    )
    transition = _transition(plan=locked, to=back_to, by=by, comment=_("Withdrawn from review."))
    locked.save(update_fields=["status"])
    submission = open_submission(plan=locked)
    if submission:
        PlanSubmission.objects.filter(pk=submission.pk).update(
            outcome=PlanSubmission.Outcome.WITHDRAWN
        )
    reviewers = (
        [locked.reviewer]
        if locked.reviewer_id
        else users_with_role(workspace=locked.workspace, role=Role.REVIEWER)
    )
    notify(
        workspace=locked.workspace,
        recipients=[r for r in reviewers if r.pk != by.pk],
        kind=NotificationKind.PLAN_WITHDRAWN,
        key=f"plan-withdrawn:transition={transition.pk}",
        message=gettext_lazy(
            "%(name)s withdrew “%(plan)s” from review: there is nothing to review for now."
        ),
        params={"name": by.display_name, "plan": locked.title},
        link=_plan_link(locked),
    )
    return locked


@transaction.atomic
def plan_approve(
    *,
    plan: StrategyPlan,
    by,
    comment: str = "",
    archive_overlapping: bool = False,
    step_comments: dict[str, str] | None = None,
) -> PlanVersion:
    """A reviewer approves the plan: it becomes the reference for its period and an immutable
    version of it is kept. An approved plan whose period overlaps is archived, but only when
    the reviewer said so (PlanOverlap otherwise) — except the plan this one amends, which it
    replaces by design."""
    require_role(user=by, workspace=plan.workspace, role=Role.REVIEWER)
    locked = _lock(plan)
    if locked.status != Status.IN_REVIEW:
        raise ValidationError(_("Only a plan in review can be approved."))
    submission = open_submission(plan=locked)
    own = submission is not None and submission.submitted_by_id == by.pk
    if own and not locked.workspace.allow_self_approval:
        raise ValidationError(
            _(
                "You submitted this plan, so another reviewer approves it (four eyes). A team "
                "of one can allow this in the workspace's settings."
            ),
            code="own_submission",
        )
    if own:
        # Said on the approval itself, so that whoever reads the history knows.
        comment = " ".join(
            part
            for part in (
                comment.strip(),
                _("(Approved by the person who submitted it, as the workspace allows.)"),
            )
            if part
        )
    # Lock the other approved plans of the workspace too: two approvals at the same moment
    # must not both see "no overlap".
    overlapping = list(overlapping_approved_plans(plan=locked).select_for_update())
    if any(other.pk != locked.amends_id for other in overlapping) and not archive_overlapping:
        raise PlanOverlap(overlapping)
    for other in overlapping:
        archived = _transition(
            plan=other,
            to=Status.ARCHIVED,
            by=by,
            comment=_("Replaced by “%(plan)s”.") % {"plan": locked.title},
        )
        other.save(update_fields=["status"])
        _notify_archived(plan=other, transition=archived, by=by, replaced_by=locked)

    transition = _transition(plan=locked, to=Status.APPROVED, by=by, comment=comment.strip())
    plan_hooks.plan_approved(plan=locked, replaced=overlapping)
    if locked.next_review_on is None or locked.next_review_on <= timezone.localdate():
        locked.next_review_on = timezone.localdate() + relativedelta(months=REREVIEW_MONTHS)
    locked.save(update_fields=["status", "next_review_on"])
    loaded = with_sections(StrategyPlan.objects.filter(pk=locked.pk)).get()
    version = PlanVersion.objects.create(
        plan=locked,
        number=_next_version_number(locked),
        content=plan_snapshot(loaded),
        approved_by=by,
    )
    steps = _close_round(
        plan=locked, by=by, outcome=PlanSubmission.Outcome.APPROVED, step_comments=step_comments
    )
    params = {
        "name": by.display_name,
        "plan": locked.title,
        "number": version.number,
        "comment": comment.strip(),
        "steps": steps,
    }
    if comment.strip() and steps:
        message = gettext_lazy(
            "%(name)s approved “%(plan)s” (version %(number)s): %(comment)s\n\nOn the steps:\n"
            "%(steps)s"
        )
    elif comment.strip():
        message = gettext_lazy("%(name)s approved “%(plan)s” (version %(number)s): %(comment)s")
    elif steps:
        message = gettext_lazy(
            "%(name)s approved “%(plan)s” (version %(number)s).\n\nOn the steps:\n%(steps)s"
        )
    else:
        message = gettext_lazy("%(name)s approved “%(plan)s” (version %(number)s).")
    notify(
        workspace=locked.workspace,
        recipients=_editors_to_tell(locked, by),
        kind=NotificationKind.PLAN_APPROVED,
        key=f"plan-approved:transition={transition.pk}",
        message=message,
        params=params,
        link=_plan_link(locked),
    )
    return version


def _next_version_number(plan: StrategyPlan) -> int:
    """An amendment goes on counting the versions of the plan it amends: approved, it is
    that plan's next version."""
    numbers = [plan.versions.aggregate(models.Max("number"))["number__max"] or 0]
    if plan.amends_id:
        amended = PlanVersion.objects.filter(plan_id=plan.amends_id)
        numbers.append(amended.aggregate(models.Max("number"))["number__max"] or 0)
    return max(numbers) + 1


@transaction.atomic
def plan_archive(*, plan: StrategyPlan, by) -> StrategyPlan:
    """Retire a plan; it and its versions stay readable."""
    require_role(user=by, workspace=plan.workspace, role=Role.REVIEWER)
    locked = _lock(plan)
    if locked.status == Status.ARCHIVED:
        return locked
    if locked.status == Status.IN_REVIEW:
        raise ValidationError(_("Finish the review before archiving the plan."))
    transition = _transition(plan=locked, to=Status.ARCHIVED, by=by)
    locked.save(update_fields=["status"])
    _notify_archived(plan=locked, transition=transition, by=by)
    return locked


def _notify_archived(
    *, plan: StrategyPlan, transition: PlanTransition, by, replaced_by: StrategyPlan | None = None
) -> None:
    """Tell the plan's owner and the workspace's reviewers that the plan is archived (it may
    have been the calendar's reference), but not the person who archived it."""
    people = {plan.owner, *users_with_role(workspace=plan.workspace, role=Role.REVIEWER)}
    if replaced_by is None:
        message = gettext_lazy("%(name)s archived the plan “%(plan)s”.")
        params = {"name": by.display_name, "plan": plan.title}
    else:
        message = gettext_lazy(
            "%(name)s archived the plan “%(plan)s”: the approved plan “%(new)s” replaces it."
        )
        params = {"name": by.display_name, "plan": plan.title, "new": replaced_by.title}
    notify(
        workspace=plan.workspace,
        recipients=[p for p in people if p.pk != by.pk],
        kind=NotificationKind.PLAN_ARCHIVED,
        key=f"plan-archived:transition={transition.pk}",
        message=message,
        params=params,
        link=_plan_link(plan),
    )


@transaction.atomic
def plan_comment_add(*, plan: StrategyPlan, by, section: str, body: str) -> PlanComment:
    """A comment next to one step's questions; the plan's owner is told. A reviewer's comment
    during a review round is told with the round's outcome instead, in one notification."""
    require_role(user=by, workspace=plan.workspace, role=Role.EDITOR)
    comment = PlanComment(plan=plan, section=section, author=by, body=body.strip())
    comment.full_clean()
    comment.save()
    in_round = plan.status == Status.IN_REVIEW and has_role(
        user=by, workspace=plan.workspace, role=Role.REVIEWER
    )
    if plan.owner_id != by.pk and not in_round:
        notify(
            workspace=plan.workspace,
            recipients=[plan.owner],
            kind=NotificationKind.PLAN_COMMENTED,
            key=f"plan-comment:comment={comment.pk}",
            message=gettext_lazy("%(name)s commented on “%(section)s” of “%(plan)s”."),
            params={
                "name": by.display_name,
                "section": Section(section).label,
                "plan": plan.title,
            },
            link=reverse(
                "strategy:plan_step",
                kwargs={"workspace": plan.workspace.slug, "pk": plan.pk, "step": section},
            ),
        )
    return comment


@transaction.atomic
def comment_drafts_keep(*, plan: StrategyPlan, by, texts: dict[str, str]) -> None:
    """Keep what this person typed on the review page and has not sent (the review comment
    under "review", step comments under their section); nothing typed means no draft."""
    kept = {
        key: value
        for key, value in texts.items()
        if (key == "review" or key in Section.values) and value.strip()
    }
    if not kept:
        CommentDraft.objects.filter(plan=plan, author=by).delete()
        return
    CommentDraft.objects.update_or_create(
        plan=plan, author=by, defaults={"texts": kept, "updated_at": timezone.now()}
    )


@transaction.atomic
def plan_amend(*, plan: StrategyPlan, by) -> StrategyPlan:
    """Start an amendment of an approved plan: a draft of the same period with every answer
    of its newest version. It goes through review like any plan; approved, it replaces the
    plan it amends, and until then the calendar follows the approved plan. One amendment at
    a time: asked again, the open one is returned."""
    require_role(user=by, workspace=plan.workspace, role=Role.EDITOR)
    locked = _lock(plan)
    if locked.status != Status.APPROVED:
        raise ValidationError(_("Only an approved plan can be amended."))
    existing = open_amendment(plan=locked)
    if existing:
        return existing
    version = locked.versions.order_by("-number").first()
    if version is None:
        raise ValidationError(_("Only an approved plan can be amended."))
    amendment = plan_copy(
        version=version,
        by=by,
        title=locked.title,
        period_start=locked.period_start,
        period_end=locked.period_end,
    )
    amendment.amends = locked
    amendment.save(update_fields=["amends"])
    return amendment


# --- Copying and importing ----------------------------------------------------------------


@dataclass
class ImportProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class PlanImportError(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}


_NUMBER_FIELDS = (models.IntegerField, models.DecimalField)


_TEXT_FIELDS = (models.CharField, models.TextField)


def _type_problem(field, value: Any) -> str | None:
    """Why `value` (read from JSON) can't be the value of model field `field`, or None. Only
    the type is checked here; the model's own validation checks the value after."""
    if value is None:
        return None if field.null else _("Expected a value, not null.")
    if isinstance(field, models.BooleanField):
        return None if isinstance(value, bool) else _("Expected true or false.")
    if isinstance(value, bool):  # JSON's true and false are no numbers or texts
        return _("Expected a number.") if isinstance(field, _NUMBER_FIELDS) else _("Expected text.")
    if isinstance(field, models.DateField):
        return None if isinstance(value, str) else _("Expected a date as text (YYYY-MM-DD).")
    if isinstance(field, models.DecimalField):
        return None if isinstance(value, str | int | float) else _("Expected a number.")
    if isinstance(field, models.IntegerField):
        # Texts are left to the model ("lots" is refused there); 2.5 would be cut to 2.
        return None if isinstance(value, str | int) else _("Expected a whole number.")
    if isinstance(field, models.JSONField):  # success_meanings: a list of choices
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return None if ok else _("Expected a list of texts.")
    if isinstance(field, models.CharField | models.TextField):
        return None if isinstance(value, str) else _("Expected text.")
    return None


def _set_checked(
    obj: models.Model, name: str, value: Any, where: str, problems: list[ImportProblem]
) -> bool:
    """Set `name` on `obj` when the value has the right type; otherwise note the problem."""
    field = obj._meta.get_field(name)
    if isinstance(value, str) and not value.strip() and not isinstance(field, _TEXT_FIELDS):
        # An empty text for a number or a date means "no value": the model's validation skips
        # blank values, so left as "" it would only fail when saved.
        value = None
    problem = _type_problem(field, value)
    if problem:
        problems.append(ImportProblem(where, problem))
        return False
    setattr(obj, name, value)
    return True


# The rows a channel or a measurement can choose, and the field that names each.
_LINK_TARGETS = {Audience: "name", SubGoal: "description"}
# The plan's rows that the apps above link to (posts), with the field that names each.
_NAMED_BY = {ContentTheme: "name", SubGoal: "description", Audience: "name"}


def _name_key(text: str) -> str:
    """A name as compared when a file names a plan's row: case and spacing do not matter."""
    return " ".join(text.split()).casefold()


def _link_imported(
    row, name: str, value: Any, note: str, named: dict, typed_texts: bool
) -> str | None:
    """Point `row`'s `name` at the plan's row that `value` names, or say why not. In a file
    of typed texts, a text that names none of the plan's rows becomes the row's note."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        return _("Expected text.")
    related = row._meta.get_field(name).related_model
    target = named.get((related, _name_key(value)))
    if target is not None:
        setattr(row, name, target)
        return None
    if typed_texts:
        setattr(row, note, value.strip())
        return None
    return _("The plan has no %(kind)s named %(name)s.") % {
        "kind": related._meta.verbose_name,
        "name": json.dumps(value, ensure_ascii=False),
    }


def _build_plan_from_content(
    *, plan: StrategyPlan, content: dict[str, Any]
) -> tuple[list, list[ImportProblem]]:
    """Fill `plan` (unsaved) and its rows from snapshot data; validate everything, save
    nothing. Accounts and owners are matched in the plan's workspace. Every value's type is
    checked before the model validates it: a file is data from outside, and null for a text
    or a number for a date must be a problem listed, not a crash."""
    problems: list[ImportProblem] = []
    workspace = plan.workspace
    accounts = {
        (a.platform, a.handle.lower()): a for a in SocialAccount.objects.filter(workspace=workspace)
    }
    members = {u.email.lower(): u for u in User.objects.filter(memberships__workspace=workspace)}
    # A file from before audiences and sub-goals could be chosen has typed texts there: one
    # that names none of the plan's rows is kept as the row's note. In a newer file the text
    # is a row's name, and one the plan lacks is a problem.
    typed_texts = content.get("format_version", 1) == 1
    # (model, name as compared) -> the first row built of that model with that name: the
    # audiences and sub-goals come in earlier steps than the rows that choose them.
    named: dict[tuple[str, str], models.Model] = {}
    rows: list = []
    wrong_in_plan: list[str] = []
    for section in Section.values:
        part = content.get(section) or {}
        if not isinstance(part, dict):
            problems.append(ImportProblem(section, _("Expected an object.")))
            continue
        for name in SECTION_FIELDS[section]:
            if name in part and not _set_checked(plan, name, part[name], name, problems):
                wrong_in_plan.append(name)
        for item in SECTION_ITEMS[section]:
            values = part.get(item.name) or []
            if not isinstance(values, list):
                problems.append(ImportProblem(f"{section}.{item.name}", _("Expected a list.")))
                continue
            for index, raw in enumerate(values):
                where = f"{section}.{item.name}[{index + 1}]"
                if not isinstance(raw, dict):
                    problems.append(ImportProblem(where, _("Expected an object.")))
                    continue
                row = item.model(plan=plan, position=index)
                wrong: list[str] = []
                for name in item.fields:
                    if name not in raw:
                        continue  # an older file without it: the field's default
                    value = raw[name]
                    if item.model is ChannelPlan and name == "account":
                        account = None
                        if (
                            isinstance(value, dict)
                            and isinstance(value.get("platform"), str)
                            and isinstance(value.get("handle"), str)
                        ):
                            account = accounts.get((value["platform"], value["handle"].lower()))
                        if account is None:
                            problems.append(
                                ImportProblem(
                                    where,
                                    _(
                                        "No account %(account)s is registered in this "
                                        "workspace. Register it first."
                                    )
                                    % {"account": json.dumps(value, ensure_ascii=False)},
                                )
                            )
                            wrong.append(name)
                            continue
                        row.account = account
                    elif item.model is ChannelPlan and name == "owner":
                        if value is not None and not isinstance(value, str):
                            problems.append(
                                ImportProblem(
                                    f"{where}.{name}", _("Expected an email address (text).")
                                )
                            )
                            wrong.append(name)
                            continue
                        row.owner = members.get(value.lower()) if value else None
                        if value and row.owner is None:
                            problems.append(
                                ImportProblem(
                                    where,
                                    _("%(email)s is not a member of this workspace.")
                                    % {"email": value},
                                )
                            )
                    elif (item.model, name) in LINKS:
                        problem = _link_imported(
                            row, name, value, dict(item.notes)[name], named, typed_texts
                        )
                        if problem:
                            problems.append(ImportProblem(f"{where}.{name}", problem))
                            wrong.append(name)
                    elif not _set_checked(row, name, value, f"{where}.{name}", problems):
                        wrong.append(name)
                for link, note in item.notes:
                    kept = note in raw and getattr(row, link) is None and not getattr(row, note)
                    if kept and not _set_checked(row, note, raw[note], f"{where}.{note}", problems):
                        wrong.append(note)
                if item.model is ChannelPlan and "account" not in raw:
                    problems.append(ImportProblem(f"{where}.account", _("The account is missing.")))
                    continue
                if "account" in wrong:
                    continue  # nothing to validate the row against
                try:
                    row.full_clean(exclude=["plan", *wrong])
                except ValidationError as exc:
                    for name, messages in _messages(exc).items():
                        for message in messages:
                            problems.append(ImportProblem(f"{where}.{name}", message))
                rows.append(row)
                if item.model in _LINK_TARGETS:
                    text = getattr(row, _LINK_TARGETS[item.model])
                    if isinstance(text, str):
                        named.setdefault((item.model, _name_key(text)), row)
    try:
        plan.full_clean(exclude=wrong_in_plan)
    except ValidationError as exc:
        for name, messages in _messages(exc).items():
            for message in messages:
                problems.append(ImportProblem(name, message))
    return rows, problems


def _save_new_plan(plan: StrategyPlan, rows: list) -> StrategyPlan:
    plan.save()
    by_model: dict[type, list] = {}
    for row in rows:
        row.plan = plan
        by_model.setdefault(type(row), []).append(row)
    for model, model_rows in by_model.items():
        model.objects.bulk_create(model_rows)
    return plan


@transaction.atomic
def plan_copy(
    *,
    version: PlanVersion,
    by,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
) -> StrategyPlan:
    """Start the next period's plan from an approved version: a new draft with every answer.
    Channels on accounts that were closed since are left out."""
    source = version.plan
    require_role(user=by, workspace=source.workspace, role=Role.EDITOR)
    content = json.loads(json.dumps(version.content))
    open_accounts = set(
        SocialAccount.objects.filter(workspace=source.workspace)
        .exclude(status=SocialAccount.Status.CLOSED)
        .values_list("platform", "handle")
    )
    content["how"]["channels"] = [
        c
        for c in content["how"].get("channels", [])
        if (c["account"]["platform"], c["account"]["handle"]) in open_accounts
    ]
    plan = StrategyPlan(
        workspace=source.workspace,
        owner=by,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        reviewer=source.reviewer,
        based_on=version,
        updated_by=by,
    )
    rows, problems = _build_plan_from_content(plan=plan, content=content)
    if problems:
        raise ValidationError([str(p) for p in problems])
    return _save_new_plan(plan, rows)


def _parse_date(value: Any, where: str, problems: list[ImportProblem]) -> datetime.date | None:
    try:
        if not isinstance(value, str):  # 20260101 is no date, though "20260101" would parse
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(
            ImportProblem(where, _("Not a date (YYYY-MM-DD): %(value)s") % {"value": value})
        )
        return None


# Deeper than any exported plan goes; a file nested deeper is not one of ours.
IMPORT_MAX_DEPTH = 20


def _unstorable_texts(content) -> list[ImportProblem]:
    """Texts no database stores (a null character, a lone surrogate) and absurd nesting,
    anywhere in the file: walked without recursion, so a hostile file cannot exhaust the
    stack."""
    problems: list[ImportProblem] = []
    stack = [("", content, 0)]
    while stack:
        where, value, depth = stack.pop()
        if depth > IMPORT_MAX_DEPTH:
            return [ImportProblem(where, _("The file is nested too deeply to be a plan."))]
        if isinstance(value, dict):
            stack.extend((f"{where}.{k}" if where else k, v, depth + 1) for k, v in value.items())
            stack.extend((where, k, depth + 1) for k in value)  # the keys are texts too
        elif isinstance(value, list):
            stack.extend((f"{where}.{i}", v, depth + 1) for i, v in enumerate(value))
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(ImportProblem(where, _("This text is not valid Unicode.")))
            else:
                if "\x00" in value:
                    problems.append(ImportProblem(where, _("This text holds a null character.")))
    return problems


class PlanAlreadyHere(Exception):
    """The file holds a plan the workspace already has: nothing is imported."""

    def __init__(self, plan: StrategyPlan):
        super().__init__(plan.title)
        self.plan = plan


def _fingerprint(snapshot: dict[str, Any]) -> str:
    """The plan's content as the export writes it, in a form that two equal plans share."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _snapshot_of(plan: StrategyPlan) -> dict[str, Any]:
    return plan_snapshot(with_sections(StrategyPlan.objects.filter(pk=plan.pk)).get())


def _same_or_alike(plan: StrategyPlan, fingerprint: str) -> tuple[StrategyPlan | None, list]:
    """The workspace's plan with this content, if any (one imported from the same file, or
    one whose content now is the same, such as the plan the file was exported from), and
    the other plans of the same title and period."""
    others = StrategyPlan.objects.filter(workspace=plan.workspace).exclude(pk=plan.pk)
    imported = others.filter(import_fingerprint=fingerprint).order_by("created_at").first()
    if imported is not None:
        return imported, []
    alike = list(
        with_sections(
            others.filter(
                title=plan.title, period_start=plan.period_start, period_end=plan.period_end
            ).order_by("created_at")
        )
    )
    for other in alike:
        if _fingerprint(plan_snapshot(other)) == fingerprint:
            return other, []
    return None, alike


@transaction.atomic
def plan_import(*, workspace, by, raw: bytes, again: bool = False) -> StrategyPlan:
    """Create a draft plan from an exported JSON file. All or nothing: any problem, and
    PlanImportError lists every problem found, with where it is.

    The same file twice changes nothing: when the workspace has a plan with the file's
    content, PlanAlreadyHere names it and nothing is imported, unless `again` (a copy made
    on purpose). A new plan of the same title and period as others has them in `resembles`.
    Two imports of one file at the same moment are one: the workspace is locked before the
    check, so the second waits for the first and then finds its plan."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    if len(raw) > IMPORT_MAX_BYTES:
        raise PlanImportError([ImportProblem("", _("The file is larger than 2 MB."))])
    try:
        content = json.loads(raw.decode("utf-8"))
    # ValueError covers bad JSON and numbers of thousands of digits; RecursionError, absurd
    # nesting.
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PlanImportError(
            [ImportProblem("", _("This is not a plan exported from Strategy Planner (not JSON)."))]
        ) from None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise PlanImportError(
            [ImportProblem("", _("This JSON file is not a plan exported from Strategy Planner."))]
        )
    problems = _unstorable_texts(content)
    if problems:
        raise PlanImportError(problems)
    start = _parse_date(content.get("period_start"), "period_start", problems)
    end = _parse_date(content.get("period_end"), "period_end", problems)
    title = content.get("title")
    if not isinstance(title, str):
        problems.append(ImportProblem("title", _("Expected text.")))
        title = "?"  # not stored: the problem stops the import
    plan = StrategyPlan(
        workspace=workspace,
        owner=by,
        title=title.strip(),
        period_start=start,
        period_end=end,
        updated_by=by,
    )
    rows, more = _build_plan_from_content(plan=plan, content=content)
    problems.extend(more)
    if problems:
        raise PlanImportError(problems)
    list(Workspace.objects.select_for_update().filter(pk=workspace.pk).values_list("pk"))
    _save_new_plan(plan, rows)
    # Saved first and compared as the export would write it, so that whatever the file
    # spells differently (spacing, order, an older format) compares as the plan it makes;
    # a plan already here undoes the save.
    fingerprint = _fingerprint(_snapshot_of(plan))
    same, alike = _same_or_alike(plan, fingerprint)
    if same is not None and not again:
        raise PlanAlreadyHere(same)
    plan.import_fingerprint = fingerprint
    plan.save(update_fields=["import_fingerprint"])
    plan.resembles = alike
    return plan


def plan_export(*, plan: StrategyPlan) -> bytes:
    """The plan as a JSON file, readable by plan_import."""
    loaded = with_sections(StrategyPlan.objects.filter(pk=plan.pk)).get()
    return json.dumps(plan_snapshot(loaded), indent=2, ensure_ascii=False).encode("utf-8")
