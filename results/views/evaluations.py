"""The evaluation at a period's end: start it, write the lessons, sign it off, print or
export it, and start the next period from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from strategy.models import StrategyPlan
from workspaces.access import workspace_view
from workspaces.models import Role
from workspaces.selectors import get_for_workspace_or_404

from ..forms.evaluations import EvaluationStartForm, LessonsForm
from ..models import Evaluation
from ..selectors import evaluations as selectors
from ..services import evaluations as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _evaluation(request, pk: int) -> Evaluation:
    return get_for_workspace_or_404(
        selectors.evaluations_of(workspace=request.workspace), workspace=request.workspace, pk=pk
    )


def _back(evaluation: Evaluation):
    return redirect("results:evaluation", workspace=evaluation.workspace.slug, pk=evaluation.pk)


@workspace_view()
def evaluations(request):
    return render(
        request,
        "results/evaluation_list.html",
        {
            "evaluations": selectors.evaluations_of(workspace=request.workspace),
            "plans": selectors.plans_to_evaluate(workspace=request.workspace),
        },
    )


@workspace_view()
def evaluation_start(request, pk: int):
    plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=pk)
    form = EvaluationStartForm(
        request.POST or None, days=selectors.evaluation_end_choices(plan=plan)
    )
    if request.method == "POST" and form.is_valid():
        end = form.cleaned_data["period_end"]
        try:
            evaluation = services.evaluation_start(plan=plan, by=request.user, period_end=end)
        except ValidationError as exc:
            if exc.code != "exists":
                raise
            messages.info(request, exc.messages[0])
            return _back(Evaluation.objects.get(plan=plan, period_end=end))
        return _back(evaluation)
    return render(request, "results/evaluation_start.html", {"plan": plan, "form": form})


@workspace_view()
def evaluation(request, pk: int):
    evaluation = _evaluation(request, pk)
    form = LessonsForm(
        request.POST or None, instance=evaluation, initial={"revision": evaluation.revision}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_update(
                evaluation=evaluation, by=request.user, **form.cleaned_data
            )
        except services.EvaluationConflict as exc:
            conflict = exc.evaluation
            form.data = form.data.copy()
            form.data["revision"] = exc.evaluation.revision
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if "ask_sign_off" in request.POST:
                services.evaluation_ask_sign_off(evaluation=evaluation, by=request.user)
                messages.success(request, _("The lessons are saved and the reviewer is asked."))
            else:
                messages.success(request, _("The lessons are saved."))
            return _back(evaluation)
    figures = selectors.present(selectors.figures_of(evaluation=evaluation))
    return render(
        request,
        "results/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "figures": figures,
            "form": form,
            "conflict": conflict,
            "may_sign_off": request.membership.has_role(Role.REVIEWER),
        },
    )


@workspace_view(Role.REVIEWER)
@require_POST
def evaluation_sign_off(request, pk: int):
    evaluation = _evaluation(request, pk)
    try:
        services.evaluation_sign_off(evaluation=evaluation, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The evaluation is signed off; its figures are kept."))
    return _back(evaluation)


@workspace_view()
@require_POST
def evaluation_next(request, pk: int):
    evaluation = _evaluation(request, pk)
    try:
        plan = services.evaluation_next(evaluation=evaluation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(evaluation)
    messages.success(request, _("The next period's plan is started, with the lessons in it."))
    return redirect("strategy:plan_detail", workspace=request.workspace.slug, pk=plan.pk)


@workspace_view()
def evaluation_print(request, pk: int):
    evaluation = _evaluation(request, pk)
    figures = selectors.present(selectors.figures_of(evaluation=evaluation))
    return render(
        request,
        "results/evaluation_print.html",
        {"evaluation": evaluation, "figures": figures, "printed_at": timezone.now()},
    )


@workspace_view()
def evaluation_export(request, pk: int):
    evaluation = _evaluation(request, pk)
    response = HttpResponse(selectors.evaluation_workbook(evaluation=evaluation), content_type=XLSX)
    name = f"{slugify(evaluation.plan.title) or 'plan'}-{evaluation.period_end:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="evaluation-{name}.xlsx"'
    return response
