from django.urls import reverse

from strategy import services
from strategy.models import PlanVersion

from ..accounts_registry.factories import SocialAccountFactory
from .factories import complete_plan


def url(plan):
    return reverse(
        "strategy:plan_approve", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk}
    )


def test_approves_and_keeps_a_version(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(reviewer)
    html = client.post(url(plan), {"comment": "Good"}, follow=True).content.decode()
    assert "Approved. Version 1 is kept" in html
    assert PlanVersion.objects.filter(plan=plan, number=1).exists()


def test_an_overlapping_plan_is_archived_only_after_confirmation(
    client, workspace, editor, reviewer
):
    account = SocialAccountFactory(workspace=workspace)
    older = services.plan_submit(
        plan=complete_plan(workspace=workspace, owner=editor, account=account), by=editor
    )
    services.plan_approve(plan=older, by=reviewer)
    newer = services.plan_submit(
        plan=complete_plan(workspace=workspace, owner=editor, account=account, title="Newer"),
        by=editor,
    )
    client.force_login(reviewer)
    html = client.post(url(newer), {"comment": "ok"}).content.decode()
    assert "Another approved plan covers the same dates" in html
    assert 'name="archive_overlapping" value="1"' in html
    newer.refresh_from_db()
    assert newer.status == "in_review"
    client.post(url(newer), {"comment": "ok", "archive_overlapping": "1"})
    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.status, newer.status) == ("archived", "approved")
