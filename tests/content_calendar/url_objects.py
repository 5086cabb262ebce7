"""The objects the calendar's URLs point at, for the access matrix."""

from .factories import PostFactory


def _post(workspace, user):
    return {"pk": PostFactory(workspace=workspace, owner=user).pk}


URL_OBJECTS = {
    "calendar:month": lambda w, u: {"year": 2026, "month": 11},
    "calendar:week": lambda w, u: {"year": 2026, "week": 48},
    "calendar:month_balance": lambda w, u: {"year": 2026, "month": 11},
    "calendar:week_balance": lambda w, u: {"year": 2026, "week": 48},
    "calendar:post_edit": _post,
    "calendar:post_move": _post,
}
