import datetime
import smtplib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone
from django.utils.translation import gettext_lazy

from notifications import services
from notifications.models import Notification
from workspaces.models import DateOrder, Role

from ..factories import NotificationFactory, UserFactory

EmailState = Notification.EmailState


class TestNotify:
    def test_same_key_reaches_each_person_once(self, workspace, editor, reviewer):
        kwargs = {
            "workspace": workspace,
            "kind": "welcome",
            "key": "plan-review-due:plan=1:2026-12-01",
            "message": "Review the plan",
            "link": "/somewhere/",
        }
        assert services.notify(recipients=[editor, reviewer], **kwargs) == 2
        assert services.notify(recipients=[editor, reviewer, editor], **kwargs) == 0
        assert Notification.objects.count() == 2

    def test_the_database_refuses_a_duplicate_even_without_the_lookup(self, workspace, editor):
        draft = services.NotificationDraft(
            recipient=editor, workspace=workspace, kind="welcome", key="k", message="m"
        )
        services.notify_bulk(drafts=[draft])
        # A second worker that looked before the first one wrote: bulk_create ignores the clash.
        Notification.objects.bulk_create(
            [Notification(recipient=editor, workspace=workspace, kind="welcome", key="k")],
            ignore_conflicts=True,
        )
        assert Notification.objects.filter(key="k").count() == 1

    def test_message_is_in_each_recipients_language(self, workspace):
        dutch = UserFactory(language="nl")
        english = UserFactory(language="en")
        services.notify(
            workspace=workspace,
            recipients=[dutch, english],
            kind="role_changed",
            key="role",
            message=gettext_lazy("Your role in %(workspace)s is now %(role)s."),
            params={"workspace": "Acme", "role": Role.in_sentence(Role.REVIEWER)},
        )
        assert Notification.objects.get(recipient=english).message == (
            "Your role in Acme is now reviewer."
        )
        assert Notification.objects.get(recipient=dutch).message == (
            "Je rol in Acme is nu beoordelaar."
        )

    def test_dates_and_numbers_in_a_message_read_as_the_recipients_language(self, workspace):
        dutch = UserFactory(language="nl")
        english = UserFactory(language="en")
        services.notify(
            workspace=workspace,
            recipients=[dutch, english],
            kind="plan_submitted",
            key="submitted",
            message=gettext_lazy("%(name)s submitted the plan “%(plan)s” for review, due %(due)s."),
            params={"name": "Eva", "plan": "Q1", "due": datetime.date(2026, 12, 3)},
        )
        assert Notification.objects.get(recipient=english).message == (
            "Eva submitted the plan “Q1” for review, due 3 December 2026."
        )
        assert Notification.objects.get(recipient=dutch).message == (
            "Eva heeft het plan “Q1” ter beoordeling ingediend, uiterlijk 3 december 2026."
        )

    def test_english_follows_the_workspaces_order_of_day_and_month(self, workspace):
        workspace.date_order = DateOrder.MONTH_DAY
        workspace.save()
        english = UserFactory(language="en")
        services.notify(
            workspace=workspace,
            recipients=[english],
            kind="k",
            key="k",
            message="Due %(due)s, %(hours)s hours",
            params={"due": datetime.date(2026, 12, 3), "hours": Decimal("2.50")},
        )
        assert Notification.objects.get().message == "Due December 3, 2026, 2.5 hours"

    def test_people_who_opted_out_of_email_are_not_emailed(self, workspace):
        quiet = UserFactory(email_notifications=False)
        services.notify(
            workspace=workspace, recipients=[quiet], kind="welcome", key="k", message="m"
        )
        assert Notification.objects.get().email_state == EmailState.SKIPPED


class TestMarkRead:
    def test_mark_all_read_touches_only_this_person_in_this_workspace(
        self, workspace, other_workspace, editor, reviewer
    ):
        mine = NotificationFactory.create_batch(2, recipient=editor, workspace=workspace)
        elsewhere = NotificationFactory(recipient=editor, workspace=other_workspace)
        theirs = NotificationFactory(recipient=reviewer, workspace=workspace)
        assert services.notifications_mark_all_read(user=editor, workspace=workspace) == 2
        for n in [*mine, elsewhere, theirs]:
            n.refresh_from_db()
        assert all(n.is_read for n in mine)
        assert not elsewhere.is_read
        assert not theirs.is_read


class FailingBackend:
    """An email backend whose server refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class TestEmailDelivery:
    def test_sends_each_pending_email_once(self, workspace, editor):
        NotificationFactory.create_batch(3, recipient=editor, workspace=workspace)
        report = services.notification_emails_deliver()
        assert report.sent == 3
        assert len(mail.outbox) == 3
        assert mail.outbox[0].to == [editor.email]
        assert mail.outbox[0].subject.startswith("[Van Dijk] Something happened")
        assert services.notification_emails_deliver().sent == 0
        assert len(mail.outbox) == 3
        assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}

    def test_email_is_in_the_recipients_language_with_an_absolute_link(self, settings, workspace):
        settings.SITE_URL = "https://planner.example.com"
        NotificationFactory(
            recipient=UserFactory(language="nl", name="Eva Jansen"),
            workspace=workspace,
            link="/w/van-dijk/inbox/",
        )
        services.notification_emails_deliver()
        body = mail.outbox[0].body
        assert "Hallo Eva," in body
        assert "https://planner.example.com/w/van-dijk/inbox/" in body

    def test_skipped_and_sent_notifications_are_not_emailed(self, workspace, editor):
        NotificationFactory(recipient=editor, workspace=workspace, email_state=EmailState.SKIPPED)
        NotificationFactory(recipient=editor, workspace=workspace, email_state=EmailState.SENT)
        assert services.notification_emails_deliver().sent == 0
        assert mail.outbox == []

    def test_a_failure_is_retried_later_and_given_up_after_the_limit(
        self, settings, workspace, editor
    ):
        settings.EMAIL_BACKEND = "tests.notifications.test_services.FailingBackend"
        notification = NotificationFactory(recipient=editor, workspace=workspace)
        now = timezone.now()

        report = services.notification_emails_deliver(now=now)
        notification.refresh_from_db()
        assert report.retrying == 1
        assert notification.email_state == EmailState.PENDING
        assert notification.email_attempts == 1
        assert "unexpectedly closed" in notification.email_error
        assert notification.email_next_attempt_at == now + timedelta(minutes=2)
        # Not due again yet: nothing is tried.
        assert services.notification_emails_deliver(now=now + timedelta(minutes=1)).retrying == 0

        later = now
        for _ in range(services.EMAIL_MAX_ATTEMPTS - 1):
            later += timedelta(hours=1)
            report = services.notification_emails_deliver(now=later)
        notification.refresh_from_db()
        assert report.failed == 1
        assert notification.email_state == EmailState.FAILED
        assert notification.email_attempts == services.EMAIL_MAX_ATTEMPTS
        # The person still has it in the inbox.
        assert notification.read_at is None

    def test_an_email_claimed_by_a_worker_that_died_is_sent_after_the_lease(
        self, workspace, editor
    ):
        now = timezone.now()
        NotificationFactory(
            recipient=editor,
            workspace=workspace,
            email_state=EmailState.SENDING,
            email_claim="dead-worker",
            email_next_attempt_at=now + timedelta(minutes=5),
        )
        assert services.notification_emails_deliver(now=now).sent == 0
        report = services.notification_emails_deliver(now=now + timedelta(minutes=6))
        assert (report.reclaimed, report.sent) == (1, 1)

    def test_queries_grow_only_by_the_one_update_that_records_each_email(
        self, workspace, django_assert_max_num_queries
    ):
        """Everything is read and claimed per batch; the only query per email is the one that
        marks it sent as soon as it went (a worker that dies then repeats at most one)."""
        people = UserFactory.create_batch(3)
        for person in people:
            NotificationFactory(recipient=person, workspace=workspace)
        with django_assert_max_num_queries(12) as few:
            services.notification_emails_deliver()
        fixed = len(few.captured_queries) - 3
        many_people = UserFactory.create_batch(40)
        for person in many_people:
            NotificationFactory(recipient=person, workspace=workspace)
        with django_assert_max_num_queries(fixed + 40):
            services.notification_emails_deliver()
        assert len(mail.outbox) == 43

    def test_a_worker_killed_mid_batch_repeats_at_most_the_email_in_flight(
        self, workspace, settings
    ):
        """The worker dies (SystemExit stands in for kill -9: nothing after it runs) while
        sending email 76 of a batch of 200. After the claim expires the next run sends the
        other 124 and email 76, and nobody gets an email twice."""
        people = UserFactory.create_batch(200)
        for person in people:
            NotificationFactory(recipient=person, workspace=workspace)
        settings.EMAIL_BACKEND = "tests.notifications.test_services.DiesAfter75"
        DiesAfter75.delivered = []
        with pytest.raises(SystemExit):
            services.notification_emails_deliver()
        assert len(DiesAfter75.delivered) == 75
        assert Notification.objects.filter(email_state=EmailState.SENT).count() == 75

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        later = timezone.now() + services.EMAIL_LEASE + timedelta(minutes=1)
        report = services.notification_emails_deliver(now=later)
        assert report.sent == 125
        again = {m.to[0] for m in mail.outbox}
        first = set(DiesAfter75.delivered)
        assert not again & first  # nobody who got the email gets it again
        assert len(again | first) == 200


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_email_once(workspace, editor):
    """Two delivery runs that claim at the same moment never both send the same email."""
    NotificationFactory.create_batch(5, recipient=editor, workspace=workspace)
    first = services._claim_batch(now=timezone.now(), batch_size=3)
    second = services._claim_batch(now=timezone.now(), batch_size=10)
    third = services._claim_batch(now=timezone.now(), batch_size=10)
    assert Notification.objects.filter(email_claim=first).count() == 3
    assert Notification.objects.filter(email_claim=second).count() == 2
    assert third is None


@pytest.mark.parametrize(
    "message",
    [
        "The handover of Pieter Bakker's accounts to Sanne de Vries is past its deadline of "
        "3 December 2026: 4 steps are still open.",
        "De overdracht van de accounts van Pieter Bakker aan Sanne de Vries is over de deadline "
        "van 3 december 2026: er staan nog 4 stappen open.",
    ],
)
def test_a_long_subject_is_cut_after_a_whole_word(message):
    from notifications.services import SUBJECT_LENGTH, subject_line

    subject = subject_line(message)
    assert len(subject) <= SUBJECT_LENGTH
    assert subject.endswith("…")
    kept = subject.removesuffix("…")
    # Every word of the subject is a whole word of the message.
    assert message.startswith(kept)
    assert message[len(kept)] in " ,:"


def test_a_short_subject_is_kept_whole():
    from notifications.services import subject_line

    assert subject_line("Plan approved.\nMore below") == "Plan approved."


class DiesAfter75(locmem.EmailBackend):
    """A mail connection whose worker is killed while the 76th email is on its way."""

    delivered: list[str] = []

    def send_messages(self, messages):
        if len(DiesAfter75.delivered) == 75:
            raise SystemExit("killed")
        DiesAfter75.delivered.extend(m.to[0] for m in messages)
        return len(messages)
