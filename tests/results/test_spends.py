"""Money spent: a list and a form to add to it."""

from decimal import Decimal

from django.urls import reverse

from results.models import Spend

from ..strategy.factories import new_plan


def url(workspace):
    return reverse("results:spends", kwargs={"workspace": workspace.slug})


def test_an_editor_adds_a_spend_and_sees_it(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = {
        "plan": plan.pk,
        "spent_on": "2026-02-03",
        "kind": "ads",
        "amount": "250",
        "description": "LinkedIn campaign",
    }
    assert client.post(url(workspace), data).status_code == 302
    assert Spend.objects.get().amount == Decimal("250")
    html = client.get(url(workspace)).content.decode()
    assert "LinkedIn campaign" in html
    assert "€250.00" in html


def test_another_workspaces_plan_cannot_be_chosen(client, workspace, editor, other_workspace):
    from ..factories import MembershipFactory

    theirs = new_plan(
        workspace=other_workspace,
        owner=MembershipFactory(workspace=other_workspace, role="editor").user,
    )
    client.force_login(editor)
    data = {"plan": theirs.pk, "spent_on": "2026-02-03", "kind": "ads", "amount": "250"}
    response = client.post(url(workspace), data)
    assert response.status_code == 200
    assert not Spend.objects.exists()
