"""Creating notifications exactly once, and delivering them by email in bulk."""

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from workspaces.formatting import format_language, param_text

from .models import Notification

logger = logging.getLogger(__name__)

# How long a worker may hold a batch of emails it claimed before another may take them over
# (the first worker is then assumed to have died mid-send).
EMAIL_LEASE = timedelta(minutes=15)
# An email that failed this many times is given up on and shown to admins as failed.
EMAIL_MAX_ATTEMPTS = 5
EMAIL_BATCH_SIZE = 200
# The weekly digest is a notification too (so it is delivered once, retried and visible like
# any other), but it is emailed to the people who want the digest rather than each email.
DIGEST_KIND = "weekly_digest"
EMAIL_MAX_BATCHES_PER_RUN = 10


@dataclass(frozen=True)
class NotificationDraft:
    """What to tell one person. `message` may be a lazy translation with %(name)s params: it is
    rendered in the recipient's own language."""

    recipient: Any
    workspace: Any
    kind: str
    key: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    link: str = ""


def _render(message: str, params: Mapping[str, Any], language: str, workspace) -> str:
    """The message in the recipient's language, its dates and numbers in that language's style
    (and the workspace's order of day and month): params are passed typed, never as ISO text."""
    with translation.override(format_language(language, workspace)):
        text = str(message)
        if params:
            zone = getattr(workspace, "time_zone", None)
            text = text % {
                name: param_text(value, time_zone=zone) for name, value in params.items()
            }
    return text


def wants_email_of(user, kind: str) -> bool:
    """Whether `user` wants a notification of `kind` by email: the digest has its own switch;
    every other kind needs the general switch on and the kind not muted. Reads only the user
    row, so that deciding for many people costs no query."""
    if not user.is_active:
        return False
    if kind == DIGEST_KIND:
        return user.weekly_digest
    return user.email_notifications and kind not in (user.email_muted_kinds or ())


@transaction.atomic
def notify_bulk(*, drafts: Iterable[NotificationDraft]) -> int:
    """Create the notifications that do not exist yet; return how many were created.

    A draft whose (recipient, key) was already delivered is skipped, by the unique constraint
    as much as by the look-up, so two workers racing with the same drafts deliver each once.
    """
    drafts = list(drafts)
    if not drafts:
        return 0
    existing = set(
        Notification.objects.filter(
            key__in={d.key for d in drafts}, recipient__in={d.recipient.pk for d in drafts}
        ).values_list("recipient_id", "key")
    )
    now = timezone.now()
    new: dict[tuple[int, str], Notification] = {}
    for d in drafts:
        pair = (d.recipient.pk, d.key)
        if pair in existing or pair in new:
            continue
        wants_email = wants_email_of(d.recipient, d.kind)
        new[pair] = Notification(
            recipient=d.recipient,
            workspace=d.workspace,
            kind=d.kind,
            key=d.key[:200],
            message=_render(d.message, d.params, d.recipient.language, d.workspace),
            link=d.link,
            created_at=now,
            email_state=(
                Notification.EmailState.PENDING if wants_email else Notification.EmailState.SKIPPED
            ),
        )
    Notification.objects.bulk_create(new.values(), ignore_conflicts=True)
    return len(new)


def notify(
    *,
    workspace,
    recipients: Iterable,
    kind: str,
    key: str,
    message: str,
    params: Mapping[str, Any] | None = None,
    link: str = "",
) -> int:
    """Tell each recipient `message` once: a second call with the same key creates nothing."""
    return notify_bulk(
        drafts=[
            NotificationDraft(
                recipient=r,
                workspace=workspace,
                kind=kind,
                key=key,
                message=message,
                params=params or {},
                link=link,
            )
            for r in recipients
        ]
    )


def notification_mark_read(*, notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user, workspace) -> int:
    return Notification.objects.filter(
        recipient=user, workspace=workspace, read_at__isnull=True
    ).update(read_at=timezone.now())


@dataclass
class EmailDeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    reclaimed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "sent": self.sent,
            "retrying": self.retrying,
            "failed": self.failed,
            "reclaimed": self.reclaimed,
        }


def _claim_batch(*, now: datetime, batch_size: int) -> str | None:
    """Mark up to batch_size due emails as this run's, and return the claim's id.

    On PostgreSQL, SKIP LOCKED lets parallel workers take different rows; everywhere, the
    claim id written by the conditional update is what decides whose a row is.
    """
    claim = uuid.uuid4().hex
    with transaction.atomic():
        due = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(email_state=Notification.EmailState.PENDING)
            .filter(Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now))
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        taken = Notification.objects.filter(
            pk__in=list(due), email_state=Notification.EmailState.PENDING
        ).update(
            email_state=Notification.EmailState.SENDING,
            email_claim=claim,
            email_next_attempt_at=now + EMAIL_LEASE,
        )
    return claim if taken else None


SUBJECT_LENGTH = 90


def subject_line(message: str, *, limit: int = SUBJECT_LENGTH) -> str:
    """The message's first line as an email subject: cut after a whole word, with an
    ellipsis, never in the middle of one."""
    line = message.splitlines()[0].strip() if message.strip() else ""
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut and not line[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:·-") + "…"


def _email_for(notification: Notification) -> EmailMessage:
    recipient = notification.recipient
    with translation.override(recipient.language):
        first_line = subject_line(notification.message)
        subject = f"[{notification.workspace.name}] {first_line}"
        body = render_to_string(
            "notifications/email/notification.txt",
            {
                "notification": notification,
                "recipient": recipient,
                "link": settings.SITE_URL + notification.link if notification.link else "",
                "settings_link": settings.SITE_URL + "/me/settings/",
            },
        )
    return EmailMessage(subject=subject, body=body, to=[recipient.email])


def notification_emails_deliver(
    *, now: datetime | None = None, batch_size: int = EMAIL_BATCH_SIZE
) -> EmailDeliveryReport:
    """Email every notification that is due, in batches, each batch over one connection.

    A failed email is tried again later with a growing pause, up to EMAIL_MAX_ATTEMPTS; the
    notification stays in the inbox either way. Queries are per batch, but for one: each email
    is marked sent as soon as the mail server took it, so a worker that dies mid-batch leaves
    at most the one email in flight to be sent again when its claim expires (an email is a
    side effect outside the database; only recording each one as it goes keeps it once).
    """
    now = now or timezone.now()
    report = EmailDeliveryReport()
    report.reclaimed = Notification.objects.filter(
        email_state=Notification.EmailState.SENDING, email_next_attempt_at__lte=now
    ).update(email_state=Notification.EmailState.PENDING, email_claim="")

    for _batch in range(EMAIL_MAX_BATCHES_PER_RUN):
        claim = _claim_batch(now=now, batch_size=batch_size)
        if claim is None:
            break
        batch = list(
            Notification.objects.filter(email_claim=claim).select_related("recipient", "workspace")
        )
        # Someone who muted the kind (or all email) after the notification was made gets no
        # email for it either: one update for the batch.
        unwanted = {n.pk for n in batch if not wants_email_of(n.recipient, n.kind)}
        if unwanted:
            Notification.objects.filter(pk__in=unwanted, email_claim=claim).update(
                email_state=Notification.EmailState.SKIPPED,
                email_claim="",
                email_next_attempt_at=None,
            )
            batch = [n for n in batch if n.pk not in unwanted]
        sent: list[int] = []
        failed: dict[int, list[int]] = defaultdict(list)  # attempts so far -> ids
        errors: dict[int, str] = {}
        connection = get_connection(fail_silently=False)
        try:
            connection.open()
            for notification in batch:
                try:
                    connection.send_messages([_email_for(notification)])
                except Exception as exc:  # any transport error: retried later, not lost
                    logger.warning("Email for notification %s failed: %s", notification.pk, exc)
                    failed[notification.email_attempts].append(notification.pk)
                    errors[notification.pk] = str(exc)[:500]
                else:
                    _mark_sent(notification.pk, claim=claim)
                    sent.append(notification.pk)
        except Exception as exc:  # the connection itself could not be opened
            logger.warning("Could not open the email connection: %s", exc)
            for notification in batch:
                if notification.pk not in sent:
                    failed[notification.email_attempts].append(notification.pk)
                    errors[notification.pk] = str(exc)[:500]
        finally:
            connection.close()

        report.sent += len(sent)
        _record_failures(claim=claim, failed=failed, errors=errors, now=now, report=report)
    return report


def _mark_sent(pk: int, *, claim: str) -> None:
    Notification.objects.filter(pk=pk, email_claim=claim).update(
        email_state=Notification.EmailState.SENT,
        emailed_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
        email_claim="",
        email_next_attempt_at=None,
        email_error="",
    )


def _record_failures(
    *,
    claim: str,
    failed: dict[int, list[int]],
    errors: dict[int, str],
    now: datetime,
    report: EmailDeliveryReport,
) -> None:
    # One update per distinct attempt count (at most EMAIL_MAX_ATTEMPTS), not per email; the
    # error text kept is the batch's first, which is what an admin needs to see.
    for attempts_before, ids in failed.items():
        attempts = attempts_before + 1
        given_up = attempts >= EMAIL_MAX_ATTEMPTS
        Notification.objects.filter(pk__in=ids, email_claim=claim).update(
            email_state=(
                Notification.EmailState.FAILED if given_up else Notification.EmailState.PENDING
            ),
            email_attempts=attempts,
            email_claim="",
            email_next_attempt_at=None if given_up else now + timedelta(minutes=2**attempts),
            email_error=errors[ids[0]],
        )
        if given_up:
            report.failed += len(ids)
        else:
            report.retrying += len(ids)
