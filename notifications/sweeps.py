"""What the periodic sweeps share: their report, their batches, and who is who in many
workspaces at once.

A sweep is computed from the state of the database — what is due now — never from a queue of
messages planned in advance. After the broker or the workers were down for a while, the next
run catches up with everything that became due in between; the notifications' unique keys make
sure nothing is sent twice, whichever worker, retry or second beat runs it, and however many
run at the same time.

Every sweep reads in batches, with a constant number of queries per batch (never one per post,
account or channel), so it holds up for a thousand workspaces in one database.
"""

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.functional import lazy
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError as BrokerError

from workspaces.models import Membership, Role

from .services import NotificationDraft, notify_bulk

BATCH_SIZE = 500

# A sweep's task: acknowledged after it ran (settings), retried with a growing pause when the
# database or the broker is away for a moment. Running it twice is harmless by design.
sweep_task = shared_task(
    autoretry_for=(DatabaseError, BrokerError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)


@dataclass
class SweepReport:
    name: str
    # Objects found due in this run, and notifications created for them (fewer when some
    # had been delivered by an earlier run).
    due: int = 0
    notified: int = 0
    batches: int = 0

    def as_dict(self) -> dict[str, int | str]:
        return {
            "name": self.name,
            "due": self.due,
            "notified": self.notified,
            "batches": self.batches,
        }

    def __str__(self) -> str:
        return (
            f"{self.name}: {self.due} due, {self.notified} notifications created, "
            f"{self.batches} batches"
        )


def sweep_by_name(name: str):
    """The service of a sweep listed in settings.SWEEPS."""
    return import_string(settings.SWEEPS[name])


def in_batches(queryset: QuerySet, *, size: int = BATCH_SIZE) -> Iterator[list[Model]]:
    """The rows of `queryset` in batches of `size`, one query a batch, walking the primary key
    (stable while other rows change, and cheap at any depth, unlike OFFSET)."""
    last = None
    while True:
        page = queryset.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        batch = list(page[:size])
        if batch:
            yield batch
        if len(batch) < size:
            return
        last = batch[-1].pk


def people_with_role(*, workspace_ids: Iterable[int], role: str) -> dict[int, list]:
    """Active members whose role is `role` or above, per workspace id, in one query."""
    roles = [r for r in Role.values if Role.rank(r) >= Role.rank(role)]
    people: dict[int, list] = defaultdict(list)
    memberships = (
        Membership.objects.filter(
            workspace_id__in=set(workspace_ids), role__in=roles, user__is_active=True
        )
        .select_related("user")
        .order_by("workspace_id", "user_id")
    )
    for membership in memberships:
        people[membership.workspace_id].append(membership.user)
    return people


def current_members(*, user_ids: Iterable[int], workspace_ids: Iterable[int]) -> set[tuple]:
    """The (user id, workspace id) pairs among these that are memberships today, in one
    query: a post's owner or an account's business owner may have left."""
    return set(
        Membership.objects.filter(
            user_id__in=set(user_ids), workspace_id__in=set(workspace_ids)
        ).values_list("user_id", "workspace_id")
    )


def notify_members(drafts: Iterable[NotificationDraft]) -> int:
    """Create the drafts' notifications, but only for people who are still members of the
    draft's workspace. Three queries however many drafts."""
    drafts = list(drafts)
    if not drafts:
        return 0
    members = current_members(
        user_ids={d.recipient.pk for d in drafts}, workspace_ids={d.workspace.pk for d in drafts}
    )
    return notify_bulk(drafts=[d for d in drafts if (d.recipient.pk, d.workspace.pk) in members])


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _moment(value: datetime.datetime, zone_name: str) -> str:
    # "Friday 6 November, 06:00"; in English with the month first "Friday November 6, 6:00 AM".
    style = f"l {get_format('MONTH_DAY_FORMAT')}, {get_format('TIME_FORMAT')}"
    return date_format(timezone.localtime(value, zoneinfo.ZoneInfo(zone_name)), style)


# Rendered when the notification is written, in its recipient's language ("25 November 2026",
# "25 november 2026").
day_label = lazy(_day, str)
moment_label = lazy(_moment, str)
