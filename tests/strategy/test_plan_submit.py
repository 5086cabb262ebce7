from django.urls import reverse

from .factories import complete_plan, new_plan


def url(plan):
    return reverse("strategy:plan_submit", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk})


def test_submits_a_complete_plan(client, workspace, editor):
    plan = complete_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    response = client.post(url(plan), follow=True)
    assert "The plan is submitted for review." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "in_review"


def test_says_what_is_missing(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.post(url(plan), follow=True).content.decode()
    assert "The plan can&#x27;t be submitted yet" in html
    assert "Add at least one channel." in html
    plan.refresh_from_db()
    assert plan.status == "draft"
