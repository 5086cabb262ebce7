from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from strategy import services
from strategy.models import StrategyPlan

from .factories import complete_plan, new_plan


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
    with django_assert_num_queries(20) as few:
        client.get(url)
    for n in range(6):
        waiting = complete_plan(workspace=workspace, owner=editor, title=f"Waiting {n}")
        services.plan_submit(plan=waiting, by=editor)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "Waiting 5" in html


def _dashboard(client, workspace):
    return client.get(
        reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    ).content.decode()


def test_plans_being_written_show_their_steps_complete(client, workspace, editor, reviewer):
    new_plan(workspace=workspace, owner=editor, title="Just started")
    complete_plan(workspace=workspace, owner=editor, title="Ready to submit")
    sent_back = services.plan_submit(
        plan=complete_plan(workspace=workspace, owner=editor, title="Sent back"), by=editor
    )
    services.plan_request_changes(plan=sent_back, by=reviewer, comment="Sharper goals.")
    services.plan_submit(
        plan=complete_plan(workspace=workspace, owner=editor, title="In review"), by=editor
    )
    client.force_login(editor)
    html = _dashboard(client, workspace)
    panel = html[html.index('data-testid="plans-in-progress"') :]
    panel = panel[: panel.index("</ul>")]
    for title in ("Just started", "Ready to submit", "Sent back"):
        assert title in panel
    assert "In review" not in panel  # locked: not being written
    ready = panel[panel.index("Ready to submit") :]
    ready = ready[: ready.index("</li>")]
    assert 'role="progressbar"' in ready
    assert 'aria-valuenow="5" aria-valuemin="0" aria-valuemax="5"' in ready
    assert "pct-100" in ready
    assert "5 of 5 steps complete" in ready  # the number as text too
    started = panel[panel.index("Just started") :]
    started = started[: started.index("</li>")]
    assert 'aria-valuenow="0"' in started
    assert "0 of 5 steps complete" in started


def test_plans_being_written_cost_the_same_queries_for_one_or_many(
    client, workspace, editor, django_assert_num_queries
):
    complete_plan(workspace=workspace, owner=editor, title="Draft 0")
    url = reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    client.force_login(editor)
    client.get(url)
    with django_assert_num_queries(19) as few:
        client.get(url)
    for n in range(1, 6):
        complete_plan(workspace=workspace, owner=editor, title=f"Draft {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('role="progressbar"') == 3  # the three most recently saved
    assert "Draft 5" in html


def test_the_current_plan_is_the_latest_starting_of_the_approved_plans_covering_today(
    client, workspace, editor, reviewer
):
    # Approval archives an overlapping plan; plans approved before that rule may still overlap.
    today = timezone.localdate()
    for title, start in (
        ("Older", today - timedelta(days=30)),
        ("Newer", today - timedelta(days=2)),
    ):
        plan = complete_plan(
            workspace=workspace,
            owner=editor,
            title=title,
            start=start,
            end=today + timedelta(days=9),
        )
        StrategyPlan.objects.filter(pk=plan.pk).update(status=StrategyPlan.Status.APPROVED)
    client.force_login(reviewer)
    html = client.get(
        reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    ).content.decode()
    assert "Current plan: Newer" in html
    assert "Current plan: Older" not in html
