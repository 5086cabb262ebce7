"""What every sweep relies on: batches that walk the whole table, notifications only for
current members, the run_sweep command, and exactly once when two sweeps race."""

import datetime
import threading
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from content_calendar.models import NotificationKind, Post
from content_calendar.reminders import post_reminders_send
from notifications.models import Notification
from notifications.services import NotificationDraft
from notifications.sweeps import in_batches, notify_members
from workspaces.models import Role

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory
from ..factories import MembershipFactory


def test_batches_walk_every_row_once(workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    posts = PostFactory.create_batch(7, workspace=workspace, channel=channel, owner=editor)
    batches = list(in_batches(Post.objects.all(), size=3))
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [p.pk for batch in batches for p in batch] == sorted(p.pk for p in posts)


def test_only_current_members_are_notified(workspace, other_workspace, editor, outsider):
    drafts = [
        NotificationDraft(recipient=person, workspace=workspace, kind="k", key="k", message="Hi")
        for person in (editor, outsider)
    ]
    assert notify_members(drafts) == 1
    assert list(Notification.objects.values_list("recipient__email", flat=True)) == [
        "editor@example.com"
    ]


def _due_post(workspace, owner):
    return PostFactory(
        workspace=workspace,
        channel=SocialAccountFactory(workspace=workspace),
        owner=owner,
        scheduled_at=timezone.now() + datetime.timedelta(hours=2),
    )


def test_run_sweep_runs_the_named_sweeps_and_reports(workspace, editor):
    _due_post(workspace, editor)
    out = StringIO()
    call_command("run_sweep", "posts", "plan_reviews", stdout=out)
    assert out.getvalue().splitlines() == [
        "posts: 1 due, 1 notifications created, 1 batches",
        "plan_reviews: 0 due, 0 notifications created, 0 batches",
    ]
    out = StringIO()
    call_command("run_sweep", "--all", stdout=out)
    assert "posts: 1 due, 0 notifications created, 1 batches" in out.getvalue()
    # One line per sweep listed in settings, whichever apps list one.
    assert len(out.getvalue().splitlines()) == len(settings.SWEEPS)


def test_run_sweep_catches_up_at_a_given_moment(workspace, editor):
    post = _due_post(workspace, editor)
    Post.objects.filter(pk=post.pk).update(scheduled_at=timezone.now() + datetime.timedelta(days=3))
    call_command("run_sweep", "posts", stdout=StringIO())
    assert not Notification.objects.exists()
    moment = timezone.localtime() + datetime.timedelta(days=2, hours=12)
    call_command("run_sweep", "posts", "--now", moment.isoformat(), stdout=StringIO())
    assert Notification.objects.get().kind == NotificationKind.POST_NOT_READY


def test_run_sweep_refuses_an_unknown_name(db):
    with pytest.raises(CommandError, match="Unknown sweep nonsense; known: plan_reviews"):
        call_command("run_sweep", "nonsense")
    with pytest.raises(CommandError, match="Name a sweep or say --all"):
        call_command("run_sweep")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two writers at once need PostgreSQL (DATABASE_URL)"
)
def test_two_sweeps_at_the_same_moment_notify_each_person_once(workspace):
    # Two workers (or two beats by mistake) run the same sweep at the same moment, over the
    # same 300 due posts of 30 owners: every owner is told about every post exactly once.
    owners = [MembershipFactory(workspace=workspace, role=Role.EDITOR).user for _n in range(30)]
    channel = SocialAccountFactory(workspace=workspace)
    moment = timezone.now() + datetime.timedelta(hours=2)
    Post.objects.bulk_create(
        Post(
            workspace=workspace,
            channel=channel,
            owner=owners[n % 30],
            scheduled_at=moment,
            category="curated",
            text=f"Post {n}",
        )
        for n in range(300)
    )
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            post_reminders_send()
        except Exception as exc:  # reported below, with the thread's error
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Notification.objects.count() == 300
    assert Notification.objects.values("recipient", "key").distinct().count() == 300
