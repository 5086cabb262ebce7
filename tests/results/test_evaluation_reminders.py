"""The evaluation reminder: at an approved plan's review date and at its period's end, its owner
and reviewer hear that the evaluation is due, once, until it is started."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from results.models import Evaluation, NotificationKind
from results.reminders import evaluation_reminders_send
from strategy.models import StrategyPlan
from workspaces.models import Membership

from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
from ..strategy.factories import END
from .test_reminders import d, on, plan_in_force, told

DUE = NotificationKind.EVALUATION_DUE


def test_at_the_periods_end_owner_and_reviewer_are_told_once(workspace, editor, reviewer):
    plan = plan_in_force(workspace=workspace, owner=editor, reviewer=reviewer)
    assert evaluation_reminders_send(now=on(d(3, 30))).due == 0
    report = evaluation_reminders_send(now=on(END))
    assert (report.due, report.notified) == (1, 2)
    assert told(DUE) == ["editor@example.com", "reviewer@example.com"]
    note = Notification.objects.filter(kind=DUE).first()
    assert note.message.startswith("The period of the plan “Q1 plan” ended on 31 March 2026")
    assert note.link == reverse(
        "results:evaluation_start", kwargs={"workspace": workspace.slug, "pk": plan.pk}
    )
    # The days after: nothing new; four weeks on, no longer asked.
    assert evaluation_reminders_send(now=on(d(4, 7))).notified == 0
    assert evaluation_reminders_send(now=on(d(4, 29))).due == 0


def test_the_review_date_asks_for_an_evaluation_of_the_period_so_far(workspace, editor):
    plan = plan_in_force(workspace=workspace, owner=editor)
    StrategyPlan.objects.filter(pk=plan.pk).update(next_review_on=d(2, 15))
    evaluation_reminders_send(now=on(d(2, 15)))
    assert Notification.objects.get(kind=DUE).message.startswith(
        "The plan “Q1 plan” is due for review on 15 February 2026"
    )
    # At the period's end the whole period is asked for, separately.
    assert evaluation_reminders_send(now=on(END)).notified == 1


def test_an_evaluation_of_that_period_ends_the_reminders(workspace, editor):
    plan = plan_in_force(workspace=workspace, owner=editor)
    Evaluation.objects.create(
        workspace=workspace, plan=plan, period_start=plan.period_start, period_end=END
    )
    assert evaluation_reminders_send(now=on(END)).due == 0


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_only_approved_plans_are_evaluated(workspace, editor, status):
    plan_in_force(workspace=workspace, owner=editor, status=status)
    assert evaluation_reminders_send(now=on(END)).due == 0


def test_an_owner_who_left_is_replaced_by_the_managers(workspace, editor, reviewer):
    plan_in_force(workspace=workspace, owner=editor)
    Membership.objects.filter(user=editor).delete()
    evaluation_reminders_send(now=on(END))
    assert told(DUE) == ["reviewer@example.com"]


def test_constant_queries_per_batch(db, django_assert_num_queries):
    def teams(n):
        for _ in range(n):
            workspace = WorkspaceFactory()
            owner = UserFactory()
            MembershipFactory(workspace=workspace, user=owner)
            plan_in_force(workspace=workspace, owner=owner)

    teams(2)
    with CaptureQueriesContext(connection) as few:
        evaluation_reminders_send(now=on(END))
    Notification.objects.all().delete()
    teams(20)
    with django_assert_num_queries(len(few.captured_queries)):
        assert evaluation_reminders_send(now=on(END)).notified == 22
