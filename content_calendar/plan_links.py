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


# --- When the plan changes (registered with strategy.plan_hooks) ---------------------------


def _link_of(model) -> str:
    return {ContentTheme: "theme", SubGoal: "sub_goal", Audience: "audience"}[model]


def keep_names_of_removed(*, model, removed: dict[int, str]) -> None:
    """Posts linked to a theme, sub-goal or audience about to be removed from the plan keep
    its name as their note (where they have none), so they still say what they served."""
    from .models import Post

    link = _link_of(model)
    width = Post._meta.get_field("serves_note").max_length
    for pk, name in removed.items():
        Post.objects.filter(**{f"{link}_id": pk}, serves_note="").update(serves_note=name[:width])


def relink_to_approved(*, plan, replaced: list) -> None:
    """Posts within the newly approved plan's period that link to rows of the plans it
    replaces now link to its rows of the same name; a name it no longer has is kept as the
    post's note. A query per row of the old plans, none per post."""
    from .models import Post

    if not replaced:
        return
    zone = datetime.UTC
    begin = datetime.datetime.combine(plan.period_start, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(plan.period_end, datetime.time.max, tzinfo=zone)
    # A day's margin either side in UTC; the exact local day is the plan's business.
    in_period = Post.objects.filter(
        workspace_id=plan.workspace_id,
        scheduled_at__gte=begin - datetime.timedelta(days=1),
        scheduled_at__lte=end + datetime.timedelta(days=1),
    )
    width = Post._meta.get_field("serves_note").max_length
    old_ids = [p.pk for p in replaced]
    for model, field_name in ((ContentTheme, "name"), (SubGoal, "description"), (Audience, "name")):
        link = _link_of(model)
        new_rows = {name_key(getattr(r, field_name)): r.pk for r in model.objects.filter(plan=plan)}
        for old in model.objects.filter(plan_id__in=old_ids):
            name = getattr(old, field_name)
            posts = in_period.filter(**{f"{link}_id": old.pk})
            target = new_rows.get(name_key(name))
            if target is not None:
                posts.update(**{f"{link}_id": target})
            else:
                posts.filter(serves_note="").update(serves_note=name[:width])
                posts.update(**{f"{link}_id": None})
