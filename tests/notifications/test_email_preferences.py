"""Which kinds of notification a person gets by email: every notification reaches the inbox,
only the kinds the person did not mute are emailed."""

from django.core import mail

from content_calendar.models import NotificationKind as CalendarKind
from notifications import services
from notifications.models import Notification
from strategy.models import NotificationKind as PlanKind

from ..factories import NotificationFactory, UserFactory

EmailState = Notification.EmailState


def _notify(workspace, recipients, kind, key="k"):
    return services.notify(
        workspace=workspace, recipients=recipients, kind=kind, key=f"{kind}:{key}", message="m"
    )


def test_a_muted_kind_reaches_the_inbox_but_is_not_emailed(workspace):
    person = UserFactory(email_muted_kinds=[PlanKind.PLAN_COMMENTED])
    _notify(workspace, [person], PlanKind.PLAN_COMMENTED)
    _notify(workspace, [person], PlanKind.PLAN_APPROVED)

    report = services.notification_emails_deliver()

    inbox = dict(Notification.objects.filter(recipient=person).values_list("kind", "email_state"))
    assert inbox == {
        PlanKind.PLAN_COMMENTED: EmailState.SKIPPED,
        PlanKind.PLAN_APPROVED: EmailState.SENT,
    }
    assert report.sent == 1
    assert [m.to for m in mail.outbox] == [[person.email]]


def test_one_persons_muting_does_not_silence_the_others(workspace):
    muted = UserFactory(email_muted_kinds=[CalendarKind.POST_NOT_READY])
    other = UserFactory()
    _notify(workspace, [muted, other], CalendarKind.POST_NOT_READY)

    services.notification_emails_deliver()

    assert [m.to for m in mail.outbox] == [[other.email]]
    assert Notification.objects.filter(recipient=muted).count() == 1


def test_email_off_still_silences_every_kind_whatever_is_muted(workspace):
    quiet = UserFactory(email_notifications=False, email_muted_kinds=[])
    for kind in (PlanKind.PLAN_APPROVED, CalendarKind.CHANNEL_MIX, "welcome"):
        _notify(workspace, [quiet], kind)

    services.notification_emails_deliver()

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=quiet).count() == 3


def test_the_weekly_digest_follows_its_own_switch_not_the_muted_kinds(workspace):
    person = UserFactory(email_notifications=False, email_muted_kinds=[services.DIGEST_KIND])
    _notify(workspace, [person], services.DIGEST_KIND)
    assert Notification.objects.get().email_state == EmailState.PENDING


def test_a_kind_muted_after_the_notification_was_made_is_not_emailed(workspace):
    person = UserFactory()
    _notify(workspace, [person], PlanKind.PLAN_SUBMITTED)
    _notify(workspace, [person], PlanKind.PLAN_ARCHIVED)
    person.email_muted_kinds = [PlanKind.PLAN_SUBMITTED]
    person.save(update_fields=["email_muted_kinds"])

    report = services.notification_emails_deliver()

    assert report.sent == 1
    assert Notification.objects.get(kind=PlanKind.PLAN_SUBMITTED).email_state == (
        EmailState.SKIPPED
    )
    assert len(mail.outbox) == 1


def test_deciding_who_is_emailed_costs_no_query_per_person(
    workspace, django_assert_max_num_queries
):
    few = [UserFactory(email_muted_kinds=[PlanKind.PLAN_APPROVED]) for _ in range(2)]
    with django_assert_max_num_queries(6) as counted:
        _notify(workspace, few, PlanKind.PLAN_APPROVED, key="few")
    many = [UserFactory(email_muted_kinds=[PlanKind.PLAN_APPROVED]) for _ in range(30)]
    with django_assert_max_num_queries(len(counted.captured_queries)):
        _notify(workspace, many, PlanKind.PLAN_APPROVED, key="many")


def test_the_delivery_stays_bulk_with_muted_kinds(workspace, django_assert_max_num_queries):
    def make(count):
        for person in UserFactory.create_batch(count):
            NotificationFactory(recipient=person, workspace=workspace)
            NotificationFactory(recipient=person, workspace=workspace, kind="role_changed")
            person.email_muted_kinds = ["role_changed"]
            person.save(update_fields=["email_muted_kinds"])

    make(2)
    with django_assert_max_num_queries(16) as counted:
        services.notification_emails_deliver()
    make(30)
    # Per batch, but for the update that records each email sent (2, then 30).
    with django_assert_max_num_queries(len(counted.captured_queries) - 2 + 30):
        services.notification_emails_deliver()
    assert len(mail.outbox) == 32
    assert Notification.objects.filter(email_state=EmailState.SKIPPED).count() == 32
