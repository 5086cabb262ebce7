"""The plan's reminders: an overdue review, and an approved plan whose next review has come."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from strategy import services
from strategy.models import NotificationKind, StrategyPlan
from strategy.reminders import plan_review_reminders_send
from workspaces.models import Membership, Role

from ..factories import MembershipFactory, WorkspaceFactory
from .factories import complete_plan

SUBMITTED = datetime.date(2025, 11, 18)
REVIEW_DUE = datetime.date(2025, 11, 25)  # a week after it was submitted
APPROVED = datetime.date(2025, 11, 20)
NEXT_REVIEW = datetime.date(2026, 2, 20)  # three months after it was approved

OVERDUE = NotificationKind.REVIEW_OVERDUE
NEXT_REVIEW_DUE = NotificationKind.NEXT_REVIEW_DUE


def on(day, hour=9, minute=0):
    """A moment on `day`, in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def submit(*, workspace, owner, day=SUBMITTED, **kwargs):
    with time_machine.travel(on(day), tick=False):
        plan = complete_plan(workspace=workspace, owner=owner, **kwargs)
        return services.plan_submit(plan=plan, by=owner)


def approve(plan, *, by, day=APPROVED):
    with time_machine.travel(on(day), tick=False):
        services.plan_approve(plan=plan, by=by)
    plan.refresh_from_db()
    return plan


def sweep(day, **kwargs):
    return plan_review_reminders_send(now=on(day, **kwargs))


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def plan_link(plan):
    return f"/w/van-dijk/strategy/{plan.pk}/"


@pytest.fixture
def in_review(workspace, editor, reviewer, admin_user):
    """A plan the editor submitted without naming a reviewer; the workspace has two managers."""
    return submit(workspace=workspace, owner=editor)


@pytest.fixture
def approved(workspace, editor, reviewer, admin_user):
    return approve(submit(workspace=workspace, owner=editor), by=reviewer)


# --- An overdue review ---------------------------------------------------------------------


def test_a_review_due_later_is_not_reminded(in_review):
    report = sweep(REVIEW_DUE - datetime.timedelta(days=1))
    assert (report.due, report.notified) == (0, 0)
    assert not Notification.objects.filter(kind=OVERDUE).exists()


def test_a_review_due_today_is_not_yet_overdue(in_review):
    assert in_review.review_due == REVIEW_DUE
    report = sweep(REVIEW_DUE, hour=23, minute=59)
    assert (report.due, report.notified) == (0, 0)
    assert not Notification.objects.filter(kind=OVERDUE).exists()


def test_the_day_after_the_due_date_every_manager_is_reminded(in_review):
    report = sweep(REVIEW_DUE + datetime.timedelta(days=1))
    assert (report.due, report.notified) == (1, 2)
    assert told(OVERDUE) == {"reviewer@example.com", "admin@example.com"}


def test_the_reminder_names_the_plan_and_its_due_date_and_links_to_it(in_review, reviewer):
    sweep(REVIEW_DUE + datetime.timedelta(days=1))
    notice = Notification.objects.get(kind=OVERDUE, recipient=reviewer)
    assert notice.message == "The review of the plan “Q1 plan” was due on 25 November 2025."
    assert notice.link == plan_link(in_review)
    assert notice.workspace == in_review.workspace


def test_a_manager_who_owns_the_plan_is_not_asked_to_review_it(workspace, reviewer, admin_user):
    submit(workspace=workspace, owner=reviewer)
    sweep(REVIEW_DUE + datetime.timedelta(days=1))
    assert told(OVERDUE) == {"admin@example.com"}


def test_a_named_reviewer_is_the_only_one_reminded(workspace, editor, reviewer, admin_user):
    submit(workspace=workspace, owner=editor, reviewer=reviewer)
    sweep(REVIEW_DUE + datetime.timedelta(days=1))
    assert told(OVERDUE) == {"reviewer@example.com"}


def test_a_deactivated_manager_is_not_reminded(in_review, admin_user):
    admin_user.is_active = False
    admin_user.save(update_fields=["is_active"])
    sweep(REVIEW_DUE + datetime.timedelta(days=1))
    assert told(OVERDUE) == {"reviewer@example.com"}


def test_managers_of_another_workspace_are_not_reminded(in_review, outsider):
    sweep(REVIEW_DUE + datetime.timedelta(days=1))
    assert "outsider@example.com" not in told(OVERDUE)


def test_when_the_named_reviewer_left_the_other_managers_are_reminded(
    workspace, editor, reviewer, admin_user
):
    submit(workspace=workspace, owner=editor, reviewer=reviewer)
    Membership.objects.filter(workspace=workspace, user=reviewer).delete()
    report = sweep(REVIEW_DUE + datetime.timedelta(days=1))
    assert (report.due, report.notified) == (1, 1)
    assert Notification.objects.get(kind=OVERDUE).recipient == admin_user


def test_a_second_run_sends_nothing_new(in_review):
    sweep(REVIEW_DUE + datetime.timedelta(days=1))
    report = sweep(REVIEW_DUE + datetime.timedelta(days=2))
    assert (report.due, report.notified) == (1, 0)
    assert Notification.objects.filter(kind=OVERDUE).count() == 2


def test_a_new_due_date_reminds_again(in_review, editor, reviewer):
    sweep(REVIEW_DUE + datetime.timedelta(days=1))
    with time_machine.travel(on(datetime.date(2025, 12, 1)), tick=False):
        services.plan_request_changes(plan=in_review, by=reviewer, comment="Sharper goals")
        services.plan_submit(plan=in_review, by=editor)  # due again on 8 December
    assert sweep(datetime.date(2025, 12, 8)).notified == 0
    assert sweep(datetime.date(2025, 12, 9)).notified == 2
    messages = Notification.objects.filter(kind=OVERDUE, recipient=reviewer)
    assert set(messages.values_list("message", flat=True)) == {
        "The review of the plan “Q1 plan” was due on 25 November 2025.",
        "The review of the plan “Q1 plan” was due on 8 December 2025.",
    }


def test_a_plan_sent_back_for_changes_is_not_reminded(in_review, reviewer):
    with time_machine.travel(on(SUBMITTED), tick=False):
        services.plan_request_changes(plan=in_review, by=reviewer, comment="Sharper goals")
    assert sweep(REVIEW_DUE + datetime.timedelta(days=30)).due == 0
    assert not Notification.objects.filter(kind=OVERDUE).exists()


def test_the_day_turns_at_midnight_in_the_sites_time_zone(settings, in_review):
    settings.TIME_ZONE = "Europe/Amsterdam"
    half_past_midnight = on(REVIEW_DUE + datetime.timedelta(days=1), hour=0, minute=30)
    assert half_past_midnight.astimezone(datetime.UTC).date() == REVIEW_DUE
    assert plan_review_reminders_send(now=half_past_midnight).notified == 2


def test_without_a_moment_the_sweep_reads_the_clock(in_review):
    with time_machine.travel(on(REVIEW_DUE), tick=False):
        assert plan_review_reminders_send().notified == 0
    with time_machine.travel(on(REVIEW_DUE + datetime.timedelta(days=1)), tick=False):
        assert plan_review_reminders_send().notified == 2


def test_a_dutch_reviewer_reads_the_due_date_in_dutch(in_review, reviewer):
    reviewer.language = "nl"
    reviewer.save(update_fields=["language"])
    sweep(REVIEW_DUE + datetime.timedelta(days=1))
    message = Notification.objects.get(kind=OVERDUE, recipient=reviewer).message
    assert "25 november 2025" in message
    assert "November" not in message


# --- The next review of an approved plan ---------------------------------------------------


def test_an_approved_plan_is_not_reminded_before_its_next_review(approved):
    assert approved.next_review_on == NEXT_REVIEW
    report = sweep(NEXT_REVIEW - datetime.timedelta(days=1), hour=23, minute=59)
    assert (report.due, report.notified) == (0, 0)
    assert not Notification.objects.filter(kind=NEXT_REVIEW_DUE).exists()


def test_on_the_day_of_the_next_review_the_owner_and_the_managers_are_reminded(approved):
    report = sweep(NEXT_REVIEW, hour=0, minute=1)
    assert (report.due, report.notified) == (1, 3)
    assert told(NEXT_REVIEW_DUE) == {
        "editor@example.com",
        "reviewer@example.com",
        "admin@example.com",
    }


def test_the_next_review_reminder_says_what_to_do_and_links_to_the_plan(approved, editor):
    sweep(NEXT_REVIEW)
    notice = Notification.objects.get(kind=NEXT_REVIEW_DUE, recipient=editor)
    assert notice.message == (
        "The plan “Q1 plan” is due for its next review (20 February 2026): look at what the "
        "calendar and the results say, and start the next round."
    )
    assert notice.link == plan_link(approved)


def test_a_plan_past_its_next_review_is_still_reminded(approved):
    assert sweep(NEXT_REVIEW + datetime.timedelta(days=10)).notified == 3


def test_the_next_review_is_reminded_once(approved):
    sweep(NEXT_REVIEW)
    report = sweep(NEXT_REVIEW + datetime.timedelta(days=1))
    assert (report.due, report.notified) == (1, 0)
    assert Notification.objects.filter(kind=NEXT_REVIEW_DUE).count() == 3


def test_an_owner_who_is_a_manager_is_reminded_once(workspace, reviewer, admin_user):
    approve(submit(workspace=workspace, owner=admin_user), by=reviewer)
    sweep(NEXT_REVIEW)
    assert Notification.objects.filter(kind=NEXT_REVIEW_DUE, recipient=admin_user).count() == 1
    assert told(NEXT_REVIEW_DUE) == {"reviewer@example.com", "admin@example.com"}


def test_an_owner_who_left_the_workspace_is_not_reminded(approved, workspace, editor):
    Membership.objects.filter(workspace=workspace, user=editor).delete()
    sweep(NEXT_REVIEW)
    assert told(NEXT_REVIEW_DUE) == {"reviewer@example.com", "admin@example.com"}


def test_an_archived_plan_is_not_reminded(approved, reviewer):
    services.plan_archive(plan=approved, by=reviewer)
    assert sweep(NEXT_REVIEW).due == 0
    assert not Notification.objects.filter(kind=NEXT_REVIEW_DUE).exists()


def test_a_dutch_owner_reads_the_next_review_date_in_dutch(approved, editor):
    editor.language = "nl"
    editor.save(update_fields=["language"])
    sweep(NEXT_REVIEW)
    message = Notification.objects.get(kind=NEXT_REVIEW_DUE, recipient=editor).message
    assert "20 februari 2026" in message
    assert "February" not in message


# --- Cost ----------------------------------------------------------------------------------


def _team_with_due_plans():
    """A workspace with one plan overdue for review and one due for its next review."""
    workspace = WorkspaceFactory()
    owner = MembershipFactory(workspace=workspace, role=Role.EDITOR).user
    manager = MembershipFactory(workspace=workspace, role=Role.REVIEWER).user
    approve(submit(workspace=workspace, owner=owner, title="Approved"), by=manager)
    submit(workspace=workspace, owner=owner, title="In review")


def test_the_sweep_costs_as_many_queries_for_20_due_plans_as_for_2(db):
    _team_with_due_plans()
    with CaptureQueriesContext(connection) as two:
        assert sweep(NEXT_REVIEW).due == 2
    for _ in range(9):
        _team_with_due_plans()
    with CaptureQueriesContext(connection) as twenty:
        report = sweep(NEXT_REVIEW)
    assert (report.due, report.notified) == (20, 27)  # 9 new teams: owner and manager, then manager
    assert len(twenty) == len(two)


def test_a_draft_is_never_reminded_whatever_its_dates(workspace, editor, reviewer):
    plan = complete_plan(workspace=workspace, owner=editor)
    StrategyPlan.objects.filter(pk=plan.pk).update(
        review_due=datetime.date(2000, 1, 1), next_review_on=datetime.date(2000, 1, 1)
    )
    assert sweep(NEXT_REVIEW).due == 0
    assert not Notification.objects.exists()
