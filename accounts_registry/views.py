import base64
import binascii

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from workspaces.access import workspace_view
from workspaces.models import Role
from workspaces.revisions import cached_fragment, cached_object_page
from workspaces.selectors import get_for_workspace_or_404

from . import exchange, handover_hooks, selectors, services
from .forms import (
    AccountFilterForm,
    AccountForm,
    ConfirmStepForm,
    GrantForm,
    HandoverForm,
    ImportForm,
    RegistrySettingsForm,
    WorkTakerForm,
)
from .models import AccessGrant, Handover, HandoverStep, RegistrySettings, SocialAccount


def _account(request, pk: int) -> SocialAccount:
    return get_for_workspace_or_404(
        selectors.account_with_risks(workspace=request.workspace),
        workspace=request.workspace,
        pk=pk,
    )


def _to_account(request, account):
    return redirect("registry:account_detail", workspace=request.workspace.slug, pk=account.pk)


# A pk no object has, to find where the pk goes in a reversed address.
_SOME_PK = 987654321


def _before_pk(name: str, **kwargs) -> str:
    """The address of `name` up to the object's pk: a page of many rows reverses it once, and
    its template adds each row's pk and the rest of the address, instead of reversing per row
    (tests compare the result with reverse())."""
    url = reverse(name, kwargs={**kwargs, "pk": _SOME_PK})
    return url[: url.index(str(_SOME_PK))]


ACCOUNTS_PER_PAGE = 50


@workspace_view()
def account_list(request):
    """The registry, a page of accounts at a time, with the risks of all at a glance. Read far
    more often than the registry changes: its body is kept in the cache under the workspace's
    revision, which any change raises (workspaces/revisions.py)."""
    body = cached_fragment(
        request,
        name="registry_list",
        template="accounts_registry/_account_list_body.html",
        context=lambda: _account_list_context(request),
    )
    return render(request, "accounts_registry/account_list.html", {"body": body})


def _account_list_context(request) -> dict:
    workspace = request.workspace
    filters = AccountFilterForm(request.GET or None, workspace=workspace)
    # The risk flags are built once, for the summary and for the page.
    everything = selectors.accounts_with_risk_flags(workspace=workspace)
    summary = selectors.registry_summary(workspace=workspace, accounts=everything)
    accounts, filtered = everything, False
    if filters.is_valid():
        data = filters.cleaned_data
        accounts = selectors.filter_accounts(
            everything,
            platform=data["platform"],
            owner=data["owner"].pk if data["owner"] else None,
            status=data["status"],
            risk=data["risk"],
        )
        filtered = any(data.values())
    # What a row shows: the account's other fields (its notes, say) are not read.
    accounts = accounts.only(
        "platform",
        "handle",
        "purpose",
        "status",
        "login_email",
        "business_owner__name",
        "business_owner__email",
    )
    paginator = Paginator(accounts, ACCOUNTS_PER_PAGE)
    if not filtered:
        paginator.count = summary.accounts  # counted with the summary: no query of its own
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.with_risks_in_words(
        page.object_list, active_on_platform=selectors.active_on_platforms(workspace=workspace)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "filters": filters,
        "summary": summary.risks,
        "query": query.urlencode(),
        "accounts_prefix": _before_pk("registry:account_detail", workspace=workspace.slug),
    }


@workspace_view()
def account_create(request):
    # A page that links here for an account it does not find (a worksheet's channel row)
    # passes what was typed, so it need not be typed again.
    initial = {name: request.GET[name] for name in ("platform", "handle") if request.GET.get(name)}
    form = AccountForm(request.POST or None, workspace=request.workspace, initial=initial)
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


HISTORY_PER_PAGE = 20
# Beyond this, ?history= is not a page anyone reached by the links.
HISTORY_PAGES = 1000


@workspace_view()
def account_detail(request, pk: int):
    """An account, who can reach it, and its history a page at a time. Its body is cached as
    the registry list's (account_list)."""
    # From the cache, the account is read by its name only (for the page's title).
    account, body = cached_object_page(
        request,
        name="registry_account",
        template="accounts_registry/_account_detail_body.html",
        context=lambda: _account_detail_context(request, pk),
        subject="account",
        lookup=lambda: get_for_workspace_or_404(
            SocialAccount.objects.only("platform", "handle", "workspace_id"),
            workspace=request.workspace,
            pk=pk,
        ),
    )
    return render(
        request, "accounts_registry/account_detail.html", {"account": account, "body": body}
    )


def _account_detail_context(request, pk: int) -> dict:
    account = _account(request, pk)
    try:
        history_page = min(max(1, int(request.GET.get("history", 1))), HISTORY_PAGES)
    except ValueError:
        history_page = 1
    return {
        "account": account,
        "risks": selectors.risks_of(account),
        "grants": selectors.grants_in_words(selectors.grants_of(account=account)),
        "grant_form": GrantForm(workspace=request.workspace),
        "history": selectors.account_history_page(
            account=account, page=history_page, per_page=HISTORY_PER_PAGE
        ),
        "revoke_prefix": _before_pk("registry:grant_revoke", workspace=request.workspace.slug),
    }


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


def _import_choices(post) -> dict:
    """The preview's choices, as sent back by its form."""
    columns = {
        int(key.removeprefix("column_")): value
        for key, value in post.items()
        if key.startswith("column_") and key.removeprefix("column_").isdigit() and value
    }
    owners = {}
    for key, email in post.items():
        if key.startswith("owner_email_"):
            choice = post.get("owner_" + key.removeprefix("owner_email_"), "")
            if choice:
                owners[email.strip().lower()] = choice
    rows = {
        int(key.removeprefix("row_")): value
        for key, value in post.items()
        if key.startswith("row_") and key.removeprefix("row_").isdigit() and value
    }
    return {
        "columns": columns,
        "owners": owners,
        "rows": rows,
        "update_all": post.get("update_all", ""),
    }


@workspace_view()
def account_import(request):
    """Upload → a preview of every row, with the columns as read and what to choose
    (nothing written) → confirm → all or nothing. Confirming imports what was previewed:
    changed choices are previewed again first."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report, csv_text = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload is not None:
            raw = upload.read(exchange.MAX_BYTES + 1)
            choices = _import_choices({})
        else:
            try:
                raw = base64.b64decode(form.cleaned_data["csv_text"], validate=True)
            except (binascii.Error, ValueError):
                raw = b""
            choices = _import_choices(request.POST)
        commit = request.POST.get("confirm") == "1" and upload is None
        report = exchange.registry_import(
            workspace=request.workspace,
            by=request.user,
            raw=raw,
            commit=commit,
            previewed=request.POST.get("previewed") if commit else None,
            **choices,
        )
        if commit and report.ok and not report.changed_since_preview:
            messages.success(
                request,
                _(
                    "Imported: %(created)s accounts registered, %(updated)s updated, "
                    "%(unchanged)s already registered, %(skipped)s skipped."
                )
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "skipped": report.skipped,
                },
            )
            if report.invitations:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s business owner is invited to the workspace.",
                        "%(count)s business owners are invited to the workspace.",
                        report.invitations,
                    )
                    % {"count": report.invitations},
                )
            return redirect("registry:index", workspace=request.workspace.slug)
        csv_text = base64.b64encode(raw).decode() if report.readable else ""
    return render(
        request,
        "accounts_registry/account_import.html",
        {
            "form": form,
            "report": report,
            "csv_text": csv_text,
            "columns": exchange.COLUMNS,
            "column_choices": [(c, exchange.column_label(c)) for c in exchange.COLUMNS],
            "ignore": exchange.IGNORE,
            "roles": Role.choices,
        },
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
        Handover.objects.select_related("leaver", "successor", "started_by", "work_to"),
        workspace=request.workspace,
        pk=pk,
    )


def _steps_by_account(
    handover: Handover, user, role
) -> list[tuple[selectors.StepAccount, list[selectors.StepRow]]]:
    """The handover's steps per account, each marked with whether this person may confirm
    it. Who may confirm a step depends on its kind and the handover only (may_confirm), so
    that is asked once per kind rather than once per step."""
    may_confirm = {
        kind: not handover.is_complete
        and services.may_confirm(
            step=HandoverStep(kind=kind, handover=handover), user=user, role=role
        )
        for kind in HandoverStep.Kind.values
    }
    grouped: dict[int, tuple[selectors.StepAccount, list[selectors.StepRow]]] = {}
    for step in selectors.handover_steps(handover=handover):
        step.can_confirm = not step.is_done and may_confirm.get(step.kind, False)
        step.undo_allowed = not handover.is_complete and services.may_undo(
            step=step, user=user, role=role
        )
        grouped.setdefault(step.account_id, (step.account, []))[1].append(step)
    return list(grouped.values())


@workspace_view()
def handover_detail(request, pk: int):
    """A handover's steps per account, each confirmed where it is this person's to confirm.
    Its body is cached as the registry list's (account_list)."""
    # From the cache, the handover is read with just the leaver's name (for the page's title).
    handover, body = cached_object_page(
        request,
        name="registry_handover",
        template="accounts_registry/_handover_detail_body.html",
        context=lambda: _handover_detail_context(request, pk),
        subject="handover",
        lookup=lambda: get_for_workspace_or_404(
            Handover.objects.select_related("leaver").only(
                "workspace_id", "leaver__name", "leaver__email"
            ),
            workspace=request.workspace,
            pk=pk,
        ),
    )
    return render(
        request, "accounts_registry/handover_detail.html", {"handover": handover, "body": body}
    )


def _handover_detail_context(request, pk: int) -> dict:
    handover = _handover(request, pk)
    groups = _steps_by_account(handover, request.user, request.membership.role)
    steps = [s for _account, items in groups for s in items]
    done = sum(s.is_done for s in steps)
    all_done = done == len(steps)
    return {
        "handover": handover,
        "groups": groups,
        "done": done,
        "total": len(steps),
        "late": not handover.is_complete and handover.deadline < timezone.localdate(),
        # Every step is done, yet the registry still ties something to the leaver.
        "ties": selectors.leaver_ties(handover=handover)
        if all_done and not handover.is_complete
        else [],
        "may_complete": all_done
        and not handover.is_complete
        and Role.rank(request.membership.role) >= Role.rank(Role.REVIEWER),
        "two_factor_choices": SocialAccount.TwoFactor.choices,
        "level_choices": AccessGrant.Level.choices,
        "today": timezone.localdate(),
        **_work_context(request, handover),
    }


def _work_context(request, handover: Handover) -> dict:
    """The leaver's work in the calendar and the plans: what moves to whom while the
    handover is open (three queries), what moved once it is complete (none)."""
    taker = handover.work_to or handover.successor
    if handover.is_complete:
        return {
            "work_taker": taker,
            "moved_work": [
                handover_hooks.Work.from_json(w)
                for w in handover.moved_work or []
                if isinstance(w, dict)
            ],
        }
    takers = list(
        services.work_takers(handover=handover).order_by("name", "email").only("name", "email")
    )
    return {
        "work_taker": taker,
        "held_work": handover_hooks.held_work(workspace=handover.workspace, person=handover.leaver),
        "work_takers": takers,
        # The chosen person left the workspace (or lost the role) since they were chosen.
        "work_taker_gone": taker.pk not in {t.pk for t in takers},
        "may_choose_work_taker": Role.rank(request.membership.role) >= Role.rank(Role.REVIEWER),
    }


def _step_for(request, pk: int) -> HandoverStep:
    return get_for_workspace_or_404(
        HandoverStep.objects.select_related("handover"),
        workspace=request.workspace,
        via="handover__workspace",
        pk=pk,
    )


@workspace_view()
@require_POST
def handover_step_confirm(request, pk: int):
    """Confirm a step with what it writes to the account. A refusal shows the page again
    with what was typed and the reason at the field, never a blank form."""
    step = _step_for(request, pk)
    form = ConfirmStepForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        services.handover_step_confirm(step=step, by=request.user, **form.cleaned_data)
    except PermissionError as exc:
        raise PermissionDenied from exc
    except ValidationError as exc:
        context = _handover_detail_context(request, step.handover_id)
        errors = dict(exc.message_dict) if hasattr(exc, "error_dict") else {}
        # Not a field's error: shown above the step's fields (a template can't say __all__).
        errors["step"] = errors.pop("__all__", []) + ([] if errors else exc.messages)
        context["retry"] = {"pk": step.pk, "values": request.POST, "errors": errors}
        return render(request, "accounts_registry/handover_detail_retry.html", context, status=400)
    step.handover.refresh_from_db()
    if step.handover.is_complete:
        messages.success(request, _("Every step is confirmed: the handover is complete."))
    else:
        messages.success(request, _("The step is confirmed."))
    return redirect(
        "registry:handover_detail", workspace=request.workspace.slug, pk=step.handover_id
    )


@workspace_view()
@require_POST
def handover_step_undo(request, pk: int):
    step = _step_for(request, pk)
    try:
        services.handover_step_undo(step=step, by=request.user)
    except PermissionError as exc:
        raise PermissionDenied from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The step is open again; the account is as it was."))
    return redirect(
        "registry:handover_detail", workspace=request.workspace.slug, pk=step.handover_id
    )


@workspace_view(Role.REVIEWER)
@require_POST
def handover_complete(request, pk: int):
    handover = _handover(request, pk)
    try:
        services.handover_complete(handover=handover, by=request.user)
    except ValidationError as exc:
        messages.error(
            request,
            _("The handover cannot complete yet: %(ties)s") % {"ties": " ".join(exc.messages)},
        )
    else:
        messages.success(request, _("The handover is complete."))
    return redirect("registry:handover_detail", workspace=request.workspace.slug, pk=handover.pk)


@workspace_view(Role.REVIEWER)
@require_POST
def handover_work_taker(request, pk: int):
    """Choose who takes over the leaver's posts and channels when the handover completes."""
    handover = _handover(request, pk)
    form = WorkTakerForm(request.POST, takers=services.work_takers(handover=handover))
    try:
        if not form.is_valid():
            raise ValidationError(
                _("Choose a member of this workspace to take over the work."), code="work_taker"
            )
        handover = services.handover_choose_work_taker(
            handover=handover, by=request.user, person=form.cleaned_data["person"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s takes over the work when the handover completes.")
            % {"name": form.cleaned_data["person"].display_name},
        )
    return redirect("registry:handover_detail", workspace=request.workspace.slug, pk=handover.pk)


@workspace_view()
def handover_report(request, pk: int):
    handover = _handover(request, pk)
    groups = _steps_by_account(handover, request.user, request.membership.role)
    return render(
        request,
        "accounts_registry/handover_report.html",
        {
            "handover": handover,
            "groups": groups,
            "printed_at": timezone.now(),
            **_work_context(request, handover),
        },
    )
