"""A review round, from submission to its outcome: what is kept of each submission, what the
editors are told (once), withdrawing a submission and amending an approved plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Notification
from strategy import selectors, services
from strategy.models import PlanComment, PlanSubmission, Section, StrategyPlan

from ..accounts_registry.factories import SocialAccountFactory
from .factories import complete_plan, save


def submitted(workspace, editor, **kwargs) -> StrategyPlan:
    return services.plan_submit(
        plan=complete_plan(workspace=workspace, owner=editor, **kwargs), by=editor
    )


def messages_to(user, kind):
    return list(
        Notification.objects.filter(recipient=user, kind=kind).values_list("message", flat=True)
    )


def test_each_submission_keeps_what_the_reviewer_was_shown(workspace, editor, reviewer):
    plan = submitted(workspace, editor)
    services.plan_request_changes(plan=plan, by=reviewer, comment="Name who decides.")
    plan.refresh_from_db()
    save(plan, Section.WHO, editor, {"crisis_decider": "Anna, head of marketing"})
    services.plan_submit(plan=plan, by=editor)

    first, second = plan.submissions.order_by("number")
    assert first.outcome == PlanSubmission.Outcome.CHANGES_REQUESTED
    assert second.outcome == PlanSubmission.Outcome.PENDING
    assert first.content["who"]["crisis_decider"] != "Anna, head of marketing"
    assert second.content["who"]["crisis_decider"] == "Anna, head of marketing"
    assert selectors.last_reviewed_submission(plan=plan) == first


def test_step_comments_of_a_round_reach_the_editor_once_with_the_outcome(
    workspace, editor, reviewer
):
    plan = submitted(workspace, editor)
    services.plan_comment_add(plan=plan, by=reviewer, section="who", body="Who is Anna?")
    # A reviewer's comment during the round is told with the outcome, not on its own.
    assert messages_to(editor, "plan_commented") == []

    services.plan_request_changes(
        plan=plan,
        by=reviewer,
        comment="Almost there.",
        step_comments={"how": "Two posts a week is too few.", "why": "  "},
    )

    [message] = messages_to(editor, "plan_changes_requested")
    assert "Almost there." in message
    assert "Who: Who is Anna?" in message
    assert "How: Two posts a week is too few." in message
    assert "Why:" not in message  # an empty box is no comment
    # The typed step comment is kept next to its step, like any other.
    assert PlanComment.objects.filter(plan=plan, section="how", author=reviewer).exists()
    assert len(Notification.objects.filter(recipient=editor)) == 1


def test_the_round_message_names_the_steps_in_the_editors_language(workspace, editor, reviewer):
    editor.language = "nl"
    editor.save(update_fields=["language"])
    plan = submitted(workspace, editor)
    services.plan_approve(
        plan=plan, by=reviewer, comment="Mooi.", step_comments={"what": "Sterke boodschap."}
    )
    [message] = messages_to(editor, "plan_approved")
    assert "Mooi." in message
    assert "Wat: Sterke boodschap." in message


def test_a_comment_outside_a_review_round_is_told_at_once(workspace, editor, reviewer):
    plan = complete_plan(workspace=workspace, owner=editor)
    services.plan_comment_add(plan=plan, by=reviewer, section="why", body="Why now?")
    assert len(messages_to(editor, "plan_commented")) == 1


def test_an_editor_withdraws_a_submission(workspace, editor, reviewer):
    plan = submitted(workspace, editor)
    services.plan_withdraw(plan=plan, by=editor)
    plan.refresh_from_db()
    assert plan.status == StrategyPlan.Status.DRAFT
    assert plan.is_editable
    assert plan.submissions.get().outcome == PlanSubmission.Outcome.WITHDRAWN
    [message] = messages_to(reviewer, "plan_withdrawn")
    assert "withdrew" in message
    with pytest.raises(ValidationError):
        services.plan_withdraw(plan=plan, by=editor)


def test_a_withdrawn_resubmission_goes_back_to_changes_requested(workspace, editor, reviewer):
    plan = submitted(workspace, editor)
    services.plan_request_changes(plan=plan, by=reviewer, comment="More.")
    plan.refresh_from_db()
    services.plan_submit(plan=plan, by=editor)
    services.plan_withdraw(plan=plan, by=editor)
    plan.refresh_from_db()
    assert plan.status == StrategyPlan.Status.CHANGES_REQUESTED
    # What the reviewer asked for stays the reference of the next round.
    assert selectors.last_reviewed_submission(plan=plan).number == 1


def test_an_amendment_replaces_the_approved_plan_only_once_approved(workspace, editor, reviewer):
    today = timezone.localdate()
    account = SocialAccountFactory(workspace=workspace)
    plan = submitted(
        workspace,
        editor,
        account=account,
        start=today - datetime.timedelta(days=10),
        end=today + datetime.timedelta(days=80),
    )
    services.plan_approve(plan=plan, by=reviewer)

    amendment = services.plan_amend(plan=plan, by=editor)
    assert amendment.amends == plan
    assert amendment.status == StrategyPlan.Status.DRAFT
    assert (amendment.period_start, amendment.period_end) == (plan.period_start, plan.period_end)
    assert amendment.channels.get().account == account
    # Asked again, the same amendment: one at a time.
    assert services.plan_amend(plan=plan, by=editor) == amendment
    # The calendar keeps following the approved plan while the amendment is written.
    assert selectors.current_approved_plan(workspace=workspace) == plan

    save(amendment, Section.WHO, editor, {"crisis_decider": "Anna"})
    amendment.refresh_from_db()
    services.plan_submit(plan=amendment, by=editor)
    # No question about the overlap: the amendment replaces the plan it amends by design.
    version = services.plan_approve(plan=amendment, by=reviewer)

    plan.refresh_from_db()
    assert plan.status == StrategyPlan.Status.ARCHIVED
    assert version.number == 2  # the amended plan's next version
    assert selectors.current_approved_plan(workspace=workspace) == amendment


def test_an_amendment_still_asks_before_archiving_another_plan(workspace, editor, reviewer):
    account = SocialAccountFactory(workspace=workspace)
    plan = submitted(workspace, editor, account=account)
    services.plan_approve(plan=plan, by=reviewer)
    amendment = services.plan_amend(plan=plan, by=editor)
    other = submitted(workspace, editor, account=account, title="Campaign")
    services.plan_approve(plan=other, by=reviewer, archive_overlapping=True)
    plan.refresh_from_db()
    assert plan.status == StrategyPlan.Status.ARCHIVED
    amendment.refresh_from_db()
    services.plan_submit(plan=amendment, by=editor)
    with pytest.raises(services.PlanOverlap):
        services.plan_approve(plan=amendment, by=reviewer)


def test_only_an_approved_plan_can_be_amended(workspace, editor):
    plan = complete_plan(workspace=workspace, owner=editor)
    with pytest.raises(ValidationError):
        services.plan_amend(plan=plan, by=editor)


def test_drafts_keep_only_what_was_typed(workspace, editor):
    plan = complete_plan(workspace=workspace, owner=editor)
    services.comment_drafts_keep(
        plan=plan, by=editor, texts={"review": "Half a thought", "who": " ", "nonsense": "x"}
    )
    assert selectors.comment_drafts_of(plan=plan, user=editor) == {"review": "Half a thought"}
    services.comment_drafts_keep(plan=plan, by=editor, texts={})
    assert selectors.comment_drafts_of(plan=plan, user=editor) == {}


def test_a_reviewer_does_not_approve_a_plan_they_submitted(workspace, reviewer):
    plan = submitted(workspace, reviewer)
    with pytest.raises(ValidationError) as refused:
        services.plan_approve(plan=plan, by=reviewer)
    assert refused.value.error_list[0].code == "own_submission"
    plan.refresh_from_db()
    assert plan.status == StrategyPlan.Status.IN_REVIEW


def test_a_team_of_one_may_allow_it_and_the_approval_says_so(workspace, reviewer):
    workspace.allow_self_approval = True
    workspace.save(update_fields=["allow_self_approval"])
    plan = submitted(workspace, reviewer)
    services.plan_approve(plan=plan, by=reviewer, comment="Fine.")
    approval = plan.transitions.get(to_status=StrategyPlan.Status.APPROVED)
    assert approval.comment.startswith("Fine. ")
    assert "Approved by the person who submitted it" in approval.comment
