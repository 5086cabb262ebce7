"""The results pages for check-ins: the plan at a glance, a sub-goal's path and check-ins, the
month's figures, and the CSV import. Parse, call the service, render."""

import base64
import binascii

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from workspaces.access import workspace_view
from workspaces.models import Role
from workspaces.selectors import get_for_workspace_or_404

from ..forms.checkins import CheckInEditForm, CheckInForm, FiguresForm, ImportForm
from ..models import CheckIn
from ..selectors import checkins as selectors
from ..selectors.progress import plan_progress
from ..services import checkins as services


def _sub_goal_url(request, sub_goal):
    return redirect("results:sub_goal", workspace=request.workspace.slug, pk=sub_goal.pk)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@workspace_view(Role.EDITOR)
def overview(request):
    plan = selectors.chosen_plan(workspace=request.workspace, pk=request.GET.get("plan"))
    return render(
        request,
        "results/checkins_overview.html",
        {
            "plan": plan,
            "plans": selectors.plans_to_choose(workspace=request.workspace),
            "goals": plan_progress(plan=plan) if plan else [],
        },
    )


@workspace_view(Role.EDITOR)
def sub_goal(request, pk: int):
    goal = selectors.sub_goal_of_workspace(workspace=request.workspace, pk=pk)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_record(
                sub_goal=goal, by=request.user, workspace=request.workspace, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The check-in is saved."))
            return _sub_goal_url(request, goal)
    return render(
        request,
        "results/checkins_sub_goal.html",
        {"goal": goal, "form": form, **selectors.sub_goal_page(sub_goal=goal)},
    )


def _check_in(request, pk: int) -> CheckIn:
    return get_for_workspace_or_404(
        CheckIn.objects.select_related("sub_goal", "workspace"), workspace=request.workspace, pk=pk
    )


@workspace_view(Role.EDITOR)
def check_in_edit(request, pk: int):
    check_in = _check_in(request, pk)
    fields = ("measured_on", "value", "source", "note", "revision")
    form = CheckInEditForm(request.POST or None, initial={f: getattr(check_in, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in_update(check_in=check_in, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "stale":
                # Their change is shown; the next save, made knowing it, replaces it.
                check_in.refresh_from_db()
                form.data = form.data.copy()
                form.data["revision"] = check_in.revision
            _add_errors(form, exc)
        else:
            messages.success(request, _("The check-in is saved."))
            return _sub_goal_url(request, check_in.sub_goal)
    return render(request, "results/checkins_edit.html", {"check_in": check_in, "form": form})


@workspace_view(Role.EDITOR)
def check_in_delete(request, pk: int):
    check_in = _check_in(request, pk)
    if request.method == "POST":
        services.check_in_delete(check_in=check_in, by=request.user)
        messages.success(request, _("The check-in is deleted."))
        return _sub_goal_url(request, check_in.sub_goal)
    return render(request, "results/checkins_delete.html", {"check_in": check_in})


@workspace_view(Role.EDITOR)
def check_in_bulk(request):
    plan = selectors.chosen_plan(workspace=request.workspace, pk=request.GET.get("plan"))
    goals = selectors.sub_goals_for_figures(plan=plan) if plan else []
    form = FiguresForm(request.POST or None, sub_goals=goals)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if not values:
            form.add_error(None, _("Fill in at least one value."))
        else:
            try:
                services.check_ins_record_many(
                    workspace=request.workspace,
                    by=request.user,
                    measured_on=form.cleaned_data["measured_on"],
                    values=values,
                )
            except ValidationError as exc:
                for key, errors in exc.message_dict.items():
                    name = key if key == "measured_on" else f"value_{key}"
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(
                    request, _("%(count)s check-ins are saved.") % {"count": len(values)}
                )
                return redirect("results:overview", workspace=request.workspace.slug)
    return render(
        request,
        "results/checkins_bulk.html",
        {
            "plan": plan,
            "plans": selectors.plans_to_choose(workspace=request.workspace),
            "form": form,
        },
    )


def _column_choices(post) -> dict[int, str]:
    return {
        int(key.removeprefix("column_")): value
        for key, value in post.items()
        if key.startswith("column_") and key.removeprefix("column_").isdigit() and value
    }


@workspace_view(Role.EDITOR)
def check_in_import(request):
    """Upload → a preview of every row (nothing written) → confirm → all or nothing."""
    plan = selectors.chosen_plan(workspace=request.workspace, pk=request.GET.get("plan"))
    form = ImportForm(request.POST or None, request.FILES or None)
    report, csv_text = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload is not None:
            raw, columns = upload.read(services.MAX_BYTES + 1), {}
        else:
            try:
                raw = base64.b64decode(form.cleaned_data["csv_text"], validate=True)
            except (binascii.Error, ValueError):
                raw = b""
            columns = _column_choices(request.POST)
        commit = request.POST.get("confirm") == "1" and upload is None
        report = services.check_ins_import(
            workspace=request.workspace,
            by=request.user,
            raw=raw,
            plan=plan,
            commit=commit,
            columns=columns,
            previewed=request.POST.get("previewed") if commit else None,
        )
        if report.saved:
            messages.success(
                request,
                _(
                    "Imported: %(created)s check-ins added, %(updated)s corrected, %(same)s "
                    "unchanged."
                )
                % {"created": report.created, "updated": report.updated, "same": report.unchanged},
            )
            return redirect("results:overview", workspace=request.workspace.slug)
        csv_text = base64.b64encode(raw).decode() if report.readable else ""
    return render(
        request,
        "results/checkins_import.html",
        {
            "plan": plan,
            "form": form,
            "report": report,
            "csv_text": csv_text,
            "columns": services.COLUMNS,
            "column_choices": [(c, services.column_label(c)) for c in services.COLUMNS],
            "ignore": services.IGNORE,
        },
    )
