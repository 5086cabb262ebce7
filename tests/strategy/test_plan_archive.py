from django.urls import reverse

from notifications.models import Notification
from strategy import services

from .factories import complete_plan


def test_a_reviewer_archives_an_approved_plan(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    services.plan_approve(plan=plan, by=reviewer)
    client.force_login(reviewer)
    url = reverse("strategy:plan_archive", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    assert "The plan is archived." in client.post(url, follow=True).content.decode()
    plan.refresh_from_db()
    assert plan.status == "archived"
    assert plan.versions.count() == 1  # its versions stay
    told = Notification.objects.get(kind="plan_archived", recipient=editor)
    assert "archived the plan “Q1 plan”" in told.message
