"""The door of every workspace page: who is let in, and as what."""

import zoneinfo
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation

from .formatting import format_language
from .models import Role
from .selectors import memberships_of_user, role_of

SESSION_KEY = "current_workspace"


def workspace_view(role: str = Role.EDITOR) -> Callable:
    """Decorate a view whose URL holds `<slug:workspace>`.

    - not logged in: redirect to the login page;
    - not a member of that workspace (or no such workspace): 404, so outsiders learn nothing;
    - a member whose role is below `role`: 403.
    Otherwise the view runs with `request.workspace` and `request.membership` set, and receives
    no `workspace` argument.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, workspace: str, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # All of the person's memberships in one query: the page's workspace switcher
            # lists them (strategy_planner.context_processors), and one of them lets them in.
            memberships = list(memberships_of_user(user=request.user))
            membership = next((m for m in memberships if m.workspace.slug == workspace), None)
            if membership is None:
                raise Http404
            if not membership.has_role(role):
                raise PermissionDenied
            request.workspace = membership.workspace
            request.membership = membership
            request.my_memberships = memberships
            if request.session.get(SESSION_KEY) != workspace:
                request.session[SESSION_KEY] = workspace  # where "home" leads next time
            # Dates and times on the workspace's pages are shown in the workspace's zone, and
            # in English in the workspace's order of day and month.
            language = format_language(translation.get_language(), membership.workspace)
            with (
                timezone.override(zoneinfo.ZoneInfo(membership.workspace.time_zone)),
                translation.override(language),
            ):
                return view(request, *args, **kwargs)

        wrapper.required_role = role
        return wrapper

    return decorator


def has_role(*, user, workspace, role: str) -> bool:
    """Whether the user has `role` (or above) in the workspace."""
    actual = role_of(user=user, workspace=workspace)
    return actual is not None and Role.rank(actual) >= Role.rank(role)


def require_role(*, user, workspace, role: str) -> None:
    """For services: raise PermissionError unless the user has `role` (or above) in the
    workspace. The same rule as the decorator, for callers that are not views."""
    actual = role_of(user=user, workspace=workspace)
    if actual is None or Role.rank(actual) < Role.rank(role):
        raise PermissionError(f"{user} may not do this as {actual or 'a non-member'}")
