"""What works: the published posts of a period grouped by a dimension, with their figures.

One aggregate query per dimension, whatever the number of posts. The engagement rate of a post
is its reactions, comments, shares and clicks per impression; a group's rate is the mean over
its posts that have impressions (a post without figures counts as a post, not as zero).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf

from content_calendar.models import Category, Post
from content_calendar.selectors import posts_between


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


def grouped(*, workspace, start: datetime.date, end: datetime.date, field: str) -> dict[str, dict]:
    """Figures of the published posts between the days, per value of `field` (a Post field
    or lookup), as {value: {"posts", "with_figures", "impressions", "clicks", "rate"}}."""
    rows = (
        published_posts(workspace=workspace, start=start, end=end)
        .order_by()
        .values(field)
        .annotate(
            posts=Count("pk"),
            with_figures=Count("result"),
            impressions=Coalesce(Sum("result__impressions"), 0),
            clicks=Coalesce(Sum("result__clicks"), 0),
            rate=Avg(_rate(), filter=Q(result__impressions__gt=0)),
        )
    )
    return {str(row[field]): row for row in rows}


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
