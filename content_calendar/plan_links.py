"""What a post serves: the content theme, sub-goal and audience of the plan in force on its
date. One resolver, used by the form's choices, the import (a "serves" or "theme" cell names
a row of that plan), the check on save, and the data migration that linked the old free
texts. Names compare with case and spacing ignored, as the plan's own import does."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from strategy.models import Audience, ContentTheme, StrategyPlan, SubGoal
from workspaces.selectors import for_workspace

# The three links, with the field of the plan's row that names it.
LINKS = {"theme": "name", "sub_goal": "description", "audience": "name"}


def name_key(text: str) -> str:
    return " ".join((text or "").split()).casefold()


@dataclass
class PlanChoices:
    """The themes, sub-goals and audiences of one plan, by id and by name."""

    plan: StrategyPlan | None
    themes: list[ContentTheme] = field(default_factory=list)
    sub_goals: list[SubGoal] = field(default_factory=list)
    audiences: list[Audience] = field(default_factory=list)

    def rows(self, link: str) -> list:
        return {"theme": self.themes, "sub_goal": self.sub_goals, "audience": self.audiences}[link]

    def ids(self, link: str) -> set[int]:
        return {row.pk for row in self.rows(link)}

    def named(self, link: str, text: str):
        key = name_key(text)
        if not key:
            return None
        return next((r for r in self.rows(link) if name_key(getattr(r, LINKS[link])) == key), None)

    def resolve(self, text: str) -> dict:
        """The links a free text names (a theme first, then a sub-goal, then an audience),
        or {"serves_note": text} when it names none of them."""
        for link in LINKS:
            row = self.named(link, text)
            if row is not None:
                return {link: row}
        return {"serves_note": (text or "").strip()[:300]}


def _plans(workspace):
    return (
        for_workspace(StrategyPlan, workspace=workspace)
        .filter(status=StrategyPlan.Status.APPROVED)
        .order_by("-period_start", "pk")
        .prefetch_related(
            Prefetch("themes", queryset=ContentTheme.objects.order_by("position", "pk")),
            Prefetch("sub_goals", queryset=SubGoal.objects.order_by("position", "pk")),
            Prefetch("audiences", queryset=Audience.objects.order_by("priority", "position", "pk")),
        )
    )


class PlansInForce:
    """The workspace's approved plans, read once (four queries), answering for any date which
    plan is in force and what it offers. An import of thousands of rows asks per row without
    a query per row."""

    def __init__(self, workspace):
        self._plans = list(_plans(workspace))

    def on(self, day: datetime.date | None) -> PlanChoices:
        if day is not None:
            for plan in self._plans:  # newest period first, as current_approved_plan
                if plan.period_start <= day <= plan.period_end:
                    return PlanChoices(
                        plan=plan,
                        themes=list(plan.themes.all()),
                        sub_goals=list(plan.sub_goals.all()),
                        audiences=list(plan.audiences.all()),
                    )
        return PlanChoices(plan=None)
