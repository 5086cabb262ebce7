"""The evaluation's services: start, lessons with the revision check, sign-off, next plan."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from notifications.models import Notification
from results.models import Evaluation, NotificationKind
from results.selectors.evaluations import figures_of
from results.services import evaluations as services

from ..factories import MembershipFactory
from .evaluation_plans import D, approved_plan, check_in, hourly_cost, started


@pytest.fixture
def evaluation(workspace, editor, reviewer):
    hourly_cost(workspace)
    return started(workspace=workspace, editor=editor, reviewer=reviewer)


def lessons(evaluation, by, revision=None, worked="Short videos"):
    return services.evaluation_update(
        evaluation=evaluation,
        by=by,
        revision=evaluation.revision if revision is None else revision,
        worked=worked,
        did_not_work="Group posts",
        to_change="Fewer promotional posts",
    )


def test_start_takes_the_plans_period_and_refuses_a_second(evaluation, editor):
    assert (evaluation.period_start, evaluation.period_end) == (D(2026, 1, 1), D(2026, 3, 31))
    with pytest.raises(ValidationError) as caught:
        services.evaluation_start(plan=evaluation.plan, by=editor)
    assert caught.value.code == "exists"


def test_a_stale_save_is_refused_and_writes_nothing(evaluation, editor, reviewer):
    opened = evaluation.revision
    lessons(evaluation, reviewer, worked="Theirs")
    with pytest.raises(services.EvaluationConflict):
        lessons(evaluation, editor, revision=opened, worked="Mine")
    evaluation.refresh_from_db()
    assert evaluation.worked == "Theirs"


def test_the_writer_does_not_sign_off_their_own_unless_allowed(workspace, reviewer, editor):
    hourly_cost(workspace)
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    own = services.evaluation_start(plan=plan, by=reviewer)
    with pytest.raises(ValidationError) as caught:
        services.evaluation_sign_off(evaluation=own, by=reviewer)
    assert caught.value.code == "own_evaluation"
    workspace.allow_self_approval = True
    workspace.save()
    own.workspace.refresh_from_db()
    assert services.evaluation_sign_off(evaluation=own, by=reviewer).status == "signed_off"


def test_an_editor_may_not_sign_off(evaluation, editor):
    other = MembershipFactory(workspace=evaluation.workspace, role="editor").user
    with pytest.raises(PermissionError):
        services.evaluation_sign_off(evaluation=evaluation, by=other)


def test_sign_off_freezes_the_figures_and_tells_the_team(evaluation, editor, reviewer):
    check_in(evaluation.plan, "8", on=D(2026, 3, 1))
    lessons(evaluation, editor)
    assert services.evaluation_ask_sign_off(evaluation=evaluation, by=editor) == 1
    assert Notification.objects.get(kind=NotificationKind.EVALUATION_READY).recipient == reviewer

    signed = services.evaluation_sign_off(evaluation=evaluation, by=reviewer)
    check_in(evaluation.plan, "20", on=D(2026, 3, 30))  # later: the signed figures stay

    assert signed.figures["sub_goals"][0]["latest"] == "8.00"
    assert figures_of(evaluation=signed)["sub_goals"][0]["latest"] == "8.00"
    told = Notification.objects.get(kind=NotificationKind.EVALUATION_SIGNED_OFF)
    assert told.recipient == editor
    with pytest.raises(ValidationError) as caught:
        lessons(signed, editor)
    assert caught.value.code == "signed_off"


def test_the_next_period_starts_from_the_last_check_in_with_the_lessons(
    evaluation, editor, reviewer
):
    check_in(evaluation.plan, "9", on=D(2026, 3, 20))
    lessons(evaluation, editor)
    with pytest.raises(ValidationError) as caught:
        services.evaluation_next(evaluation=evaluation, by=editor)
    assert caught.value.code == "not_signed_off"
    signed = services.evaluation_sign_off(evaluation=evaluation, by=reviewer)

    plan = services.evaluation_next(evaluation=signed, by=editor)

    assert (plan.period_start, plan.period_end) == (D(2026, 4, 1), D(2026, 6, 30))
    goal = plan.sub_goals.get()
    assert goal.baseline == Decimal("9")
    assert goal.deadline == D(2026, 6, 30)
    assert goal.value_per_unit == Decimal("400")
    assert "What worked: Short videos" in plan.review_cycle
    assert plan.status == "draft"
    assert Evaluation.objects.get(pk=signed.pk).next_plan == plan
    with pytest.raises(ValidationError) as caught:
        services.evaluation_next(evaluation=signed, by=editor)
    assert caught.value.code == "already_started"


def test_next_period_keeps_whole_months_and_else_the_length():
    assert services.next_period(D(2026, 1, 1), D(2026, 3, 31)) == (D(2026, 4, 1), D(2026, 6, 30))
    assert services.next_period(D(2026, 1, 5), D(2026, 1, 18)) == (D(2026, 1, 19), D(2026, 2, 1))


def test_before_the_periods_end_the_sub_goals_are_judged_on_today(evaluation):
    """An evaluation opened mid-period says where things stand now, not that the target of a
    day still to come was missed."""
    check_in(evaluation.plan, "6", on=D(2026, 2, 10))
    with time_machine.travel(datetime.datetime(2026, 2, 15, 12, tzinfo=datetime.UTC)):
        figures = figures_of(evaluation=evaluation)
    assert figures["day"] == "2026-02-15"
    assert figures["sub_goals"][0]["state"] != "missed"
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)):
        assert figures_of(evaluation=evaluation)["day"] == "2026-03-31"  # the period's end
