"""Reading the calendar: the posts of a period, the month and week grids, and the balance of
the mix and the rhythm against the plan. balance_for_period is the one place the balance is
computed; the calendar, the API and the background checks all call it."""

import datetime
import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts_registry.models import SocialAccount
from strategy.selectors import plan_targets_for
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
    # The member who owns the channel in the plan: who hears of its warnings.
    owner: object = None
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


class BalanceWarning(str):
    """A warning in words, in the active language, that remembers what it says (`message` and
    `params`) so a notification can say it again in its recipient's language."""

    code: str
    message: str
    params: dict

    def __new__(cls, message, params: dict, *, code: str) -> "BalanceWarning":
        warning = super().__new__(cls, str(message) % {k: str(v) for k, v in params.items()})
        warning.code, warning.message, warning.params = code, message, params
        return warning


@functools.lru_cache(maxsize=512)
def _week_label_in(week: datetime.date, language: str) -> str:
    return date_format(week, "j M")


def _week_label(week: datetime.date) -> str:
    # The same few weeks are named for thousands of channels in the weekly check.
    return _week_label_in(week, translation.get_language())


# Rendered when shown, so the same warning reads "2 Nov" in English and "2 nov" in Dutch.
week_label = lazy(_week_label, str)

TOO_FEW = gettext_lazy(
    "%(channel)s: %(count)s posts in the week of %(week)s, the plan asks for at least %(minimum)s."
)
TOO_MANY = gettext_lazy(
    "%(channel)s: %(count)s posts planned in the week of %(week)s, the plan allows at most "
    "%(maximum)s."
)
MIX_OFF = gettext_lazy(
    "%(where)s: %(category)s is %(share)s%% of the posts, the plan's target is %(goal)s%% "
    "(tolerance %(tolerance)s points)."
)


ALL_CHANNELS = gettext_lazy("All channels")


def _mix_warnings(mix: Mix, target: dict[str, int], tolerance: int, where) -> list[BalanceWarning]:
    labels = dict(Category.choices)
    warnings = []
    if mix.total < MIN_POSTS_FOR_MIX:
        return warnings
    for category in CATEGORIES:
        share, goal = mix.share(category), target.get(category, 0)
        if abs(share - goal) > tolerance:
            params = {
                "where": where,
                "category": labels[category],
                "share": share,
                "goal": goal,
                "tolerance": tolerance,
            }
            warnings.append(BalanceWarning(MIX_OFF, params, code=f"mix_{category}"))
    return warnings


def _rhythm_warnings(channel: "ChannelBalance") -> list[BalanceWarning]:
    warnings = []
    for week, count in channel.per_week.items():
        params = {"channel": channel.channel, "count": count, "week": week_label(week)}
        if channel.minimum is not None and count < channel.minimum:
            warnings.append(
                BalanceWarning(
                    TOO_FEW, {**params, "minimum": channel.minimum}, code=f"too_few:{week}"
                )
            )
        if channel.maximum is not None and count > channel.maximum:
            warnings.append(
                BalanceWarning(
                    TOO_MANY, {**params, "maximum": channel.maximum}, code=f"too_many:{week}"
                )
            )
    return warnings


def _tolerances(workspace_ids: list[int]) -> dict[int, int]:
    return dict(
        CalendarSettings.objects.filter(workspace_id__in=workspace_ids).values_list(
            "workspace_id", "mix_tolerance"
        )
    )


# What the balance counts posts by: one row per workspace, channel, week and category.
GROUPED_BY = ("workspace_id", "channel", "channel__platform", "channel__handle", "week", "category")


def balances_for(
    *,
    workspaces: Iterable,
    start: datetime.date,
    end: datetime.date,
    tolerance: int | None = None,
) -> dict[int, Balance]:
    """The balance of each workspace (by id) over the whole weeks covering start..end: posts
    per category (count and share) against the plan's mix, and posts per week against each
    channel's minimum and maximum, per channel and in total, with the warnings in words.

    The posts are counted by the database in one grouped query per time zone; cancelled posts
    don't count. About four queries, whatever the number of posts or workspaces: the calendar
    asks for one workspace, the weekly check for hundreds at once.
    """
    workspaces = list(workspaces)
    ids = [w.pk for w in workspaces]
    start, end = full_weeks(start, end)
    weeks = [start + datetime.timedelta(weeks=i) for i in range((end - start).days // 7 + 1)]
    tolerances = {} if tolerance is not None else _tolerances(ids)
    targets_of = plan_targets_for(workspace_ids=ids, on=start + (end - start) / 2)

    # (workspace, channel) -> category -> n; (workspace, channel) -> week -> n; ...
    channel_mix: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    channel_week: dict[tuple, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    week_mix: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    seen: dict[int, dict[int, SocialAccount]] = defaultdict(dict)
    by_zone: dict[str, list] = defaultdict(list)
    for workspace in workspaces:
        by_zone[workspace.time_zone].append(workspace)
    for zone_name, members in by_zone.items():
        zone = zoneinfo.ZoneInfo(zone_name)
        begin, stop = day_bounds(members[0], start, end)
        rows = (
            Post.objects.filter(
                workspace_id__in=[w.pk for w in members],
                scheduled_at__gte=begin,
                scheduled_at__lt=stop,
            )
            .exclude(status=Post.Status.CANCELLED)
            .annotate(week=TruncWeek("scheduled_at", tzinfo=zone))
            .values(
                "workspace_id",
                "channel",
                "channel__platform",
                "channel__handle",
                "week",
                "category",
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            ws, channel, n = row["workspace_id"], row["channel"], row["n"]
            week = row["week"]
            week = week.date() if isinstance(week, datetime.datetime) else week
            if channel not in seen[ws]:
                seen[ws][channel] = SocialAccount.named(
                    pk=channel, platform=row["channel__platform"], handle=row["channel__handle"]
                )
            channel_mix[ws, channel][row["category"]] += n
            channel_week[ws, channel][week] += n
            week_mix[ws, week][row["category"]] += n
            totals[ws][row["category"]] += n

    balances = {}
    for workspace in workspaces:
        ws = workspace.pk
        targets = targets_of[ws]
        ws_tolerance = tolerance if tolerance is not None else tolerances.get(ws, 10)
        balance = Balance(
            start=start,
            end=end,
            weeks=weeks,
            channels=[],
            total=Mix(dict(totals.get(ws, {}))),
            mix_per_week={week: Mix(dict(week_mix.get((ws, week), {}))) for week in weeks},
            target_mix=targets.mix,
            tolerance=ws_tolerance,
            plan=targets.plan,
        )
        if targets.plan is None:
            balance.warnings.append(
                _("No approved plan covers this period: there are no targets to check against.")
            )
        accounts = {**seen.get(ws, {}), **targets.accounts}
        for account in sorted(accounts.values(), key=lambda a: (a.platform, a.handle.lower())):
            minimum, maximum = targets.channels.get(account.pk, (None, None))
            weekly = channel_week.get((ws, account.pk), {})
            channel = ChannelBalance(
                channel=account,
                mix=Mix(dict(channel_mix.get((ws, account.pk), {}))),
                per_week={week: weekly.get(week, 0) for week in weeks},
                minimum=minimum,
                maximum=maximum,
                has_targets=account.pk in targets.channels,
                owner=targets.owners.get(account.pk),
            )
            channel.warnings.extend(_rhythm_warnings(channel))
            if targets.mix:
                channel.warnings.extend(
                    _mix_warnings(channel.mix, targets.mix, ws_tolerance, account)
                )
            balance.channels.append(channel)
            balance.warnings.extend(channel.warnings)
        if targets.mix:
            balance.warnings.extend(
                _mix_warnings(
                    balance.total, targets.mix, ws_tolerance, gettext_lazy("All channels")
                )
            )
        balances[ws] = balance
    return balances


def balance_for_period(
    *, workspace, start: datetime.date, end: datetime.date, tolerance: int | None = None
) -> Balance:
    """The balance of one workspace (see balances_for): what the calendar and the dashboard
    show, and what the weekly check holds each channel to."""
    return balances_for(workspaces=[workspace], start=start, end=end, tolerance=tolerance)[
        workspace.pk
    ]


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
