"""Writing plans: the worksheet, the review, versions, copies and imports."""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts_registry.models import SocialAccount
from notifications.services import notify
from workspaces.access import require_role
from workspaces.models import Role
from workspaces.selectors import users_with_role

from .models import (
    ChannelPlan,
    NotificationKind,
    PlanComment,
    PlanTransition,
    PlanVersion,
    Section,
    StrategyPlan,
)
from .sections import SECTION_FIELDS, SECTION_ITEMS, ItemList
from .selectors import overlapping_approved_plans, plan_checklist
from .snapshot import FORMAT, plan_snapshot, with_sections

User = get_user_model()

# How long a reviewer has, by default, and when an approved plan is looked at again.
REVIEW_DAYS = 7
REREVIEW_MONTHS = 3
# An uploaded plan larger than this is refused before it is parsed.
IMPORT_MAX_BYTES = 2 * 1024 * 1024

Status = StrategyPlan.Status


class PlanConflict(Exception):
    """Someone else saved the same step after the form was opened."""

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
) -> StrategyPlan:
    """Change the title, the period, the reviewer and the review dates."""
    require_role(user=by, workspace=plan.workspace, role=Role.EDITOR)
    locked = _lock(plan)
    if not locked.is_editable:
        raise ValidationError(
            _("The plan can't be changed while it is %(status)s.")
            % {"status": locked.get_status_display()}
        )
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


@transaction.atomic
def plan_request_changes(*, plan: StrategyPlan, by, comment: str) -> StrategyPlan:
    """A reviewer sends the plan back with a comment; the editors can change it again."""
    require_role(user=by, workspace=plan.workspace, role=Role.REVIEWER)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    locked = _lock(plan)
    if locked.status != Status.IN_REVIEW:
        raise ValidationError(_("Only a plan in review can be sent back."))
    transition = _transition(plan=locked, to=Status.CHANGES_REQUESTED, by=by, comment=comment)
    locked.save(update_fields=["status"])
    notify(
        workspace=locked.workspace,
        recipients=_editors_to_tell(locked, by),
        kind=NotificationKind.PLAN_CHANGES_REQUESTED,
        key=f"plan-changes-requested:transition={transition.pk}",
        message=gettext_lazy("%(name)s asks for changes to “%(plan)s”: %(comment)s"),
        params={"name": by.display_name, "plan": locked.title, "comment": comment.strip()},
        link=_plan_link(locked),
    )
    return locked


@transaction.atomic
def plan_approve(
    *, plan: StrategyPlan, by, comment: str = "", archive_overlapping: bool = False
) -> PlanVersion:
    """A reviewer approves the plan: it becomes the reference for its period and an immutable
    version of it is kept. An approved plan whose period overlaps is archived, but only when
    the reviewer said so (PlanOverlap otherwise)."""
    require_role(user=by, workspace=plan.workspace, role=Role.REVIEWER)
    locked = _lock(plan)
    if locked.status != Status.IN_REVIEW:
        raise ValidationError(_("Only a plan in review can be approved."))
    # Lock the other approved plans of the workspace too: two approvals at the same moment
    # must not both see "no overlap".
    overlapping = list(overlapping_approved_plans(plan=locked).select_for_update())
    if overlapping and not archive_overlapping:
        raise PlanOverlap(overlapping)
    for other in overlapping:
        _transition(
            plan=other,
            to=Status.ARCHIVED,
            by=by,
            comment=_("Replaced by “%(plan)s”.") % {"plan": locked.title},
        )
        other.save(update_fields=["status"])

    transition = _transition(plan=locked, to=Status.APPROVED, by=by, comment=comment.strip())
    if locked.next_review_on is None or locked.next_review_on <= timezone.localdate():
        locked.next_review_on = timezone.localdate() + relativedelta(months=REREVIEW_MONTHS)
    locked.save(update_fields=["status", "next_review_on"])
    loaded = with_sections(StrategyPlan.objects.filter(pk=locked.pk)).get()
    version = PlanVersion.objects.create(
        plan=locked,
        number=locked.versions.count() + 1,
        content=plan_snapshot(loaded),
        approved_by=by,
    )
    notify(
        workspace=locked.workspace,
        recipients=_editors_to_tell(locked, by),
        kind=NotificationKind.PLAN_APPROVED,
        key=f"plan-approved:transition={transition.pk}",
        message=gettext_lazy("%(name)s approved “%(plan)s” (version %(number)s)."),
        params={"name": by.display_name, "plan": locked.title, "number": version.number},
        link=_plan_link(locked),
    )
    return version


@transaction.atomic
def plan_archive(*, plan: StrategyPlan, by) -> StrategyPlan:
    """Retire a plan; it and its versions stay readable."""
    require_role(user=by, workspace=plan.workspace, role=Role.REVIEWER)
    locked = _lock(plan)
    if locked.status == Status.ARCHIVED:
        return locked
    if locked.status == Status.IN_REVIEW:
        raise ValidationError(_("Finish the review before archiving the plan."))
    _transition(plan=locked, to=Status.ARCHIVED, by=by)
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def plan_comment_add(*, plan: StrategyPlan, by, section: str, body: str) -> PlanComment:
    """A comment next to one step's questions; the plan's owner is told."""
    require_role(user=by, workspace=plan.workspace, role=Role.EDITOR)
    comment = PlanComment(plan=plan, section=section, author=by, body=body.strip())
    comment.full_clean()
    comment.save()
    if plan.owner_id != by.pk:
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


def _build_plan_from_content(
    *, plan: StrategyPlan, content: dict[str, Any]
) -> tuple[list, list[ImportProblem]]:
    """Fill `plan` (unsaved) and its rows from snapshot data; validate everything, save
    nothing. Accounts and owners are matched in the plan's workspace."""
    problems: list[ImportProblem] = []
    workspace = plan.workspace
    accounts = {
        (a.platform, a.handle.lower()): a for a in SocialAccount.objects.filter(workspace=workspace)
    }
    members = {u.email.lower(): u for u in User.objects.filter(memberships__workspace=workspace)}
    rows: list = []
    for section in Section.values:
        part = content.get(section) or {}
        if not isinstance(part, dict):
            problems.append(ImportProblem(section, _("Expected an object.")))
            continue
        for name in SECTION_FIELDS[section]:
            if name in part:
                setattr(plan, name, part[name])
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
                for name in item.fields:
                    value = raw.get(name)
                    if item.model is ChannelPlan and name == "account":
                        account = None
                        if isinstance(value, dict):
                            account = accounts.get(
                                (value.get("platform"), str(value.get("handle", "")).lower())
                            )
                        if account is None:
                            problems.append(
                                ImportProblem(
                                    where,
                                    _(
                                        "No account %(account)s is registered in this "
                                        "workspace. Register it first."
                                    )
                                    % {"account": value},
                                )
                            )
                            break
                        row.account = account
                    elif item.model is ChannelPlan and name == "owner":
                        row.owner = members.get(str(value).lower()) if value else None
                        if value and row.owner is None:
                            problems.append(
                                ImportProblem(
                                    where,
                                    _("%(email)s is not a member of this workspace.")
                                    % {"email": value},
                                )
                            )
                    else:
                        setattr(row, name, value)
                else:
                    try:
                        row.full_clean(exclude=["plan"])
                    except ValidationError as exc:
                        for name, messages in _messages(exc).items():
                            for message in messages:
                                problems.append(ImportProblem(f"{where}.{name}", message))
                    rows.append(row)
    try:
        plan.full_clean()
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
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.append(
            ImportProblem(where, _("Not a date (YYYY-MM-DD): %(value)s") % {"value": value})
        )
        return None


@transaction.atomic
def plan_import(*, workspace, by, raw: bytes) -> StrategyPlan:
    """Create a draft plan from an exported JSON file. All or nothing: any problem, and
    PlanImportError lists every problem found, with where it is."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    if len(raw) > IMPORT_MAX_BYTES:
        raise PlanImportError([ImportProblem("", _("The file is larger than 2 MB."))])
    try:
        content = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PlanImportError(
            [ImportProblem("", _("This is not a plan exported from Strategy Planner (not JSON)."))]
        ) from None
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise PlanImportError(
            [ImportProblem("", _("This JSON file is not a plan exported from Strategy Planner."))]
        )
    problems: list[ImportProblem] = []
    start = _parse_date(content.get("period_start"), "period_start", problems)
    end = _parse_date(content.get("period_end"), "period_end", problems)
    plan = StrategyPlan(
        workspace=workspace,
        owner=by,
        title=str(content.get("title") or "").strip(),
        period_start=start,
        period_end=end,
        updated_by=by,
    )
    rows, more = _build_plan_from_content(plan=plan, content=content)
    problems.extend(more)
    if problems:
        raise PlanImportError(problems)
    return _save_new_plan(plan, rows)


def plan_export(*, plan: StrategyPlan) -> bytes:
    """The plan as a JSON file, readable by plan_import."""
    loaded = with_sections(StrategyPlan.objects.filter(pk=plan.pk)).get()
    return json.dumps(plan_snapshot(loaded), indent=2, ensure_ascii=False).encode("utf-8")
