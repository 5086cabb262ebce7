"""Reading workspaces; and the one filter every workspace-scoped query goes through."""

from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import Invitation, Membership, Role, Workspace

M = TypeVar("M", bound=Model)


def for_workspace(
    queryset: QuerySet[M] | type[M], *, workspace: Workspace, via: str = "workspace"
) -> QuerySet[M]:
    """The rows of `queryset` that belong to `workspace`; `via` is the path to the workspace
    when the model reaches it through another (e.g. "plan__workspace").

    Views never filter by workspace themselves: they call this (or get_for_workspace_or_404), so
    no view can forget the tenancy filter.
    """
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    return queryset.filter(**{via: workspace})


def get_for_workspace_or_404(
    queryset: QuerySet[M] | type[M], *, workspace: Workspace, via: str = "workspace", **lookup
) -> M:
    """One object of the workspace, or 404 — also when it exists in another workspace."""
    try:
        return for_workspace(queryset, workspace=workspace, via=via).get(**lookup)
    except (queryset.model if isinstance(queryset, QuerySet) else queryset).DoesNotExist:
        raise Http404 from None


def membership_for(*, user, workspace_slug: str) -> Membership | None:
    """The user's membership of the workspace with this slug, with the workspace loaded."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("workspace")
        .filter(user=user, workspace__slug=workspace_slug)
        .first()
    )


def memberships_of_user(*, user) -> QuerySet[Membership]:
    """Every workspace the user belongs to, for the switcher."""
    return (
        Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name")
    )


def members_of_workspace(*, workspace: Workspace) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("user__name", "user__email")
    )


def open_invitations(*, workspace: Workspace) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            workspace=workspace,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("email")
    )


def user_exists(*, email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email).exists()


def admins_of_workspace(*, workspace: Workspace) -> QuerySet:
    """The people who manage the workspace (for notices about its members)."""
    return get_user_model().objects.filter(
        memberships__workspace=workspace, memberships__role=Role.ADMIN, is_active=True
    )


def role_of(*, user, workspace: Workspace) -> str | None:
    """The user's role in the workspace, or None for a non-member."""
    return (
        Membership.objects.filter(user=user, workspace=workspace)
        .values_list("role", flat=True)
        .first()
    )


def users_with_role(*, workspace: Workspace, role: str) -> QuerySet:
    """Active members whose role is `role` or above."""
    roles = [r for r in Role.values if Role.rank(r) >= Role.rank(role)]
    return get_user_model().objects.filter(
        memberships__workspace=workspace, memberships__role__in=roles, is_active=True
    )
