from django.urls import reverse

from strategy import services
from strategy.models import Section

from .factories import complete_plan, save


def test_shows_what_changed_since_the_version_it_started_from(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    version = services.plan_approve(plan=plan, by=reviewer)
    draft = services.plan_copy(
        version=version,
        by=editor,
        title="Q2",
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    save(draft, Section.WHY, editor, {"top_goal": "Lower costs"})
    client.force_login(editor)
    html = client.get(
        reverse("strategy:plan_compare", kwargs={"workspace": workspace.slug, "pk": draft.pk})
    ).content.decode()
    assert "<del>More revenue</del>" in html
    assert "<ins>Lower costs</ins>" in html
    assert "<del>Q1 plan</del>" in html


def test_identical_states_say_so(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    version = services.plan_approve(plan=plan, by=reviewer)
    client.force_login(editor)
    url = reverse("strategy:plan_compare", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    html = client.get(url, {"from": version.pk, "to": "current"}).content.decode()
    assert "No differences." in html
