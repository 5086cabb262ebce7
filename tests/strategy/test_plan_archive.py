from django.urls import reverse

from notifications.models import Notification
from strategy import services

from .factories import complete_plan


def _approved(workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    services.plan_approve(plan=plan, by=reviewer)
    plan.refresh_from_db()
    return plan


def url(workspace, plan):
    return reverse("strategy:plan_archive", kwargs={"workspace": workspace.slug, "pk": plan.pk})


def test_asks_first_and_a_get_changes_nothing(client, workspace, editor, reviewer):
    plan = _approved(workspace, editor, reviewer)
    client.force_login(reviewer)
    detail = reverse("strategy:plan_detail", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    assert f'href="{url(workspace, plan)}"' in client.get(detail).content.decode()
    response = client.get(url(workspace, plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Archive “Q1 plan”? This cannot be undone" in html
    assert '<form method="post"' in html
    assert f'href="{detail}"' in html  # Cancel
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert not Notification.objects.filter(kind="plan_archived").exists()


def test_a_reviewer_archives_an_approved_plan(client, workspace, editor, reviewer):
    plan = _approved(workspace, editor, reviewer)
    client.force_login(reviewer)
    response = client.post(url(workspace, plan), follow=True)
    assert "The plan is archived." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "archived"
    assert plan.versions.count() == 1  # its versions stay
    told = Notification.objects.get(kind="plan_archived", recipient=editor)
    assert "archived the plan “Q1 plan”" in told.message


def test_asking_about_a_plan_in_review_goes_back_to_the_plan(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(reviewer)
    response = client.get(url(workspace, plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "in_review"


def test_an_editor_may_not_archive(client, workspace, editor, reviewer):
    plan = _approved(workspace, editor, reviewer)
    client.force_login(editor)
    assert client.get(url(workspace, plan)).status_code == 403
    assert client.post(url(workspace, plan)).status_code == 403
    plan.refresh_from_db()
    assert plan.status == "approved"
