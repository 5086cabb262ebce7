"""Reading the calendar: the posts of a period, the month and week grids, and the balance of
the mix and the rhythm against the plan. balance_for_period is the one place the balance is
computed; the calendar, the API and the background checks all call it."""

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts_registry.models import SocialAccount
from strategy.selectors import plan_targets
from workspaces.selectors import for_workspace

from .models import CalendarSettings, Category, Post

CATEGORIES = Category.values
# A mix of fewer posts than this says little; the frequency warnings cover sparse channels.
MIN_POSTS_FOR_MIX = 4


def workspace_zone(workspace) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(workspace.time_zone)


def day_bounds(
    workspace, start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of `start` to the end of `end`, in the workspace's zone."""
    zone = workspace_zone(workspace)
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


def posts_between(*, workspace, start: datetime.date, end: datetime.date) -> QuerySet[Post]:
    begin, stop = day_bounds(workspace, start, end)
    return (
        for_workspace(Post, workspace=workspace)
        .filter(scheduled_at__gte=begin, scheduled_at__lt=stop)
        .select_related("channel", "owner")
        .order_by("scheduled_at", "pk")
    )


def full_weeks(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday on or before `start` to Sunday on or after `end`."""
    return (
        start - datetime.timedelta(days=start.weekday()),
        end + datetime.timedelta(days=6 - end.weekday()),
    )


@dataclass
class Day:
    date: datetime.date
    in_period: bool
    posts: list[Post] = field(default_factory=list)
    # Posts of this day beyond the grid's limit: counted, not shown.
    more: int = 0


def calendar_grid(
    *, workspace, start: datetime.date, end: datetime.date, per_day: int | None = None
) -> list[list[Day]]:
    """Weeks of days (Monday first) covering start..end, each with its first `per_day` posts
    and the number of the others (one query)."""
    first, last = full_weeks(start, end)
    zone = workspace_zone(workspace)
    by_day: dict[datetime.date, list[Post]] = defaultdict(list)
    for post in posts_between(workspace=workspace, start=first, end=last):
        by_day[post.scheduled_at.astimezone(zone).date()].append(post)
    weeks, day = [], first
    while day <= last:
        week = []
        for _offset in range(7):
            posts = by_day.get(day, [])
            shown = posts if per_day is None else posts[:per_day]
            week.append(
                Day(
                    date=day,
                    in_period=start <= day <= end,
                    posts=shown,
                    more=len(posts) - len(shown),
                )
            )
            day += datetime.timedelta(days=1)
        weeks.append(week)
    return weeks


# --- The balance --------------------------------------------------------------------------


@dataclass
class Mix:
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, category: str) -> int:
        return round(100 * self.counts.get(category, 0) / self.total) if self.total else 0

    @property
    def shares(self) -> dict[str, int]:
        return {c: self.share(c) for c in CATEGORIES}

    @property
    def rows(self) -> list[tuple[str, str, int, int]]:
        """(category, label, count, share) for templates."""
        labels = dict(Category.choices)
        return [(c, str(labels[c]), self.counts.get(c, 0), self.share(c)) for c in CATEGORIES]


@dataclass
class ChannelBalance:
    channel: object
    mix: Mix
    per_week: dict[datetime.date, int]
    minimum: int | None
    maximum: int | None
    has_targets: bool
    warnings: list[str] = field(default_factory=list)


@dataclass
class Balance:
    start: datetime.date
    end: datetime.date
    weeks: list[datetime.date]
    channels: list[ChannelBalance]
    total: Mix
    mix_per_week: dict[datetime.date, Mix]
    target_mix: dict[str, int] | None
    tolerance: int
    plan: object
    warnings: list[str] = field(default_factory=list)

    @property
    def chart(self) -> list[tuple[datetime.date, list[tuple[str, str, int, int]], int]]:
        return [
            (week, self.mix_per_week[week].rows, self.mix_per_week[week].total)
            for week in self.weeks
        ]


def _mix_warnings(mix: Mix, target: dict[str, int], tolerance: int, where: str) -> list[str]:
    labels = dict(Category.choices)
    warnings = []
    if mix.total < MIN_POSTS_FOR_MIX:
        return warnings
    for category in CATEGORIES:
        share, goal = mix.share(category), target.get(category, 0)
        if abs(share - goal) > tolerance:
            warnings.append(
                _(
                    "%(where)s: %(category)s is %(share)s%% of the posts, the plan's target is "
                    "%(goal)s%% (tolerance %(tolerance)s points)."
                )
                % {
                    "where": where,
                    "category": labels[category],
                    "share": share,
                    "goal": goal,
                    "tolerance": tolerance,
                }
            )
    return warnings


def balance_for_period(
    *, workspace, start: datetime.date, end: datetime.date, tolerance: int | None = None
) -> Balance:
    """Posts per category (count and share) against the plan's mix, and posts per week against
    each channel's minimum and maximum, over whole weeks, per channel and in total, with the
    warnings in words. Counted by the database in one grouped query; cancelled posts don't
    count. About five queries, whatever the number of posts."""
    start, end = full_weeks(start, end)
    zone = workspace_zone(workspace)
    begin, stop = day_bounds(workspace, start, end)
    if tolerance is None:
        tolerance = (
            CalendarSettings.objects.filter(workspace=workspace)
            .values_list("mix_tolerance", flat=True)
            .first()
        )
        tolerance = 10 if tolerance is None else tolerance
    targets = plan_targets(workspace=workspace, on=start + (end - start) / 2)
    rows = (
        for_workspace(Post, workspace=workspace)
        .filter(scheduled_at__gte=begin, scheduled_at__lt=stop)
        .exclude(status=Post.Status.CANCELLED)
        .annotate(week=TruncWeek("scheduled_at", tzinfo=zone))
        .values("channel", "channel__platform", "channel__handle", "week", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    weeks = [start + datetime.timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]
    per_channel_mix: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_channel_week: dict[int, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    per_week_mix: dict[datetime.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[str, int] = defaultdict(int)
    accounts = dict(targets.accounts)
    for row in rows:
        if row["channel"] not in accounts:
            accounts[row["channel"]] = SocialAccount(
                pk=row["channel"], platform=row["channel__platform"], handle=row["channel__handle"]
            )
        week = row["week"]
        week = week.date() if isinstance(week, datetime.datetime) else week
        per_channel_mix[row["channel"]][row["category"]] += row["n"]
        per_channel_week[row["channel"]][week] += row["n"]
        per_week_mix[week][row["category"]] += row["n"]
        total[row["category"]] += row["n"]

    balance = Balance(
        start=start,
        end=end,
        weeks=weeks,
        channels=[],
        total=Mix(dict(total)),
        mix_per_week={week: Mix(dict(per_week_mix.get(week, {}))) for week in weeks},
        target_mix=targets.mix,
        tolerance=tolerance,
        plan=targets.plan,
    )
    if targets.plan is None:
        balance.warnings.append(
            _("No approved plan covers this period: there are no targets to check against.")
        )
    for account in sorted(accounts.values(), key=lambda a: (a.platform, a.handle.lower())):
        minimum, maximum = targets.channels.get(account.pk, (None, None))
        channel = ChannelBalance(
            channel=account,
            mix=Mix(dict(per_channel_mix.get(account.pk, {}))),
            per_week={week: per_channel_week[account.pk].get(week, 0) for week in weeks},
            minimum=minimum,
            maximum=maximum,
            has_targets=account.pk in targets.channels,
        )
        for week, count in channel.per_week.items():
            when = date_format(week, "j M")
            if minimum is not None and count < minimum:
                channel.warnings.append(
                    _(
                        "%(channel)s: %(count)s posts in the week of %(week)s, the plan asks "
                        "for at least %(minimum)s."
                    )
                    % {"channel": account, "count": count, "week": when, "minimum": minimum}
                )
            if maximum is not None and count > maximum:
                channel.warnings.append(
                    _(
                        "%(channel)s: %(count)s posts planned in the week of %(week)s, the plan "
                        "allows at most %(maximum)s."
                    )
                    % {"channel": account, "count": count, "week": when, "maximum": maximum}
                )
        if targets.mix:
            channel.warnings.extend(
                _mix_warnings(channel.mix, targets.mix, tolerance, str(account))
            )
        balance.channels.append(channel)
        balance.warnings.extend(channel.warnings)
    if targets.mix:
        balance.warnings.extend(
            _mix_warnings(balance.total, targets.mix, tolerance, _("All channels"))
        )
    return balance


def posts_list(
    *,
    workspace,
    channel: int | None = None,
    category: str = "",
    status: str = "",
    owner: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Post]:
    posts = for_workspace(Post, workspace=workspace).select_related("channel", "owner")
    if channel:
        posts = posts.filter(channel_id=channel)
    if category:
        posts = posts.filter(category=category)
    if status:
        posts = posts.filter(status=status)
    if owner:
        posts = posts.filter(owner_id=owner)
    if start:
        posts = posts.filter(scheduled_at__gte=day_bounds(workspace, start, start)[0])
    if end:
        posts = posts.filter(scheduled_at__lt=day_bounds(workspace, end, end)[1])
    return posts.order_by("scheduled_at", "pk")


def today_in(workspace) -> datetime.date:
    return timezone.now().astimezone(workspace_zone(workspace)).date()
