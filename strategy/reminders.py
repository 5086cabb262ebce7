"""The plan's reminders, sent by a periodic sweep: a review that is overdue, and an approved
plan whose next review has come ("herhaal": a plan is reviewed again and again)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.services import NotificationDraft
from notifications.sweeps import (
    SweepReport,
    current_members,
    day_label,
    in_batches,
    notify_members,
    people_with_role,
)
from workspaces.models import Role

from .models import NotificationKind, StrategyPlan

REVIEW_OVERDUE = _("The review of the plan “%(plan)s” was due on %(due)s.")
NEXT_REVIEW_DUE = _(
    "The plan “%(plan)s” is due for its next review (%(due)s): look at what the calendar and "
    "the results say, and start the next round."
)


def _link(plan: StrategyPlan) -> str:
    return reverse("strategy:plan_detail", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk})


def plan_review_reminders_send(*, now: datetime.datetime | None = None) -> SweepReport:
    """Remind the reviewer of every plan in review past its review-due date (every manager of
    the workspace when none was named, or the one named left), and the owner and the
    reviewers of every approved plan whose next-review date has come. Once per plan and
    date."""
    today = timezone.localdate(now)
    report = SweepReport("plan_reviews")
    plans = StrategyPlan.objects.select_related("workspace", "owner", "reviewer")
    overdue = plans.filter(status=StrategyPlan.Status.IN_REVIEW, review_due__lt=today)
    next_review = plans.filter(status=StrategyPlan.Status.APPROVED, next_review_on__lte=today)
    for queryset in (overdue, next_review):
        for batch in in_batches(queryset):
            report.batches += 1
            report.due += len(batch)
            workspace_ids = {p.workspace_id for p in batch}
            management = people_with_role(workspace_ids=workspace_ids, role=Role.REVIEWER)
            members = current_members(
                user_ids={p.reviewer_id for p in batch if p.reviewer_id},
                workspace_ids=workspace_ids,
            )
            drafts = []
            for plan in batch:
                managers = management.get(plan.workspace_id, [])
                if plan.status == StrategyPlan.Status.IN_REVIEW:
                    # The named reviewer; every manager but the owner when none was named or
                    # the one named has left.
                    recipients = (
                        [plan.reviewer]
                        if (plan.reviewer_id, plan.workspace_id) in members
                        else [m for m in managers if m.pk != plan.owner_id]
                    )
                    kind, message, due = (
                        NotificationKind.REVIEW_OVERDUE,
                        REVIEW_OVERDUE,
                        plan.review_due,
                    )
                else:
                    recipients = [plan.owner, *(m for m in managers if m.pk != plan.owner_id)]
                    kind, message, due = (
                        NotificationKind.NEXT_REVIEW_DUE,
                        NEXT_REVIEW_DUE,
                        plan.next_review_on,
                    )
                drafts.extend(
                    NotificationDraft(
                        recipient=recipient,
                        workspace=plan.workspace,
                        kind=kind,
                        key=f"{kind}:plan={plan.pk}:due={due.isoformat()}",
                        message=message,
                        params={"plan": plan.title, "due": day_label(due)},
                        link=_link(plan),
                    )
                    for recipient in recipients
                )
            report.notified += notify_members(drafts)
    return report
