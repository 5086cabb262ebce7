from django.urls import reverse

from .evaluation_plans import approved_plan, started


def test_the_list_shows_each_evaluation_and_its_status(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    client.force_login(editor)
    html = client.get(
        reverse("results:evaluations", kwargs={"workspace": workspace.slug})
    ).content.decode()
    assert evaluation.plan.title in html
    assert "Draft" in html


def test_approved_plans_can_be_evaluated_from_here(client, workspace, editor, reviewer):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    client.force_login(editor)
    html = client.get(
        reverse("results:evaluations", kwargs={"workspace": workspace.slug})
    ).content.decode()
    start = reverse("results:evaluation_start", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    assert f'href="{start}"' in html
