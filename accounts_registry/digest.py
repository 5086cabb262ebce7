"""The registry's part of the weekly digest: passwords to change on the accounts a person
owns, and the handover steps waiting for them."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from notifications.digest import DigestLine, Lines
from workspaces.models import Membership

from .models import Handover, SocialAccount
from .reminders import password_too_old

PASSWORDS = ngettext_lazy(
    "%(count)s account you own needs a new password.",
    "%(count)s accounts you own need a new password.",
    "count",
)
HANDOVER_STEPS = ngettext_lazy(
    "%(count)s handover step waits for your confirmation as successor.",
    "%(count)s handover steps wait for your confirmation as successor.",
    "count",
)


def lines(*, memberships: list[Membership], now: datetime.datetime) -> Lines:
    """Per (user id, workspace id): the accounts the person owns whose password is past the
    rotation period, and the open steps of handovers they take over. Two grouped queries."""
    found: Lines = defaultdict(list)
    workspace_ids = {m.workspace_id for m in memberships}
    user_ids = {m.user_id for m in memberships}
    passwords = (
        SocialAccount.objects.filter(workspace_id__in=workspace_ids, business_owner_id__in=user_ids)
        .exclude(status=SocialAccount.Status.CLOSED)
        .filter(password_too_old(today=timezone.localdate(now)))
        .values("business_owner_id", "workspace_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in passwords:
        found[row["business_owner_id"], row["workspace_id"]].append(
            DigestLine(PASSWORDS, {"count": row["n"]})
        )
    steps = (
        Handover.objects.filter(
            workspace_id__in=workspace_ids, successor_id__in=user_ids, completed_at__isnull=True
        )
        .values("successor_id", "workspace_id")
        .annotate(
            n=Count("steps", filter=Q(steps__confirmed_at__isnull=True, steps__not_applicable=""))
        )
        .filter(n__gt=0)
        .order_by()
    )
    for row in steps:
        found[row["successor_id"], row["workspace_id"]].append(
            DigestLine(HANDOVER_STEPS, {"count": row["n"]})
        )
    return found
