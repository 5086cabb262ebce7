"""The cost of a period, its ROI and cost per result, straight from the selector."""

from decimal import Decimal

from results.selectors.costs import cost_report
from results.services.costs import spend_create

from .evaluation_plans import D, approved_plan, check_in, hourly_cost


def codes(report):
    return {m["code"] for m in report.missing}


def test_hours_times_weeks_times_rate_plus_spend_against_the_value_gained(
    workspace, editor, reviewer, django_assert_num_queries
):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    hourly_cost(workspace, "50")
    spend_create(plan=plan, by=editor, spent_on=D(2026, 2, 1), amount=Decimal("300"), kind="ads")
    spend_create(plan=plan, by=editor, spent_on=D(2026, 5, 1), amount=Decimal("999"))  # after
    check_in(plan, "12")  # from 2 to 12: 10 applications, €4,000

    with django_assert_num_queries(5):
        report = cost_report(plan=plan)

    # 90 days: 12.86 weeks of 4 hours at €50 = €2,571.43, plus €300 of ads.
    assert report.weeks == "12.9"
    assert report.time_cost == "2571.43"
    assert report.spend["ads"] == "300.00"
    assert report.cost == "2871.43"
    assert report.value == "4000.00"
    assert report.roi == "0.3930"  # (4000 - 2871.43) / 2871.43
    assert report.goals[0].cost_per_result == "287.14"
    assert report.goals[0].per_result == "€287.14 per applications"
    assert report.missing == []


def test_nothing_is_invented_when_inputs_are_missing(workspace, editor, reviewer):
    goal = {
        "category": "recruiting",
        "description": "Applications",
        "metric": "applications",
        "baseline": Decimal("2"),
        "target": Decimal("10"),
        "deadline": D(2026, 3, 31),
    }
    plan = approved_plan(
        workspace=workspace, editor=editor, reviewer=reviewer, hours=None, goals=[goal]
    )
    check_in(plan, "5")

    report = cost_report(plan=plan)

    assert report.time_cost is None
    assert report.cost is None
    assert report.roi is None
    assert {"no_hourly_cost", "role_without_hours", "no_cost", "no_value"} <= codes(report)
    assert report.goals[0].units_gained == "3.00"
    assert report.goals[0].cost_per_result is None


def test_a_lower_is_better_sub_goal_counts_no_results(workspace, editor, reviewer):
    goal = {
        "category": "other",
        "description": "Cost per lead",
        "metric": "cost per lead",
        "baseline": Decimal("100"),
        "target": Decimal("50"),
        "deadline": D(2026, 3, 31),
        "value_per_unit": Decimal("10"),
    }
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer, goals=[goal])
    hourly_cost(workspace)
    check_in(plan, "80")

    report = cost_report(plan=plan)

    assert report.goals[0].missing == "lower_is_better"
    assert report.goals[0].value is None
    assert report.roi is None
    assert report.cost is not None
