"""Reading the calendar: the posts of a period, the month and week grids, and the balance of
the mix and the rhythm against the plan. balance_for_period is the one place the balance is
computed; the calendar, the API and the background checks all call it."""

import datetime
import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, DateField, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncDate, TruncWeek
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts_registry.models import SocialAccount
from strategy.models import Audience, ContentTheme, StrategyPlan, SubGoal
from strategy.selectors import plan_targets_for
from workspaces.formatting import short_day
from workspaces.selectors import for_workspace

from .models import CalendarSettings, Campaign, Category, Post, PostImage

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
        .select_related("channel", "owner", "theme", "sub_goal", "audience")
        .order_by("scheduled_at", "pk")
    )


def full_weeks(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday on or before `start` to Sunday on or after `end`."""
    return (
        start - datetime.timedelta(days=start.weekday()),
        end + datetime.timedelta(days=6 - end.weekday()),
    )


class GridPost:
    """A post as a cell of the grid shows it: labels, time and channel already in words (the
    active language, the workspace's zone), so the template only places them."""

    __slots__ = (
        "cancelled",
        "category",
        "category_label",
        "channel",
        "hashtags_checked",
        "pk",
        "repeats",
        "revision",
        "status_label",
        "text",
        "thumbnail",
        "time",
    )

    # The model's own rule, on the fields read here.
    hashtags = Post.hashtags
    hashtag_check_pending = Post.hashtag_check_pending

    def __init__(self, **fields):
        for name, value in fields.items():
            setattr(self, name, value)


@dataclass
class Day:
    date: datetime.date
    in_period: bool
    posts: list[GridPost] = field(default_factory=list)
    # Posts of this day beyond the grid's limit: counted, not shown.
    more: int = 0
    is_today: bool = False
    # The date as the grid's links and the drag-and-drop script write it (2026-11-03), and
    # the day of the month.
    iso: str = field(init=False)
    number: str = field(init=False)
    # Set by the view: what the day's "plan a post" link says to screen readers, and what its
    # link to the posts not shown says.
    plan_label: str = ""
    more_label: str = ""
    # The free posting slots of the day (slots.Gap), set by the view.
    gaps: list = field(default_factory=list)

    def __post_init__(self):
        self.iso = self.date.isoformat()
        self.number = str(self.date.day)


# What a grid cell shows of a post (and of its channel), in the order the rows are read.
GRID_FIELDS = (
    "pk",
    "scheduled_at",
    "category",
    "status",
    "revision",
    "text",
    "hashtags_checked",
    "channel_id",
    "channel__platform",
    "channel__handle",
    "series_id",
    "on_day",
)


@functools.lru_cache(maxsize=64)
def _choice_labels(choices: type, language: str) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_labels(choices: type) -> dict[str, str]:
    """The labels of a TextChoices in the active language, translated once per language."""
    return _choice_labels(choices, translation.get_language())


def _first_images(by_day: dict) -> None:
    """Each shown post's first image (its id and alt text), in one query."""
    shown = {post.pk: post for posts in by_day.values() for post in posts}
    if not shown:
        return
    rows = (
        PostImage.objects.filter(post_id__in=shown)
        .order_by("post_id", "position", "pk")
        .values_list("post_id", "pk", "alt_text")
    )
    for post_id, pk, alt_text in rows:
        if shown[post_id].thumbnail is None:
            shown[post_id].thumbnail = (pk, alt_text)


def calendar_grid(
    *,
    workspace,
    start: datetime.date,
    end: datetime.date,
    per_day: int | None = None,
    today: datetime.date | None = None,
) -> list[list[Day]]:
    """Weeks of days (Monday first) covering start..end, each with its first `per_day` posts
    and the number of the others (one query).

    The database numbers each local day's posts and counts them (window functions over the
    day in the workspace's zone), and returns only the ones shown: a busy month reads the
    few posts a day the grid has room for, not all of them."""
    first, last = full_weeks(start, end)
    zone = workspace_zone(workspace)
    begin, stop = day_bounds(workspace, first, last)
    local_day = TruncDate("scheduled_at", tzinfo=zone)
    rows = (
        for_workspace(Post, workspace=workspace)
        .filter(scheduled_at__gte=begin, scheduled_at__lt=stop)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[local_day],
                order_by=[F("scheduled_at").asc(), F("pk").asc()],
            ),
            on_day=Window(Count("pk"), partition_by=[local_day]),
        )
        .order_by("scheduled_at", "pk")
        .values_list(*GRID_FIELDS)
    )
    if per_day is not None:
        rows = rows.filter(place__lte=per_day)

    categories, statuses = choice_labels(Category), choice_labels(Post.Status)
    channels: dict[int, str] = {}
    by_day: dict[datetime.date, list[GridPost]] = defaultdict(list)
    on_day: dict[datetime.date, int] = {}
    for row in rows:
        (pk, at, category, status, revision, text, checked, channel, platform, handle) = row[:10]
        series, count = row[10:]
        local = at.astimezone(zone)
        day = local.date()
        on_day[day] = count
        if channel not in channels:
            account = SocialAccount.named(pk=channel, platform=platform, handle=handle)
            channels[channel] = str(account)
        by_day[day].append(
            GridPost(
                pk=pk,
                category=category,
                category_label=categories.get(category, category),
                cancelled=status == Post.Status.CANCELLED,
                status_label=statuses.get(status, status),
                revision=str(revision),
                time=f"{local:%H:%M}",
                channel=channels[channel],
                text=text,
                hashtags_checked=checked,
                thumbnail=None,
                repeats=series is not None,
            )
        )
    _first_images(by_day)
    weeks, day = [], first
    while day <= last:
        week = []
        for _offset in range(7):
            shown = by_day.get(day, [])
            week.append(
                Day(
                    date=day,
                    in_period=start <= day <= end,
                    posts=shown,
                    more=on_day.get(day, 0) - len(shown),
                    is_today=day == today,
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
        labels = choice_labels(Category)
        return [(c, labels[c], self.counts.get(c, 0), self.share(c)) for c in CATEGORIES]


# How a week's count stands against the channel's rhythm, as the balance panel marks it.
OVER, UNDER, WITHIN = "over", "under", "within"


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

    # What the balance panel shows, worked out when it is first asked for (the weekly check
    # never asks): plain strings, so the template only places them.

    @functools.cached_property
    def name(self) -> str:
        return str(self.channel)

    @functools.cached_property
    def target_label(self) -> str:
        if not self.has_targets:
            return _("no target in the plan")
        return _("target %(minimum)s–%(maximum)s a week") % {  # noqa: RUF001
            "minimum": "—" if self.minimum is None else self.minimum,
            "maximum": "—" if self.maximum is None else self.maximum,
        }

    @functools.cached_property
    def weeks(self) -> list[tuple[str, str, str]]:
        """(week in words, posts, OVER/UNDER/WITHIN) per week."""
        weeks, language = [], translation.get_language()
        for week, count in self.per_week.items():
            if self.maximum is not None and count > self.maximum:
                state = OVER
            elif self.minimum is not None and count < self.minimum:
                state = UNDER
            else:
                state = WITHIN
            weeks.append((_date_label_in(week, None, language), str(count), state))
        return weeks


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

    # What the balance panel shows, worked out when it is first asked for.

    @functools.cached_property
    def total_rows(self) -> list[tuple[str, str, int, int, int | None]]:
        """(category, label, count, share, the plan's target share or None) for all channels."""
        target = self.target_mix or {}
        return [(*row, target.get(row[0])) for row in self.total.rows]

    @functools.cached_property
    def short_of(self) -> list[str]:
        """The categories whose share is below the plan's target: what the panel offers to
        fill (post_hooks.fill_links)."""
        rows = self.total_rows
        return [code for code, _label, _count, share, target in rows if target and share < target]

    @functools.cached_property
    def week_rows(self) -> list[tuple[str, list[tuple[str, str, int, int]], int]]:
        """(week in words, (category, label, count, share) per category, total) per week."""
        return [(date_label(week), rows, total) for week, rows, total in self.chart]


class BalanceWarning(str):
    """A warning in words, in the active language, that remembers what it says (`message` and
    `params`) so a notification can say it again in its recipient's language."""

    code: str
    message: str
    params: dict

    def __new__(cls, message, params: dict, *, code: str, text: str | None = None):
        """`text`: the warning in the active language, when the caller has put it in words
        already (a balance says the same few things about the same channels and weeks)."""
        if text is None:
            text = str(message) % {k: str(v) for k, v in params.items()}
        warning = super().__new__(cls, text)
        warning.code, warning.message, warning.params = code, message, params
        return warning


@functools.lru_cache(maxsize=2048)
def _date_label_in(day: datetime.date, format: str | None, language: str) -> str:
    return date_format(day, format) if format else short_day(day)


def date_label(day: datetime.date, format: str | None = None) -> str:
    """The date in words in the active language, as the `date` filter writes it (by default
    the language's short day, "3 Dec" or "3 dec"): the same few dates are named hundreds of
    times on a calendar page and thousands of times in the weekly check, so each is worked
    out once per language."""
    return _date_label_in(day, format, translation.get_language())


def _week_label(week: datetime.date) -> str:
    return date_label(week)


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


@dataclass
class _Words:
    """What the warnings of a balance say over and over, in the active language: translated
    once per computation rather than once per warning (the weekly check writes thousands)."""

    too_few: str
    too_many: str
    mix_off: str
    categories: dict[str, str]
    # week -> its label, lazy (for a notification in its recipient's language) and in words
    weeks: dict[datetime.date, tuple[object, str]]

    @classmethod
    def for_weeks(cls, weeks: list[datetime.date]) -> "_Words":
        return cls(
            too_few=str(TOO_FEW),
            too_many=str(TOO_MANY),
            mix_off=str(MIX_OFF),
            categories=choice_labels(Category),
            weeks={week: (week_label(week), date_label(week)) for week in weeks},
        )


def _mix_warnings(
    mix: Mix, target: dict[str, int], tolerance: int, where, where_words: str, words: _Words
) -> list[BalanceWarning]:
    warnings = []
    if mix.total < MIN_POSTS_FOR_MIX:
        return warnings
    labels = dict(Category.choices)
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
            text = words.mix_off % {
                **params,
                "where": where_words,
                "category": words.categories[category],
            }
            warnings.append(BalanceWarning(MIX_OFF, params, code=f"mix_{category}", text=text))
    return warnings


def _rhythm_warnings(channel: "ChannelBalance", words: _Words) -> list[BalanceWarning]:
    warnings = []
    for week, count in channel.per_week.items():
        too_few = channel.minimum is not None and count < channel.minimum
        too_many = channel.maximum is not None and count > channel.maximum
        if not (too_few or too_many):
            continue
        label, label_words = words.weeks[week]
        params = {"channel": channel.channel, "count": count, "week": label}
        shown = {"channel": channel.name, "count": count, "week": label_words}
        if too_few:
            limit = {"minimum": channel.minimum}
            warnings.append(
                BalanceWarning(
                    TOO_FEW,
                    {**params, **limit},
                    code=f"too_few:{week}",
                    text=words.too_few % {**shown, **limit},
                )
            )
        if too_many:
            limit = {"maximum": channel.maximum}
            warnings.append(
                BalanceWarning(
                    TOO_MANY,
                    {**params, **limit},
                    code=f"too_many:{week}",
                    text=words.too_many % {**shown, **limit},
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
    words = _Words.for_weeks(weeks)

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
            # The Monday as a date: no time zone to put back on each row.
            .annotate(week=TruncWeek("scheduled_at", tzinfo=zone, output_field=DateField()))
            .values_list(*GROUPED_BY)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for ws, channel, platform, handle, week, category, n in rows:
            if channel not in seen[ws]:
                seen[ws][channel] = targets_of[ws].accounts.get(channel) or SocialAccount.named(
                    pk=channel, platform=platform, handle=handle
                )
            channel_mix[ws, channel][category] += n
            channel_week[ws, channel][week] += n
            week_mix[ws, week][category] += n
            totals[ws][category] += n

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
            channel.warnings.extend(_rhythm_warnings(channel, words))
            if targets.mix:
                channel.warnings.extend(
                    _mix_warnings(
                        channel.mix, targets.mix, ws_tolerance, account, channel.name, words
                    )
                )
            balance.channels.append(channel)
            balance.warnings.extend(channel.warnings)
        if targets.mix:
            balance.warnings.extend(
                _mix_warnings(
                    balance.total, targets.mix, ws_tolerance, ALL_CHANNELS, str(ALL_CHANNELS), words
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


def calendar_channels(*, workspace) -> QuerySet[SocialAccount]:
    """The accounts the workspace's posts are planned on: the channels the calendar's filter
    offers, in one query. The registry may hold thousands of accounts that never post."""
    return (
        for_workspace(SocialAccount, workspace=workspace)
        .filter(Exists(Post.objects.filter(channel=OuterRef("pk"))))
        .only("pk", "platform", "handle")
        .order_by("platform", "handle")
    )


def posts_list(
    *,
    workspace,
    channel: int | None = None,
    category: str = "",
    status: str = "",
    owner: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    q: str = "",
    theme: int | None = None,
    sub_goal: int | None = None,
    audience: int | None = None,
    campaign: int | None = None,
) -> QuerySet[Post]:
    """The workspace's posts as the list filters them; `q` finds words in the text, the link
    or the note, each word anywhere, case aside."""
    posts = for_workspace(Post, workspace=workspace).select_related("channel", "owner")
    for name, value in (
        ("theme", theme),
        ("sub_goal", sub_goal),
        ("audience", audience),
        ("campaign", campaign),
    ):
        if value:
            posts = posts.filter(**{f"{name}_id": value})
    for word in q.split()[:10]:
        posts = posts.filter(
            Q(text__icontains=word) | Q(link__icontains=word) | Q(serves_note__icontains=word)
        )
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


def plan_link_choices(*, workspace) -> dict[str, QuerySet]:
    """What a post can be linked to: the themes, sub-goals and audiences of the workspace's
    approved plans (the save checks it is the plan in force on the post's date)."""
    approved = {"plan__workspace": workspace, "plan__status": StrategyPlan.Status.APPROVED}
    return {
        "theme": ContentTheme.objects.filter(**approved).order_by(
            "plan__period_start", "position", "pk"
        ),
        "sub_goal": SubGoal.objects.filter(**approved).order_by(
            "plan__period_start", "position", "pk"
        ),
        "audience": Audience.objects.filter(**approved).order_by(
            "plan__period_start", "priority", "position", "pk"
        ),
    }


def campaigns_of(*, workspace) -> QuerySet[Campaign]:
    return for_workspace(Campaign, workspace=workspace).order_by("name", "pk")


def posts_deleted(*, workspace) -> QuerySet:
    """The history's records of the workspace's removed posts, newest first (one query)."""
    return (
        Post.history.filter(workspace_id=workspace.pk, history_type="-")
        .select_related("history_user", "channel")
        # A post brought back since (services.post_restore) is in the calendar again.
        .annotate(is_back=Exists(Post.objects.filter(pk=OuterRef("id"))))
        .order_by("-history_date", "-history_id")
    )


def post_history(*, post: Post, limit: int = 20) -> list:
    """The post's latest changes, newest first, each with what changed (two queries)."""
    records = list(
        post.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    changes = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(changes) == limit:
            break
        fields = []
        if older is not None:
            fields = [
                str(Post._meta.get_field(c.field).verbose_name)
                for c in newer.diff_against(older).changes
                if c.field not in ("hashtags_checked", "hashtags_checked_by", "hashtags_checked_at")
            ]
        changes.append((newer, fields))
    return changes


EVERGREEN_SHOWN = 200


def evergreen_posts(*, workspace) -> list[Post]:
    """The evergreen posts to plan again: per text the one planned last (one query, of the
    latest EVERGREEN_SHOWN evergreen posts)."""
    latest: dict[str, Post] = {}
    posts = (
        for_workspace(Post, workspace=workspace)
        .filter(evergreen=True)
        .exclude(status=Post.Status.CANCELLED)
        .select_related("channel")
        .order_by("-scheduled_at", "-pk")[:EVERGREEN_SHOWN]
    )
    for post in posts:
        latest.setdefault(" ".join(post.text.split()).casefold(), post)
    return list(latest.values())


def post_comments(*, post: Post) -> QuerySet:
    """The remarks in a post, oldest first, with their authors (one query)."""
    return post.comments.select_related("author").order_by("created_at", "pk")


def campaigns_with_counts(*, workspace) -> QuerySet[Campaign]:
    """The campaigns with how many posts each has (not cancelled), in one query."""
    return campaigns_of(workspace=workspace).annotate(
        post_count=Count("posts", filter=~Q(posts__status=Post.Status.CANCELLED))
    )


BOARD_STATUSES = (Post.Status.IDEA, Post.Status.DRAFT, Post.Status.READY)
BOARD_PER_COLUMN = 50


def board_columns(*, workspace) -> list[tuple[str, str, list[Post], int]]:
    """The ideas board: (status, label, its first posts, how many it has) for idea, draft
    and ready, soonest first. Two queries, whatever the number of posts."""
    posts = for_workspace(Post, workspace=workspace).filter(status__in=BOARD_STATUSES)
    counts = dict(posts.values_list("status").annotate(n=Count("pk")).order_by())
    shown: dict[str, list[Post]] = {status: [] for status in BOARD_STATUSES}
    place = Window(RowNumber(), partition_by=[F("status")], order_by=[F("scheduled_at"), F("pk")])
    rows = (
        posts.annotate(place=place)
        .select_related("channel")
        .only(
            "pk",
            "status",
            "text",
            "scheduled_at",
            "revision",
            "channel__platform",
            "channel__handle",
        )
        .order_by("scheduled_at", "pk")
    )
    for post in rows.filter(place__lte=BOARD_PER_COLUMN):
        shown[post.status].append(post)
    labels = choice_labels(Post.Status)
    return [(s, labels[s], shown[s], counts.get(s, 0)) for s in BOARD_STATUSES]
