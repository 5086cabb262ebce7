from django.urls import reverse

from strategy import services

from .factories import complete_plan


def url(plan):
    return reverse(
        "strategy:plan_request_changes", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk}
    )


def test_reviewer_sends_it_back_with_a_comment(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(reviewer)
    client.post(url(plan), {"comment": "Add a crisis decider."})
    plan.refresh_from_db()
    assert plan.status == "changes_requested"


def test_without_a_comment_nothing_happens(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(reviewer)
    html = client.post(url(plan), {"comment": ""}, follow=True).content.decode()
    assert "Say what should change." in html
    plan.refresh_from_db()
    assert plan.status == "in_review"
