"""Posting slots: the weekly moments each channel of the plan posts at (Tuesday 09:00).

A channel's slots come from the plan's rhythm: their number per week lies between the plan's
minimum and maximum posts per week for the channel. A slot is *free* on a date while the
channel has no post (not cancelled) within an hour of it; the calendar shows free slots as
gaps to fill, and "plan in the next free slot" puts a post into the first free one.
"""

import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts_registry.models import SocialAccount
from strategy.selectors import current_approved_plan
from workspaces.access import require_role
from workspaces.models import Role
from workspaces.selectors import for_workspace

from .models import Post, PostingSlot

# A post this close to a slot fills it; two posts on one channel this close clash.
NEAR = datetime.timedelta(hours=1)
# How far "the next free slot" looks ahead.
LOOK_AHEAD_WEEKS = 8
# Where suggested slots go, by the number of posts a week: spread over the working week.
SPREAD = {
    1: (2,),
    2: (2, 4),
    3: (1, 3, 5),
    4: (1, 2, 4, 5),
    5: (1, 2, 3, 4, 5),
    6: (1, 2, 3, 4, 5, 6),
    7: (1, 2, 3, 4, 5, 6, 7),
}
SUGGESTED_TIME = datetime.time(9, 0)


@dataclass(frozen=True)
class ChannelSlots:
    """A channel of the plan in force, its rhythm and its slots, as the slots page shows."""

    channel: SocialAccount
    minimum: int | None
    maximum: int | None
    slots: list[PostingSlot]

    @property
    def too_few(self) -> bool:
        return self.minimum is not None and len(self.slots) < self.minimum

    @property
    def too_many(self) -> bool:
        return self.maximum is not None and len(self.slots) > self.maximum


def plan_channel_slots(*, workspace, on: datetime.date) -> list[ChannelSlots]:
    """Each channel of the plan in force on `on` with its slots (three queries), followed by
    channels that have slots but are no longer in the plan."""
    plan = current_approved_plan(workspace=workspace, on=on)
    slots_of: dict[int, list[PostingSlot]] = defaultdict(list)
    accounts: dict[int, SocialAccount] = {}
    slots = for_workspace(PostingSlot, workspace=workspace).select_related("channel")
    for slot in slots.order_by("channel_id", "weekday", "time"):
        slots_of[slot.channel_id].append(slot)
        accounts[slot.channel_id] = slot.channel
    rows = []
    planned = set()
    if plan is not None:
        for channel_plan in plan.channels.select_related("account").order_by("position", "pk"):
            account = channel_plan.account
            planned.add(account.pk)
            rows.append(
                ChannelSlots(
                    channel=account,
                    minimum=channel_plan.min_posts_per_week,
                    maximum=channel_plan.max_posts_per_week,
                    slots=slots_of.get(account.pk, []),
                )
            )
    for pk, account in accounts.items():
        if pk not in planned:
            rows.append(
                ChannelSlots(channel=account, minimum=None, maximum=None, slots=slots_of[pk])
            )
    return rows


def _slot_channel(*, workspace, channel: SocialAccount) -> None:
    if channel.workspace_id != workspace.pk:
        raise ValidationError({"channel": _("Choose a channel of this workspace.")}, code="channel")


@transaction.atomic
def slot_add(*, workspace, by, channel: SocialAccount, weekday: int, time: datetime.time):
    """A weekly slot for the channel. The same day and time twice is refused, with words."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    _slot_channel(workspace=workspace, channel=channel)
    slot = PostingSlot(workspace=workspace, channel=channel, weekday=weekday, time=time)
    slot.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            slot.save()
    except IntegrityError:
        raise ValidationError(
            _("%(channel)s already has a slot at that day and time.") % {"channel": channel},
            code="slot_taken",
        ) from None
    return slot


@transaction.atomic
def slot_remove(*, slot: PostingSlot, by) -> None:
    require_role(user=by, workspace=slot.workspace, role=Role.EDITOR)
    PostingSlot.objects.filter(pk=slot.pk).delete()


@transaction.atomic
def slots_suggest(*, workspace, by, channel: SocialAccount, per_week: int) -> list[PostingSlot]:
    """Slots spread over the working week for `per_week` posts (the plan's minimum, or 2),
    added next to the channel's own; one that exists already is left as it is."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    _slot_channel(workspace=workspace, channel=channel)
    days = SPREAD[max(1, min(per_week, 7))]
    PostingSlot.objects.bulk_create(
        [
            PostingSlot(workspace=workspace, channel=channel, weekday=day, time=SUGGESTED_TIME)
            for day in days
        ],
        ignore_conflicts=True,
    )
    return list(PostingSlot.objects.filter(channel=channel).order_by("weekday", "time"))


def _moments(slots, zone, start: datetime.date, end: datetime.date):
    """(slot, its moment in the zone) for each slot on each day from start to end. The wall
    time is kept across a change to or from summer time: 09:00 stays 09:00."""
    by_weekday = defaultdict(list)
    for slot in slots:
        by_weekday[slot.weekday].append(slot)
    day = start
    while day <= end:
        for slot in by_weekday.get(day.isoweekday(), []):
            yield slot, datetime.datetime.combine(day, slot.time, tzinfo=zone)
        day += datetime.timedelta(days=1)


def _taken(moment: datetime.datetime, times: list[datetime.datetime]) -> bool:
    return any(abs(t - moment) < NEAR for t in times)


def next_free_slot(
    *, workspace, channel: SocialAccount, after: datetime.datetime
) -> datetime.datetime | None:
    """The first of the channel's slots after `after` with no post of the channel within the
    hour, in the coming LOOK_AHEAD_WEEKS weeks; None when there is no slot or none is free.
    Two queries."""
    found = _first_free(
        workspace=workspace, slots=PostingSlot.objects.filter(channel=channel), after=after
    )
    return found[1] if found else None


def next_free_slot_of_any_channel(
    *, workspace, after: datetime.datetime
) -> tuple[int, datetime.datetime] | None:
    """(channel id, moment) of the first free slot of any of the workspace's channels, as
    next_free_slot; for a post that could go out anywhere (a curated one). Two queries."""
    return _first_free(
        workspace=workspace, slots=PostingSlot.objects.filter(workspace=workspace), after=after
    )


def _first_free(*, workspace, slots, after: datetime.datetime):
    zone = zoneinfo.ZoneInfo(workspace.time_zone)
    slots = sorted(slots, key=lambda slot: (slot.time, slot.channel_id))  # a day's earliest first
    if not slots:
        return None
    start = after.astimezone(zone).date()
    end = start + datetime.timedelta(weeks=LOOK_AHEAD_WEEKS)
    times = defaultdict(list)
    for channel_id, moment in (
        Post.objects.filter(
            channel__in={slot.channel_id for slot in slots},
            scheduled_at__gte=after - NEAR,
            scheduled_at__lt=datetime.datetime.combine(end, datetime.time.max, tzinfo=zone) + NEAR,
        )
        .exclude(status=Post.Status.CANCELLED)
        .values_list("channel_id", "scheduled_at")
    ):
        times[channel_id].append(moment)
    for slot, moment in _moments(slots, zone, start, end):
        if moment > after and not _taken(moment, times[slot.channel_id]):
            return slot.channel_id, moment
    return None


@dataclass(frozen=True)
class Gap:
    """A free slot on a day of the calendar: a post to plan."""

    channel_id: int
    channel: str
    time: str  # 09:00, in the workspace's zone
    iso: str  # 2026-12-08T09:00, for the form's field


def gaps_between(
    *, workspace, start: datetime.date, end: datetime.date, today: datetime.date
) -> dict[datetime.date, list[Gap]]:
    """The free slots from today on (nothing is planned in the past) between the days, by day.
    Two queries: the slots, and the times of the period's posts."""
    zone = zoneinfo.ZoneInfo(workspace.time_zone)
    slots = list(
        for_workspace(PostingSlot, workspace=workspace)
        .select_related("channel")
        .only("weekday", "time", "channel__platform", "channel__handle", "channel_id")
    )
    if not slots:
        return {}
    first = max(start, today)
    begin = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone) - NEAR
    stop = datetime.datetime.combine(end, datetime.time.max, tzinfo=zone) + NEAR
    posts_at: dict[int, list[datetime.datetime]] = defaultdict(list)
    rows = (
        for_workspace(Post, workspace=workspace)
        .filter(scheduled_at__gte=begin, scheduled_at__lte=stop)
        .exclude(status=Post.Status.CANCELLED)
        .values_list("channel_id", "scheduled_at")
    )
    for channel_id, at in rows:
        posts_at[channel_id].append(at)
    gaps: dict[datetime.date, list[Gap]] = defaultdict(list)
    names: dict[int, str] = {}
    now = datetime.datetime.now(tz=zone)
    for slot, moment in _moments(slots, zone, first, end):
        if moment <= now or _taken(moment, posts_at.get(slot.channel_id, [])):
            continue
        name = names.setdefault(slot.channel_id, str(slot.channel))
        gaps[moment.date()].append(
            Gap(
                channel_id=slot.channel_id,
                channel=name,
                time=f"{moment:%H:%M}",
                iso=f"{moment:%Y-%m-%dT%H:%M}",
            )
        )
    for day_gaps in gaps.values():
        day_gaps.sort(key=lambda gap: (gap.time, gap.channel))
    return gaps
