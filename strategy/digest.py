"""The plan's part of the weekly digest: reviews waiting for the person."""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.digest import DigestLine, Lines
from notifications.sweeps import day_label
from workspaces.models import Membership, Role

from .models import StrategyPlan

REVIEW_WAITING = _("Review the plan “%(plan)s” (due %(due)s).")
NEXT_REVIEW = _("The plan “%(plan)s” is due for its next review on %(due)s.")


def lines(*, memberships: list[Membership], now: datetime.datetime) -> Lines:
    """Per (user id, workspace id): the plans in review that wait for this person (named as
    reviewer, or any manager when none was named), and the approved plans they own whose next
    review falls in the coming week. One query for the whole batch."""
    found: Lines = defaultdict(list)
    week_ahead = now.date() + datetime.timedelta(days=7)
    plans = StrategyPlan.objects.filter(
        workspace_id__in={m.workspace_id for m in memberships}
    ).filter(
        Q(status=StrategyPlan.Status.IN_REVIEW)
        | Q(status=StrategyPlan.Status.APPROVED, next_review_on__lte=week_ahead)
    )
    by_workspace = defaultdict(list)
    for plan in plans.order_by("review_due", "pk"):
        by_workspace[plan.workspace_id].append(plan)
    for membership in memberships:
        is_manager = Role.rank(membership.role) >= Role.rank(Role.REVIEWER)
        for plan in by_workspace.get(membership.workspace_id, []):
            pair = (membership.user_id, membership.workspace_id)
            if plan.status == StrategyPlan.Status.APPROVED:
                if plan.owner_id == membership.user_id:
                    found[pair].append(
                        DigestLine(
                            NEXT_REVIEW, {"plan": plan.title, "due": day_label(plan.next_review_on)}
                        )
                    )
            elif plan.reviewer_id == membership.user_id or (
                plan.reviewer_id is None and is_manager and plan.owner_id != membership.user_id
            ):
                due = day_label(plan.review_due) if plan.review_due else "—"
                found[pair].append(DigestLine(REVIEW_WAITING, {"plan": plan.title, "due": due}))
    return found
