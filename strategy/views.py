import datetime

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from workspaces.access import workspace_view
from workspaces.models import Role
from workspaces.revisions import cached_fragment, cached_object_page, render_fragment
from workspaces.selectors import for_workspace, get_for_workspace_or_404

from . import selectors, services
from .forms import (
    CommentForm,
    ImportForm,
    PlanCopyForm,
    PlanCreateForm,
    PlanDetailsForm,
    ReviewForm,
    formset_rows,
    gone_rows,
    opened_token,
    read_opened,
    reopen_rows,
    rows_after_save,
    rows_left_out,
    step_form_class,
    step_formsets,
)
from .models import PlanVersion, Section, StrategyPlan
from .sections import field_label
from .snapshot import (
    answers_conflict,
    plan_snapshot,
    present,
    rows_conflict,
    snapshot_diff,
    typed_row_label,
)

STEPS = Section.values


def _plan(request, pk: int) -> StrategyPlan:
    return selectors.plan_with_sections(workspace=request.workspace, pk=pk)


def _to_plan(request, plan: StrategyPlan):
    return redirect("strategy:plan_detail", workspace=request.workspace.slug, pk=plan.pk)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@workspace_view()
def plan_list(request):
    plans = list(selectors.plans_of_workspace(workspace=request.workspace))
    by_status = {status: [] for status in StrategyPlan.Status.values}
    for plan in plans:
        by_status[plan.status].append(plan)
    context = {
        "plans": plans,
        "groups": [(label, by_status[value]) for value, label in StrategyPlan.Status.choices],
        "current": selectors.current_approved_plan(workspace=request.workspace),
    }
    return render(request, "strategy/plan_list.html", context)


@workspace_view()
def plan_create(request):
    today = timezone.localdate()
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    next_quarter = quarter_start + relativedelta(months=3)
    form = PlanCreateForm(
        request.POST or None,
        workspace=request.workspace,
        initial={
            "period_start": next_quarter,
            "period_end": next_quarter + relativedelta(months=3, days=-1),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                workspace=request.workspace, owner=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(
                "strategy:plan_step", workspace=request.workspace.slug, pk=plan.pk, step="why"
            )
    return render(request, "strategy/plan_create.html", {"form": form})


@workspace_view()
def plan_details(request, pk: int):
    plan = _plan(request, pk)
    if not plan.is_editable:
        messages.info(
            request,
            _("The plan is %(status)s: it can't be changed.")
            % {"status": plan.get_status_display()},
        )
        return _to_plan(request, plan)
    form = PlanDetailsForm(request.POST or None, instance=plan, workspace=request.workspace)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        revision = values.pop("revision") or None
        try:
            services.plan_update_details(plan=plan, by=request.user, revision=revision, **values)
        except services.PlanConflict as exc:
            conflict = {"changes": _details_conflict(values, exc.plan)}
            # Saving again now is a deliberate overwrite of what they saved.
            data = request.POST.copy()
            data["revision"] = services.plan_details_revision(exc.plan)
            form = PlanDetailsForm(data, instance=plan, workspace=request.workspace)
            form.is_valid()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The plan's details are saved."))
            return _to_plan(request, plan)
    return render(
        request,
        "strategy/plan_details.html",
        {"plan": plan, "form": form, "conflict": conflict},
    )


def _details_conflict(typed: dict, saved: StrategyPlan) -> list[tuple[str, str]]:
    """(label, what they saved) for each detail that differs from what this person typed."""
    changes = []
    for name in services.DETAIL_FIELDS:
        theirs = getattr(saved, name)
        if typed.get(name) == theirs:
            continue
        if theirs is None:
            shown = "—"
        elif isinstance(theirs, datetime.date):
            shown = date_format(theirs, "DATE_FORMAT")
        elif name == "reviewer":
            shown = theirs.display_name
        else:
            shown = str(theirs)
        changes.append((field_label(StrategyPlan, name), shown))
    return changes


def _typed_rows(formset) -> tuple[list[dict], set[int]]:
    """The rows a (validated) formset holds, as typed, and the ids it was opened with."""
    typed, opened = [], set()
    for index, row in enumerate(formset.forms):
        if index < formset.initial_form_count() and row.instance.pk:
            opened.add(row.instance.pk)
        values = getattr(row, "cleaned_data", {})
        if not values or values.get("DELETE"):
            continue
        typed.append({**values, "id": row.instance.pk if row.instance.pk in opened else None})
    return typed, opened


def _step_conflict(request, *, plan: StrategyPlan, step: str, formsets):
    """Someone else saved the step after this person opened it, or deleted rows they still
    edit. Nothing is saved; the page shows what the other person changed since this person
    opened the step (the form carries that state), next to the input, which is kept. An
    answer only the other person changed is taken into the form, so saving again keeps it;
    where both changed an answer, this person's is in the form and theirs is shown, and saving
    again is a deliberate choice. Returns the new form, the new formsets and what the
    conflict box shows."""
    current = selectors.plan_with_sections(workspace=request.workspace, pk=plan.pk)
    opened = read_opened(request.POST.get("opened", ""))
    gone = gone_rows(formsets)
    data, moved = reopen_rows(request.POST, formsets)
    data["revision"] = current.revision_of(step)
    data["opened"] = opened_token(current, step)
    form = step_form_class(step)(data, instance=plan, section=step)
    form.is_valid()
    changes = answers_conflict(
        step,
        typed=getattr(form, "cleaned_data", {}),
        saved=current,
        opened=opened["answers"] if opened else None,
    )
    taken = [change.name for change in changes if change.yours is None]
    if taken:
        unbound = step_form_class(step)(instance=current, section=step)
        for name in taken:
            value = unbound[name].value()
            if isinstance(value, list | tuple):
                data.setlist(name, [str(v) for v in value])
            else:
                data[name] = "" if value is None else str(value)
        form = step_form_class(step)(data, instance=plan, section=step)
        form.is_valid()
    formsets = step_formsets(section=step, plan=plan, data=data)
    theirs = present(plan_snapshot(current), sections=[step])[0]
    items = []
    for formset, table in zip(formsets, theirs.lists, strict=True):
        formset.is_valid()
        typed, opened_ids = _typed_rows(formset)
        diff = rows_conflict(
            formset.item,
            typed=typed,
            opened=opened_ids,
            saved=list(getattr(current, formset.item.name).all()),
            gone=[
                typed_row_label(formset.item, getattr(formset.forms[i], "cleaned_data", {}))
                for i in moved.get(formset.prefix, [])
            ],
            opened_rows=opened["rows"].get(formset.item.name) if opened else None,
        )
        if diff:
            items.append((diff, table))
    conflict = {
        "by": current.updated_by,
        "at": current.updated_at,
        "changes": [change for change in changes if change.yours is not None],
        "taken": [change for change in changes if change.yours is None],
        "items": items,
        "gone": bool(gone),
    }
    return form, formsets, conflict


@workspace_view()
def plan_step(request, pk: int, step: str):
    """One step of the worksheet. Every way out of the step (save, next, another step) saves
    it, and a form with an error keeps everything that was typed. Opened again without a
    change to the workspace, the step comes from the fragment cache (workspaces/revisions.py):
    its form carries the plan's fingerprint as of that revision, so a save from it is checked
    for conflicts as any other."""
    if step not in STEPS:
        raise Http404
    if request.method != "POST":
        # Just what the lock and the page's title need; the rest only when not cached.
        plan = get_for_workspace_or_404(
            StrategyPlan.objects.only("title", "status", "workspace_id"),
            workspace=request.workspace,
            pk=pk,
        )
        if not plan.is_editable:
            return _plan_step_locked(request, plan)
        body = cached_fragment(
            request,
            name="plan_step",
            template="strategy/_plan_step_body.html",
            context=lambda: _plan_step_context(
                request,
                plan=selectors.plan_for_step(workspace=request.workspace, pk=pk, step=step),
                step=step,
            ),
        )
        return _plan_step_page(request, plan=plan, step=step, body=body)

    plan = selectors.plan_for_step(workspace=request.workspace, pk=pk, step=step)
    if not plan.is_editable:
        return _plan_step_locked(request, plan)
    form = step_form_class(step)(request.POST, instance=plan, section=step)
    formsets = step_formsets(section=step, plan=plan, data=request.POST)
    # A row someone else deleted meanwhile is a conflict too, not an error on a hidden id.
    in_conflict = bool(gone_rows(formsets))
    # The rows the step is saved without (a channel on an account the registry has not), or
    # None when something else is wrong and nothing is saved.
    left_out = None
    if not in_conflict and form.is_valid():
        valid = all(fs.is_valid() for fs in formsets)
        left_out = {} if valid else (rows_left_out(formsets) or None)
    if left_out is not None:
        try:
            services.plan_section_save(
                plan=plan,
                section=step,
                by=request.user,
                revision=form.cleaned_data["revision"],
                values=form.answers(),
                items={
                    fs.item.name: formset_rows(fs, left_out=left_out.get(fs.prefix, ()))
                    for fs in formsets
                },
            )
        except services.PlanConflict:
            in_conflict = True
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            commented = _comment_with_the_step(request, plan=plan, step=step)
            if left_out:
                return _plan_step_saved_without(
                    request, pk=plan.pk, step=step, formsets=formsets, left_out=left_out
                )
            target = request.POST.get("go", step)
            if commented:
                messages.success(request, _("Saved, and your comment is added."))
                return redirect(
                    "strategy:plan_step", workspace=request.workspace.slug, pk=plan.pk, step=step
                )
            if target == "overview":
                _warn_about_the_mix(request, form)
                return _to_plan(request, plan)
            if target not in STEPS:
                target = step
            if not _warn_about_the_mix(request, form):
                messages.success(request, _("Saved."))
            return redirect(
                "strategy:plan_step", workspace=request.workspace.slug, pk=plan.pk, step=target
            )
    conflict = None
    if in_conflict:
        form, formsets, conflict = _step_conflict(request, plan=plan, step=step, formsets=formsets)
    else:
        messages.error(request, _("Nothing was saved yet: please correct the fields marked."))
    context = _plan_step_context(
        request, plan=plan, step=step, form=form, formsets=formsets, conflict=conflict
    )
    # Nothing saved, so no comment added either: what was typed in its box stays there.
    context["comment_typed"] = request.POST.get("comment_body", "")
    body = render_fragment(request, "strategy/_plan_step_body.html", context)
    return _plan_step_page(request, plan=plan, step=step, body=body)


def _comment_with_the_step(request, *, plan: StrategyPlan, step: str) -> bool:
    """The step's comment box belongs to the step's form: "Save the step and comment" saves
    the step, then adds the comment. Whether a comment was added."""
    body = request.POST.get("comment_body", "")
    if request.POST.get("go") != "comment" or not body.strip():
        return False
    services.plan_comment_add(plan=plan, by=request.user, section=step, body=body)
    return True


def _warn_about_the_mix(request, form) -> bool:
    """A mix that is not 100 is saved (a draft may be unfinished), but the person hears it at
    once, also when they go on to another step. Whether it was said."""
    total = form.mix_total
    if total is None or total == 100:
        return False
    messages.warning(
        request,
        _(
            "Saved. The content mix adds up to %(total)s%%; it must be 100%% before the plan "
            "can be submitted."
        )
        % {"total": total},
    )
    return True


def _plan_step_saved_without(request, *, pk: int, step: str, formsets, left_out):
    """The step was saved without the rows `left_out`: the page again, with those rows as
    typed and their errors, every saved row by its id, and the revision this save made, so
    that saving again conflicts only with what someone else saved after it."""
    plan = selectors.plan_for_step(workspace=request.workspace, pk=pk, step=step)
    data = rows_after_save(request.POST, formsets, plan=plan, left_out=left_out)
    data["revision"] = plan.revision_of(step)
    data["opened"] = opened_token(plan, step)
    form = step_form_class(step)(data, instance=plan, section=step)
    form.is_valid()
    formsets = step_formsets(section=step, plan=plan, data=data)
    for formset in formsets:
        formset.is_valid()
    count = sum(len(rows) for rows in left_out.values())
    messages.warning(
        request,
        ngettext(
            "The step is saved, except the channel marked below: its account must be one from "
            "the registry. What you typed in it is kept.",
            "The step is saved, except the %(count)s channels marked below: each account must "
            "be one from the registry. What you typed in them is kept.",
            count,
        )
        % {"count": count},
    )
    context = _plan_step_context(request, plan=plan, step=step, form=form, formsets=formsets)
    body = render_fragment(request, "strategy/_plan_step_body.html", context)
    return _plan_step_page(request, plan=plan, step=step, body=body)


def _plan_step_locked(request, plan: StrategyPlan):
    messages.info(
        request,
        _("The plan is %(status)s, so it is locked for editing.")
        % {"status": plan.get_status_display()},
    )
    return _to_plan(request, plan)


def _plan_step_page(request, *, plan: StrategyPlan, step: str, body: str):
    context = {"plan": plan, "step_label": Section(step).label, "body": body}
    return render(request, "strategy/plan_step.html", context)


def _plan_step_context(
    request, *, plan: StrategyPlan, step: str, form=None, formsets=None, conflict=None
) -> dict:
    """What the step's body shows: the forms (unbound unless given), the steps' progress, the
    comments on this step and the change request being answered."""
    if form is None:
        form = step_form_class(step)(instance=plan, section=step)
        formsets = step_formsets(section=step, plan=plan, data=None)
    index = STEPS.index(step)
    checklist = selectors.plan_checklist(plan)
    change_request = (
        plan.transitions.filter(to_status=StrategyPlan.Status.CHANGES_REQUESTED)
        .select_related("by")
        .last()
        if plan.status == StrategyPlan.Status.CHANGES_REQUESTED
        else None
    )
    return {
        "plan": plan,
        "step": step,
        "step_label": Section(step).label,
        "question": selectors.STEP_QUESTIONS[step],
        "steps": [(s, Section(s).label, checklist.is_complete(s)) for s in STEPS],
        "previous_step": STEPS[index - 1] if index else None,
        "next_step": STEPS[index + 1] if index + 1 < len(STEPS) else None,
        "form": form,
        "formsets": formsets,
        "checklist": checklist,
        "comments": list(plan.comments.filter(section=step).select_related("author")),
        "conflict": conflict,
        "change_request": change_request,
    }


def _cached_plan_page(request, pk: int, *, name: str, context) -> tuple[StrategyPlan, str]:
    """The plan and the page's body, kept in the cache under the workspace's revision
    (workspaces/revisions.py): `context(request, pk)` is only called when the body is not
    there; from the cache, the plan is read with just its title."""
    return cached_object_page(
        request,
        name=name,
        template=f"strategy/_{name}_body.html",
        context=lambda: context(request, pk),
        subject="plan",
        lookup=lambda: get_for_workspace_or_404(
            StrategyPlan.objects.only("title", "workspace_id"), workspace=request.workspace, pk=pk
        ),
    )


@workspace_view()
def plan_detail(request, pk: int):
    """The whole plan, read-only: the review page for reviewers, the overview for everyone.
    Read far more often than the workspace changes: its body is cached (_cached_plan_page)."""
    plan, body = _cached_plan_page(request, pk, name="plan_detail", context=_plan_detail_context)
    return render(request, "strategy/plan_detail.html", {"plan": plan, "body": body})


def _plan_detail_context(request, pk: int) -> dict:
    plan = _plan(request, pk)
    checklist = selectors.plan_checklist(plan)
    comments = list(plan.comments.select_related("author"))
    snapshot = plan_snapshot(plan)
    content = present(snapshot)
    for section in content:
        section.comments = [c for c in comments if c.section == section.section]
    drafts = selectors.comment_drafts_of(plan=plan, user=request.user)
    for section in content:
        section.draft = drafts.get(section.section, "")
    transitions = list(plan.transitions.select_related("by"))
    change_requests = [
        t for t in transitions if t.to_status == StrategyPlan.Status.CHANGES_REQUESTED
    ]
    # A plan that comes back after changes were requested: what changed since the reviewer
    # last saw it.
    reviewed = (
        selectors.last_reviewed_submission(plan=plan)
        if plan.status == StrategyPlan.Status.IN_REVIEW
        else None
    )
    submitted = [t for t in transitions if t.to_status == StrategyPlan.Status.IN_REVIEW]
    # Four eyes: whoever submitted the plan approves it only where the workspace allows it.
    own_submission = (
        plan.status == StrategyPlan.Status.IN_REVIEW
        and bool(submitted)
        and submitted[-1].by_id == request.user.pk
        and not request.workspace.allow_self_approval
    )
    context = {
        "own_submission": own_submission,
        "review_draft": drafts.get("review", ""),
        "reviewed_submission": reviewed,
        "since_submission": snapshot_diff(reviewed.content, snapshot) if reviewed else None,
        "amendment": selectors.open_amendment(plan=plan)
        if plan.status == StrategyPlan.Status.APPROVED
        else None,
        "plan": plan,
        "content": content,
        "checklist": checklist,
        "versions": list(selectors.versions_of(plan=plan)),
        "transitions": transitions,
        "change_request": change_requests[-1] if change_requests else None,
        "can_review": request.membership.has_role(Role.REVIEWER)
        and plan.status == StrategyPlan.Status.IN_REVIEW,
        "review_form": ReviewForm(),
        "sections": Section.choices,
    }
    return context


@workspace_view()
@require_POST
def plan_submit(request, pk: int):
    plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=pk)
    try:
        services.plan_submit(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(
            request, _("The plan can't be submitted yet: %(why)s") % {"why": _error_text(exc)}
        )
    else:
        messages.success(request, _("The plan is submitted for review."))
    return _to_plan(request, plan)


@workspace_view()
@require_POST
def plan_withdraw(request, pk: int):
    plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=pk)
    try:
        services.plan_withdraw(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The plan is withdrawn from review and can be edited again."))
    return _to_plan(request, plan)


@workspace_view()
@require_POST
def plan_amend(request, pk: int):
    plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=pk)
    try:
        amendment = services.plan_amend(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _to_plan(request, plan)
    messages.success(
        request,
        _(
            "The amendment is a draft. The calendar follows the approved plan until the "
            "amendment is approved."
        ),
    )
    return redirect(
        "strategy:plan_step", workspace=request.workspace.slug, pk=amendment.pk, step="why"
    )


def _typed_comments(request) -> dict[str, str]:
    """What is typed on the review page, which is one form: the review comment ("review")
    and each step's comment (by its section)."""
    typed = {"review": request.POST.get("comment", "")}
    for section in STEPS:
        typed[section] = request.POST.get(f"body-{section}", "")
    return {key: value for key, value in typed.items() if value.strip()}


def _step_comments(request, plan: StrategyPlan) -> dict[str, str]:
    """The step comments that go with a review's outcome: typed now, or kept as drafts."""
    kept = selectors.comment_drafts_of(plan=plan, user=request.user)
    typed = {**kept, **_typed_comments(request)}
    typed.pop("review", None)
    return typed


@workspace_view(Role.REVIEWER)
@require_POST
def plan_request_changes(request, pk: int):
    plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.plan_request_changes(
            plan=plan,
            by=request.user,
            comment=form.cleaned_data.get("comment", ""),
            step_comments=_step_comments(request, plan),
        )
    except ValidationError as exc:
        # The page is shown again with everything typed on it.
        services.comment_drafts_keep(plan=plan, by=request.user, texts=_typed_comments(request))
        messages.error(request, _error_text(exc))
    except PermissionError as exc:
        raise PermissionDenied from exc
    else:
        messages.success(request, _("The plan is sent back with your comment."))
    return _to_plan(request, plan)


@workspace_view(Role.REVIEWER)
@require_POST
def plan_approve(request, pk: int):
    plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        version = services.plan_approve(
            plan=plan,
            by=request.user,
            comment=comment,
            archive_overlapping=request.POST.get("archive_overlapping") == "1",
            step_comments=_step_comments(request, plan),
        )
    except services.PlanOverlap as exc:
        # Asked first; what was typed waits as a draft, whether they go on or cancel.
        services.comment_drafts_keep(plan=plan, by=request.user, texts=_typed_comments(request))
        return render(
            request,
            "strategy/plan_approve_overlap.html",
            {"plan": plan, "overlapping": exc.plans, "comment": comment},
        )
    except ValidationError as exc:
        services.comment_drafts_keep(plan=plan, by=request.user, texts=_typed_comments(request))
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _approved_words(plan, version.number))
    return _to_plan(request, plan)


def _approved_words(plan, number: int) -> str:
    """Which plan the calendar follows after this approval, truthfully."""
    when, current = selectors.calendar_follows(plan=plan)
    params = {
        "number": number,
        "start": date_format(plan.period_start, "DATE_FORMAT"),
        "current": current.title if current else "",
    }
    if when == "now":
        return (
            _("Approved. Version %(number)s is kept, and the calendar now follows this plan.")
            % params
        )
    if when == "later" and current:
        return (
            _(
                "Approved. Version %(number)s is kept. The calendar follows “%(current)s” until "
                "this plan's period begins on %(start)s."
            )
            % params
        )
    if when == "later":
        return (
            _(
                "Approved. Version %(number)s is kept. The calendar follows this plan from "
                "%(start)s; no approved plan covers today."
            )
            % params
        )
    if current:
        return (
            _(
                "Approved. Version %(number)s is kept. Its period is over, so the calendar follows "
                "“%(current)s”."
            )
            % params
        )
    return (
        _(
            "Approved. Version %(number)s is kept. Its period is over, so the calendar follows no "
            "plan today."
        )
        % params
    )


@workspace_view(Role.REVIEWER)
def plan_archive(request, pk: int):
    """GET asks first (changing nothing); POST archives."""
    plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=pk)
    if request.method != "POST":
        if plan.status in (StrategyPlan.Status.ARCHIVED, StrategyPlan.Status.IN_REVIEW):
            return _to_plan(request, plan)
        return render(request, "strategy/plan_archive.html", {"plan": plan})
    try:
        services.plan_archive(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The plan is archived."))
    return _to_plan(request, plan)


@workspace_view()
@require_POST
def plan_comment(request, pk: int):
    """Add one step's comment. On the review page every comment box and the review comment
    are one form: what is typed in the others is kept as this person's draft, not lost."""
    plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=pk)
    section = request.POST.get("section", "")
    body = request.POST.get(f"body-{section}", request.POST.get("body", ""))
    form = CommentForm({"section": section, "body": body})
    typed = _typed_comments(request)
    if form.is_valid():
        services.plan_comment_add(
            plan=plan,
            by=request.user,
            section=form.cleaned_data["section"],
            body=form.cleaned_data["body"],
        )
        typed.pop(section, None)
        messages.success(request, _("Your comment is added."))
    else:
        messages.error(request, _("Write a comment first."))
    if "comment" in request.POST:  # sent from the review page
        services.comment_drafts_keep(plan=plan, by=request.user, texts=typed)
    back = request.POST.get("next")
    if back in STEPS and plan.is_editable:
        return redirect("strategy:plan_step", workspace=request.workspace.slug, pk=pk, step=back)
    url = reverse("strategy:plan_detail", kwargs={"workspace": request.workspace.slug, "pk": pk})
    return redirect(f"{url}#{section}" if section in STEPS else url)


def _version(request, pk: int) -> PlanVersion:
    return get_for_workspace_or_404(
        PlanVersion.objects.select_related("plan", "plan__owner", "plan__reviewer", "approved_by"),
        workspace=request.workspace,
        via="plan__workspace",
        pk=pk,
    )


@workspace_view()
def version_detail(request, pk: int):
    version = _version(request, pk)
    return render(
        request,
        "strategy/version_detail.html",
        {"version": version, "plan": version.plan, "content": present(version.content)},
    )


@workspace_view()
def plan_copy(request, pk: int):
    """Start the next period's plan from an approved version."""
    version = _version(request, pk)
    source = version.plan
    length = source.period_end - source.period_start
    start = source.period_end + datetime.timedelta(days=1)
    form = PlanCopyForm(
        request.POST or None,
        initial={
            "title": source.title,
            "period_start": start,
            "period_end": start + length,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_copy(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "A new draft is started from version %(number)s. Change what the new "
                    "period asks for."
                )
                % {"number": version.number},
            )
            return redirect(
                "strategy:plan_step", workspace=request.workspace.slug, pk=plan.pk, step="why"
            )
    return render(request, "strategy/plan_copy.html", {"form": form, "version": version})


@workspace_view()
def plan_compare(request, pk: int):
    """Two states of a plan side by side: two versions, or a version and the current draft.
    Its body is cached as the review page's (_cached_plan_page)."""
    plan, body = _cached_plan_page(request, pk, name="plan_compare", context=_plan_compare_context)
    return render(request, "strategy/plan_compare.html", {"plan": plan, "body": body})


def _plan_compare_context(request, pk: int) -> dict:
    plan = _plan(request, pk)
    # The dropdowns need a label per version, not the whole plan each version keeps: the
    # content is read only for the (at most two) versions compared, in one query.
    versions = list(
        for_workspace(PlanVersion, workspace=request.workspace, via="plan__workspace")
        .select_related("plan")
        .only("number", "approved_at", "plan__title")
        .order_by("-approved_at")
    )
    by_id = {str(v.pk): v for v in versions}
    # What was handed to the reviewer in each round, too: "s<id>".
    submissions = list(plan.submissions.only("number", "submitted_at", "plan_id"))
    by_submission = {f"s{sub.pk}": sub for sub in submissions}
    choices = (
        [("current", _("This plan as it is now"))]
        + [(str(v.pk), f"{v.plan.title} — v{v.number}") for v in versions]
        + [
            (
                key,
                _("Submitted for review, round %(number)s (%(date)s)")
                % {"number": sub.number, "date": date_format(sub.submitted_at, "DATE_FORMAT")},
            )
            for key, sub in by_submission.items()
        ]
    )
    default_old = (
        str(plan.based_on_id)
        if plan.based_on_id
        else (
            str(versions[1].pk) if len(versions) > 1 else (str(versions[0].pk) if versions else "")
        )
    )
    old_key = request.GET.get("from", default_old)
    new_key = request.GET.get("to", "current")

    compared = [by_id[key].pk for key in (old_key, new_key) if key in by_id]
    contents = (
        dict(PlanVersion.objects.filter(pk__in=compared).values_list("pk", "content"))
        if compared
        else {}
    )

    submitted = [by_submission[key].pk for key in (old_key, new_key) if key in by_submission]
    submitted_contents = (
        dict(plan.submissions.filter(pk__in=submitted).values_list("pk", "content"))
        if submitted
        else {}
    )

    def content_of(key):
        if key == "current":
            return plan_snapshot(plan)
        if key in by_submission:
            return submitted_contents.get(by_submission[key].pk)
        version = by_id.get(key)
        return contents.get(version.pk) if version else None

    old, new = content_of(old_key), content_of(new_key)
    diff = snapshot_diff(old, new) if old is not None and new is not None else None
    context = {
        "plan": plan,
        "choices": choices,
        "old_key": old_key,
        "new_key": new_key,
        "diff": diff,
    }
    return context


@workspace_view()
def plan_print(request, pk: int):
    plan = _plan(request, pk)
    return render(
        request,
        "strategy/plan_print.html",
        {"plan": plan, "content": present(plan_snapshot(plan)), "printed_at": timezone.now()},
    )


@workspace_view()
def plan_export(request, pk: int):
    plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=pk)
    response = HttpResponse(services.plan_export(plan=plan), content_type="application/json")
    filename = f"{slugify(plan.title) or 'plan'}-{plan.period_start:%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@workspace_view()
def plan_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    already_here = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.IMPORT_MAX_BYTES:
            problems = [services.ImportProblem("", _("The file is larger than 2 MB."))]
        else:
            try:
                plan = services.plan_import(
                    workspace=request.workspace,
                    by=request.user,
                    raw=upload.read(),
                    again=form.cleaned_data["again"],
                )
            except services.PlanImportError as exc:
                problems = exc.problems
            except services.PlanAlreadyHere as exc:
                already_here = exc.plan
            else:
                messages.success(
                    request,
                    _("The plan “%(title)s” is imported as a draft.") % {"title": plan.title},
                )
                if plan.resembles:
                    like = plan.resembles[0]
                    messages.info(
                        request,
                        format_html(
                            _("It resembles {link}, which has the same title and period."),
                            link=format_html(
                                '<a href="{}">{}</a>',
                                reverse(
                                    "strategy:plan_detail",
                                    kwargs={"workspace": request.workspace.slug, "pk": like.pk},
                                ),
                                like.title,
                            ),
                        ),
                    )
                return _to_plan(request, plan)
    return render(
        request,
        "strategy/plan_import.html",
        {"form": form, "problems": problems, "already_here": already_here},
    )
