"""The strategy panel of the workspace dashboard."""

from django.db.models import Case, Count, F, Prefetch, Q, When, prefetch_related_objects
from django.utils import timezone

from workspaces.dashboard import Panel
from workspaces.models import Role
from workspaces.selectors import for_workspace

from . import selectors
from .models import ChannelPlan, StrategyPlan

IN_PROGRESS_SHOWN = 3


def panel(request) -> Panel:
    """Plans by status, reviews waiting for this person, late reviews, the plans being written
    with their steps complete, the current plan."""
    workspace = request.workspace
    counts = dict(
        for_workspace(StrategyPlan, workspace=workspace)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    today = timezone.localdate()
    approved = StrategyPlan.Status.APPROVED
    # One query for the plans in review and the approved plan covering today (the current
    # one, as strategy.selectors.current_approved_plan picks it): approved first, then the
    # reviews by due date. Who waits and what is late are read from it.
    plans = list(
        for_workspace(StrategyPlan, workspace=workspace)
        .filter(
            Q(status=StrategyPlan.Status.IN_REVIEW)
            | Q(status=approved, period_start__lte=today, period_end__gte=today)
        )
        .select_related("owner", "reviewer")
        .order_by(
            Case(When(status=approved, then=0), default=1),
            Case(When(status=approved, then=F("period_start"))).desc(nulls_last=True),
            F("review_due").asc(nulls_last=True),
            "pk",
        )[:50]
    )
    current = next((p for p in plans if p.status == approved), None)
    in_review = [p for p in plans if p.status != approved]
    waiting = (
        [
            p
            for p in in_review
            if p.reviewer_id == request.user.pk
            or (p.reviewer_id is None and p.owner_id != request.user.pk)
        ][:5]
        if request.membership.has_role(Role.REVIEWER)
        else []
    )
    overdue = [p for p in in_review if p.review_due and p.review_due < today][:5]
    # The plans being written with their steps complete: the checklists read what was
    # prefetched for all of them at once, so they cost no query per plan. The current plan's
    # sub-goals come in the same query as theirs.
    in_progress = list(
        for_workspace(StrategyPlan, workspace=workspace)
        .filter(status__in=StrategyPlan.EDITABLE)
        .order_by("-updated_at", "-pk")
        .prefetch_related(
            "audiences",
            Prefetch("channels", queryset=ChannelPlan.objects.select_related("account")),
        )[:IN_PROGRESS_SHOWN]
    )
    prefetch_related_objects([*in_progress, *([current] if current else [])], "sub_goals")
    return Panel(
        template="strategy/_dashboard_panel.html",
        data={
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in StrategyPlan.Status.choices
            ],
            "waiting": waiting,
            "overdue": overdue,
            "current": current,
            "in_progress": [(plan, selectors.plan_checklist(plan)) for plan in in_progress],
            "sub_goals": list(current.sub_goals.all()) if current else [],
        },
    )
