"""Writing workspaces, their members and invitations."""

import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import notify

from . import selectors
from .models import CompanyDomain, Invitation, Membership, NotificationKind, Role, Workspace

User = get_user_model()

_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")


def parse_company_domains(text: str | Iterable[str]) -> list[str]:
    """Normalise company email domains typed one per line (or comma-separated).

    "@Example.NL" and "example.nl" are the same domain. Raises ValidationError naming every
    entry that is not a domain.
    """
    parts = re.split(r"[\s,;]+", text) if isinstance(text, str) else list(text)
    domains: list[str] = []
    invalid: list[str] = []
    for part in parts:
        domain = part.strip().lower().lstrip("@").rstrip(".")
        if not domain:
            continue
        if not _DOMAIN_RE.match(domain):
            invalid.append(part.strip())
        elif domain not in domains:
            domains.append(domain)
    if invalid:
        raise ValidationError(
            _("Not a domain name: %(entries)s. Write domains like example.com."),
            code="invalid_domain",
            params={"entries": ", ".join(invalid)},
        )
    return domains


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "workspace"
    slug, n = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def workspace_create(
    *, name: str, creator, company_domains: Iterable[str] = (), time_zone: str | None = None
) -> Workspace:
    """Create a workspace; its creator becomes its first admin."""
    workspace = Workspace(
        name=name.strip(), slug=_unique_slug(name), time_zone=time_zone or settings.TIME_ZONE
    )
    workspace.full_clean()
    workspace.save()
    CompanyDomain.objects.bulk_create(
        CompanyDomain(workspace=workspace, domain=d) for d in parse_company_domains(company_domains)
    )
    Membership.objects.create(workspace=workspace, user=creator, role=Role.ADMIN)
    notify(
        workspace=workspace,
        recipients=[creator],
        kind=NotificationKind.WELCOME,
        key=f"welcome:workspace={workspace.pk}",
        message=gettext_lazy(
            "Welcome to %(workspace)s. Start with why: write down the business goal that "
            "social media must serve, before choosing any channel."
        ),
        params={"workspace": workspace.name},
        link=reverse("strategy:index", kwargs={"workspace": workspace.slug}),
    )
    return workspace


@transaction.atomic
def workspace_update(
    *,
    workspace: Workspace,
    name: str,
    time_zone: str,
    company_domains: Iterable[str],
    date_order: str | None = None,
    allow_self_approval: bool | None = None,
) -> Workspace:
    """Change a workspace's settings and replace its list of company email domains.
    `date_order` and `allow_self_approval` None keep the workspace's current choice."""
    workspace.name = name.strip()
    workspace.time_zone = time_zone
    if date_order is not None:
        workspace.date_order = date_order
    if allow_self_approval is not None:
        workspace.allow_self_approval = allow_self_approval
    workspace.full_clean()
    workspace.save(update_fields=["name", "time_zone", "date_order", "allow_self_approval"])
    wanted = parse_company_domains(company_domains)
    workspace.company_domains.exclude(domain__in=wanted).delete()
    existing = set(workspace.company_domains.values_list("domain", flat=True))
    CompanyDomain.objects.bulk_create(
        CompanyDomain(workspace=workspace, domain=d) for d in wanted if d not in existing
    )
    return workspace


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, workspace: Workspace, email: str, role: str, invited_by
) -> tuple[Invitation, str]:
    """Invite an email address to the workspace and send the link.

    Inviting an address again withdraws its earlier open invitation. Returns the invitation and
    the token of its link (only its hash is stored, so this is the one moment it is known).
    """
    email = email.strip().lower()
    validate_email(email)
    if role not in Role.values:
        raise ValidationError(_("Choose a role."), code="invalid_role")
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already a member of this workspace."),
            code="already_member",
            params={"email": email},
        )
    now = timezone.now()
    Invitation.objects.filter(
        workspace=workspace,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_hash=_hash_token(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    link = settings.SITE_URL + reverse("invitation_accept", kwargs={"token": token})
    recipient = User.objects.filter(email__iexact=email).first()
    language = recipient.language if recipient else translation.get_language()
    context = {"invitation": invitation, "link": link, "inviter": invited_by}
    # Sent after commit: a rolled-back invitation must not leave a working link in an inbox.
    transaction.on_commit(
        lambda: _send_invitation_email(email=email, language=language, context=context)
    )
    return invitation, token


def _send_invitation_email(*, email: str, language: str, context: dict) -> None:
    with translation.override(language):
        subject = _("You are invited to %(workspace)s on Strategy Planner") % {
            "workspace": context["invitation"].workspace.name
        }
        body = render_to_string("workspaces/email/invitation.txt", context)
    send_mail(subject, body, None, [email])


def invitation_revoke(*, invitation: Invitation) -> None:
    """Withdraw an open invitation: its link stops working."""
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, open or not; None for an unknown token."""
    return (
        Invitation.objects.select_related("workspace", "invited_by")
        .filter(token_hash=_hash_token(token))
        .first()
    )


def invitation_check(*, invitation: Invitation) -> None:
    """Raise ValidationError when the invitation can no longer be accepted."""
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was withdrawn."), code="revoked")
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    if invitation.is_expired():
        raise ValidationError(
            _("This invitation has expired. Ask the workspace's admin for a new one."),
            code="expired",
        )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Join the workspace of an invitation addressed to this user's email address."""
    invitation_check(invitation=invitation)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation is for %(email)s. Log in with that address to accept it."),
            code="wrong_user",
            params={"email": invitation.email},
        )
    # The conditional update makes a double click (or two tabs) accept once.
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not claimed:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    membership, created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
    )
    if created:
        workspace = invitation.workspace
        notify(
            workspace=workspace,
            recipients=selectors.admins_of_workspace(workspace=workspace).exclude(pk=user.pk),
            kind=NotificationKind.MEMBER_JOINED,
            key=f"member-joined:membership={membership.pk}",
            message=gettext_lazy("%(name)s accepted the invitation and joined as %(role)s."),
            params={"name": user.display_name, "role": Role.in_sentence(membership.role)},
            link=reverse("workspaces:members", kwargs={"workspace": workspace.slug}),
        )
    return membership


@transaction.atomic
def invitation_accept_as_new_user(
    *, invitation: Invitation, name: str, password: str, language: str
) -> Membership:
    """Create the account for an invited address and join the workspace with it."""
    invitation_check(invitation=invitation)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=invitation.email, password=password, name=name.strip(), language=language
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("An account for %(email)s already exists. Log in to accept the invitation."),
            code="user_exists",
            params={"email": invitation.email},
        ) from exc
    return invitation_accept(invitation=invitation, user=user)


def _ensure_an_admin_remains(*, membership: Membership) -> None:
    # Lock the workspace's admin rows in one order, so two admins demoting each other at the
    # same moment are serialised instead of both succeeding.
    admins = list(
        Membership.objects.filter(workspace_id=membership.workspace_id, role=Role.ADMIN)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if membership.pk in admins and len(admins) == 1:
        raise ValidationError(
            _("A workspace needs at least one admin. Make someone else admin first."),
            code="last_admin",
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    """Give a member another role; the last admin keeps theirs."""
    if role not in Role.values:
        raise ValidationError(_("Choose a role."), code="invalid_role")
    if role != Role.ADMIN:
        _ensure_an_admin_remains(membership=membership)
    if membership.role == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role"])
    workspace = membership.workspace
    notify(
        workspace=workspace,
        recipients=[membership.user],
        kind=NotificationKind.ROLE_CHANGED,
        key=f"role-changed:membership={membership.pk}:at={timezone.now().isoformat()}",
        message=gettext_lazy("Your role in %(workspace)s is now %(role)s."),
        params={"workspace": workspace.name, "role": Role.in_sentence(membership.role)},
        link=reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug}),
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member from the workspace; the last admin cannot be removed."""
    _ensure_an_admin_remains(membership=membership)
    membership.delete()
