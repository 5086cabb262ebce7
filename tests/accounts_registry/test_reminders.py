"""The registry's reminders: passwords past the rotation period, and late handovers."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts_registry import services
from accounts_registry.models import Handover, HandoverStep, NotificationKind
from accounts_registry.reminders import handover_reminders_send, password_reminders_send
from accounts_registry.selectors import DEFAULT_ROTATION_DAYS
from notifications.models import Notification
from workspaces.models import Membership, Role

from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
from .factories import SocialAccountFactory, confirm_step

PASSWORD_DUE = NotificationKind.PASSWORD_ROTATION_DUE
HANDOVER_LATE = NotificationKind.HANDOVER_LATE
Kind = HandoverStep.Kind

CHANGED = datetime.date(2024, 11, 20)
# "Older than 180 days": on the 180th day the password is not yet due, the day after it is.
LAST_QUIET_DAY = CHANGED + datetime.timedelta(days=DEFAULT_ROTATION_DAYS)
FIRST_DUE_DAY = LAST_QUIET_DAY + datetime.timedelta(days=1)

STARTED = datetime.date(2025, 11, 18)
DEADLINE = datetime.date(2025, 11, 25)
LATE = DEADLINE + datetime.timedelta(days=1)


def on(day, hour=9, minute=0):
    """A moment on `day`, in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def reminded_about(kind):
    """The pages the reminders lead to: one per account or handover."""
    return set(Notification.objects.filter(kind=kind).values_list("link", flat=True))


def account_link(account):
    return f"/w/{account.workspace.slug}/accounts/{account.pk}/"


def handover_link(handover):
    return f"/w/{handover.workspace.slug}/accounts/handovers/{handover.pk}/"


def password_message(day, days=DEFAULT_ROTATION_DAYS):
    return (
        f"The password of LinkedIn page · @vandijk was last changed on {day}, longer ago than "
        f"the workspace's {days} days: have it changed and note the date in the registry."
    )


def late_message(deadline, open_steps=4):
    return (
        f"The handover of Lea Leaver's accounts to Sam Successor is past its deadline of "
        f"{deadline}: {open_steps} steps are still open."
    )


def member(workspace, role=Role.EDITOR, **user):
    return MembershipFactory(workspace=workspace, role=role, user=UserFactory(**user)).user


# --- Passwords -----------------------------------------------------------------------------


@pytest.fixture
def owned(workspace, editor, admin_user):
    """An account with a business owner (the editor); the workspace also has an admin."""
    return SocialAccountFactory(
        workspace=workspace, handle="@vandijk", business_owner=editor, password_changed_on=CHANGED
    )


@pytest.fixture
def ownerless(workspace, editor, reviewer, admin_user):
    return SocialAccountFactory(
        workspace=workspace, handle="@vandijk", business_owner=None, password_changed_on=CHANGED
    )


def test_a_password_as_old_as_the_rotation_period_is_not_yet_reminded(owned):
    report = password_reminders_send(now=on(LAST_QUIET_DAY, hour=23, minute=59))
    assert (report.due, report.notified) == (0, 0)
    assert not Notification.objects.filter(kind=PASSWORD_DUE).exists()


def test_a_password_older_than_the_rotation_period_is_reminded_to_its_business_owner(owned):
    report = password_reminders_send(now=on(FIRST_DUE_DAY))
    assert (report.due, report.notified) == (1, 1)
    assert told(PASSWORD_DUE) == {"editor@example.com"}


def test_the_reminder_names_the_account_and_the_date_and_links_to_the_account(owned, editor):
    password_reminders_send(now=on(FIRST_DUE_DAY))
    notice = Notification.objects.get(kind=PASSWORD_DUE, recipient=editor)
    assert notice.message == password_message("20 November 2024")
    assert notice.link == account_link(owned)


def test_without_a_business_owner_the_admins_are_reminded(ownerless, workspace, outsider):
    member(workspace, Role.ADMIN, email="second-admin@example.com")
    password_reminders_send(now=on(FIRST_DUE_DAY))
    assert told(PASSWORD_DUE) == {"admin@example.com", "second-admin@example.com"}


def test_an_unknown_password_date_is_reminded(owned, editor):
    services.account_update(account=owned, by=editor, password_changed_on=None)
    assert password_reminders_send(now=on(CHANGED)).notified == 1
    assert Notification.objects.get(kind=PASSWORD_DUE, recipient=editor).message == (
        "Nobody noted when the password of LinkedIn page · @vandijk was last changed: have it "
        "changed and note the date in the registry."
    )


def test_a_password_is_reminded_once(owned):
    password_reminders_send(now=on(FIRST_DUE_DAY))
    report = password_reminders_send(now=on(FIRST_DUE_DAY + datetime.timedelta(days=7)))
    assert (report.due, report.notified) == (1, 0)
    assert Notification.objects.filter(kind=PASSWORD_DUE).count() == 1


def test_a_new_password_is_reminded_again_once_it_is_old(owned, editor):
    password_reminders_send(now=on(FIRST_DUE_DAY))
    changed_again = datetime.date(2025, 5, 22)
    services.account_update(account=owned, by=editor, password_changed_on=changed_again)
    assert password_reminders_send(now=on(datetime.date(2025, 11, 18))).due == 0  # 180 days
    report = password_reminders_send(now=on(datetime.date(2025, 11, 19)))
    assert (report.due, report.notified) == (1, 1)
    messages = Notification.objects.filter(kind=PASSWORD_DUE, recipient=editor)
    assert set(messages.values_list("message", flat=True)) == {
        password_message("20 November 2024"),
        password_message("22 May 2025"),
    }


def test_a_closed_account_is_never_reminded(workspace, editor):
    SocialAccountFactory(
        workspace=workspace, business_owner=editor, password_changed_on=CHANGED, status="closed"
    )
    SocialAccountFactory(
        workspace=workspace, business_owner=None, password_changed_on=None, status="closed"
    )
    assert password_reminders_send(now=on(FIRST_DUE_DAY)).due == 0
    assert not Notification.objects.filter(kind=PASSWORD_DUE).exists()


def test_dormant_accounts_are_reminded_too(workspace, editor):
    SocialAccountFactory(
        workspace=workspace, business_owner=editor, password_changed_on=CHANGED, status="dormant"
    )
    assert password_reminders_send(now=on(FIRST_DUE_DAY)).notified == 1


def test_each_workspace_keeps_its_own_rotation_period(
    workspace, other_workspace, admin_user, outsider
):
    services.registry_settings_update(workspace=workspace, by=admin_user, password_rotation_days=30)
    today = datetime.date(2025, 6, 1)

    def account(place, days_ago):
        changed = today - datetime.timedelta(days=days_ago)
        return SocialAccountFactory(workspace=place, password_changed_on=changed)

    account(workspace, 30)
    here_31 = account(workspace, 31)
    account(other_workspace, 31)
    account(other_workspace, 180)
    there_181 = account(other_workspace, 181)
    report = password_reminders_send(now=on(today))
    assert report.due == 2
    assert reminded_about(PASSWORD_DUE) == {account_link(here_31), account_link(there_181)}
    assert "the workspace's 30 days" in Notification.objects.get(recipient=admin_user).message
    assert "the workspace's 180 days" in Notification.objects.get(recipient=outsider).message


def test_when_the_business_owner_left_the_admins_are_told_instead(
    owned, workspace, editor, admin_user
):
    Membership.objects.filter(workspace=workspace, user=editor).delete()
    report = password_reminders_send(now=on(FIRST_DUE_DAY))
    assert (report.due, report.notified) == (1, 1)
    assert Notification.objects.get(kind=PASSWORD_DUE).recipient == admin_user


def test_a_dutch_business_owner_reads_the_date_in_dutch(owned, editor):
    editor.language = "nl"
    editor.save(update_fields=["language"])
    password_reminders_send(now=on(FIRST_DUE_DAY))
    message = Notification.objects.get(kind=PASSWORD_DUE, recipient=editor).message
    assert "20 november 2024" in message
    assert "November" not in message


def test_a_dutch_business_owner_reads_the_platform_in_dutch(owned, editor):
    editor.language = "nl"
    editor.save(update_fields=["language"])
    password_reminders_send(now=on(FIRST_DUE_DAY))
    message = Notification.objects.get(kind=PASSWORD_DUE, recipient=editor).message
    assert "LinkedIn-pagina · @vandijk" in message


def _workspace_with_old_passwords(accounts):
    """A workspace with a 90-day rotation period, an admin and an editor; half its accounts
    are owned by the editor, the other half by nobody (so its admin is told)."""
    workspace = WorkspaceFactory()
    admin = member(workspace, Role.ADMIN)
    owner = member(workspace)
    services.registry_settings_update(workspace=workspace, by=admin, password_rotation_days=90)
    for number in range(accounts):
        SocialAccountFactory(
            workspace=workspace,
            business_owner=owner if number % 2 else None,
            password_changed_on=CHANGED,
        )


def test_the_password_sweep_costs_as_many_queries_for_20_accounts_as_for_2(db):
    _workspace_with_old_passwords(2)
    SocialAccountFactory(password_changed_on=CHANGED)  # in a workspace on the default period
    with CaptureQueriesContext(connection) as few:
        assert password_reminders_send(now=on(FIRST_DUE_DAY)).due == 3
    for _ in range(5):
        _workspace_with_old_passwords(4)
    with CaptureQueriesContext(connection) as many:
        report = password_reminders_send(now=on(FIRST_DUE_DAY))
    assert (report.due, report.notified) == (23, 20)
    assert len(many) == len(few)


# --- Handovers -----------------------------------------------------------------------------


@pytest.fixture
def leaver(workspace):
    return member(workspace, email="leaver@example.com", name="Lea Leaver")


@pytest.fixture
def successor(workspace):
    return member(workspace, email="successor@example.com", name="Sam Successor")


def start_handover(*, workspace, by, leaver, successor, deadline=DEADLINE):
    """A handover of one account the leaver owns: four steps open (the login, the password,
    the recovery method, the successor's confirmation); revoking access does not apply."""
    SocialAccountFactory(workspace=workspace, business_owner=leaver)
    with time_machine.travel(on(STARTED), tick=False):
        return services.handover_start(
            workspace=workspace, by=by, leaver=leaver, successor=successor, deadline=deadline
        )


@pytest.fixture
def handover(workspace, reviewer, admin_user, leaver, successor):
    return start_handover(workspace=workspace, by=reviewer, leaver=leaver, successor=successor)


def confirm(handover, *kinds, manager, successor):
    for step in handover.steps.filter(kind__in=kinds, not_applicable=""):
        by = successor if step.kind == Kind.SUCCESSOR_CONFIRMS else manager
        confirm_step(step=step, by=by)


def test_a_handover_before_its_deadline_is_not_reminded(handover):
    report = handover_reminders_send(now=on(DEADLINE - datetime.timedelta(days=1)))
    assert (report.due, report.notified) == (0, 0)
    assert not Notification.objects.filter(kind=HANDOVER_LATE).exists()


def test_a_handover_on_its_deadline_is_not_yet_late(handover):
    report = handover_reminders_send(now=on(DEADLINE, hour=23, minute=59))
    assert (report.due, report.notified) == (0, 0)
    assert not Notification.objects.filter(kind=HANDOVER_LATE).exists()


def test_a_late_handover_reminds_the_successor_the_managers_and_the_admins(handover, outsider):
    report = handover_reminders_send(now=on(LATE))
    assert (report.due, report.notified) == (1, 3)
    assert told(HANDOVER_LATE) == {
        "successor@example.com",
        "reviewer@example.com",
        "admin@example.com",
    }


def test_the_reminder_says_how_many_steps_are_open_and_links_to_the_handover(handover, successor):
    handover_reminders_send(now=on(LATE))
    notice = Notification.objects.get(kind=HANDOVER_LATE, recipient=successor)
    assert notice.message == late_message("25 November 2025")
    assert notice.link == handover_link(handover)


def test_the_leaver_is_never_reminded_even_as_an_admin(workspace, reviewer, leaver, successor):
    Membership.objects.filter(workspace=workspace, user=leaver).update(role=Role.ADMIN)
    start_handover(workspace=workspace, by=reviewer, leaver=leaver, successor=successor)
    handover_reminders_send(now=on(LATE))
    assert told(HANDOVER_LATE) == {"successor@example.com", "reviewer@example.com"}


def test_only_the_password_step_open_reminds_management_not_the_successor(
    handover, reviewer, successor
):
    confirm(
        handover,
        Kind.MOVE_LOGIN,
        Kind.MOVE_RECOVERY,
        Kind.SUCCESSOR_CONFIRMS,
        manager=reviewer,
        successor=successor,
    )
    handover_reminders_send(now=on(LATE))
    assert told(HANDOVER_LATE) == {"reviewer@example.com", "admin@example.com"}


def test_only_the_successors_confirmation_open_reminds_the_successor_and_the_admins(
    handover, reviewer, successor
):
    confirm(
        handover,
        Kind.MOVE_LOGIN,
        Kind.MOVE_RECOVERY,
        Kind.CHANGE_PASSWORD,
        manager=reviewer,
        successor=successor,
    )
    handover_reminders_send(now=on(LATE))
    assert told(HANDOVER_LATE) == {"successor@example.com", "admin@example.com"}


def test_a_step_either_may_confirm_reminds_the_successor_and_management(
    handover, reviewer, successor
):
    confirm(
        handover,
        Kind.MOVE_RECOVERY,
        Kind.CHANGE_PASSWORD,
        Kind.SUCCESSOR_CONFIRMS,
        manager=reviewer,
        successor=successor,
    )
    handover_reminders_send(now=on(LATE))
    assert told(HANDOVER_LATE) == {
        "successor@example.com",
        "reviewer@example.com",
        "admin@example.com",
    }


def test_a_handover_with_every_step_confirmed_gets_nothing(handover, reviewer, successor):
    confirm(handover, *Kind.values, manager=reviewer, successor=successor)
    handover.refresh_from_db()
    assert handover.is_complete
    report = handover_reminders_send(now=on(LATE))
    assert (report.due, report.notified) == (0, 0)
    assert not Notification.objects.filter(kind=HANDOVER_LATE).exists()


def test_a_successor_who_left_the_workspace_gets_nothing(handover, workspace, successor):
    Membership.objects.filter(workspace=workspace, user=successor).delete()
    handover_reminders_send(now=on(LATE))
    assert told(HANDOVER_LATE) == {"reviewer@example.com", "admin@example.com"}


def test_a_late_handover_is_reminded_once(handover):
    handover_reminders_send(now=on(LATE))
    report = handover_reminders_send(now=on(LATE + datetime.timedelta(days=3)))
    assert (report.due, report.notified) == (1, 0)
    assert Notification.objects.filter(kind=HANDOVER_LATE).count() == 3


def test_a_new_deadline_reminds_again_once_it_has_passed(handover, successor):
    handover_reminders_send(now=on(LATE))
    new_deadline = datetime.date(2025, 12, 5)
    # No service moves a deadline yet: an admin would do it in the database or the admin.
    Handover.objects.filter(pk=handover.pk).update(deadline=new_deadline)
    assert handover_reminders_send(now=on(new_deadline)).due == 0
    assert handover_reminders_send(now=on(datetime.date(2025, 12, 6))).notified == 3
    messages = Notification.objects.filter(kind=HANDOVER_LATE, recipient=successor)
    assert set(messages.values_list("message", flat=True)) == {
        late_message("25 November 2025"),
        late_message("5 December 2025"),
    }


def test_a_dutch_successor_reads_the_deadline_in_dutch(handover, successor):
    successor.language = "nl"
    successor.save(update_fields=["language"])
    handover_reminders_send(now=on(LATE))
    message = Notification.objects.get(kind=HANDOVER_LATE, recipient=successor).message
    assert "25 november 2025" in message
    assert "November" not in message


def test_one_open_step_is_written_in_the_singular(handover, reviewer, successor):
    confirm(
        handover,
        Kind.MOVE_LOGIN,
        Kind.MOVE_RECOVERY,
        Kind.SUCCESSOR_CONFIRMS,
        manager=reviewer,
        successor=successor,
    )
    handover_reminders_send(now=on(LATE))
    message = Notification.objects.get(kind=HANDOVER_LATE, recipient=reviewer).message
    assert message.endswith(": 1 step is still open.")


def _workspace_with_late_handovers(count):
    workspace = WorkspaceFactory()
    manager = member(workspace, Role.REVIEWER)
    member(workspace, Role.ADMIN)
    for _ in range(count):
        start_handover(
            workspace=workspace, by=manager, leaver=member(workspace), successor=member(workspace)
        )


def test_the_handover_sweep_costs_as_many_queries_for_20_handovers_as_for_2(db):
    _workspace_with_late_handovers(2)
    with CaptureQueriesContext(connection) as few:
        assert handover_reminders_send(now=on(LATE)).due == 2
    for _ in range(6):
        _workspace_with_late_handovers(3)
    with CaptureQueriesContext(connection) as many:
        report = handover_reminders_send(now=on(LATE))
    assert (report.due, report.notified) == (20, 54)  # the 18 new ones: successor, 2 managers
    assert len(many) == len(few)
