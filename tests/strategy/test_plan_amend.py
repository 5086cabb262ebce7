from django.urls import reverse

from strategy import services
from strategy.models import StrategyPlan

from .factories import complete_plan


def url(plan):
    return reverse("strategy:plan_amend", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk})


def detail(client, plan) -> str:
    return client.get(
        reverse("strategy:plan_detail", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk})
    ).content.decode()


def test_amending_opens_a_draft_that_names_the_plan_it_amends(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    services.plan_approve(plan=plan, by=reviewer)
    client.force_login(editor)
    assert "Amend</button>" in detail(client, plan)

    response = client.post(url(plan))
    amendment = StrategyPlan.objects.get(amends=plan)
    assert response.url.endswith(f"/{amendment.pk}/step/why/")
    html = client.get(response.url).content.decode()
    assert "The calendar follows the approved plan until the amendment is approved." in html

    html = detail(client, amendment)
    assert "This draft amends the approved plan" in html
    html = detail(client, plan)
    assert "Open the amendment" in html
    assert "An amendment of this plan is under way." in html


def test_a_draft_cannot_be_amended(client, workspace, editor):
    plan = complete_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.post(url(plan), follow=True).content.decode()
    assert "Only an approved plan can be amended." in html
    assert not StrategyPlan.objects.filter(amends=plan).exists()
