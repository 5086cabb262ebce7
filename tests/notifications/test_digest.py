"""The weekly digest: per person and workspace, what is due and the past week's unread
warnings, in one email, once a week, for the people who keep it on."""

import datetime
import zoneinfo

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.digest import weekly_digest_send
from notifications.models import Notification
from notifications.services import DIGEST_KIND, notification_emails_deliver, notify
from strategy import services as strategy_services
from workspaces.models import Role

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory
from ..factories import MembershipFactory, NotificationFactory
from ..strategy.factories import complete_plan

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Monday 30 November 2026, 07:00: the digest of the week that starts today.
MONDAY = datetime.datetime(2026, 11, 30, 7, tzinfo=AMSTERDAM)


def digests():
    return list(Notification.objects.filter(kind=DIGEST_KIND).order_by("pk"))


def drafts_due(workspace, owner, count, days_ahead=2):
    channel = SocialAccountFactory(workspace=workspace)
    for _n in range(count):
        PostFactory(
            workspace=workspace,
            channel=channel,
            owner=owner,
            scheduled_at=MONDAY + datetime.timedelta(days=days_ahead),
        )


def test_tells_each_person_what_is_due_and_quotes_the_unread_warnings(workspace, editor):
    drafts_due(workspace, editor, 3)
    drafts_due(workspace, editor, 1, days_ahead=9)  # the week after: not yet
    NotificationFactory(
        recipient=editor,
        workspace=workspace,
        message="LinkedIn page: 9 posts planned next week, the plan allows at most 5.",
        created_at=MONDAY - datetime.timedelta(days=2),
    )
    report = weekly_digest_send(now=MONDAY)
    (digest,) = digests()
    assert digest.recipient == editor
    assert digest.message == (
        "Your week in Van Dijk, from 30 November 2026.\n"
        "\n"
        "What is due:\n"
        "- 3 of your posts for the coming week are not ready yet.\n"
        "\n"
        "Unread notifications of the past week: 1.\n"
        "- LinkedIn page: 9 posts planned next week, the plan allows at most 5."
    )
    assert digest.link == "/w/van-dijk/"
    assert digest.email_state == Notification.EmailState.PENDING
    assert (report.due, report.notified) == (1, 1)


def test_a_review_waiting_is_in_the_reviewers_digest(workspace, editor, reviewer):
    plan = complete_plan(workspace=workspace, owner=editor, title="Plan 2027")
    strategy_services.plan_submit(plan=plan, by=editor)
    Notification.objects.all().delete()
    weekly_digest_send(now=MONDAY)
    (digest,) = digests()
    assert digest.recipient == reviewer
    assert "- Review the plan “Plan 2027” (due " in digest.message


def test_once_a_week_whatever_how_often_it_runs(workspace, editor):
    drafts_due(workspace, editor, 1)
    weekly_digest_send(now=MONDAY)
    again = weekly_digest_send(now=MONDAY + datetime.timedelta(hours=3))
    assert again.notified == 0
    assert len(digests()) == 1
    drafts_due(workspace, editor, 1, days_ahead=9)
    weekly_digest_send(now=MONDAY + datetime.timedelta(days=7))
    assert len(digests()) == 2


def test_nobody_gets_an_empty_digest(workspace, editor, reviewer):
    assert weekly_digest_send(now=MONDAY).due == 0
    assert digests() == []


def test_people_who_turned_the_digest_off_get_none(workspace, editor):
    editor.weekly_digest = False
    editor.save()
    drafts_due(workspace, editor, 2)
    weekly_digest_send(now=MONDAY)
    assert digests() == []


def test_the_digest_instead_of_single_emails(workspace, editor):
    editor.email_notifications = False
    editor.save()
    notify(
        workspace=workspace,
        recipients=[editor],
        kind="post_not_ready",
        key="single",
        message="A post is not ready.",
    )
    drafts_due(workspace, editor, 1)
    weekly_digest_send(now=MONDAY)
    notification_emails_deliver()
    assert [m.subject for m in mail.outbox] == [
        "[Van Dijk] Your week in Van Dijk, from 30 November 2026."
    ]
    assert "A post is not ready." in mail.outbox[0].body


def test_the_digest_speaks_the_recipients_language(workspace, editor):
    editor.language = "nl"
    editor.save()
    drafts_due(workspace, editor, 1)
    weekly_digest_send(now=MONDAY)
    assert digests()[0].message.startswith("Je week in Van Dijk, vanaf 30 november 2026.")


def test_each_workspace_has_its_own_digest(workspace, other_workspace, editor):
    MembershipFactory(workspace=other_workspace, user=editor, role=Role.EDITOR)
    drafts_due(workspace, editor, 1)
    drafts_due(other_workspace, editor, 2)
    weekly_digest_send(now=MONDAY)
    assert sorted((d.workspace.name, d.message.splitlines()[3]) for d in digests()) == [
        ("Other Company", "- 2 of your posts for the coming week are not ready yet."),
        ("Van Dijk", "- 1 of your posts for the coming week is not ready yet."),
    ]


def test_queries_do_not_grow_with_the_number_of_people(workspace):
    def digest_for(people):
        Notification.objects.all().delete()
        for _n in range(people):
            drafts_due(workspace, MembershipFactory(workspace=workspace).user, 1)
        with CaptureQueriesContext(connection) as queries:
            report = weekly_digest_send(now=MONDAY)
        return report, len(queries.captured_queries)

    (few, few_queries), (many, many_queries) = digest_for(2), digest_for(18)
    assert (few.notified, many.notified) == (2, 20)
    assert few_queries == many_queries
