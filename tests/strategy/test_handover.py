"""The plans' part of a handover: the leaver's channels in the plans in force, listed per
plan and moved in bulk (strategy.handover, registered with accounts_registry.handover_hooks)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts_registry import handover_hooks
from strategy import handover
from strategy.models import ChannelPlan, StrategyPlan

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory
from .factories import new_plan

Status = StrategyPlan.Status


def _plan(workspace, owner, *, status=Status.APPROVED, starts_in=-30, ends_in=60, title="Plan"):
    today = timezone.localdate()
    plan = new_plan(
        workspace=workspace,
        owner=owner,
        title=title,
        start=today + datetime.timedelta(days=starts_in),
        end=today + datetime.timedelta(days=ends_in),
    )
    StrategyPlan.objects.filter(pk=plan.pk).update(status=status)
    return plan


def _channel(plan, owner):
    return ChannelPlan.objects.create(
        plan=plan, account=SocialAccountFactory(workspace=plan.workspace), owner=owner
    )


def test_the_plans_are_registered_with_the_handover():
    assert "strategy" in handover_hooks._providers


def test_channels_in_the_plans_in_force_are_held_per_plan(workspace, other_workspace):
    leaver = MembershipFactory(workspace=workspace).user
    someone = MembershipFactory(workspace=workspace).user
    current = _plan(workspace, someone, title="Current")
    coming = _plan(workspace, someone, status=Status.IN_REVIEW, starts_in=60, ends_in=150)
    _channel(current, leaver)
    _channel(current, leaver)
    _channel(current, someone)
    _channel(coming, leaver)
    for status in (Status.DRAFT, Status.CHANGES_REQUESTED):
        _channel(_plan(workspace, someone, status=status), leaver)
    # Not in force: archived, or the period has ended; nor another workspace's.
    _channel(_plan(workspace, someone, status=Status.ARCHIVED), leaver)
    _channel(_plan(workspace, someone, starts_in=-120, ends_in=-1), leaver)
    _channel(_plan(other_workspace, leaver), leaver)
    held = handover.held(workspace=workspace, person=leaver)
    assert sum(w.count for w in held) == 5
    assert held[0].words == "2 channels in “Current”"
    assert held[0].link == f"/w/{workspace.slug}/strategy/{current.pk}/step/how/"


def test_the_move_gives_them_to_the_taker_and_names_who_did_it(workspace):
    leaver = MembershipFactory(workspace=workspace).user
    taker = MembershipFactory(workspace=workspace).user
    manager = MembershipFactory(workspace=workspace, role="reviewer").user
    plan = _plan(workspace, leaver)
    moving = _channel(plan, leaver)
    kept = _channel(_plan(workspace, leaver, status=Status.ARCHIVED), leaver)
    [moved] = handover.move(workspace=workspace, person=leaver, to=taker, by=manager)
    assert moved.count == 1
    moving.refresh_from_db()
    kept.refresh_from_db()
    assert moving.owner == taker
    assert kept.owner == leaver
    plan.refresh_from_db()
    assert plan.updated_by == manager
    # The plan's own owner is not a channel: it is not part of the move.
    assert plan.owner == leaver


def test_the_move_takes_the_same_queries_for_one_channel_or_many(workspace):
    leaver = MembershipFactory(workspace=workspace).user
    taker = MembershipFactory(workspace=workspace).user

    def queries_to_move():
        with CaptureQueriesContext(connection) as queries:
            assert handover.move(workspace=workspace, person=leaver, to=taker, by=taker)
        ChannelPlan.objects.update(owner=leaver)
        return len(queries)

    _channel(_plan(workspace, leaver), leaver)
    few = queries_to_move()
    for n in range(6):
        plan = _plan(workspace, leaver, title=f"Plan {n}")
        _channel(plan, leaver)
        _channel(plan, leaver)
    assert queries_to_move() == few == 3
