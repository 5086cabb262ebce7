"""The results' part of the weekly digest: the sub-goals behind in the plan in force."""

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.digest import DigestLine, Lines
from strategy.models import StrategyPlan
from workspaces.models import Membership, Role

from .models import ProgressState, SubGoalState

SUB_GOAL_BEHIND = _("“%(sub_goal)s” is behind in the plan “%(plan)s”: enter a check-in or act.")


def lines(*, memberships: list[Membership], now: datetime.datetime) -> Lines:
    """Per (user id, workspace id): the sub-goals of the approved plans covering today that the
    last progress check found behind, for the plan's owner and its reviewer (every manager when
    none is named). One query for the whole batch."""
    today = timezone.localdate(now)
    states = (
        SubGoalState.objects.filter(
            state=ProgressState.BEHIND,
            sub_goal__plan__workspace_id__in={m.workspace_id for m in memberships},
            sub_goal__plan__status=StrategyPlan.Status.APPROVED,
            sub_goal__plan__period_start__lte=today,
            sub_goal__plan__period_end__gte=today,
        )
        .select_related("sub_goal__plan")
        .order_by("sub_goal__plan_id", "sub_goal__position", "sub_goal_id")
    )
    by_workspace = defaultdict(list)
    for state in states:
        by_workspace[state.sub_goal.plan.workspace_id].append(state.sub_goal)
    found: Lines = defaultdict(list)
    for membership in memberships:
        is_manager = Role.rank(membership.role) >= Role.rank(Role.REVIEWER)
        for sub_goal in by_workspace.get(membership.workspace_id, []):
            plan = sub_goal.plan
            if membership.user_id in (plan.owner_id, plan.reviewer_id) or (
                plan.reviewer_id is None and is_manager
            ):
                found[membership.user_id, membership.workspace_id].append(
                    DigestLine(
                        SUB_GOAL_BEHIND, {"sub_goal": sub_goal.description, "plan": plan.title}
                    )
                )
    return found
