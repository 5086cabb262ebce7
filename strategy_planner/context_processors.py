"""What the navigation bar needs on every workspace page: one query, whatever the data (the
memberships for the switcher were read when the person was let in: workspaces.access)."""

from notifications.selectors import unread_count
from workspaces.selectors import memberships_of_user


def navigation(request) -> dict:
    workspace = getattr(request, "workspace", None)
    if workspace is None:
        return {}
    return {
        "current_workspace": workspace,
        "current_membership": request.membership,
        "my_memberships": getattr(request, "my_memberships", None)
        or memberships_of_user(user=request.user),
        # Counted by the page already (the inbox does), or here.
        "unread_notifications": (
            request.unread_notifications
            if hasattr(request, "unread_notifications")
            else unread_count(user=request.user, workspace=workspace)
        ),
    }
