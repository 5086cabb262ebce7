from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strategy import services
from strategy.models import Section

from ..factories import MembershipFactory
from .factories import complete_plan, plan_in_review, save
from .steps import step_data


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


COMPARE_QUERIES = 15


def url(plan):
    return reverse(
        "strategy:plan_compare", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk}
    )


def test_queries_do_not_grow_with_the_plan_or_its_versions(
    client, workspace, editor, reviewer, django_assert_num_queries
):
    owners = [MembershipFactory(workspace=workspace).user for _ in range(5)]
    small = plan_in_review(workspace=workspace, owner=editor, rows=1, comments=1, title="Small")
    small_version = services.plan_approve(plan=small, by=reviewer)
    client.force_login(editor)
    client.get(url(small), {"from": small_version.pk, "to": "current"})
    with django_assert_num_queries(COMPARE_QUERIES):
        client.get(url(small), {"from": small_version.pk, "to": "current"})

    large = plan_in_review(
        workspace=workspace, owner=editor, rows=25, comments=8, owners=owners, title="Large"
    )
    first = services.plan_approve(plan=large, by=reviewer, archive_overlapping=True)
    latest = first
    for n in range(4):  # more versions in the dropdowns, each holding the whole large plan
        draft = services.plan_copy(
            version=latest,
            by=editor,
            title=f"Large {n}",
            period_start=large.period_start,
            period_end=large.period_end,
        )
        services.plan_submit(plan=draft, by=editor)
        latest = services.plan_approve(plan=draft, by=reviewer, archive_overlapping=True)
    with django_assert_num_queries(COMPARE_QUERIES):
        html = client.get(url(large), {"from": first.pk, "to": latest.pk}).content.decode()
    assert "Large 3 — v1" in html
    with django_assert_num_queries(COMPARE_QUERIES):
        client.get(url(large), {"from": first.pk, "to": "current"})


def test_only_the_compared_versions_are_read_whole(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    first = services.plan_approve(plan=plan, by=reviewer)
    latest = first
    for n in range(3):
        draft = services.plan_copy(
            version=latest,
            by=editor,
            title=f"Next {n}",
            period_start=plan.period_start,
            period_end=plan.period_end,
        )
        services.plan_submit(plan=draft, by=editor)
        latest = services.plan_approve(plan=draft, by=reviewer, archive_overlapping=True)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(plan), {"from": first.pk, "to": latest.pk})
    assert response.status_code == 200
    reading_content = [
        q["sql"] for q in queries.captured_queries if '"strategy_planversion"."content"' in q["sql"]
    ]
    assert len(reading_content) == 1
    assert " IN (" in reading_content[0]


def test_the_comparison_comes_from_the_cache_until_the_workspace_changes(
    client, workspace, editor, reviewer, settings, django_assert_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    version = services.plan_approve(plan=plan, by=reviewer)
    draft = services.plan_copy(
        version=version,
        by=editor,
        title="Q2",
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    client.force_login(editor)
    assert "No differences." not in client.get(url(draft)).content.decode()
    # From the cache: the session, the person, their workspaces, the plan's title, the unread
    # count.
    with django_assert_num_queries(5):
        html = client.get(url(draft)).content.decode()
    assert "<del>Q1 plan</del>" in html
    # Another pair of states is another page.
    html = client.get(url(draft), {"from": version.pk, "to": version.pk}).content.decode()
    assert "No differences." in html
    # Saving a step of the draft (a write to the workspace) shows in the comparison at once.
    client.post(
        reverse(
            "strategy:plan_step",
            kwargs={"workspace": workspace.slug, "pk": draft.pk, "step": "why"},
        ),
        step_data(draft, "why", {"top_goal": "Lower costs", "business_issue": "Costs"}),
    )
    assert "<ins>Lower costs</ins>" in client.get(url(draft)).content.decode()
