from django.urls import reverse

from strategy import services
from strategy.models import PlanComment

from ..accounts_registry.factories import SocialAccountFactory
from .factories import complete_plan, new_plan


def test_comment_appears_next_to_the_step(client, workspace, editor, reviewer):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(reviewer)
    response = client.post(
        reverse("strategy:plan_comment", kwargs={"workspace": workspace.slug, "pk": plan.pk}),
        {"section": "who", "body": "Who decides in a crisis?", "next": "who"},
    )
    assert response.url.endswith("/step/who/")
    assert PlanComment.objects.get().author == reviewer
    client.force_login(editor)
    html = client.get(response.url).content.decode()
    assert "Who decides in a crisis?" in html


def test_an_empty_comment_is_refused(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    url = reverse("strategy:plan_comment", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    html = client.post(url, {"section": "why", "body": "  "}, follow=True).content.decode()
    assert "Write a comment first." in html
    assert not PlanComment.objects.exists()


def detail_url(plan):
    return reverse("strategy:plan_detail", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk})


def test_a_step_comment_on_the_review_page_keeps_the_review_comment_typed(
    client, workspace, editor, reviewer
):
    """The review comment and the step comments are one form: posting one step's comment
    keeps what was typed in the others, and shows it again."""
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(reviewer)
    html = client.get(detail_url(plan)).content.decode()
    assert 'form="plan-comments"' in html
    response = client.post(
        reverse("strategy:plan_comment", kwargs={"workspace": workspace.slug, "pk": plan.pk}),
        {
            "comment": "Overall strong, but the rhythm is thin.",
            "section": "who",
            "body-who": "Who is Anna?",
            "body-how": "Half-typed remark on channels",
        },
        follow=True,
    )
    html = response.content.decode()
    assert PlanComment.objects.get().body == "Who is Anna?"
    assert "Overall strong, but the rhythm is thin.</textarea>" in html
    assert "Half-typed remark on channels</textarea>" in html
    assert "Who is Anna?</textarea>" not in html  # sent, so no longer a draft

    # Requesting changes then sends the typed step comment with the review, and clears drafts.
    client.post(
        reverse(
            "strategy:plan_request_changes", kwargs={"workspace": workspace.slug, "pk": plan.pk}
        ),
        {"comment": "Overall strong, but the rhythm is thin.", "body-how": "Three a week."},
    )
    assert PlanComment.objects.filter(section="how", body="Three a week.").exists()
    client.force_login(reviewer)
    assert "Half-typed" not in client.get(detail_url(plan)).content.decode()


def test_a_failed_request_for_changes_keeps_the_step_comments(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(reviewer)
    html = client.post(
        reverse(
            "strategy:plan_request_changes", kwargs={"workspace": workspace.slug, "pk": plan.pk}
        ),
        {"comment": "", "body-why": "Sharper goal, please."},
        follow=True,
    ).content.decode()
    assert "Say what should change." in html
    assert "Sharper goal, please.</textarea>" in html
    assert not PlanComment.objects.exists()


def test_cancelling_an_overlap_question_keeps_the_review_comment(
    client, workspace, editor, reviewer
):
    account = SocialAccountFactory(workspace=workspace)
    older = services.plan_submit(
        plan=complete_plan(workspace=workspace, owner=editor, account=account), by=editor
    )
    services.plan_approve(plan=older, by=reviewer)
    newer = services.plan_submit(
        plan=complete_plan(workspace=workspace, owner=editor, account=account, title="Newer"),
        by=editor,
    )
    client.force_login(reviewer)
    approve = reverse("strategy:plan_approve", kwargs={"workspace": workspace.slug, "pk": newer.pk})
    html = client.post(approve, {"comment": "Fine by me", "body-what": "Nice themes"}).content
    assert "Another approved plan covers the same dates" in html.decode()
    # "Cancel" leads back to the review page, with everything typed.
    html = client.get(detail_url(newer)).content.decode()
    assert "Fine by me</textarea>" in html
    assert "Nice themes</textarea>" in html
    # Confirming sends the step comment that waited as a draft.
    client.post(approve, {"comment": "Fine by me", "archive_overlapping": "1"})
    assert PlanComment.objects.filter(plan=newer, section="what", body="Nice themes").exists()
