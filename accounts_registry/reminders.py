"""The registry's sweeps: passwords past the workspace's rotation period, and handovers past
their deadline with steps still open."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from notifications.services import NotificationDraft
from notifications.sweeps import (
    SweepReport,
    current_members,
    day_label,
    in_batches,
    notify_members,
    people_with_role,
)
from workspaces.models import Role

from .models import Handover, HandoverStep, NotificationKind, RegistrySettings, SocialAccount
from .selectors import DEFAULT_ROTATION_DAYS

PASSWORD_OLD = _(
    "The password of %(account)s was last changed on %(changed)s, longer ago than the "
    "workspace's %(days)s days: have it changed and note the date in the registry."
)
PASSWORD_UNKNOWN = _(
    "Nobody noted when the password of %(account)s was last changed: have it changed and note "
    "the date in the registry."
)


def _handover_late(open_steps: int) -> str:
    return ngettext_lazy(
        "The handover of %(leaver)s's accounts to %(successor)s is past its deadline of "
        "%(deadline)s: %(open)s step is still open.",
        "The handover of %(leaver)s's accounts to %(successor)s is past its deadline of "
        "%(deadline)s: %(open)s steps are still open.",
        open_steps,
    )


def password_too_old(*, today: datetime.date) -> Q:
    """Accounts whose password is older than their workspace's rotation period, or of unknown
    age, as one condition: one term per rotation period in use (a handful), not per account."""
    customised = dict(
        RegistrySettings.objects.exclude(password_rotation_days=DEFAULT_ROTATION_DAYS).values_list(
            "workspace_id", "password_rotation_days"
        )
    )
    condition = Q(password_changed_on__isnull=True) | (
        ~Q(workspace_id__in=customised)
        & Q(password_changed_on__lt=today - datetime.timedelta(days=DEFAULT_ROTATION_DAYS))
    )
    for days in set(customised.values()):
        workspaces = [pk for pk, d in customised.items() if d == days]
        condition |= Q(workspace_id__in=workspaces) & Q(
            password_changed_on__lt=today - datetime.timedelta(days=days)
        )
    return condition


def password_reminders_send(*, now: datetime.datetime | None = None) -> SweepReport:
    """Tell the business owner of every open account whose password is past the rotation
    period (the workspace's admins when it has no owner, or the owner left), once per account
    and password."""
    today = timezone.localdate(now)
    report = SweepReport("passwords")
    rotation = dict(RegistrySettings.objects.values_list("workspace_id", "password_rotation_days"))
    due = (
        SocialAccount.objects.exclude(status=SocialAccount.Status.CLOSED)
        .filter(password_too_old(today=today))
        .select_related("workspace", "business_owner")
    )
    for batch in in_batches(due):
        report.batches += 1
        report.due += len(batch)
        workspace_ids = {a.workspace_id for a in batch}
        admins = people_with_role(workspace_ids=workspace_ids, role=Role.ADMIN)
        members = current_members(
            user_ids={a.business_owner_id for a in batch if a.business_owner_id},
            workspace_ids=workspace_ids,
        )
        drafts = []
        for account in batch:
            changed = account.password_changed_on
            recipients = (
                [account.business_owner]
                if (account.business_owner_id, account.workspace_id) in members
                else admins.get(account.workspace_id, [])
            )
            drafts.extend(
                NotificationDraft(
                    recipient=recipient,
                    workspace=account.workspace,
                    kind=NotificationKind.PASSWORD_ROTATION_DUE,
                    key=f"{NotificationKind.PASSWORD_ROTATION_DUE}:account={account.pk}"
                    f":changed={changed.isoformat() if changed else 'unknown'}",
                    message=PASSWORD_OLD if changed else PASSWORD_UNKNOWN,
                    params={
                        "account": account,  # named in the recipient's language
                        "changed": day_label(changed) if changed else "",
                        "days": rotation.get(account.workspace_id, DEFAULT_ROTATION_DAYS),
                    },
                    link=reverse(
                        "registry:account_detail",
                        kwargs={"workspace": account.workspace.slug, "pk": account.pk},
                    ),
                )
                for recipient in recipients
            )
        report.notified += notify_members(drafts)
    return report


def handover_reminders_send(*, now: datetime.datetime | None = None) -> SweepReport:
    """For every handover past its deadline with steps still open: tell whoever must confirm
    those steps (the successor, management) and the workspace's admins, once per handover and
    deadline. Never the leaver."""
    today = timezone.localdate(now)
    report = SweepReport("handovers")
    open_step = Q(steps__confirmed_at__isnull=True, steps__not_applicable="")
    kind = HandoverStep.Kind
    late = (
        Handover.objects.filter(completed_at__isnull=True, deadline__lt=today)
        .select_related("workspace", "leaver", "successor")
        .annotate(
            open_steps=Count("steps", filter=open_step),
            # Steps only management may confirm, and the ones only the successor may.
            open_for_management=Count(
                "steps", filter=open_step & Q(steps__kind=kind.CHANGE_PASSWORD)
            ),
            open_for_successor=Count(
                "steps", filter=open_step & Q(steps__kind=kind.SUCCESSOR_CONFIRMS)
            ),
        )
        .filter(open_steps__gt=0)
    )
    for batch in in_batches(late):
        report.batches += 1
        report.due += len(batch)
        ids = {h.workspace_id for h in batch}
        management = people_with_role(workspace_ids=ids, role=Role.REVIEWER)
        admins = people_with_role(workspace_ids=ids, role=Role.ADMIN)
        drafts = []
        for handover in batch:
            either = (
                handover.open_steps - handover.open_for_management - handover.open_for_successor
            )
            recipients = set(admins.get(handover.workspace_id, []))
            if handover.open_for_successor or either:
                recipients.add(handover.successor)
            if handover.open_for_management or either:
                recipients.update(management.get(handover.workspace_id, []))
            recipients.discard(handover.leaver)
            drafts.extend(
                NotificationDraft(
                    recipient=recipient,
                    workspace=handover.workspace,
                    kind=NotificationKind.HANDOVER_LATE,
                    key=f"{NotificationKind.HANDOVER_LATE}:handover={handover.pk}"
                    f":deadline={handover.deadline.isoformat()}",
                    message=_handover_late(handover.open_steps),
                    params={
                        "leaver": handover.leaver.display_name,
                        "successor": handover.successor.display_name,
                        "deadline": day_label(handover.deadline),
                        "open": handover.open_steps,
                    },
                    link=reverse(
                        "registry:handover_detail",
                        kwargs={"workspace": handover.workspace.slug, "pk": handover.pk},
                    ),
                )
                for recipient in recipients
            )
        report.notified += notify_members(drafts)
    return report
