"""The weekly digest: per person and workspace, what is due in the coming week and the warnings
of the past one, in one email instead of many.

Each app says what it has to tell (settings.DIGEST_SECTIONS): a function that takes a batch of
memberships and returns, per (user id, workspace id), the lines for that person — in bulk
queries, never one per person. The digest is a notification itself, so it is delivered once,
retried when email fails and shown in the inbox; it is emailed to the people who keep the
weekly digest on, whether or not they want each notification by email.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from workspaces.formatting import format_language, param_text
from workspaces.models import Membership

from .models import Notification
from .services import DIGEST_KIND, NotificationDraft
from .sweeps import SweepReport, day_label, in_batches, notify_members

# How many of the past week's unread notifications a digest quotes; the rest are counted.
UNREAD_QUOTED = 5


@dataclass(frozen=True)
class DigestLine:
    """One thing to tell a person: a translatable message with %(name)s params."""

    message: str
    params: dict


Lines = dict[tuple[int, int], list[DigestLine]]
Section = Callable[..., Lines]


def _sections() -> list[Section]:
    return [import_string(path) for path in settings.DIGEST_SECTIONS]


def _unread_of_past_week(memberships: list[Membership], since: datetime.datetime) -> dict:
    """(user id, workspace id) -> (number unread, the newest few messages), in one query."""
    unread: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = (
        Notification.objects.filter(
            recipient_id__in={m.user_id for m in memberships},
            workspace_id__in={m.workspace_id for m in memberships},
            read_at__isnull=True,
            created_at__gte=since,
        )
        .exclude(kind=DIGEST_KIND)
        .order_by("-created_at", "-pk")
        .values_list("recipient_id", "workspace_id", "message")
    )
    for user_id, workspace_id, message in rows:
        unread[user_id, workspace_id].append(message)
    return unread


def _param(value, zone: str):
    # Counts stay numbers, so that `%` picks the singular or plural; dates read as dates.
    return value if isinstance(value, int) else param_text(value, time_zone=zone)


def _compose(membership: Membership, monday: datetime.date, lines, unread: list[str]) -> str:
    """The digest's text, in the recipient's language (the caller has switched to it)."""
    parts = [
        _("Your week in %(workspace)s, from %(monday)s.")
        % {"workspace": membership.workspace.name, "monday": day_label(monday)}
    ]
    if lines:
        parts.append("")
        parts.append(_("What is due:"))
        # `%` on a lazy message picks singular or plural by its count, in the active language.
        zone = membership.workspace.time_zone
        parts.extend(
            "- " + line.message % {k: _param(v, zone) for k, v in line.params.items()}
            for line in lines
        )
    if unread:
        parts.append("")
        parts.append(
            _("Unread notifications of the past week: %(count)s.") % {"count": len(unread)}
        )
        parts.extend(
            "- " + Truncator(m.replace("\n", " ")).chars(200) for m in unread[:UNREAD_QUOTED]
        )
    return "\n".join(parts)


def weekly_digest_send(*, now: datetime.datetime | None = None) -> SweepReport:
    """Compose the week's digest for every member of every workspace who has something to be
    told, once per person, workspace and week (the week that starts on or after `now`'s date:
    run on Monday morning, it is that Monday's)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    monday = today + datetime.timedelta(days=(7 - today.weekday()) % 7)
    report = SweepReport("weekly_digest")
    sections = _sections()
    memberships = Membership.objects.filter(
        user__is_active=True, user__weekly_digest=True
    ).select_related("user", "workspace")
    for batch in in_batches(memberships):
        report.batches += 1
        found: Lines = defaultdict(list)
        for section in sections:
            for pair, lines in section(memberships=batch, now=now).items():
                found[pair].extend(lines)
        unread = _unread_of_past_week(batch, since=now - datetime.timedelta(days=7))
        drafts = []
        for membership in batch:
            pair = (membership.user_id, membership.workspace_id)
            if not found.get(pair) and not unread.get(pair):
                continue  # nothing to say: no email
            report.due += 1
            language = format_language(membership.user.language, membership.workspace)
            with translation.override(language):
                text = _compose(membership, monday, found.get(pair, []), unread.get(pair, []))
            drafts.append(
                NotificationDraft(
                    recipient=membership.user,
                    workspace=membership.workspace,
                    kind=DIGEST_KIND,
                    key=f"{DIGEST_KIND}:workspace={membership.workspace_id}:week={monday}",
                    message=text,
                    link=reverse(
                        "workspaces:dashboard", kwargs={"workspace": membership.workspace.slug}
                    ),
                )
            )
        report.notified += notify_members(drafts)
    return report
