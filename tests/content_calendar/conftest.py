"""An approved plan with two channels, for the balance and the weekly check."""

import datetime
import zoneinfo

import pytest
import time_machine

from strategy import services as strategy_services
from strategy.models import Section

from ..accounts_registry.factories import SocialAccountFactory
from ..strategy.factories import channel, complete_plan, save
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), AMSTERDAM)


def plan_posts(workspace, account, owner, days_and_categories):
    for day, category in days_and_categories:
        PostFactory(
            workspace=workspace,
            channel=account,
            owner=owner,
            scheduled_at=at(day),
            category=category,
        )


@pytest.fixture
def linkedin(workspace):
    return SocialAccountFactory(workspace=workspace, platform="linkedin_page", handle="van-dijk")


@pytest.fixture
def instagram(workspace):
    return SocialAccountFactory(workspace=workspace, platform="instagram", handle="@werken")


def approve_plan_with_two_channels(*, workspace, editor, reviewer, linkedin, instagram, owner=None):
    """Mix 20/40/40; LinkedIn 2 to 4 posts a week (owned by the editor), Instagram 1 to 3
    (owned by `owner`, the editor by default); October to December 2026."""
    plan = complete_plan(
        workspace=workspace,
        owner=editor,
        account=linkedin,
        start=datetime.date(2026, 10, 1),
        end=datetime.date(2026, 12, 31),
    )
    ch = plan.channels.get()
    plan = save(
        plan,
        Section.HOW,
        editor,
        {},
        {
            "channels": [
                {**channel(linkedin, editor), "id": ch.pk},
                channel(instagram, owner or editor, min_posts_per_week=1, max_posts_per_week=3),
            ]
        },
    )
    strategy_services.plan_approve(
        plan=strategy_services.plan_submit(plan=plan, by=editor), by=reviewer
    )
    return plan


@pytest.fixture
def approved_plan(workspace, editor, reviewer, linkedin, instagram):
    return approve_plan_with_two_channels(
        workspace=workspace,
        editor=editor,
        reviewer=reviewer,
        linkedin=linkedin,
        instagram=instagram,
    )


# A Monday morning inside the approved plan's period (October to December 2026), for the
# tests of what "now" decides: the next free slot, the coming four weeks.
MONDAY = datetime.date(2026, 11, 2)
NOW = datetime.datetime.combine(MONDAY, datetime.time(8), AMSTERDAM)


@pytest.fixture
def monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield
