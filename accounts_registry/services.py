"""Writing the registry: accounts, access grants, and the handover when someone leaves."""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import notify
from workspaces.access import require_role
from workspaces.models import Membership, Role
from workspaces.selectors import role_of, users_with_role

from .models import (
    AccessGrant,
    Handover,
    HandoverStep,
    NotificationKind,
    RegistrySettings,
    SocialAccount,
)
from .selectors import accounts_with_risks

User = get_user_model()

ACCOUNT_FIELDS = (
    "platform",
    "handle",
    "profile_url",
    "purpose",
    "business_owner",
    "login_email",
    "two_factor",
    "recovery_holder",
    "vault_reference",
    "password_changed_on",
    "status",
    "notes",
)


def _check_member(*, workspace, user, field: str) -> None:
    if user is not None and not Membership.objects.filter(workspace=workspace, user=user).exists():
        raise ValidationError({field: _("Choose a member of this workspace.")})


def _save_account(account: SocialAccount, by) -> SocialAccount:
    account.login_email = account.login_email.strip().lower()
    account.handle = account.handle.strip()
    account.full_clean()
    account._history_user = by  # who made the change, for the audit history
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"handle": _("This workspace already registers an account with this handle.")}
        ) from exc
    return account


@transaction.atomic
def account_create(*, workspace, by, **fields: Any) -> SocialAccount:
    """Register a company account (never with a password: see secrets.refuse_secrets)."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    _check_member(workspace=workspace, user=fields.get("business_owner"), field="business_owner")
    account = SocialAccount(
        workspace=workspace, **{k: fields[k] for k in fields if k in ACCOUNT_FIELDS}
    )
    return _save_account(account, by)


@transaction.atomic
def account_update(*, account: SocialAccount, by, **fields: Any) -> SocialAccount:
    require_role(user=by, workspace=account.workspace, role=Role.EDITOR)
    _check_member(
        workspace=account.workspace, user=fields.get("business_owner"), field="business_owner"
    )
    for name, value in fields.items():
        if name in ACCOUNT_FIELDS:
            setattr(account, name, value)
    return _save_account(account, by)


@transaction.atomic
def grant_add(
    *,
    account: SocialAccount,
    by,
    level: str,
    member=None,
    outside_name: str = "",
    outside_email: str = "",
) -> AccessGrant:
    """Record that someone (a member, or an outside person such as an agency) can reach the
    account. A member who already holds an active grant keeps one."""
    require_role(user=by, workspace=account.workspace, role=Role.EDITOR)
    if member is None and not outside_name.strip():
        raise ValidationError(_("Choose a member, or name the outside person or agency."))
    _check_member(workspace=account.workspace, user=member, field="member")
    if (
        member is not None
        and account.grants.filter(member=member, revoked_at__isnull=True).exists()
    ):
        raise ValidationError(
            _("%(name)s already has access to this account.") % {"name": member.display_name}
        )
    grant = AccessGrant(
        account=account,
        member=member,
        outside_name="" if member else outside_name.strip(),
        outside_email="" if member else outside_email.strip().lower(),
        level=level,
        granted_by=by,
    )
    grant.full_clean()
    grant._history_user = by
    grant.save()
    return grant


@transaction.atomic
def grant_revoke(*, grant: AccessGrant, by) -> AccessGrant:
    """End a grant. It stays in the history, with who revoked it and when."""
    require_role(user=by, workspace=grant.account.workspace, role=Role.EDITOR)
    grant = AccessGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is None:
        grant.revoked_at, grant.revoked_by = timezone.now(), by
        grant._history_user = by
        grant.save(update_fields=["revoked_at", "revoked_by"])
    return grant


@transaction.atomic
def registry_settings_update(*, workspace, by, password_rotation_days: int) -> RegistrySettings:
    require_role(user=by, workspace=workspace, role=Role.ADMIN)
    settings, _created = RegistrySettings.objects.get_or_create(workspace=workspace)
    settings.password_rotation_days = password_rotation_days
    settings.full_clean()
    settings.save()
    return settings


# --- The handover -------------------------------------------------------------------------

Kind = HandoverStep.Kind
CLOSED_ACCOUNT_SKIPS = (Kind.CHANGE_PASSWORD, Kind.MOVE_RECOVERY, Kind.SUCCESSOR_CONFIRMS)


def _steps_for(account: SocialAccount, *, leaver, active_grant_holders: set[int]) -> list:
    """The steps one account needs; a step that does not apply carries the reason.

    A closed account keeps the steps that untie it from the leaver (its login, their
    access); nobody logs in to it any more, so the password, the recovery method and the
    successor's access do not apply."""
    steps = []
    closed = account.status == SocialAccount.Status.CLOSED

    def step(kind, not_applicable=""):
        if closed and kind in CLOSED_ACCOUNT_SKIPS:
            not_applicable = _("The account is closed.")
        steps.append(HandoverStep(account=account, kind=kind, not_applicable=not_applicable))

    if account.is_company_login:
        step(
            Kind.MOVE_LOGIN,
            _("The login is already a company address (%(email)s).")
            % {"email": account.login_email},
        )
    else:
        step(Kind.MOVE_LOGIN)
    step(Kind.CHANGE_PASSWORD)
    if account.pk in active_grant_holders:
        step(Kind.REVOKE_ACCESS)
    else:
        step(Kind.REVOKE_ACCESS, _("The leaver has no personal access registered."))
    if account.two_factor == SocialAccount.TwoFactor.NONE and not account.recovery_holder:
        step(
            Kind.MOVE_RECOVERY,
            _("No two-factor authentication or recovery method is registered."),
        )
    else:
        step(Kind.MOVE_RECOVERY)
    step(Kind.SUCCESSOR_CONFIRMS)
    for position, item in enumerate(steps):
        item.position = position
    return steps


def _handover_link(handover: Handover) -> str:
    return reverse(
        "registry:handover_detail",
        kwargs={"workspace": handover.workspace.slug, "pk": handover.pk},
    )


@transaction.atomic
def handover_start(*, workspace, by, leaver, successor, deadline: datetime.date) -> Handover:
    """List every account of this workspace that the leaver owns or can reach (business
    owner, an active grant, or a login on their own address), closed ones included, with
    the steps each needs."""
    require_role(user=by, workspace=workspace, role=Role.REVIEWER)
    _check_member(workspace=workspace, user=leaver, field="leaver")
    _check_member(workspace=workspace, user=successor, field="successor")
    if leaver == successor:
        raise ValidationError({"successor": _("The successor must be someone else.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline lies in the past.")})
    if Handover.objects.filter(
        workspace=workspace, leaver=leaver, completed_at__isnull=True
    ).exists():
        raise ValidationError(
            _("A handover for %(name)s is already under way.") % {"name": leaver.display_name}
        )
    # Closed accounts too: a closed account can still be tied to the leaver, and their grant
    # on it is access all the same.
    reachable = (
        accounts_with_risks(workspace=workspace)
        .filter(
            Q(business_owner=leaver)
            | Q(grants__member=leaver, grants__revoked_at__isnull=True)
            | Q(login_email__iexact=leaver.email)
        )
        .distinct()
    )
    accounts = list(reachable)
    granted = set(
        AccessGrant.objects.filter(
            account__in=accounts, member=leaver, revoked_at__isnull=True
        ).values_list("account_id", flat=True)
    )
    handover = Handover.objects.create(
        workspace=workspace, leaver=leaver, successor=successor, deadline=deadline, started_by=by
    )
    steps = []
    for account in accounts:
        for step in _steps_for(account, leaver=leaver, active_grant_holders=granted):
            step.handover = handover
            steps.append(step)
    HandoverStep.objects.bulk_create(steps)
    confirmers = users_with_role(workspace=workspace, role=Role.REVIEWER).exclude(pk=leaver.pk)
    notify(
        workspace=workspace,
        recipients=[successor, *confirmers],
        kind=NotificationKind.HANDOVER_STARTED,
        key=f"handover-started:handover={handover.pk}",
        message=gettext_lazy(
            "Handover of %(leaver)s's accounts to %(successor)s started: %(count)s accounts, "
            "due %(deadline)s."
        ),
        params={
            "leaver": leaver.display_name,
            "successor": successor.display_name,
            "count": len(accounts),
            "deadline": deadline,
        },
        link=_handover_link(handover),
    )
    if all(step.not_applicable for step in steps):
        # Nothing to confirm (no account, or only closed ones with nothing left to do).
        _complete(handover=handover, by=by)
    return handover


def may_confirm(*, step: HandoverStep, user, role: str | None) -> bool:
    """The leaver never confirms; the successor confirms their own access; management
    changes passwords; the other steps are for management or the successor."""
    handover = step.handover
    if user.pk == handover.leaver_id or role is None:
        return False
    is_management = Role.rank(role) >= Role.rank(Role.REVIEWER)
    if step.kind == Kind.SUCCESSOR_CONFIRMS:
        return user.pk == handover.successor_id
    if step.kind == Kind.CHANGE_PASSWORD:
        return is_management
    return is_management or user.pk == handover.successor_id


@transaction.atomic
def handover_step_confirm(*, step: HandoverStep, by, note: str = "") -> HandoverStep:
    """Confirm one step, by a named person, with an optional note. The last confirmation
    completes the handover."""
    handover = Handover.objects.select_for_update().get(pk=step.handover_id)
    step = HandoverStep.objects.select_related("handover", "account").get(pk=step.pk)
    if handover.is_complete:
        raise ValidationError(_("This handover is already complete."))
    if not may_confirm(step=step, user=by, role=role_of(user=by, workspace=handover.workspace)):
        raise PermissionError("not for this person to confirm")
    step.note = note.strip()
    step.full_clean(exclude=["handover", "account"])
    confirmed = HandoverStep.objects.filter(
        pk=step.pk, confirmed_at__isnull=True, not_applicable=""
    ).update(confirmed_by=by, confirmed_at=timezone.now(), note=step.note)
    if not confirmed:
        raise ValidationError(_("This step is already confirmed."))
    step.refresh_from_db()
    if not handover.steps.filter(confirmed_at__isnull=True, not_applicable="").exists():
        _complete(handover=handover, by=by)
    return step


def _complete(*, handover: Handover, by) -> None:
    """Untie everything from the leaver at once: every grant they still hold on this
    workspace's accounts ends (also on closed accounts, and grants added after the handover
    started), and the successor becomes the business owner of what the leaver owned."""
    now = timezone.now()
    accounts = SocialAccount.objects.filter(workspace=handover.workspace)
    for grant in AccessGrant.objects.filter(
        account__in=accounts, member=handover.leaver, revoked_at__isnull=True
    ).select_for_update():
        grant.revoked_at, grant.revoked_by = now, by
        grant._history_user = by
        grant.save(update_fields=["revoked_at", "revoked_by"])
    for account in accounts.filter(business_owner=handover.leaver):
        account.business_owner = handover.successor
        account._history_user = by
        account.save(update_fields=["business_owner"])
    handover.completed_at = now
    handover._history_user = by
    handover.save(update_fields=["completed_at"])
    notify(
        workspace=handover.workspace,
        recipients=[handover.successor, handover.started_by],
        kind=NotificationKind.HANDOVER_COMPLETED,
        key=f"handover-completed:handover={handover.pk}",
        message=gettext_lazy(
            "The handover of %(leaver)s's accounts is complete: nothing is tied to them any more."
        ),
        params={"leaver": handover.leaver.display_name},
        link=_handover_link(handover),
    )
