"""The cost of a period: the hourly cost, the money spent, and cost against value."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from strategy.models import StrategyPlan
from workspaces.access import workspace_view
from workspaces.models import Role
from workspaces.selectors import get_for_workspace_or_404

from ..forms.costs import CostsFilterForm, ResultsSettingsForm, SpendForm
from ..models import ResultsSettings, Spend
from ..selectors import costs as selectors
from ..services import costs as services


@workspace_view(Role.ADMIN)
def results_settings(request):
    instance = ResultsSettings.objects.filter(workspace=request.workspace).first()
    form = ResultsSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.results_settings_save(
            workspace=request.workspace,
            by=request.user,
            hourly_cost=form.cleaned_data["hourly_cost"],
        )
        messages.success(request, _("The results settings are saved."))
        return redirect("results:settings", workspace=request.workspace.slug)
    return render(request, "results/costs_settings.html", {"form": form})


@workspace_view()
def spends(request):
    plans = selectors.plans_for_costs(workspace=request.workspace)
    form = SpendForm(request.POST or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.spend_create(by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The spend is added."))
            return redirect("results:spends", workspace=request.workspace.slug)
    spend_list = (
        Spend.objects.filter(workspace=request.workspace)
        .select_related("plan", "recorded_by")
        .order_by("-spent_on", "-pk")[:200]
    )
    return render(request, "results/costs_spends.html", {"form": form, "spends": spend_list})


@workspace_view()
@require_POST
def spend_delete(request, pk: int):
    spend = get_for_workspace_or_404(Spend, workspace=request.workspace, pk=pk)
    services.spend_delete(spend=spend, by=request.user)
    messages.success(request, _("The spend is removed."))
    return redirect("results:spends", workspace=request.workspace.slug)


@workspace_view()
def costs(request):
    plans = list(selectors.plans_for_costs(workspace=request.workspace))
    query = CostsFilterForm(request.GET)
    chosen = query.cleaned_data.get("plan") if query.is_valid() else None
    plan = None
    if chosen:
        plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=chosen)
    elif plans:
        plan = next((p for p in plans if p.status == StrategyPlan.Status.APPROVED), plans[0])
    report = selectors.cost_report(plan=plan) if plan else None
    return render(
        request, "results/costs_report.html", {"plans": plans, "plan": plan, "report": report}
    )
