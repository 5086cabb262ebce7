import json

from django.urls import reverse

from .factories import complete_plan


def test_downloads_the_plan_as_json(client, workspace, editor):
    plan = complete_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    response = client.get(
        reverse("strategy:plan_export", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    )
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="q1-plan-20260101.json"'
    data = json.loads(response.content)
    assert data["format"] == "strategy-planner/plan"
    assert data["what"]["mix_curated"] == 40
