import base64
import binascii

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspaces.access import workspace_view
from workspaces.models import Role
from workspaces.selectors import get_for_workspace_or_404

from . import exchange, selectors, services
from .forms import (
    AccountFilterForm,
    AccountForm,
    ConfirmStepForm,
    GrantForm,
    HandoverForm,
    ImportForm,
    RegistrySettingsForm,
)
from .models import AccessGrant, Handover, HandoverStep, RegistrySettings, SocialAccount


def _account(request, pk: int) -> SocialAccount:
    return get_for_workspace_or_404(
        selectors.accounts_with_risks(workspace=request.workspace),
        workspace=request.workspace,
        pk=pk,
    )


def _to_account(request, account):
    return redirect("registry:account_detail", workspace=request.workspace.slug, pk=account.pk)


@workspace_view()
def account_list(request):
    workspace = request.workspace
    filters = AccountFilterForm(request.GET or None, workspace=workspace)
    accounts = selectors.accounts_with_risks(workspace=workspace)
    if filters.is_valid():
        data = filters.cleaned_data
        accounts = selectors.filter_accounts(
            accounts,
            platform=data["platform"],
            owner=data["owner"].pk if data["owner"] else None,
            status=data["status"],
            risk=data["risk"],
        )
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    for account in page.object_list:
        account.risks = selectors.risks_of(account)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "summary": selectors.risk_summary(workspace=workspace),
        "query": query.urlencode(),
    }
    return render(request, "accounts_registry/account_list.html", context)


@workspace_view()
def account_create(request):
    form = AccountForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.account_create(
                workspace=request.workspace, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(account)s is registered.") % {"account": account})
            return _to_account(request, account)
    return render(request, "accounts_registry/account_form.html", {"form": form})


@workspace_view()
def account_edit(request, pk: int):
    account = _account(request, pk)
    form = AccountForm(request.POST or None, instance=account, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(account=account, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The account is saved."))
            return _to_account(request, account)
    return render(
        request, "accounts_registry/account_form.html", {"form": form, "account": account}
    )


@workspace_view()
def account_detail(request, pk: int):
    account = _account(request, pk)
    grants = list(selectors.grants_of(account=account))
    context = {
        "account": account,
        "risks": selectors.risks_of(account),
        "grants": grants,
        "grant_form": GrantForm(workspace=request.workspace),
        "history": selectors.account_history(account=account),
    }
    return render(request, "accounts_registry/account_detail.html", context)


@workspace_view()
@require_POST
def grant_add(request, pk: int):
    account = _account(request, pk)
    form = GrantForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        try:
            services.grant_add(account=account, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The access is recorded."))
    else:
        messages.error(request, _("Choose a member or name the outside person, and a level."))
    return _to_account(request, account)


@workspace_view()
def grant_revoke(request, pk: int):
    """GET asks first (changing nothing); POST revokes."""
    grant = get_for_workspace_or_404(
        AccessGrant.objects.select_related("account", "member"),
        workspace=request.workspace,
        via="account__workspace",
        pk=pk,
    )
    if request.method != "POST":
        if not grant.is_active:
            return _to_account(request, grant.account)
        return render(request, "accounts_registry/grant_revoke.html", {"grant": grant})
    services.grant_revoke(grant=grant, by=request.user)
    messages.success(request, _("The access of %(name)s is revoked.") % {"name": grant.holder})
    return _to_account(request, grant.account)


@workspace_view(Role.ADMIN)
def registry_settings(request):
    instance = RegistrySettings.objects.filter(workspace=request.workspace).first()
    form = RegistrySettingsForm(
        request.POST or None, instance=instance or RegistrySettings(workspace=request.workspace)
    )
    if request.method == "POST" and form.is_valid():
        services.registry_settings_update(
            workspace=request.workspace, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The registry's settings are saved."))
        return redirect("registry:index", workspace=request.workspace.slug)
    return render(request, "accounts_registry/settings.html", {"form": form})


@workspace_view()
def account_export(request):
    response = HttpResponse(
        exchange.registry_csv(workspace=request.workspace), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="accounts-{request.workspace.slug}-{stamp}.csv"'
    )
    return response


@workspace_view()
def account_import(request):
    """Upload → a preview of every row (nothing written) → confirm → all or nothing."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report, csv_text = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload is not None:
            raw = upload.read(exchange.MAX_BYTES + 1)
        else:
            try:
                raw = base64.b64decode(form.cleaned_data["csv_text"], validate=True)
            except (binascii.Error, ValueError):
                raw = b""
        commit = request.POST.get("confirm") == "1" and upload is None
        report = exchange.registry_import(
            workspace=request.workspace, by=request.user, raw=raw, commit=commit
        )
        if commit and report.ok:
            messages.success(
                request,
                _("Imported: %(created)s accounts registered, %(updated)s updated.")
                % {"created": report.created, "updated": report.updated},
            )
            return redirect("registry:index", workspace=request.workspace.slug)
        csv_text = base64.b64encode(raw).decode() if report.ok else ""
    return render(
        request,
        "accounts_registry/account_import.html",
        {"form": form, "report": report, "csv_text": csv_text, "columns": exchange.COLUMNS},
    )


@workspace_view()
def handover_list(request):
    handovers = list(selectors.handovers_of_workspace(workspace=request.workspace))
    return render(request, "accounts_registry/handover_list.html", {"handovers": handovers})


@workspace_view(Role.REVIEWER)
def handover_start(request):
    form = HandoverForm(request.POST or None, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            handover = services.handover_start(
                workspace=request.workspace, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The handover is started."))
            return redirect(
                "registry:handover_detail", workspace=request.workspace.slug, pk=handover.pk
            )
    return render(request, "accounts_registry/handover_start.html", {"form": form})


def _handover(request, pk: int) -> Handover:
    return get_for_workspace_or_404(
        Handover.objects.select_related("leaver", "successor", "started_by"),
        workspace=request.workspace,
        pk=pk,
    )


def _steps_by_account(handover: Handover, user, role) -> list[tuple[SocialAccount, list]]:
    steps = list(
        handover.steps.select_related("account", "confirmed_by").order_by(
            "account__platform", "account__handle", "position"
        )
    )
    grouped: dict[int, tuple[SocialAccount, list]] = {}
    for step in steps:
        step.handover = handover
        step.can_confirm = (
            not step.is_done
            and not handover.is_complete
            and services.may_confirm(step=step, user=user, role=role)
        )
        grouped.setdefault(step.account_id, (step.account, []))[1].append(step)
    return list(grouped.values())


@workspace_view()
def handover_detail(request, pk: int):
    handover = _handover(request, pk)
    groups = _steps_by_account(handover, request.user, request.membership.role)
    steps = [s for _account, items in groups for s in items]
    context = {
        "handover": handover,
        "groups": groups,
        "done": sum(s.is_done for s in steps),
        "total": len(steps),
        "late": not handover.is_complete and handover.deadline < timezone.localdate(),
    }
    return render(request, "accounts_registry/handover_detail.html", context)


@workspace_view()
@require_POST
def handover_step_confirm(request, pk: int):
    step = get_for_workspace_or_404(
        HandoverStep.objects.select_related("handover"),
        workspace=request.workspace,
        via="handover__workspace",
        pk=pk,
    )
    form = ConfirmStepForm(request.POST)
    form.is_valid()
    try:
        services.handover_step_confirm(
            step=step, by=request.user, note=form.cleaned_data.get("note", "")
        )
    except PermissionError as exc:
        raise PermissionDenied from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        step.handover.refresh_from_db()
        if step.handover.is_complete:
            messages.success(request, _("Every step is confirmed: the handover is complete."))
        else:
            messages.success(request, _("The step is confirmed."))
    return redirect(
        "registry:handover_detail", workspace=request.workspace.slug, pk=step.handover_id
    )


@workspace_view()
def handover_report(request, pk: int):
    handover = _handover(request, pk)
    groups = _steps_by_account(handover, request.user, request.membership.role)
    return render(
        request,
        "accounts_registry/handover_report.html",
        {"handover": handover, "groups": groups, "printed_at": timezone.now()},
    )
