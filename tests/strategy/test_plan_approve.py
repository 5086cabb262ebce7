import datetime

from django.urls import reverse
from django.utils import timezone

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


def _approve(client, plan, reviewer) -> str:
    client.force_login(reviewer)
    return client.post(url(plan), {"comment": "ok"}, follow=True).content.decode()


def test_approving_says_truthfully_which_plan_the_calendar_follows(
    client, workspace, editor, reviewer
):
    today = timezone.localdate()
    account = SocialAccountFactory(workspace=workspace)
    current = services.plan_submit(
        plan=complete_plan(
            workspace=workspace,
            owner=editor,
            account=account,
            title="This quarter",
            start=today - datetime.timedelta(days=10),
            end=today + datetime.timedelta(days=20),
        ),
        by=editor,
    )
    assert "the calendar now follows this plan" in _approve(client, current, reviewer)
    later = services.plan_submit(
        plan=complete_plan(
            workspace=workspace,
            owner=editor,
            account=account,
            title="Next quarter",
            start=today + datetime.timedelta(days=21),
            end=today + datetime.timedelta(days=110),
        ),
        by=editor,
    )
    html = _approve(client, later, reviewer)
    assert "the calendar now follows this plan" not in html
    assert "The calendar follows “This quarter” until this plan&#x27;s period begins" in html


def test_a_plan_whose_period_is_over_is_not_said_to_be_followed(
    client, workspace, editor, reviewer
):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    html = _approve(client, plan, reviewer)
    assert "the calendar now follows this plan" not in html
    assert "Its period is over, so the calendar follows no plan today." in html


def test_the_review_page_offers_no_approval_to_who_submitted_it(client, workspace, reviewer):
    plan = services.plan_submit(
        plan=complete_plan(workspace=workspace, owner=reviewer), by=reviewer
    )
    client.force_login(reviewer)
    html = client.get(
        reverse("strategy:plan_detail", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    ).content.decode()
    assert "another reviewer approves it (four eyes)" in html
    assert "Request changes (comment required)" in html
    assert f"/{plan.pk}/approve/" not in html
    html = client.post(url(plan), {"comment": "ok"}, follow=True).content.decode()
    assert "another reviewer approves it (four eyes)" in html
