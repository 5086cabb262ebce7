from decimal import Decimal

from django.urls import reverse

from results.models import Evaluation
from results.services import evaluations as services

from .evaluation_plans import check_in, started


def url(evaluation):
    return reverse(
        "results:evaluation_next",
        kwargs={"workspace": evaluation.workspace.slug, "pk": evaluation.pk},
    )


def test_the_next_plan_opens_with_the_new_baseline(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    check_in(evaluation.plan, "8")
    services.evaluation_sign_off(evaluation=evaluation, by=reviewer)
    client.force_login(editor)

    response = client.post(url(evaluation))

    plan = Evaluation.objects.get().next_plan
    assert response["Location"].endswith(f"/{plan.pk}/")
    assert plan.sub_goals.get().baseline == Decimal("8")


def test_a_draft_evaluation_says_to_sign_off_first(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    client.force_login(editor)
    response = client.post(url(evaluation), follow=True)
    assert "Sign off the evaluation before" in response.content.decode()
    assert Evaluation.objects.get().next_plan is None
