"""The cost and ROI page: the inputs visible, money in the reader's language, few queries."""

from decimal import Decimal

from django.urls import reverse

from results.services.costs import spend_create

from ..factories import MembershipFactory
from ..strategy.factories import sub_goal
from .evaluation_plans import D, approved_plan, check_in, hourly_cost
from .factories import CheckInFactory


def url(workspace, plan=None):
    address = reverse("results:costs", kwargs={"workspace": workspace.slug})
    return f"{address}?plan={plan.pk}" if plan else address


def test_the_inputs_roi_and_cost_per_result(client, workspace, editor, reviewer):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    hourly_cost(workspace, "50")
    spend_create(plan=plan, by=editor, spent_on=D(2026, 2, 1), amount=Decimal("1234.5"))
    check_in(plan, "12")
    client.force_login(editor)

    html = client.get(url(workspace, plan)).content.decode()

    assert "€50.00" in html  # the rate
    assert "€1,234.50" in html  # the ads
    assert "€3,805.93" in html  # 2,571.43 of time + 1,234.50
    assert "€380.59 per applications" in html
    assert "5 %" in html  # ROI: (4,000 - 3,805.93) / 3,805.93


def test_what_is_missing_is_said(client, workspace, editor, reviewer):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    client.force_login(editor)
    html = client.get(url(workspace, plan)).content.decode()
    assert "The cost of an hour of work is not set" in html
    assert 'data-testid="roi">\u2013' in html


def test_dutch_money(client, workspace, editor, reviewer):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    hourly_cost(workspace, "1234.5")
    editor.language = "nl"
    editor.save()
    client.force_login(editor)
    html = client.get(url(workspace, plan), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "€ 1.234,50" in html
    assert "Kosten en rendement" in html


def test_another_workspaces_plan_is_404(client, workspace, editor, reviewer, other_workspace):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    stranger = MembershipFactory(workspace=other_workspace, role="admin").user
    client.force_login(stranger)
    assert client.get(url(other_workspace, plan)).status_code == 404


def test_queries_are_the_same_for_one_or_many_sub_goals_and_spends(
    client, workspace, editor, reviewer, django_assert_num_queries
):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    hourly_cost(workspace)
    check_in(plan, "5")
    client.force_login(editor)
    client.get(url(workspace, plan))
    with django_assert_num_queries(12) as few:
        client.get(url(workspace, plan))

    goals = [sub_goal(description=f"Goal {n}", value_per_unit=Decimal(5)) for n in range(30)]
    bigger = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer, goals=goals)
    for goal in bigger.sub_goals.all():
        CheckInFactory(sub_goal=goal, value=Decimal(7), measured_on=D(2026, 3, 1))
    for n in range(40):
        spend_create(plan=bigger, by=editor, spent_on=D(2026, 2, 1), amount=Decimal(n))
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url(workspace, bigger)).content.decode()
    assert html.count("Goal ") >= 30
