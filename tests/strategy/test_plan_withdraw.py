from django.urls import reverse

from strategy import services

from .factories import complete_plan


def url(plan):
    return reverse(
        "strategy:plan_withdraw", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk}
    )


def test_the_editor_withdraws_the_plan_and_can_edit_again(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(editor)
    detail = client.get(
        reverse("strategy:plan_detail", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    ).content.decode()
    assert "Withdraw from review" in detail
    html = client.post(url(plan), follow=True).content.decode()
    assert "The plan is withdrawn from review and can be edited again." in html
    assert "Fill in the worksheet" in html
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_a_draft_cannot_be_withdrawn(client, workspace, editor):
    plan = complete_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.post(url(plan), follow=True).content.decode()
    assert "Only a plan in review can be withdrawn." in html


def test_withdrawing_is_a_post(client, workspace, editor):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(editor)
    assert client.get(url(plan)).status_code == 405
