"""What each worksheet step holds: the one description that forms, snapshots, export, import
and the version diff all read, so they cannot drift apart."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import (
    REALITIES,
    REALITY_KEYS,
    Audience,
    ChannelPlan,
    ContentTheme,
    Conversation,
    Measurement,
    Section,
    StrategyPlan,
    SubGoal,
    TeamRole,
)

SECTION_FIELDS: dict[str, list[str]] = {
    Section.WHY: [
        "business_issue",
        "top_goal",
        "success_meanings",
        "success_notes",
        "supports_marketing",
    ],
    Section.WHO: ["brand", "value_proposition", "desired_image", "key_people", "crisis_decider"],
    Section.WHAT: [
        "core_messages",
        "unique_value",
        "mix_promotional",
        "mix_curated",
        "mix_engagement",
    ],
    Section.HOW: [
        "policy_who_may_speak",
        "policy_hashtag_check",
        "policy_crisis_escalation",
        "policy_scheduling",
        "daily_watch",
        "review_cycle",
    ],
    Section.REALITY: [f"reality_{key}" for key in REALITY_KEYS],
}


@dataclass(frozen=True)
class ItemList:
    """A repeating item of a step, e.g. the sub-goals of "why"."""

    name: str  # the plan's related name, and the key in snapshots
    model: type[models.Model]
    fields: tuple[str, ...]
    key: str  # the field that identifies a row across versions, for the diff
    help: str = ""  # one short line above the rows, from the domain (DOMAIN.md)
    # (field, its note): a choice among the plan's own rows that was free text once; the
    # note keeps a text that named none of them. Snapshots keep the note, forms don't edit it.
    notes: tuple[tuple[str, str], ...] = ()

    @property
    def label(self):
        return self.model._meta.verbose_name_plural


SECTION_ITEMS: dict[str, list[ItemList]] = {
    Section.WHY: [
        ItemList(
            "sub_goals",
            SubGoal,
            (
                "category",
                "description",
                "metric",
                "baseline",
                "target",
                "unit",
                "deadline",
                "value_per_unit",
            ),
            "description",
            _(
                "Make every sub-goal measurable: without a metric, a baseline, a target and a "
                "deadline no ROI can be determined."
            ),
        ),
    ],
    Section.WHO: [
        ItemList(
            "audiences",
            Audience,
            ("name", "priority", "cares_about", "where_active", "creates_content"),
            "name",
            _(
                "Rank the audiences by priority. Note what each cares about, where it is "
                "active, and whether it creates content at all."
            ),
        ),
        ItemList(
            "conversations",
            Conversation,
            ("with_whom", "about", "suitable_channel"),
            "with_whom",
            _(
                "The conversations you already have, with customers, suppliers, employees and "
                "partners, come first; the channels that suit them come after."
            ),
        ),
        ItemList(
            "team_roles",
            TeamRole,
            ("role", "person", "routes_questions_about", "hours_per_week", "within_working_hours"),
            "role",
            _(
                "Who does the work, which questions are forwarded to whom, and how much time "
                "each gets for it inside working hours."
            ),
        ),
    ],
    Section.WHAT: [
        ItemList(
            "themes",
            ContentTheme,
            ("name", "message"),
            "name",
            _("The subjects you keep coming back to, and what you want to say about each."),
        )
    ],
    Section.HOW: [
        ItemList(
            "channels",
            ChannelPlan,
            (
                "account",
                "purpose",
                "audience",
                "owner",
                "min_posts_per_week",
                "max_posts_per_week",
            ),
            "account",
            _("For each channel: its purpose, its audience, who owns it, and a steady rhythm."),
            notes=(("audience", "audience_note"),),
        ),
        ItemList(
            "measurements",
            Measurement,
            ("kpi", "sub_goal", "source", "frequency"),
            "kpi",
            _(
                "How progress on each sub-goal is measured: which KPI, from which source, how "
                "often."
            ),
            notes=(("sub_goal", "sub_goal_note"),),
        ),
    ],
    Section.REALITY: [],
}

ALL_ITEM_LISTS: list[ItemList] = [item for items in SECTION_ITEMS.values() for item in items]


def field_label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def plan_field_label(name: str) -> str:
    if name.startswith("reality_"):
        key = name.removeprefix("reality_")
        return str(next(title for k, title, _q in REALITIES if k == key))
    return field_label(StrategyPlan, name)
