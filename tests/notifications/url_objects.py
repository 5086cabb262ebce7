"""The objects the notifications app's URLs point at, for the access matrix."""

from ..factories import NotificationFactory


def _own_notification(workspace, user):
    return {"pk": NotificationFactory(recipient=user, workspace=workspace).pk}


URL_OBJECTS = {
    "notifications:open": _own_notification,
    "notifications:read": _own_notification,
}
