"""The results' sweeps: a check-in due by its measurement's frequency, and a sub-goal that falls
behind or misses its deadline (docs/results.md, "Reminders and checks")."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from results.models import NotificationKind, SubGoalState
from results.reminders import (
    check_in_reminders_send,
    due_dates,
    due_now,
    sub_goal_progress_send,
)
from strategy.models import Measurement, StrategyPlan, SubGoal
from workspaces.models import Membership, Role

from ..concurrency import at_once
from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
from ..strategy.factories import END, START, sub_goal
from .factories import CheckInFactory

CHECK_IN_DUE = NotificationKind.CHECK_IN_DUE
BEHIND = NotificationKind.SUB_GOAL_BEHIND
MISSED = NotificationKind.SUB_GOAL_MISSED


def on(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def d(month, day, year=2026):
    return datetime.date(year, month, day)


def plan_in_force(*, workspace, owner, reviewer=None, frequency="monthly", status="approved"):
    """An approved Q1 2026 plan with one sub-goal (2 to 10 applications by 31 March) measured
    at `frequency`."""
    plan = StrategyPlan.objects.create(
        workspace=workspace,
        title="Q1 plan",
        period_start=START,
        period_end=END,
        owner=owner,
        reviewer=reviewer,
        status=status,
    )
    goal = SubGoal.objects.create(plan=plan, **sub_goal())
    Measurement.objects.create(
        plan=plan, kpi="Applications via social", sub_goal=goal, frequency=frequency
    )
    return plan


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


# --- When a check-in is due ------------------------------------------------------------------


def test_due_dates_by_frequency_and_the_periods_last_day():
    assert due_dates(frequency="monthly", start=START, end=END) == [d(2, 1), d(3, 1), d(3, 31)]
    # Mondays after the first day (Thursday 1 January), and the last day.
    weekly = due_dates(frequency="weekly", start=START, end=END)
    assert weekly[:2] == [d(1, 5), d(1, 12)]
    assert weekly[-2:] == [d(3, 30), d(3, 31)]
    assert {day.weekday() for day in weekly[:-1]} == {0}
    # A quarterly measurement of a one-quarter plan falls due on its last day only.
    assert due_dates(frequency="quarterly", start=START, end=END) == [d(3, 31)]
    assert due_dates(frequency="quarterly", start=START, end=d(12, 31)) == [
        d(4, 1),
        d(7, 1),
        d(10, 1),
        d(12, 31),
    ]
    # A plan starting on a Monday is first due the Monday after.
    assert due_dates(frequency="weekly", start=d(1, 5), end=d(1, 20)) == [
        d(1, 12),
        d(1, 19),
        d(1, 20),
    ]


def test_the_latest_due_date_and_the_one_before_it():
    assert due_now(frequency="monthly", start=START, end=END, today=d(1, 31)) is None
    assert due_now(frequency="monthly", start=START, end=END, today=d(2, 1)) == (
        d(2, 1),
        d(12, 31, 2025),
    )
    assert due_now(frequency="monthly", start=START, end=END, today=d(3, 20)) == (d(3, 1), d(2, 1))


def test_the_owner_is_reminded_once_on_the_due_date(workspace, editor, reviewer):
    plan_in_force(workspace=workspace, owner=editor, reviewer=reviewer)
    assert check_in_reminders_send(now=on(d(1, 31))).due == 0
    report = check_in_reminders_send(now=on(d(2, 1)))
    assert (report.due, report.notified) == (1, 1)
    assert told(CHECK_IN_DUE) == ["editor@example.com"]
    note = Notification.objects.get(kind=CHECK_IN_DUE)
    assert note.message == (
        "A check-in on “More applications from technicians” (Applications via social) was due "
        "on 1 February 2026: enter the latest value of applications via social."
    )
    # The sub-goal's page, where the check-in is entered.
    sub_goal = StrategyPlan.objects.get().sub_goals.get()
    assert note.link == f"/w/van-dijk/results/sub-goals/{sub_goal.pk}/"
    # The next run, and the next days, find it sent.
    again = check_in_reminders_send(now=on(d(2, 3)))
    assert (again.due, again.notified) == (1, 0)
    assert Notification.objects.count() == 1


def test_a_check_in_since_the_due_date_before_answers_it(workspace, editor):
    plan = plan_in_force(workspace=workspace, owner=editor)
    CheckInFactory(sub_goal=plan.sub_goals.get(), measured_on=d(1, 20))
    assert check_in_reminders_send(now=on(d(2, 1))).due == 0
    # January's check-in does not answer March's due date: February had none.
    report = check_in_reminders_send(now=on(d(3, 1)))
    assert (report.due, report.notified) == (1, 1)
    assert Notification.objects.get().key.endswith("due=2026-03-01")
    # Entering February's figure late (on 2 March, dated 28 February) is what it asked.
    CheckInFactory(sub_goal=plan.sub_goals.get(), measured_on=d(2, 28))
    assert check_in_reminders_send(now=on(d(3, 2))).due == 0


def test_weekly_measurements_are_due_every_monday(workspace, editor):
    plan_in_force(workspace=workspace, owner=editor, frequency="weekly")
    for day in (d(1, 5), d(1, 7), d(1, 12), d(1, 13)):
        check_in_reminders_send(now=on(day))
    keys = sorted(Notification.objects.values_list("key", flat=True))
    assert [k.rsplit("=", 1)[1] for k in keys] == ["2026-01-05", "2026-01-12"]


def test_after_a_pause_only_the_latest_due_date_is_reminded(workspace, editor):
    plan_in_force(workspace=workspace, owner=editor, frequency="weekly")
    check_in_reminders_send(now=on(d(2, 18)))
    assert list(Notification.objects.values_list("key", flat=True)) == [
        f"{CHECK_IN_DUE}:sub_goal={SubGoal.objects.get().pk}:due=2026-02-16"
    ]


def test_an_owner_who_left_is_replaced_by_the_managers(workspace, editor, reviewer, admin_user):
    plan_in_force(workspace=workspace, owner=editor)
    Membership.objects.filter(user=editor).delete()
    check_in_reminders_send(now=on(d(2, 1)))
    assert told(CHECK_IN_DUE) == ["admin@example.com", "reviewer@example.com"]


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_a_plan_not_in_force_asks_for_no_check_in(workspace, editor, status):
    plan_in_force(workspace=workspace, owner=editor, status=status)
    assert check_in_reminders_send(now=on(d(2, 1))).due == 0
    assert not Notification.objects.exists()


def test_no_check_in_is_asked_after_the_sub_goals_deadline(workspace, editor):
    plan = plan_in_force(workspace=workspace, owner=editor)
    plan.sub_goals.update(deadline=d(1, 15))
    assert check_in_reminders_send(now=on(d(3, 1))).due == 0


def test_a_dutch_owner_is_reminded_in_dutch(workspace):
    owner = MembershipFactory(workspace=workspace, user=UserFactory(language="nl")).user
    plan_in_force(workspace=workspace, owner=owner)
    check_in_reminders_send(now=on(d(2, 1)))
    message = Notification.objects.get().message
    assert message.startswith("Een check-in op “More applications from technicians”")
    assert "1 februari 2026" in message


def _teams(count, *, frequency="monthly"):
    for _ in range(count):
        workspace = WorkspaceFactory()
        owner = MembershipFactory(workspace=workspace, role=Role.EDITOR).user
        reviewer = MembershipFactory(workspace=workspace, role=Role.REVIEWER).user
        plan = plan_in_force(
            workspace=workspace, owner=owner, reviewer=reviewer, frequency=frequency
        )
        # A second sub-goal, behind its path.
        goal = SubGoal.objects.create(plan=plan, **sub_goal(description="Followers"))
        Measurement.objects.create(plan=plan, kpi="Followers", sub_goal=goal, frequency=frequency)
        CheckInFactory(sub_goal=goal, measured_on=d(2, 10), value=Decimal("3"))


def test_the_check_in_sweep_costs_as_many_queries_for_20_teams_as_for_2(
    db, django_assert_num_queries
):
    _teams(2)
    with CaptureQueriesContext(connection) as few:
        assert check_in_reminders_send(now=on(d(3, 1))).notified == 2
    _teams(18)
    with django_assert_num_queries(len(few)):
        report = check_in_reminders_send(now=on(d(3, 1)))
    assert (report.due, report.notified) == (20, 18)


# --- A sub-goal behind or missed -------------------------------------------------------------


@pytest.fixture
def plan(workspace, editor, reviewer, admin_user):
    return plan_in_force(workspace=workspace, owner=editor, reviewer=reviewer)


def test_a_sub_goal_falling_behind_warns_owner_and_reviewer_once(plan):
    goal = plan.sub_goals.get()
    CheckInFactory(sub_goal=goal, measured_on=d(2, 1), value=Decimal("5"))
    # 5 on 1 February, 4.79 expected: on track. Nobody is told.
    assert sub_goal_progress_send(now=on(d(2, 2))).due == 0
    assert SubGoalState.objects.get().state == "on_track"
    # By 1 March 7.3 is expected, and it is still 5: behind.
    report = sub_goal_progress_send(now=on(d(3, 1)))
    assert (report.due, report.notified) == (1, 2)
    assert told(BEHIND) == ["editor@example.com", "reviewer@example.com"]
    assert Notification.objects.filter(kind=BEHIND).first().message == (
        "“More applications from technicians” in the plan “Q1 plan” is behind: 5 per quarter "
        "on 1 February 2026; 7.3 per quarter expected by 1 March 2026."
    )
    assert SubGoalState.objects.get().state == "behind"
    # Still behind the next days: told once.
    for day in (d(3, 2), d(3, 3)):
        assert sub_goal_progress_send(now=on(day)).due == 0
    assert Notification.objects.count() == 2


def test_a_dutch_owner_is_warned_in_dutch_with_dutch_numbers(workspace, reviewer):
    owner = MembershipFactory(workspace=workspace, user=UserFactory(language="nl")).user
    plan = plan_in_force(workspace=workspace, owner=owner, reviewer=reviewer)
    CheckInFactory(sub_goal=plan.sub_goals.get(), measured_on=d(2, 1), value=Decimal("5"))
    sub_goal_progress_send(now=on(d(3, 1)))
    assert Notification.objects.get(recipient=owner).message == (
        "“More applications from technicians” in het plan “Q1 plan” loopt achter: 5 per quarter "
        "op 1 februari 2026; 7,3 per quarter verwacht op 1 maart 2026."
    )
    # The English reviewer reads the same warning in English.
    assert "7.3 per quarter expected" in Notification.objects.get(recipient=reviewer).message


def test_behind_again_after_catching_up_is_told_again(plan):
    goal = plan.sub_goals.get()
    CheckInFactory(sub_goal=goal, measured_on=d(2, 1), value=Decimal("3"))
    sub_goal_progress_send(now=on(d(2, 2)))
    CheckInFactory(sub_goal=goal, measured_on=d(2, 9), value=Decimal("7"))
    sub_goal_progress_send(now=on(d(2, 10)))
    assert SubGoalState.objects.get().state == "ahead"
    sub_goal_progress_send(now=on(d(3, 20)))
    keys = list(
        Notification.objects.filter(recipient__email="editor@example.com")
        .order_by("pk")
        .values_list("key", flat=True)
    )
    assert [k.split(":", 2)[2] for k in keys] == [
        "from=new:to=behind:on=2026-02-02",
        "from=ahead:to=behind:on=2026-03-20",
    ]


def test_a_missed_deadline_is_told_the_day_after(plan):
    goal = plan.sub_goals.get()
    CheckInFactory(sub_goal=goal, measured_on=d(3, 1), value=Decimal("8"))
    assert sub_goal_progress_send(now=on(d(3, 2))).due == 0  # 8, 7.39 expected: ahead
    report = sub_goal_progress_send(now=on(d(4, 1)))
    assert (report.due, report.notified) == (1, 2)
    assert Notification.objects.filter(kind=MISSED).first().message == (
        "“More applications from technicians” in the plan “Q1 plan” missed its deadline of "
        "31 March 2026: 8 of the target 10 per quarter."
    )
    assert sub_goal_progress_send(now=on(d(4, 2))).notified == 0


def test_a_deadline_without_any_check_in_is_missed_too(plan):
    sub_goal_progress_send(now=on(d(4, 1)))
    assert "without a check-in" in Notification.objects.filter(kind=MISSED).first().message


def test_an_achieved_sub_goal_or_an_old_deadline_warns_nobody(plan):
    CheckInFactory(sub_goal=plan.sub_goals.get(), measured_on=d(2, 1), value=Decimal("10"))
    sub_goal_progress_send(now=on(d(4, 1)))
    assert SubGoalState.objects.get().state == "achieved"
    SubGoal.objects.create(plan=plan, **sub_goal(description="Old", deadline=d(1, 2, 2025)))
    assert sub_goal_progress_send(now=on(d(4, 2))).due == 0
    assert not Notification.objects.exists()


def test_without_a_named_reviewer_the_managers_are_warned(workspace, editor, reviewer, admin_user):
    plan = plan_in_force(workspace=workspace, owner=editor)
    CheckInFactory(sub_goal=plan.sub_goals.get(), measured_on=d(2, 10), value=Decimal("2"))
    sub_goal_progress_send(now=on(d(2, 20)))
    assert told(BEHIND) == ["admin@example.com", "editor@example.com", "reviewer@example.com"]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_warn_once(workspace, editor, reviewer):
    if connection.vendor != "postgresql":
        pytest.skip("Two writers at once need PostgreSQL.")
    plan = plan_in_force(workspace=workspace, owner=editor, reviewer=reviewer)
    CheckInFactory(sub_goal=plan.sub_goals.get(), measured_on=d(2, 10), value=Decimal("2"))
    reports = at_once(
        lambda: sub_goal_progress_send(now=on(d(2, 20))),
        lambda: sub_goal_progress_send(now=on(d(2, 20))),
    )
    assert sorted(r.notified for r in reports) == [0, 2]
    assert told(BEHIND) == ["editor@example.com", "reviewer@example.com"]


def test_the_progress_sweep_costs_as_many_queries_for_20_teams_as_for_2(
    db, django_assert_num_queries
):
    _teams(2)
    with CaptureQueriesContext(connection) as few:
        assert sub_goal_progress_send(now=on(d(3, 1))).due == 2
    _teams(18)
    with django_assert_num_queries(len(few)):
        report = sub_goal_progress_send(now=on(d(3, 1)))
    # Only the new teams' sub-goals changed: the first two were told already.
    assert (report.due, report.notified) == (18, 36)


def test_the_sweeps_are_in_the_database_schedule_and_their_tasks_run_them(
    workspace, editor, reviewer
):
    from django_celery_beat.models import PeriodicTask

    from results import tasks
    from strategy_planner.celery import app

    scheduled = dict(
        PeriodicTask.objects.filter(task__startswith="results.").values_list("task", "enabled")
    )
    assert scheduled == {
        "results.tasks.send_check_in_reminders": True,
        "results.tasks.check_sub_goal_progress": True,
        "results.tasks.send_evaluation_reminders": True,
    }
    assert set(scheduled) <= set(app.tasks)
    plan = plan_in_force(workspace=workspace, owner=editor, reviewer=reviewer)
    CheckInFactory(sub_goal=plan.sub_goals.get(), measured_on=d(1, 20), value=Decimal("2"))
    with time_machine.travel(on(d(3, 2)), tick=False):
        assert tasks.send_check_in_reminders.apply().get()["notified"] == 1
        assert tasks.check_sub_goal_progress.apply().get()["notified"] == 2
    with time_machine.travel(on(END), tick=False):
        assert tasks.send_evaluation_reminders.apply().get()["notified"] == 2
