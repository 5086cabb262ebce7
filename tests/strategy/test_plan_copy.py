from django.urls import reverse

from strategy import services
from strategy.models import StrategyPlan

from .factories import complete_plan


def test_starts_the_next_period_with_the_dates_after_this_one(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    version = services.plan_approve(plan=plan, by=reviewer)
    client.force_login(editor)
    url = reverse("strategy:plan_copy", kwargs={"workspace": workspace.slug, "pk": version.pk})
    html = client.get(url).content.decode()
    assert 'value="2026-04-01"' in html
    response = client.post(
        url, {"title": "Q2 plan", "period_start": "2026-04-01", "period_end": "2026-06-30"}
    )
    copy = StrategyPlan.objects.get(title="Q2 plan")
    assert response.url.endswith(f"/strategy/{copy.pk}/step/why/")
    assert copy.based_on == version
    assert copy.sub_goals.count() == 1
