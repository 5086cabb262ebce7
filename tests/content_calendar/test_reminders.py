"""The calendar's sweeps: posts due soon, and the weekly check of each channel's rhythm and
mix against the plan, told to the channel's owner once, in the balance panel's words."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_calendar.models import NotificationKind, Post
from content_calendar.reminders import channel_checks_send, post_reminders_send
from content_calendar.selectors import balance_for_period
from notifications.models import Notification
from workspaces.models import Role

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
from .conftest import approve_plan_with_two_channels, at, plan_posts
from .factories import PostFactory

# Thursday 5 November 2026, 10:00 in Amsterdam: "next week" is Monday 9 to Sunday 15 November.
THURSDAY = at(datetime.date(2026, 11, 5), 10)
NEXT_MONDAY = datetime.date(2026, 11, 9)


CALENDAR_KINDS = [
    NotificationKind.POST_NOT_READY,
    NotificationKind.HASHTAGS_UNCHECKED,
    NotificationKind.CHANNEL_RHYTHM,
    NotificationKind.CHANNEL_MIX,
]


def notes(kind=None):
    """(recipient, message) of the calendar's notifications (not the plan's own)."""
    rows = Notification.objects.filter(kind__in=[kind] if kind else CALENDAR_KINDS)
    return [(n.recipient.email, n.message) for n in rows.order_by("pk")]


# --- Posts due within 24 hours --------------------------------------------------------------


@pytest.fixture
def post(workspace, editor):
    return PostFactory(
        workspace=workspace,
        owner=editor,
        channel=SocialAccountFactory(workspace=workspace, platform="instagram", handle="@werken"),
        scheduled_at=THURSDAY + datetime.timedelta(hours=20),
        status=Post.Status.DRAFT,
        text="Open day on Saturday",
    )


def test_a_draft_due_within_24_hours_reminds_its_owner_once(post, editor):
    report = post_reminders_send(now=THURSDAY)
    assert notes() == [
        (
            "editor@example.com",
            "The post on Instagram · @werken for Friday 6 November, 06:00 is not ready yet "
            "(status: Draft): “Open day on Saturday”",
        )
    ]
    assert Notification.objects.get().link == f"/w/van-dijk/calendar/posts/{post.pk}/"
    assert (report.due, report.notified) == (1, 1)
    again = post_reminders_send(now=THURSDAY + datetime.timedelta(minutes=10))
    assert (again.due, again.notified) == (1, 0)
    assert Notification.objects.count() == 1


def test_before_the_24_hours_after_its_time_or_when_ready_nothing_is_sent(post):
    post_reminders_send(now=THURSDAY - datetime.timedelta(hours=5))  # 25 hours ahead
    post_reminders_send(now=THURSDAY + datetime.timedelta(hours=21))  # its time has passed
    assert notes() == []
    Post.objects.filter(pk=post.pk).update(status=Post.Status.READY)
    post_reminders_send(now=THURSDAY)
    assert notes() == []


def test_a_post_moved_to_another_time_is_reminded_again(post):
    post_reminders_send(now=THURSDAY)
    Post.objects.filter(pk=post.pk).update(
        scheduled_at=post.scheduled_at + datetime.timedelta(days=1)
    )
    post_reminders_send(now=THURSDAY + datetime.timedelta(days=1))
    assert len(notes(NotificationKind.POST_NOT_READY)) == 2


def test_unchecked_hashtags_tell_the_owner_and_the_reviewers(post, editor, reviewer, admin_user):
    Post.objects.filter(pk=post.pk).update(
        status=Post.Status.READY, text="Open day #Aurora #vakmanschap"
    )
    post_reminders_send(now=THURSDAY)
    people = sorted(email for email, _message in notes(NotificationKind.HASHTAGS_UNCHECKED))
    assert people == ["admin@example.com", "editor@example.com", "reviewer@example.com"]
    assert "#aurora #vakmanschap" in notes()[0][1]
    post_reminders_send(now=THURSDAY)
    assert len(notes()) == 3


def test_checked_hashtags_are_not_reminded_until_they_change(post, editor):
    post.text = "Open day #Aurora"
    post.hashtags_checked = post.hashtags
    post.status = Post.Status.READY
    post.save()
    post_reminders_send(now=THURSDAY)
    assert notes() == []
    Post.objects.filter(pk=post.pk).update(text="Open day #Aurora #nieuw")
    post_reminders_send(now=THURSDAY)
    assert [email for email, _m in notes()] == ["editor@example.com"]


def test_an_owner_who_left_the_workspace_is_not_reminded(post, editor):
    editor.memberships.all().delete()
    post_reminders_send(now=THURSDAY)
    assert notes() == []


def test_the_reminder_speaks_the_owners_language(post, editor):
    editor.language = "nl"
    editor.save()
    post_reminders_send(now=THURSDAY)
    assert "vrijdag 6 november, 06:00" in notes()[0][1]


# --- The weekly rhythm and mix check --------------------------------------------------------


def test_too_many_and_too_few_posts_next_week_tell_each_channel_owner_in_the_panels_words(
    workspace, editor, reviewer, linkedin, instagram
):
    approve_plan_with_two_channels(
        workspace=workspace,
        editor=editor,
        reviewer=reviewer,
        linkedin=linkedin,
        instagram=instagram,
        owner=reviewer,
    )
    # LinkedIn: five posts next week in the plan's mix; at most four are allowed. Instagram:
    # none, at least one is asked for.
    plan_posts(
        workspace,
        linkedin,
        editor,
        [(NEXT_MONDAY, "promotional")]
        + [(NEXT_MONDAY, "curated")] * 2
        + [(NEXT_MONDAY, "engagement")] * 2,
    )
    report = channel_checks_send(now=THURSDAY)
    assert sorted(notes()) == [
        (
            "editor@example.com",
            "LinkedIn page · van-dijk: 5 posts planned in the week of 9 Nov, the plan allows at "
            "most 4.",
        ),
        (
            "reviewer@example.com",
            "Instagram · @werken: 0 posts in the week of 9 Nov, the plan asks for at least 1.",
        ),
    ]
    # The same words as the calendar's balance panel for that week.
    panel = balance_for_period(workspace=workspace, start=NEXT_MONDAY, end=NEXT_MONDAY)
    assert {message for _email, message in notes()} <= set(panel.warnings)
    assert (report.due, report.notified) == (2, 2)
    assert Notification.objects.get(
        kind=NotificationKind.CHANNEL_RHYTHM, recipient=editor
    ).link == ("/w/van-dijk/calendar/week/2026/46/")


def test_the_check_runs_twice_and_tells_once(workspace, editor, approved_plan, linkedin):
    plan_posts(workspace, linkedin, editor, [(NEXT_MONDAY, "curated")] * 6)
    channel_checks_send(now=THURSDAY)
    first = notes()
    second = channel_checks_send(now=THURSDAY + datetime.timedelta(hours=1))
    assert len(first) == 3  # LinkedIn too often, and its mix; Instagram too sparse
    assert second.notified == 0
    assert notes() == first


def test_a_week_just_right_tells_nobody(workspace, editor, approved_plan, linkedin, instagram):
    plan_posts(
        workspace,
        linkedin,
        editor,
        [(NEXT_MONDAY, "promotional"), (NEXT_MONDAY, "curated"), (NEXT_MONDAY, "engagement")],
    )
    plan_posts(
        workspace, instagram, editor, [(NEXT_MONDAY, "curated"), (NEXT_MONDAY, "engagement")]
    )
    report = channel_checks_send(now=THURSDAY)
    assert notes() == []
    assert report.due == 0


def test_a_channel_without_targets_has_no_rhythm_to_break(workspace, editor, approved_plan):
    unplanned = SocialAccountFactory(workspace=workspace, platform="youtube", handle="vandijk")
    plan_posts(
        workspace,
        unplanned,
        editor,
        [(NEXT_MONDAY + datetime.timedelta(days=d), "curated") for d in range(7)],
    )
    channel_checks_send(now=THURSDAY)
    assert not any("YouTube" in message for _e, message in notes(NotificationKind.CHANNEL_RHYTHM))


def test_a_mix_off_target_over_four_weeks_is_one_message_with_every_share(
    workspace, editor, approved_plan, linkedin
):
    # Three promotional posts a week for four weeks: the rhythm is fine, the mix is not.
    plan_posts(
        workspace,
        linkedin,
        editor,
        [(NEXT_MONDAY + datetime.timedelta(weeks=w), "promotional") for w in range(4)] * 3,
    )
    channel_checks_send(now=THURSDAY)
    assert notes(NotificationKind.CHANNEL_MIX) == [
        (
            "editor@example.com",
            "LinkedIn page · van-dijk: the mix planned for the coming four weeks is off the "
            "plan's targets by more than 10 points: Promotional 100% (target 20%), Curated 0% "
            "(target 40%), Engagement 0% (target 40%).",
        )
    ]
    assert notes(NotificationKind.CHANNEL_RHYTHM) == [
        (
            "editor@example.com",
            "Instagram · @werken: 0 posts in the week of 9 Nov, the plan asks for at least 1.",
        )
    ]


def test_the_next_weeks_check_tells_again(workspace, editor, approved_plan, linkedin):
    for week in range(2):
        plan_posts(
            workspace, linkedin, editor, [(NEXT_MONDAY + datetime.timedelta(weeks=week), "curated")]
        )
    channel_checks_send(now=THURSDAY)
    channel_checks_send(now=THURSDAY + datetime.timedelta(weeks=1))
    linkedin_notes = [m for _e, m in notes(NotificationKind.CHANNEL_RHYTHM) if "LinkedIn" in m]
    assert linkedin_notes == [
        "LinkedIn page · van-dijk: 1 posts in the week of 9 Nov, the plan asks for at least 2.",
        "LinkedIn page · van-dijk: 1 posts in the week of 16 Nov, the plan asks for at least 2.",
    ]


def test_a_workspace_without_an_approved_plan_is_not_checked(workspace, editor, linkedin):
    plan_posts(workspace, linkedin, editor, [(NEXT_MONDAY, "promotional")] * 9)
    assert channel_checks_send(now=THURSDAY).due == 0
    assert notes() == []


def _workspaces_with_breaches(count: int) -> None:
    for _n in range(count):
        workspace = WorkspaceFactory()
        editor = MembershipFactory(workspace=workspace, role=Role.EDITOR).user
        reviewer = MembershipFactory(workspace=workspace, role=Role.REVIEWER).user
        linkedin = SocialAccountFactory(workspace=workspace, platform="linkedin_page")
        instagram = SocialAccountFactory(workspace=workspace, platform="instagram")
        approve_plan_with_two_channels(
            workspace=workspace,
            editor=editor,
            reviewer=reviewer,
            linkedin=linkedin,
            instagram=instagram,
        )
        plan_posts(workspace, linkedin, editor, [(NEXT_MONDAY, "promotional")] * 6)


def test_the_check_costs_the_same_queries_for_2_or_12_workspaces(db):
    _workspaces_with_breaches(2)
    with CaptureQueriesContext(connection) as few:
        channel_checks_send(now=THURSDAY)
    Notification.objects.all().delete()
    _workspaces_with_breaches(10)
    with CaptureQueriesContext(connection) as many:
        report = channel_checks_send(now=THURSDAY)
    assert report.notified == 12 * 3  # LinkedIn too often and its mix; Instagram too sparse
    assert len(many.captured_queries) == len(few.captured_queries)


def test_post_reminders_cost_the_same_queries_for_2_or_40_posts(workspace, editor, reviewer):
    channel = SocialAccountFactory(workspace=workspace)

    def due(count):
        for _n in range(count):
            PostFactory(
                workspace=workspace,
                channel=channel,
                owner=UserFactory(),
                scheduled_at=THURSDAY + datetime.timedelta(hours=2),
                text="Hello #world",
            )

    due(2)
    with CaptureQueriesContext(connection) as few:
        post_reminders_send(now=THURSDAY)
    due(38)
    with CaptureQueriesContext(connection) as many:
        post_reminders_send(now=THURSDAY)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_channel_owner_who_muted_the_rhythm_check_gets_it_in_the_inbox_only(
    workspace, editor, approved_plan, linkedin
):
    editor.email_muted_kinds = [NotificationKind.CHANNEL_RHYTHM]
    editor.save(update_fields=["email_muted_kinds"])
    plan_posts(workspace, linkedin, editor, [(NEXT_MONDAY, "curated")] * 6)
    channel_checks_send(now=THURSDAY)
    states = dict(
        Notification.objects.filter(
            recipient=editor,
            kind__in=[NotificationKind.CHANNEL_RHYTHM, NotificationKind.CHANNEL_MIX],
        ).values_list("kind", "email_state")
    )
    assert states == {
        NotificationKind.CHANNEL_RHYTHM: Notification.EmailState.SKIPPED,
        NotificationKind.CHANNEL_MIX: Notification.EmailState.PENDING,
    }
