"""The results' part of the weekly digest: the sub-goals behind in the plan in force, for the
plan's owner and its reviewer."""

import datetime
from decimal import Decimal

from django.utils import timezone

from notifications.digest import weekly_digest_send
from notifications.models import Notification
from notifications.services import DIGEST_KIND
from results import digest
from results.reminders import sub_goal_progress_send
from workspaces.models import Membership, Role

from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
from ..strategy.factories import sub_goal
from .factories import CheckInFactory
from .test_reminders import plan_in_force

# Monday 2 March 2026: 7.3 applications expected, 3 reported on 10 February.
MONDAY = timezone.make_aware(datetime.datetime(2026, 3, 2, 7))


def behind(plan, description="More applications from technicians"):
    goal = plan.sub_goals.filter(description=description).first()
    if goal is None:
        goal = plan.sub_goals.create(**sub_goal(description=description))
    CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, 10), value=Decimal("3"))
    return goal


def digest_of(user):
    return Notification.objects.get(kind=DIGEST_KIND, recipient=user).message


def test_the_digest_lists_the_sub_goals_behind_for_owner_and_reviewer(
    workspace, editor, reviewer, admin_user
):
    plan = plan_in_force(workspace=workspace, owner=editor, reviewer=reviewer)
    behind(plan)
    # On track: not listed.
    on_track = plan.sub_goals.create(**sub_goal(description="Followers"))
    CheckInFactory(sub_goal=on_track, measured_on=datetime.date(2026, 3, 1), value=Decimal("7"))
    sub_goal_progress_send(now=MONDAY - datetime.timedelta(hours=1))
    Notification.objects.all().delete()  # the warnings themselves would be quoted as unread
    weekly_digest_send(now=MONDAY)
    line = "- “More applications from technicians” is behind in the plan “Q1 plan”"
    for person in (editor, reviewer):
        assert line in digest_of(person)
        assert "Followers" not in digest_of(person)
    # The admin is neither the owner nor the named reviewer.
    assert not Notification.objects.filter(recipient=admin_user).exists()


def test_a_dutch_reviewer_reads_it_in_dutch(workspace, editor):
    dutch = MembershipFactory(
        workspace=workspace, role=Role.REVIEWER, user=UserFactory(language="nl")
    ).user
    behind(plan_in_force(workspace=workspace, owner=editor, reviewer=dutch))
    sub_goal_progress_send(now=MONDAY - datetime.timedelta(hours=1))
    Notification.objects.all().delete()
    weekly_digest_send(now=MONDAY)
    assert "- “More applications from technicians” loopt achter in het plan “Q1 plan”" in (
        digest_of(dutch)
    )


def _teams(count):
    for _ in range(count):
        workspace = WorkspaceFactory()
        owner = MembershipFactory(workspace=workspace, role=Role.EDITOR).user
        reviewer = MembershipFactory(workspace=workspace, role=Role.REVIEWER).user
        plan = plan_in_force(workspace=workspace, owner=owner, reviewer=reviewer)
        behind(plan)
        behind(plan, "Followers")
    sub_goal_progress_send(now=MONDAY - datetime.timedelta(hours=1))


def test_the_section_costs_one_query_for_any_number_of_workspaces(db, django_assert_num_queries):
    _teams(2)
    memberships = list(Membership.objects.all())
    with django_assert_num_queries(1):
        found = digest.lines(memberships=memberships, now=MONDAY)
    assert sum(len(lines) for lines in found.values()) == 8
    _teams(10)
    memberships = list(Membership.objects.all())
    with django_assert_num_queries(1):
        found = digest.lines(memberships=memberships, now=MONDAY)
    assert sum(len(lines) for lines in found.values()) == 48
