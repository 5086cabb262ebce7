"""The same handover step confirmed twice at the same moment, on PostgreSQL: one
confirmation, the other person gets a clear error; and the last two steps confirmed at once
complete the handover exactly once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts_registry import services
from accounts_registry.models import Handover, HandoverStep
from notifications.models import Notification

from ..concurrency import at_once
from ..factories import MembershipFactory
from .factories import AccessGrantFactory, SocialAccountFactory, confirm_step

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


@pytest.fixture
def handover(workspace, reviewer, admin_user):
    leaver = MembershipFactory(workspace=workspace).user
    successor = MembershipFactory(workspace=workspace).user
    account = SocialAccountFactory(
        workspace=workspace, business_owner=leaver, login_email="lea@gmail.com"
    )
    AccessGrantFactory(account=account, member=leaver)
    return services.handover_start(
        workspace=workspace,
        by=reviewer,
        leaver=leaver,
        successor=successor,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )


def confirm(step, person, note):
    return lambda: confirm_step(step=HandoverStep.objects.get(pk=step.pk), by=person, note=note)


@pytest.mark.parametrize("rounds", range(5))
def test_one_step_confirmed_twice_at_once_is_confirmed_once(handover, reviewer, admin_user, rounds):
    step = handover.steps.get(kind=HandoverStep.Kind.MOVE_LOGIN)

    outcomes = at_once(
        confirm(step, reviewer, "By the reviewer"), confirm(step, admin_user, "By the admin")
    )

    done = [o for o in outcomes if isinstance(o, HandoverStep)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(done), len(refused)) == (1, 1), outcomes
    assert refused[0].messages == ["This step is already confirmed."]
    step.refresh_from_db()
    assert (step.confirmed_by, step.note) == (done[0].confirmed_by, done[0].note)
    assert not Handover.objects.get(pk=handover.pk).is_complete


def test_the_last_two_steps_at_once_complete_the_handover_once(handover, reviewer):
    open_steps = list(handover.steps.filter(not_applicable=""))
    last_two = [
        s
        for s in open_steps
        if s.kind in (HandoverStep.Kind.CHANGE_PASSWORD, HandoverStep.Kind.SUCCESSOR_CONFIRMS)
    ]
    for step in open_steps:
        if step not in last_two:
            confirm_step(step=step, by=reviewer)

    outcomes = at_once(
        confirm(last_two[0], reviewer, ""),
        confirm(last_two[1], handover.successor, ""),
    )

    assert all(isinstance(o, HandoverStep) for o in outcomes), outcomes
    handover.refresh_from_db()
    assert handover.is_complete
    completed = Notification.objects.filter(key=f"handover-completed:handover={handover.pk}")
    assert completed.count() == len({handover.successor_id, handover.started_by_id})
    assert not handover.leaver.account_grants.filter(revoked_at__isnull=True).exists()


def test_the_last_step_confirmed_twice_at_once(handover, reviewer):
    open_steps = list(handover.steps.filter(not_applicable=""))
    last = next(s for s in open_steps if s.kind == HandoverStep.Kind.SUCCESSOR_CONFIRMS)
    for step in open_steps:
        if step != last:
            confirm_step(step=step, by=reviewer)

    outcomes = at_once(
        confirm(last, handover.successor, "1"), confirm(last, handover.successor, "2")
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["HandoverStep", "ValidationError"]
    refused = next(o for o in outcomes if isinstance(o, ValidationError))
    assert refused.messages in (
        ["This handover is already complete."],
        ["This step is already confirmed."],
    )
    assert Handover.objects.get(pk=handover.pk).is_complete
