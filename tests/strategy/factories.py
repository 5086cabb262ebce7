"""Plans for tests, built through the services the way a team fills them in."""

import datetime
from decimal import Decimal

from strategy import services
from strategy.models import Section, StrategyPlan
from strategy.sections import SECTION_ITEMS

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory

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
        "audience": None,
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
    audience = plan.audiences.get()
    plan = save(
        plan, Section.HOW, owner, {}, {"channels": [channel(account, owner, audience=audience)]}
    )
    return save(plan, Section.REALITY, owner, REALITY_ANSWERS)


def item_rows(
    name: str, count: int, *, accounts=(), owners=(), audiences=(), sub_goals=()
) -> list[dict]:
    """`count` filled-in rows of the repeating item `name` (channels need as many accounts);
    channels and measurements choose among `audiences` and `sub_goals` when given."""

    def nth(rows, i):
        return rows[i % len(rows)] if rows else None

    make = {
        "sub_goals": lambda i: sub_goal(description=f"Sub-goal {i}"),
        "audiences": lambda i: {
            "name": f"Audience {i}",
            "priority": i + 1,
            "cares_about": "Uptime",
            "where_active": "LinkedIn",
            "creates_content": "some",
        },
        "conversations": lambda i: {
            "with_whom": f"Partner {i}",
            "about": "Service",
            "suitable_channel": "LinkedIn",
        },
        "team_roles": lambda i: {
            "role": f"Role {i}",
            "person": "Anna",
            "routes_questions_about": "Complaints",
            "hours_per_week": Decimal("4"),
            "within_working_hours": True,
        },
        "themes": lambda i: {"name": f"Theme {i}", "message": "What really works."},
        "channels": lambda i: channel(
            accounts[i], owners[i % len(owners)], audience=nth(audiences, i)
        ),
        "measurements": lambda i: {
            "kpi": f"KPI {i}",
            "sub_goal": nth(sub_goals, i),
            "source": "CRM",
            "frequency": "monthly",
        },
    }[name]
    return [make(i) for i in range(count)]


def fill_every_step(plan, by, *, rows: int, comments: int, owners=None) -> StrategyPlan:
    """Give every repeating item of every step `rows` rows, and every step `comments` comments
    by different people: the worst case for queries per row or per comment."""
    workspace = plan.workspace
    accounts = SocialAccountFactory.create_batch(rows, workspace=workspace)
    owners = owners or [by]
    for step, items in SECTION_ITEMS.items():
        if items:
            plan = save(
                plan,
                step,
                by,
                {},
                {
                    item.name: item_rows(
                        item.name,
                        rows,
                        accounts=accounts,
                        owners=owners,
                        audiences=list(plan.audiences.all()),
                        sub_goals=list(plan.sub_goals.all()),
                    )
                    for item in items
                },
            )
        for n in range(comments):
            author = MembershipFactory(workspace=workspace).user
            services.plan_comment_add(plan=plan, by=author, section=step, body=f"Note {n}")
    return plan


def plan_in_review(*, workspace, owner, rows: int, comments: int, owners=None, **kwargs):
    """A complete plan, submitted, with `rows` rows in every repeating item and `comments`
    comments on every step."""
    plan = complete_plan(workspace=workspace, owner=owner, **kwargs)
    plan = fill_every_step(plan, owner, rows=rows, comments=comments, owners=owners)
    return services.plan_submit(plan=plan, by=owner)
