from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from strategy import services

from .factories import complete_plan


def test_reviews_waiting_late_reviews_and_the_current_plan(client, workspace, editor, reviewer):
    today = timezone.localdate()
    plan = complete_plan(
        workspace=workspace,
        owner=editor,
        title="Current",
        start=today - timedelta(days=5),
        end=today + timedelta(days=60),
    )
    services.plan_approve(plan=services.plan_submit(plan=plan, by=editor), by=reviewer)
    waiting = complete_plan(workspace=workspace, owner=editor, title="Waiting")
    waiting = services.plan_submit(plan=waiting, by=editor)
    waiting.review_due = today - timedelta(days=1)
    waiting.save()
    client.force_login(reviewer)
    html = client.get(
        reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    ).content.decode()
    assert "Waiting for your review" in html
    assert "Reviews past their due date" in html
    assert "Current plan: Current" in html
    assert "More applications from technicians" in html


def test_queries_do_not_grow_with_plans_and_sub_goals(
    client, workspace, editor, reviewer, django_assert_num_queries
):
    today = timezone.localdate()
    plan = complete_plan(
        workspace=workspace,
        owner=editor,
        title="Current",
        start=today - timedelta(days=5),
        end=today + timedelta(days=60),
    )
    services.plan_approve(plan=services.plan_submit(plan=plan, by=editor), by=reviewer)
    url = reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    client.force_login(reviewer)
    client.get(url)
    with django_assert_num_queries(18) as few:
        client.get(url)
    for n in range(6):
        waiting = complete_plan(workspace=workspace, owner=editor, title=f"Waiting {n}")
        services.plan_submit(plan=waiting, by=editor)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "Waiting 5" in html
