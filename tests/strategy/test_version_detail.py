from django.urls import reverse

from strategy import services
from strategy.models import Section

from .factories import complete_plan, save


def test_shows_the_plan_as_approved_even_after_later_changes(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    version = services.plan_approve(plan=plan, by=reviewer)
    draft = services.plan_copy(
        version=version,
        by=editor,
        title="Next",
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    save(draft, Section.WHY, editor, {"top_goal": "Changed later"})
    client.force_login(editor)
    html = client.get(
        reverse("strategy:version_detail", kwargs={"workspace": workspace.slug, "pk": version.pk})
    ).content.decode()
    assert "Version 1, approved by" in html
    assert "More revenue" in html
    assert "Changed later" not in html
    assert "Start the next period's plan from this one" in html
