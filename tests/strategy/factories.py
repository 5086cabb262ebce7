"""Plans for tests, built through the services the way a team fills them in."""

import datetime
from decimal import Decimal

from strategy import services
from strategy.models import Section, StrategyPlan

from ..accounts_registry.factories import SocialAccountFactory

START = datetime.date(2026, 1, 1)
END = datetime.date(2026, 3, 31)


def new_plan(*, workspace, owner, title="Q1 plan", start=START, end=END, reviewer=None):
    return services.plan_create(
        workspace=workspace,
        owner=owner,
        title=title,
        period_start=start,
        period_end=end,
        reviewer=reviewer,
    )


def save(plan, section, by, values=None, items=None) -> StrategyPlan:
    return services.plan_section_save(
        plan=plan,
        section=section,
        by=by,
        revision=plan.revision_of(section),
        values=values or {},
        items=items or {},
    )


def sub_goal(**overrides):
    return {
        "category": "recruiting",
        "description": "More applications from technicians",
        "metric": "applications via social",
        "baseline": Decimal("2"),
        "target": Decimal("10"),
        "unit": "per quarter",
        "deadline": END,
        **overrides,
    }


def channel(account, owner, **overrides):
    return {
        "account": account,
        "purpose": "Knowledge and leads",
        "audience": "Facility managers",
        "owner": owner,
        "min_posts_per_week": 2,
        "max_posts_per_week": 4,
        **overrides,
    }


REALITY_ANSWERS = {
    f"reality_{key}": f"We deal with {key}."
    for key in (
        "persistence",
        "broadcasting",
        "group_spam",
        "silent_community",
        "no_viral",
        "no_user_content",
        "working_time",
        "unique_value",
    )
}


def complete_plan(*, workspace, owner, account=None, **kwargs) -> StrategyPlan:
    """A plan with every step answered, ready to submit."""
    plan = new_plan(workspace=workspace, owner=owner, **kwargs)
    account = account or SocialAccountFactory(workspace=workspace, platform="linkedin_page")
    plan = save(
        plan,
        Section.WHY,
        owner,
        {"business_issue": "Too few applicants", "top_goal": "More revenue"},
        {"sub_goals": [sub_goal()]},
    )
    plan = save(
        plan,
        Section.WHO,
        owner,
        {"brand": "Van Dijk"},
        {"audiences": [{"name": "Facility managers", "priority": 1, "creates_content": "some"}]},
    )
    plan = save(
        plan,
        Section.WHAT,
        owner,
        {"mix_promotional": 20, "mix_curated": 40, "mix_engagement": 40},
        {"themes": [{"name": "Heat pumps in practice", "message": "What really works."}]},
    )
    plan = save(plan, Section.HOW, owner, {}, {"channels": [channel(account, owner)]})
    return save(plan, Section.REALITY, owner, REALITY_ANSWERS)
