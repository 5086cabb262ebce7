from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from strategy import services

from .factories import complete_plan, new_plan


def url(workspace):
    return reverse("strategy:index", kwargs={"workspace": workspace.slug})


def test_empty_state_invites_the_first_plan(client, workspace, editor):
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    assert "No strategy plans in this workspace yet." in html
    assert reverse("strategy:plan_create", kwargs={"workspace": workspace.slug}) in html


def test_plans_grouped_by_status_and_the_current_one_named(client, workspace, editor, reviewer):
    today = timezone.localdate()
    plan = complete_plan(
        workspace=workspace,
        owner=editor,
        title="This quarter",
        start=today - timedelta(days=10),
        end=today + timedelta(days=80),
    )
    services.plan_approve(plan=services.plan_submit(plan=plan, by=editor), by=reviewer)
    new_plan(workspace=workspace, owner=editor, title="Next quarter")
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    assert "The current plan is “This quarter”, approved" in html
    assert "Next quarter" in html
    assert ">Draft <" in html
    assert ">Approved <" in html


def test_queries_do_not_grow_with_plans(client, workspace, editor, django_assert_num_queries):
    new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    client.get(url(workspace))
    with django_assert_num_queries(6) as few:
        client.get(url(workspace))
    for n in range(10):
        new_plan(workspace=workspace, owner=editor, title=f"Plan {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url(workspace))
