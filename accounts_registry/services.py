"""Writing the registry: accounts, access grants, and the handover when someone leaves."""

import datetime
import hashlib
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

from . import handover_hooks
from .models import (
    DEFAULT_ROLE_MAILBOXES,
    AccessGrant,
    Handover,
    HandoverStep,
    NotApplicable,
    NotificationKind,
    RegistrySettings,
    SocialAccount,
    role_mailbox_names,
)
from .selectors import (
    TieList,
    accounts_with_risks,
    company_domains_of,
    is_company_address,
    leaver_ties,
    recovery_names,
)

User = get_user_model()

ACCOUNT_FIELDS = (
    "platform",
    "platform_name",
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


def _set_revoked(grant: AccessGrant, *, at, by) -> None:
    """End (or, with at=None, reopen) a grant, with who did it in its history."""
    grant.revoked_at, grant.revoked_by = at, by
    grant._history_user = by
    grant.save(update_fields=["revoked_at", "revoked_by"])


@transaction.atomic
def grant_revoke(*, grant: AccessGrant, by) -> AccessGrant:
    """End a grant. It stays in the history, with who revoked it and when."""
    require_role(user=by, workspace=grant.account.workspace, role=Role.EDITOR)
    grant = AccessGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is None:
        _set_revoked(grant, at=timezone.now(), by=by)
    return grant


@transaction.atomic
def registry_settings_update(
    *, workspace, by, password_rotation_days: int, role_mailboxes: str | None = None
) -> RegistrySettings:
    require_role(user=by, workspace=workspace, role=Role.ADMIN)
    settings, _created = RegistrySettings.objects.get_or_create(workspace=workspace)
    settings.password_rotation_days = password_rotation_days
    if role_mailboxes is not None:
        # Emptied: back to the standard list, rather than every address looking a person's.
        names = role_mailbox_names(role_mailboxes) or role_mailbox_names(DEFAULT_ROLE_MAILBOXES)
        settings.role_mailboxes = ", ".join(names)
    settings.full_clean()
    settings.save()
    return settings


# --- The handover -------------------------------------------------------------------------

Kind = HandoverStep.Kind
CLOSED_ACCOUNT_SKIPS = (Kind.CHANGE_PASSWORD, Kind.MOVE_RECOVERY, Kind.SUCCESSOR_CONFIRMS)


def _steps_for(
    account: SocialAccount, *, leaver, active_grant_holders: set[int], domains: set[str]
) -> list:
    """The steps one account needs; a step that does not apply carries the reason's code.

    A closed account keeps the steps that untie it from the leaver (its login, their
    access); nobody logs in to it any more, so the password, the recovery method and the
    successor's access do not apply."""
    steps = []
    closed = account.status == SocialAccount.Status.CLOSED

    def step(kind, not_applicable="", params=None):
        if closed and kind in CLOSED_ACCOUNT_SKIPS:
            not_applicable, params = NotApplicable.CLOSED, None
        steps.append(
            HandoverStep(
                account=account,
                kind=kind,
                not_applicable=not_applicable,
                not_applicable_params=params or {},
            )
        )

    login = account.login_email
    if is_company_address(login, domains=domains) and login.casefold() != leaver.email.casefold():
        step(Kind.MOVE_LOGIN, NotApplicable.COMPANY_LOGIN, {"email": login})
    else:
        step(Kind.MOVE_LOGIN)
    step(Kind.CHANGE_PASSWORD)
    if account.pk in active_grant_holders:
        step(Kind.REVOKE_ACCESS)
    else:
        step(Kind.REVOKE_ACCESS, NotApplicable.NO_PERSONAL_ACCESS)
    if account.two_factor == SocialAccount.TwoFactor.NONE and not account.recovery_holder:
        step(Kind.MOVE_RECOVERY, NotApplicable.NO_RECOVERY)
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
    domains = company_domains_of(workspace=workspace)
    for account in accounts:
        for step in _steps_for(
            account, leaver=leaver, active_grant_holders=granted, domains=domains
        ):
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
        _try_complete(handover=handover, by=by)
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


def _refuse(message: str, code: str, field: str | None = None) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: [error]}) if field else error


def _write_step(
    *,
    step: HandoverStep,
    account: SocialAccount,
    by,
    login_email: str,
    password_changed_on: datetime.date | None,
    vault_reference: str,
    recovery_holder: str,
    two_factor: str,
    level: str,
) -> dict:
    """Write to the account what the step claims, and return what changed (for undo)."""
    handover = step.handover
    leaver = handover.leaver
    fields: dict[str, Any] = {}
    written: dict[str, Any] = {}
    if step.kind == Kind.MOVE_LOGIN:
        email = login_email.strip().lower()
        if not email:
            raise _refuse(_("Enter the new company login email."), "required", "login_email")
        if email == leaver.email.casefold():
            raise _refuse(
                _("%(email)s is the leaver's own address: choose a company address.")
                % {"email": email},
                "leaver_address",
                "login_email",
            )
        if not is_company_address(email, domains=company_domains_of(workspace=handover.workspace)):
            raise _refuse(
                _(
                    "%(email)s is not on one of the company's email domains. Use a company "
                    "mailbox such as social@, or add the domain in the workspace settings."
                )
                % {"email": email},
                "personal_address",
                "login_email",
            )
        fields["login_email"] = email
    elif step.kind == Kind.CHANGE_PASSWORD:
        if password_changed_on is None:
            raise _refuse(
                _("Enter the date the password was changed."), "required", "password_changed_on"
            )
        if password_changed_on > timezone.localdate():
            raise _refuse(_("The date lies in the future."), "future_date", "password_changed_on")
        if password_changed_on < handover.started_at.date():
            raise _refuse(
                _("The password must be changed after the handover started."),
                "before_handover",
                "password_changed_on",
            )
        fields["password_changed_on"] = password_changed_on
        if vault_reference.strip():
            fields["vault_reference"] = vault_reference.strip()
    elif step.kind == Kind.MOVE_RECOVERY:
        holder = recovery_holder.strip()
        if not holder:
            raise _refuse(
                _("Enter who now holds the recovery method."), "required", "recovery_holder"
            )
        if recovery_names(holder, leaver):
            raise _refuse(
                _("“%(holder)s” still names the leaver: choose the successor or a company device.")
                % {"holder": holder},
                "names_leaver",
                "recovery_holder",
            )
        if two_factor not in SocialAccount.TwoFactor.values:
            raise _refuse(_("Choose the two-factor method now in use."), "required", "two_factor")
        fields["recovery_holder"], fields["two_factor"] = holder, two_factor
    elif step.kind == Kind.REVOKE_ACCESS:
        revoked = []
        for grant in AccessGrant.objects.select_for_update().filter(
            account=account, member=leaver, revoked_at__isnull=True
        ):
            _set_revoked(grant, at=timezone.now(), by=by)
            revoked.append(grant.pk)
        written["revoked_grants"] = revoked
    elif step.kind == Kind.SUCCESSOR_CONFIRMS:
        grant = account.grants.filter(member=handover.successor, revoked_at__isnull=True).first()
        if grant is None:
            level = level or AccessGrant.Level.EDITOR
            if level not in AccessGrant.Level.values:
                raise _refuse(_("Choose the successor's access level."), "required", "level")
            grant = AccessGrant(
                account=account, member=handover.successor, level=level, granted_by=by
            )
            grant._history_user = by
            grant.save()
            written["added_grant"] = grant.pk
    if fields:
        written["before"] = {name: _json_value(getattr(account, name)) for name in fields}
        written["after"] = {name: _json_value(value) for name, value in fields.items()}
        for name, value in fields.items():
            setattr(account, name, value)
        account.full_clean()
        account._history_user = by  # the account's history names who did the step
        account.save(update_fields=list(fields))
    return written


def _json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _from_json(name: str, value):
    if name == "password_changed_on" and value:
        return datetime.date.fromisoformat(value)
    return value


@transaction.atomic
def handover_step_confirm(
    *,
    step: HandoverStep,
    by,
    note: str = "",
    login_email: str = "",
    password_changed_on: datetime.date | None = None,
    vault_reference: str = "",
    recovery_holder: str = "",
    two_factor: str = "",
    level: str = AccessGrant.Level.EDITOR,
) -> HandoverStep:
    """Confirm one step, by a named person: what the step claims is written to the account
    in the same transaction (the new login, the password's date, the recovery holder, the
    successor's grant, the leaver's grants ended). The last confirmation completes the
    handover when the registry ties nothing to the leaver any more."""
    handover = Handover.objects.select_for_update().get(pk=step.handover_id)
    step = HandoverStep.objects.select_related("handover__leaver", "handover__successor").get(
        pk=step.pk
    )
    if handover.is_complete:
        raise ValidationError(_("This handover is already complete."), code="complete")
    if not may_confirm(step=step, user=by, role=role_of(user=by, workspace=handover.workspace)):
        raise PermissionError("not for this person to confirm")
    if step.is_done:
        raise ValidationError(_("This step is already confirmed."), code="confirmed")
    step.note = note.strip()
    step.full_clean(exclude=["handover", "account"])
    account = SocialAccount.objects.select_for_update().get(pk=step.account_id)
    written = _write_step(
        step=step,
        account=account,
        by=by,
        login_email=login_email,
        password_changed_on=password_changed_on,
        vault_reference=vault_reference,
        recovery_holder=recovery_holder,
        two_factor=two_factor,
        level=level,
    )
    confirmed = HandoverStep.objects.filter(
        pk=step.pk, confirmed_at__isnull=True, not_applicable=""
    ).update(confirmed_by=by, confirmed_at=timezone.now(), note=step.note, written=written)
    if not confirmed:
        # Someone else confirmed it a moment ago: what this call wrote is rolled back.
        raise ValidationError(_("This step is already confirmed."), code="confirmed")
    step.refresh_from_db()
    if not handover.steps.filter(confirmed_at__isnull=True, not_applicable="").exists():
        _try_complete(handover=handover, by=by)
    return step


def may_undo(*, step: HandoverStep, user, role: str | None) -> bool:
    """Whoever confirmed a step, or an admin, may undo it until the handover completes."""
    return step.confirmed_at is not None and (user.pk == step.confirmed_by_id or role == Role.ADMIN)


@transaction.atomic
def handover_step_undo(*, step: HandoverStep, by) -> HandoverStep:
    """Undo a confirmed step: the account gets back what the step changed, a grant it added
    ends, grants it ended are open again. The account's history keeps both writes."""
    handover = Handover.objects.select_for_update().get(pk=step.handover_id)
    step = HandoverStep.objects.select_for_update().get(pk=step.pk)
    if handover.is_complete:
        raise ValidationError(_("This handover is already complete."), code="complete")
    if step.confirmed_at is None:
        raise ValidationError(_("This step is not confirmed."), code="not_confirmed")
    if not may_undo(step=step, user=by, role=role_of(user=by, workspace=handover.workspace)):
        raise PermissionError("only whoever confirmed it, or an admin, undoes a step")
    written = step.written or {}
    before = written.get("before") or {}
    if before:
        account = SocialAccount.objects.select_for_update().get(pk=step.account_id)
        for name, value in before.items():
            setattr(account, name, _from_json(name, value))
        account._history_user = by
        account.save(update_fields=list(before))
    if written.get("added_grant"):
        for grant in AccessGrant.objects.filter(pk=written["added_grant"], revoked_at__isnull=True):
            _set_revoked(grant, at=timezone.now(), by=by)
    for grant in AccessGrant.objects.filter(pk__in=written.get("revoked_grants") or []):
        # Open again; the history still names who did it.
        grant.revoked_at, grant.revoked_by = None, None
        grant._history_user = by
        grant.save(update_fields=["revoked_at", "revoked_by"])
    step.confirmed_at, step.confirmed_by, step.written, step.note = None, None, {}, ""
    step._history_user = by
    step.save(update_fields=["confirmed_at", "confirmed_by", "written", "note"])
    return step


def work_takers(*, handover: Handover):
    """Who may take over the leaver's work: a member of the workspace with at least the
    editor's role (posts and channels are an editor's work), never the leaver."""
    return users_with_role(workspace=handover.workspace, role=Role.EDITOR).exclude(
        pk=handover.leaver_id
    )


def work_taker_refusal(*, handover: Handover, taker=None) -> str:
    """Why the person chosen to take over the leaver's work cannot ("" when they can)."""
    taker = taker or handover.work_to or handover.successor
    if taker.pk == handover.leaver_id:
        return _("The leaver cannot take over their own work: choose someone else.")
    if not work_takers(handover=handover).filter(pk=taker.pk).exists():
        return _(
            "%(name)s is no longer a member of this workspace, so cannot take over "
            "%(leaver)s's posts and channels. Choose someone else on the handover page."
        ) % {"name": taker.display_name, "leaver": handover.leaver.display_name}
    return ""


@transaction.atomic
def handover_choose_work_taker(*, handover: Handover, by, person) -> Handover:
    """Choose who takes over the leaver's posts and channels when the handover completes
    (the successor unless someone else is chosen)."""
    require_role(user=by, workspace=handover.workspace, role=Role.REVIEWER)
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.is_complete:
        raise ValidationError(_("This handover is already complete."), code="complete")
    refusal = work_taker_refusal(handover=handover, taker=person)
    if refusal:
        raise ValidationError({"person": [ValidationError(refusal, code="work_taker")]})
    handover.work_to = person
    handover._history_user = by
    handover.save(update_fields=["work_to"])
    return handover


@transaction.atomic
def handover_complete(*, handover: Handover, by) -> Handover:
    """Complete a handover whose steps are all done, once the registry ties nothing to the
    leaver (after someone fixed by hand what was still tied)."""
    require_role(user=by, workspace=handover.workspace, role=Role.REVIEWER)
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.is_complete:
        return handover
    if handover.steps.filter(confirmed_at__isnull=True, not_applicable="").exists():
        raise ValidationError(_("Some steps are still open."), code="open_steps")
    problems = _try_complete(handover=handover, by=by)
    if problems:
        raise ValidationError(problems)
    return handover


def _try_complete(*, handover: Handover, by) -> list[ValidationError]:
    """Complete the handover if the registry, read afresh, ties nothing to the leaver and
    the person chosen to take over the leaver's work still can; otherwise leave it open and
    tell whoever confirmed last and whoever started it why. Returns why it stays open."""
    ties = leaver_ties(handover=handover)
    if not ties:
        # A taker who left blocks only when there is work to give them.
        refusal = work_taker_refusal(handover=handover)
        if refusal and not handover_hooks.held_work(
            workspace=handover.workspace, person=handover.leaver
        ):
            refusal = ""
        if not refusal:
            _complete(handover=handover, by=by)
            return []
        _notify_work_taker_gone(handover=handover, by=by)
        return [ValidationError(refusal, code="work_taker")]
    notify(
        workspace=handover.workspace,
        recipients=list({by.pk: by, handover.started_by_id: handover.started_by}.values()),
        kind=NotificationKind.HANDOVER_STILL_TIED,
        # Told again only when what is still tied changes.
        key=f"handover-still-tied:handover={handover.pk}:"
        + hashlib.sha1(
            "|".join(sorted(f"{t.platform}/{t.handle}/{t.code}" for t in ties)).encode()
        ).hexdigest()[:16],
        message=gettext_lazy(
            "Every step of the handover of %(leaver)s's accounts is confirmed, but the registry "
            "still ties accounts to them: %(ties)s. Fix this in the registry, then complete the "
            "handover."
        ),
        params={"leaver": handover.leaver.display_name, "ties": TieList(ties)},
        link=_handover_link(handover),
    )
    return [ValidationError(f"{tie.account}: {tie.words}", code=tie.code) for tie in ties]


def _notify_work_taker_gone(*, handover: Handover, by) -> None:
    taker = handover.work_to or handover.successor
    notify(
        workspace=handover.workspace,
        recipients=list({by.pk: by, handover.started_by_id: handover.started_by}.values()),
        kind=NotificationKind.HANDOVER_STILL_TIED,
        key=f"handover-work-taker-gone:handover={handover.pk}:taker={taker.pk}",
        message=gettext_lazy(
            "Every step of the handover of %(leaver)s's accounts is confirmed, but %(taker)s, "
            "who is to take over their posts and channels, is not a member of this workspace "
            "any more. Choose someone else on the handover page, then complete the handover."
        ),
        params={"leaver": handover.leaver.display_name, "taker": taker.display_name},
        link=_handover_link(handover),
    )


def _complete(*, handover: Handover, by) -> None:
    """Untie everything from the leaver at once: every grant they still hold on this
    workspace's accounts ends (also on closed accounts, and grants added after the handover
    started), the successor becomes the business owner of what the leaver owned, and the
    leaver's work in the apps above the registry (handover_hooks) moves to whoever takes it
    over, all in this one transaction."""
    now = timezone.now()
    accounts = SocialAccount.objects.filter(workspace=handover.workspace)
    for grant in AccessGrant.objects.filter(
        account__in=accounts, member=handover.leaver, revoked_at__isnull=True
    ).select_for_update():
        _set_revoked(grant, at=now, by=by)
    for account in accounts.filter(business_owner=handover.leaver):
        account.business_owner = handover.successor
        account._history_user = by
        account.save(update_fields=["business_owner"])
    taker = handover.work_to or handover.successor
    moved = handover_hooks.move_work(
        workspace=handover.workspace, person=handover.leaver, to=taker, by=by
    )
    handover.completed_at = now
    handover.work_to = taker
    # Without their links: those name the workspace and objects by number, which a backup
    # restored elsewhere numbers anew.
    handover.moved_work = [work.as_json() | {"link": ""} for work in moved]
    handover._history_user = by
    handover.save(update_fields=["completed_at", "work_to", "moved_work"])
    params = {"leaver": handover.leaver.display_name}
    if moved:
        message = gettext_lazy(
            "The handover of %(leaver)s's accounts is complete: nothing is tied to them any "
            "more. Moved to %(taker)s: %(moved)s."
        )
        params |= {"taker": taker.display_name, "moved": handover_hooks.WorkList(moved)}
    else:
        message = gettext_lazy(
            "The handover of %(leaver)s's accounts is complete: nothing is tied to them any more."
        )
    notify(
        workspace=handover.workspace,
        # Whoever takes over the work is told too: it is now theirs.
        recipients=list(
            {u.pk: u for u in (handover.successor, handover.started_by, taker)}.values()
        ),
        kind=NotificationKind.HANDOVER_COMPLETED,
        key=f"handover-completed:handover={handover.pk}",
        message=message,
        params=params,
        link=_handover_link(handover),
    )
