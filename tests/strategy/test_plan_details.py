import pytest
from django.urls import reverse

from strategy import services
from strategy.models import Section

from .factories import END, START, new_plan, save


def url(plan):
    return reverse(
        "strategy:plan_details", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk}
    )


def details(plan, **overrides):
    return {
        "title": plan.title,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "reviewer": plan.reviewer_id or "",
        "review_due": "",
        "next_review_on": "",
        **overrides,
    }


def test_changes_title_period_and_review_dates(client, workspace, editor, reviewer):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    client.post(
        url(plan),
        {
            "title": "Renamed",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "reviewer": reviewer.pk,
            "review_due": "2026-01-15",
            "next_review_on": "2026-04-01",
        },
    )
    plan.refresh_from_db()
    assert (plan.title, str(plan.period_end), plan.reviewer) == ("Renamed", "2026-06-30", reviewer)


def opened_revision(client, plan) -> str:
    response = client.get(url(plan))
    revision = response.context["form"]["revision"].value()
    assert f'name="revision" value="{revision}"' in response.content.decode()
    return revision


def test_a_change_saved_meanwhile_is_not_overwritten_silently(client, workspace, editor, reviewer):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    opened = opened_revision(client, plan)
    services.plan_update_details(
        plan=plan,
        by=reviewer,
        title="Their title",
        period_start=START,
        period_end=END,
        reviewer=reviewer,
    )
    response = client.post(url(plan), details(plan, title="My title", revision=opened))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed these details after you opened them." in html
    start = html.index('data-testid="conflict"')
    box = html[start : html.index("<form", start)]
    assert "Their title" in box
    assert reviewer.display_name in box  # the reviewer they chose
    assert 'value="My title"' in html  # my input is kept
    plan.refresh_from_db()
    assert (plan.title, plan.reviewer) == ("Their title", reviewer)
    # Saving again is a deliberate overwrite.
    response = client.post(url(plan), response.context["form"].data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.reviewer) == ("My title", None)


def test_a_worksheet_save_meanwhile_is_no_conflict(client, workspace, editor, reviewer):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    opened = opened_revision(client, plan)
    save(plan, Section.WHY, reviewer, {"top_goal": "More revenue"})
    response = client.post(url(plan), details(plan, title="Renamed", revision=opened))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.top_goal) == ("Renamed", "More revenue")


def test_the_service_refuses_a_stale_revision(workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    opened = services.plan_details_revision(plan)
    services.plan_update_details(
        plan=plan, by=editor, title="First", period_start=START, period_end=END, revision=opened
    )
    with pytest.raises(services.PlanConflict):
        services.plan_update_details(
            plan=plan,
            by=editor,
            title="Second",
            period_start=START,
            period_end=END,
            revision=opened,
        )
    plan.refresh_from_db()
    assert plan.title == "First"
