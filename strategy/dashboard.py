"""The strategy panel of the workspace dashboard."""

from django.db.models import Count
from django.utils import timezone

from workspaces.dashboard import Panel
from workspaces.models import Role
from workspaces.selectors import for_workspace

from . import selectors
from .models import StrategyPlan


def panel(request) -> Panel:
    """Plans by status, reviews waiting for this person, late reviews, the current plan."""
    workspace = request.workspace
    counts = dict(
        for_workspace(StrategyPlan, workspace=workspace)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    waiting = (
        list(selectors.reviews_waiting_for(user=request.user, workspace=workspace)[:5])
        if request.membership.has_role(Role.REVIEWER)
        else []
    )
    overdue = list(
        for_workspace(StrategyPlan, workspace=workspace)
        .filter(status=StrategyPlan.Status.IN_REVIEW, review_due__lt=timezone.localdate())
        .select_related("reviewer")
        .order_by("review_due")[:5]
    )
    current = selectors.current_approved_plan(workspace=workspace)
    return Panel(
        template="strategy/_dashboard_panel.html",
        data={
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in StrategyPlan.Status.choices
            ],
            "waiting": waiting,
            "overdue": overdue,
            "current": current,
            "sub_goals": list(current.sub_goals.all()) if current else [],
        },
    )
