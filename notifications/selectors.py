"""Reading a person's notifications."""

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from .models import Notification


def inbox(*, user, workspace) -> QuerySet[Notification]:
    """The user's notifications in this workspace, newest first."""
    return Notification.objects.filter(recipient=user, workspace=workspace).order_by(
        "-created_at", "-pk"
    )


def unread_count(*, user, workspace) -> int:
    return inbox(user=user, workspace=workspace).filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class InboxCounts:
    total: int
    unread: int
    # The newest notification's id: with the two counts, it changes whenever the inbox does
    # (a notification added, read or deleted).
    newest: int | None


def inbox_counts(*, user, workspace) -> InboxCounts:
    """How many notifications the user has in this workspace, how many of them are unread,
    and the newest one's id: one query."""
    counts = inbox(user=user, workspace=workspace).aggregate(
        total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True)), newest=Max("pk")
    )
    return InboxCounts(**counts)


def failed_emails(*, workspace) -> QuerySet[Notification]:
    """Notifications whose email was given up on, for the workspace's admins to see."""
    return (
        Notification.objects.filter(workspace=workspace, email_state=Notification.EmailState.FAILED)
        .select_related("recipient")
        .order_by("-created_at")
    )
