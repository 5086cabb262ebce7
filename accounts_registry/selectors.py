"""Reading the registry."""

from django.db.models import QuerySet

from workspaces.selectors import for_workspace

from .models import SocialAccount


def channel_accounts(*, workspace) -> QuerySet[SocialAccount]:
    """The accounts a plan or the calendar can use as channels: all but the closed ones."""
    return (
        for_workspace(SocialAccount, workspace=workspace)
        .exclude(status=SocialAccount.Status.CLOSED)
        .order_by("platform", "handle")
    )
