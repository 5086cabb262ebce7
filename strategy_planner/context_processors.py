"""What the navigation bar needs on every workspace page: one query, whatever the data (the
memberships for the switcher were read when the person was let in: workspaces.access)."""

from functools import cached_property

from notifications.selectors import unread_count
from workspaces.revisions import cached_fragment
from workspaces.selectors import memberships_of_user


class Navbar:
    """The rendered navigation of a workspace page, from the fragment cache: it changes with
    the workspace (its revision), the page's address, the person's unread count and their
    list of workspaces, which another workspace's change doesn't raise this one's revision
    for, so the list is part of the key."""

    def __init__(self, request, context: dict):
        self.request = request
        self.context = context

    @cached_property
    def html(self) -> str:
        switcher = [
            (m.workspace_id, m.workspace.slug, m.workspace.name, m.role)
            for m in self.context["my_memberships"]
        ]
        return cached_fragment(
            self.request,
            name="navbar",
            template="_navbar.html",
            context=lambda: self.context,
            vary=[self.context["unread_notifications"], switcher],
        )


def navigation(request) -> dict:
    workspace = getattr(request, "workspace", None)
    if workspace is None:
        return {}
    context = {
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
    return {**context, "navbar": Navbar(request, context)}
