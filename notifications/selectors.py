"""Reading a person's notifications."""

from django.db.models import Count, Q, QuerySet

from .models import Notification


def inbox(*, user, workspace) -> QuerySet[Notification]:
    """The user's notifications in this workspace, newest first."""
    return Notification.objects.filter(recipient=user, workspace=workspace).order_by(
        "-created_at", "-pk"
    )


def unread_count(*, user, workspace) -> int:
    return inbox(user=user, workspace=workspace).filter(read_at__isnull=True).count()


def inbox_counts(*, user, workspace) -> tuple[int, int]:
    """How many notifications the user has in this workspace, and how many of them are
    unread: one query."""
    counts = inbox(user=user, workspace=workspace).aggregate(
        total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True))
    )
    return counts["total"], counts["unread"]


def failed_emails(*, workspace) -> QuerySet[Notification]:
    """Notifications whose email was given up on, for the workspace's admins to see."""
    return (
        Notification.objects.filter(workspace=workspace, email_state=Notification.EmailState.FAILED)
        .select_related("recipient")
        .order_by("-created_at")
    )
