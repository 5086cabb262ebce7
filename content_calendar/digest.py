"""The calendar's part of the weekly digest: the person's posts of the coming week that are not
ready, and those whose hashtags are still to be checked."""

import datetime
from collections import defaultdict

from django.db.models import Count
from django.utils.translation import ngettext_lazy

from notifications.digest import DigestLine, Lines
from workspaces.models import Membership

from .models import Post

NOT_READY = ngettext_lazy(
    "%(count)s of your posts for the coming week is not ready yet.",
    "%(count)s of your posts for the coming week are not ready yet.",
    "count",
)


def lines(*, memberships: list[Membership], now: datetime.datetime) -> Lines:
    """Per (user id, workspace id): how many of the person's posts of the next seven days are
    still an idea or a draft. One grouped query for the whole batch."""
    found: Lines = defaultdict(list)
    counts = (
        Post.objects.filter(
            workspace_id__in={m.workspace_id for m in memberships},
            owner_id__in={m.user_id for m in memberships},
            scheduled_at__gte=now,
            scheduled_at__lt=now + datetime.timedelta(days=7),
            status__in=[Post.Status.IDEA, Post.Status.DRAFT],
        )
        .values("owner_id", "workspace_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counts:
        found[row["owner_id"], row["workspace_id"]].append(
            DigestLine(NOT_READY, {"count": row["n"]})
        )
    return found
