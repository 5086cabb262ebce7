"""What works: the published posts of a period grouped by a dimension, with their figures.

One aggregate query per dimension, whatever the number of posts. The engagement rate of a post
is its reactions, comments, shares and clicks per impression; a group's rate is the mean over
its posts that have impressions (a post without figures counts as a post, not as zero).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, ExtractHour, ExtractIsoWeekDay, NullIf
from django.utils.translation import gettext as _

from content_calendar.models import Category, Post
from content_calendar.selectors import posts_between, workspace_zone


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    posts: int
    posts_with_figures: int
    impressions: int
    clicks: int
    # Mean engagements per impression over the posts with impressions; None when none has.
    engagement_rate: Decimal | None

    @property
    def rate_percent(self) -> Decimal | None:
        return None if self.engagement_rate is None else self.engagement_rate * 100


def _engagements():
    total = Value(0)
    for name in ("reactions", "comments", "shares", "clicks"):
        total = total + Coalesce(F(f"result__{name}"), Value(0))
    return total


def _rate():
    # As floats: SQLite divides a cast to NUMERIC as integers.
    return ExpressionWrapper(
        Cast(_engagements(), FloatField())
        / Cast(NullIf(F("result__impressions"), 0), FloatField()),
        output_field=FloatField(),
    )


def rate_of(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


def published_posts(*, workspace, start: datetime.date, end: datetime.date):
    return posts_between(workspace=workspace, start=start, end=end).filter(
        status=Post.Status.PUBLISHED
    )


def grouped(
    *, workspace, start: datetime.date, end: datetime.date, field: str, expression=None
) -> dict[str, dict]:
    """Figures of the published posts between the days, per value of `field` (a Post field
    or lookup, or the name for `expression`), as {value: {"posts", "with_figures",
    "impressions", "clicks", "rate", "rated"}} ("rated": the posts the rate is the mean of)."""
    posts = published_posts(workspace=workspace, start=start, end=end).order_by()
    if expression is not None:
        posts = posts.annotate(**{field: expression})
    rows = posts.values(field).annotate(
        posts=Count("pk"),
        with_figures=Count("result"),
        impressions=Coalesce(Sum("result__impressions"), 0),
        clicks=Coalesce(Sum("result__clicks"), 0),
        rate=Avg(_rate(), filter=Q(result__impressions__gt=0)),
        rated=Count("pk", filter=Q(result__impressions__gt=0)),
    )
    return {str(row[field]): row for row in rows}


def _group(key: str, label: str, row: dict | None) -> Group:
    row = row or {}
    return Group(
        key=key,
        label=label,
        posts=row.get("posts", 0),
        posts_with_figures=row.get("with_figures", 0),
        impressions=row.get("impressions", 0),
        clicks=row.get("clicks", 0),
        engagement_rate=rate_of(row.get("rate")),
    )


def _merged(rows: list[dict]) -> dict:
    """Several groups' figures as one: the mean rate weighted by the posts it is the mean of."""
    rated = sum(r["rated"] for r in rows)
    return {
        "posts": sum(r["posts"] for r in rows),
        "with_figures": sum(r["with_figures"] for r in rows),
        "impressions": sum(r["impressions"] for r in rows),
        "clicks": sum(r["clicks"] for r in rows),
        "rate": (sum(r["rate"] * r["rated"] for r in rows if r["rate"] is not None) / rated)
        if rated
        else None,
    }


def by_channel(*, workspace, start: datetime.date, end: datetime.date) -> list[Group]:
    """The channels that published in the period, by name (one query)."""
    rows = grouped(workspace=workspace, start=start, end=end, field="channel")
    if not rows:
        return []
    from accounts_registry.models import SocialAccount

    names = {
        str(account.pk): str(account)
        for account in SocialAccount.objects.filter(pk__in=[int(k) for k in rows])
    }
    groups = [_group(key, names.get(key, key), row) for key, row in rows.items()]
    return sorted(groups, key=lambda g: g.label.casefold())


def by_weekday(*, workspace, start: datetime.date, end: datetime.date) -> list[Group]:
    """Monday to Sunday, in the workspace's time zone; every day, also one without posts."""
    from django.utils.dates import WEEKDAYS

    zone = workspace_zone(workspace)
    rows = grouped(
        workspace=workspace,
        start=start,
        end=end,
        field="weekday",
        expression=ExtractIsoWeekDay("scheduled_at", tzinfo=zone),
    )
    return [_group(str(day), str(WEEKDAYS[day - 1]), rows.get(str(day))) for day in range(1, 8)]


def by_hour(*, workspace, start: datetime.date, end: datetime.date) -> list[Group]:
    """The hours posts were published in (workspace's time zone), "09:00" to "09:59" as 9."""
    zone = workspace_zone(workspace)
    rows = grouped(
        workspace=workspace,
        start=start,
        end=end,
        field="hour",
        expression=ExtractHour("scheduled_at", tzinfo=zone),
    )
    return [_group(key, f"{int(key):02d}:00", rows[key]) for key in sorted(rows, key=int)]


NOT_LINKED = "not_linked"


def _by_plan_names(*, workspace, start, end, names: list[str], link: str) -> list[Group]:
    """Per name of the plan (a theme, an audience) that a post is linked to (`link`, by name,
    so a post linked to the same theme of the plan's earlier version counts too); every other
    post, also one that serves nothing, as "not linked"."""
    rows = grouped(workspace=workspace, start=start, end=end, field=f"{link}__name")
    by_name: dict[str, list[dict]] = {}
    keys = {name.strip().casefold(): name for name in names}
    rest = []
    for value, row in rows.items():
        name = keys.get(value.strip().casefold()) if value != "None" else None
        if name is None:
            rest.append(row)
        else:
            by_name.setdefault(name, []).append(row)
    groups = [
        _group(name, name, _merged(by_name[name]) if name in by_name else None) for name in names
    ]
    groups.append(_group(NOT_LINKED, str(_("Not linked")), _merged(rest) if rest else None))
    return groups


def by_theme(*, workspace, start, end, plan) -> list[Group]:
    names = list(plan.themes.values_list("name", flat=True)) if plan else []
    return _by_plan_names(workspace=workspace, start=start, end=end, names=names, link="theme")


def by_audience(*, workspace, start, end, plan) -> list[Group]:
    names = list(plan.audiences.values_list("name", flat=True)) if plan else []
    return _by_plan_names(workspace=workspace, start=start, end=end, names=names, link="audience")


def by_category(*, workspace, start: datetime.date, end: datetime.date) -> list[Group]:
    """Every category (promotional, curated, engagement), also one without posts."""
    rows = grouped(workspace=workspace, start=start, end=end, field="category")
    groups = []
    for value, label in Category.choices:
        row = rows.get(value, {})
        rate = row.get("rate")
        groups.append(
            Group(
                key=value,
                label=str(label),
                posts=row.get("posts", 0),
                posts_with_figures=row.get("with_figures", 0),
                impressions=row.get("impressions", 0),
                clicks=row.get("clicks", 0),
                engagement_rate=rate_of(rate),
            )
        )
    return groups


@dataclass(frozen=True)
class MixRow:
    group: Group
    share: int | None  # the category's share of the period's published posts, in percent
    target: int | None  # the plan's target share, in percent (None: no plan in force)
    # The best mean engagement rate as 100: the bar of this row, as a whole percentage.
    bar: int


def bar_widths(groups: list[Group]) -> dict[str, int]:
    """Each group's mean engagement rate as a share of the best group's (0-100)."""
    best = max((g.engagement_rate or 0 for g in groups), default=0)
    return {g.key: round(100 * (g.engagement_rate or 0) / best) if best else 0 for g in groups}


def category_mix(*, groups: list[Group], plan) -> list[MixRow]:
    """The categories beside the plan's target mix (no query: the plan is already read)."""
    total = sum(g.posts for g in groups)
    targets = (
        {
            "promotional": plan.mix_promotional,
            "curated": plan.mix_curated,
            "engagement": plan.mix_engagement,
        }
        if plan
        else {}
    )
    bars = bar_widths(groups)
    return [
        MixRow(
            group=g,
            share=round(100 * g.posts / total) if total else None,
            target=targets.get(g.key),
            bar=bars[g.key],
        )
        for g in groups
    ]
