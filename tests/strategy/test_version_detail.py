from django.urls import reverse

from strategy import services
from strategy.models import Section

from ..factories import MembershipFactory
from .factories import complete_plan, plan_in_review, save


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


VERSION_PAGE_QUERIES = 5


def url(version):
    return reverse(
        "strategy:version_detail",
        kwargs={"workspace": version.plan.workspace.slug, "pk": version.pk},
    )


def test_queries_do_not_grow_with_the_plan(
    client, workspace, editor, reviewer, django_assert_num_queries
):
    owners = [MembershipFactory(workspace=workspace).user for _ in range(5)]
    small = plan_in_review(workspace=workspace, owner=editor, rows=1, comments=1, title="Small")
    small_version = services.plan_approve(plan=small, by=reviewer)
    large = plan_in_review(
        workspace=workspace, owner=editor, rows=25, comments=8, owners=owners, title="Large"
    )
    large_version = services.plan_approve(plan=large, by=reviewer, archive_overlapping=True)
    client.force_login(editor)
    client.get(url(small_version))
    with django_assert_num_queries(VERSION_PAGE_QUERIES):
        client.get(url(small_version))
    with django_assert_num_queries(VERSION_PAGE_QUERIES):
        html = client.get(url(large_version)).content.decode()
    assert "Sub-goal 24" in html
