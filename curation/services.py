"""Sources and their items: adding a source by its feed or its site, and fetching in bulk.

Fetching is network work, so it happens outside any transaction and in threads (the wait is
on the sites, not the CPU); what it found is written afterwards in bulk — a few queries per
batch of sources, never one per item.
"""

import dataclasses
import datetime
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import NotificationDraft, notify_bulk
from notifications.sweeps import SweepReport
from workspaces.access import require_role
from workspaces.models import Role

from . import fetching, opml, parsing
from .fetching import FetchFailed
from .models import FetchError, Item, NotificationKind, Source

# A source is fetched this often; one that keeps failing waits longer each time and is
# paused (its owner told once) after PAUSE_AFTER failures in a row.
FETCH_EVERY = datetime.timedelta(hours=1)
PAUSE_AFTER = 5
ITEMS_KEPT = datetime.timedelta(days=90)
THREADS = 16
BATCH_SIZE = 200


def error_message(code: str, detail: str = "") -> str:
    """The words for a fetch error, in the reader's language."""
    messages = {
        FetchError.NOT_A_FEED: _("Not a feed: the address gives no RSS, Atom or JSON Feed."),
        FetchError.GONE: _("Gone (410): the site says this feed no longer exists."),
        FetchError.NOT_FOUND: _("Not found (404): check the address."),
        FetchError.HTTP: _("The site answered with an error (%(detail)s).") % {"detail": detail},
        FetchError.TIMEOUT: _("Timed out: the site did not answer in time."),
        FetchError.TOO_BIG: _("Too big: a feed may have at most %(max)s MB.")
        % {"max": settings.FEED_MAX_BYTES // 1024 // 1024},
        FetchError.TOO_MANY_REDIRECTS: _("Too many redirects: the address keeps sending us on."),
        FetchError.REFUSED_ADDRESS: _(
            "This address is not fetched: only public http(s) sites, not addresses inside a "
            "network."
        ),
        FetchError.UNREACHABLE: _("Unreachable: the site could not be reached."),
    }
    return str(messages.get(code, code))


@dataclasses.dataclass
class Found:
    """What one fetch gave: a feed (None when unchanged), or the error."""

    fetched: fetching.Fetched | None = None
    feed: parsing.Feed | None = None
    error: FetchFailed | None = None


@dataclasses.dataclass
class Stored:
    added: int = 0  # new items
    told: int = 0  # owners told of a paused source


def _fetch_feed(url: str, *, etag: str = "", last_modified: str = "") -> Found:
    try:
        fetched = fetching.fetch(url, etag=etag, last_modified=last_modified)
        if fetched.status == 304:
            return Found(fetched=fetched)
        return Found(
            fetched=fetched,
            feed=parsing.parse(fetched.body, url=fetched.url, content_type=fetched.content_type),
        )
    except FetchFailed as exc:
        return Found(error=exc)


def _refuse(error: FetchFailed):
    raise ValidationError(
        {"url": ValidationError(error_message(error.code, error.detail), code=error.code)}
    )


def _find_feed(url: str) -> tuple[str, Found]:
    """The feed at `url`, or the first one the page at `url` names."""
    try:
        fetched = fetching.fetch(url)
    except FetchFailed as exc:
        _refuse(exc)
    if parsing.looks_like_html(fetched.body, fetched.content_type):
        for candidate in parsing.discover(fetched.body, url=fetched.url)[:3]:
            found = _fetch_feed(candidate)
            if found.feed is not None:
                return found.fetched.url, found
        raise ValidationError(
            {
                "url": ValidationError(
                    _("This page names no feed. Ask the site for its RSS address."),
                    code="no_feed",
                )
            }
        )
    try:
        feed = parsing.parse(fetched.body, url=fetched.url, content_type=fetched.content_type)
    except FetchFailed as exc:
        _refuse(exc)
    return fetched.url, Found(fetched=fetched, feed=feed)


def source_add(*, workspace, by, url: str, name: str = "", theme=None) -> Source:
    """Add a source by its feed's address or its site's (whose page names the feed), with its
    first items. Refused with the fetch's reason, in the reader's language."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    if theme is not None and theme.plan.workspace_id != workspace.pk:
        raise ValidationError({"theme": _("Choose a theme of this workspace's plan.")})
    try:
        fetching.check_url(url)
    except FetchFailed as exc:
        _refuse(exc)
    feed_url, found = _find_feed(url.strip())
    with transaction.atomic():
        if Source.objects.filter(workspace=workspace, feed_url__iexact=feed_url).exists():
            raise ValidationError(
                {"url": ValidationError(_("This feed is a source already."), code="taken")}
            )
        source = Source.objects.create(
            workspace=workspace,
            name=(name or "").strip()[:200] or found.feed.title or feed_url[:200],
            feed_url=feed_url,
            site_url=found.feed.site_url,
            theme=theme,
            owner=by,
        )
        _store([(source, found)], now=timezone.now())
    return source


def source_fetch_now(*, source: Source, by) -> Stored:
    """Fetch one source at once ("fetch now"), whatever its schedule; a paused one is
    switched on again first, its failures forgotten."""
    require_role(user=by, workspace=source.workspace, role=Role.EDITOR)
    if source.paused_at or not source.active or source.failures:
        source.paused_at, source.active, source.failures = None, True, 0
        source.save(update_fields=["paused_at", "active", "failures"])
    return sources_fetch(sources=[source])


def source_update(*, source: Source, by, name: str, theme=None, active: bool = True) -> Source:
    """Rename a source, give it another theme, switch its fetching on or off. Switching a
    paused source on forgets its failures: it is fetched again at the next round."""
    require_role(user=by, workspace=source.workspace, role=Role.EDITOR)
    if theme is not None and theme.plan.workspace_id != source.workspace_id:
        raise ValidationError({"theme": _("Choose a theme of this workspace's plan.")})
    name = (name or "").strip()[:200]
    if not name:
        raise ValidationError({"name": ValidationError(_("Give the source a name."), "required")})
    source.name, source.theme = name, theme
    if active and (not source.active or source.paused_at):
        source.paused_at, source.failures, source.next_fetch_at = None, 0, timezone.now()
    source.active = active
    source.save(update_fields=["name", "theme", "active", "paused_at", "failures", "next_fetch_at"])
    return source


def source_remove(*, source: Source, by) -> None:
    """Remove a source and its items; the posts planned from them stay. Reviewers decide
    which sources the team no longer trusts."""
    require_role(user=by, workspace=source.workspace, role=Role.REVIEWER)
    source.delete()


ITEM_PLANNED = "planned"


def item_dismiss(*, item: Item, by, undo: bool = False) -> Item:
    """Put an item aside ("dismiss"), or bring a dismissed one back. One that became a post
    stays planned (refused with the code "planned"), unless that post was removed since."""
    require_role(user=by, workspace=item.source.workspace, role=Role.EDITOR)
    # Conditional: an item planned meanwhile by someone else stays planned.
    changed = Item.objects.filter(pk=item.pk, post__isnull=True).update(
        status=Item.Status.NEW if undo else Item.Status.DISMISSED
    )
    if not changed:
        raise ValidationError(_("This item is planned as a post already."), code=ITEM_PLANNED)
    item.refresh_from_db(fields=["status", "post"])
    return item


def item_planned(*, post, key: str, by) -> None:
    """The post was planned from this item (content_calendar.post_hooks): mark it, once.
    Called in the transaction that plans the post; an item of another workspace, or one a
    post was planned from already, is left as it is."""
    if not key.isdigit():
        return
    Item.objects.filter(
        pk=int(key), source__workspace_id=post.workspace_id, post__isnull=True
    ).update(status=Item.Status.PLANNED, post=post)


def _store(results: list[tuple[Source, Found]], *, now: datetime.datetime) -> Stored:
    """Write what a round of fetches found: new items in one insert (known keys skipped by
    the unique constraint), the sources' state in one update."""
    items, changed = [], []
    for source, found in results:
        if found.error is not None:
            source.failures += 1
            source.error_code = found.error.code
            source.error_detail = found.error.detail[:500]
            source.next_fetch_at = now + FETCH_EVERY * min(2**source.failures, 24)
        else:
            source.failures, source.error_code, source.error_detail = 0, "", ""
            source.fetched_at = now
            source.next_fetch_at = now + FETCH_EVERY
            source.etag = found.fetched.etag
            source.last_modified = found.fetched.last_modified
            for entry in found.feed.entries if found.feed else []:
                items.append(
                    Item(
                        source=source,
                        key=entry.key,
                        link=entry.link,
                        title=entry.title,
                        summary=entry.summary,
                        published_at=entry.published_at or now,
                        fetched_at=now,
                    )
                )
        changed.append(source)
    before = Item.objects.filter(source__in=[s.pk for s in changed]).count() if items else 0
    Item.objects.bulk_create(items, ignore_conflicts=True, batch_size=500)
    fields = [
        "failures",
        "error_code",
        "error_detail",
        "fetched_at",
        "next_fetch_at",
        "etag",
        "last_modified",
    ]
    Source.objects.bulk_update(changed, fields, batch_size=500)
    told = _pause(
        [s for s in changed if s.failures >= PAUSE_AFTER and s.paused_at is None], now=now
    )
    if not items:
        return Stored(told=told)
    added = Item.objects.filter(source__in=[s.pk for s in changed]).count() - before
    return Stored(added=added, told=told)


SOURCE_PAUSED = gettext_lazy(
    "The source “%(name)s” is paused after %(failures)s failed fetches in a row: %(reason)s. "
    "Check its address, then switch it on again."
)


def _pause(failing: list[Source], *, now: datetime.datetime) -> int:
    """Pause the sources that failed PAUSE_AFTER times in a row and tell each owner once:
    the conditional update pauses a source once, and the notification's key (the source and
    its last good fetch) is the same for a second worker that raced this one."""
    if not failing:
        return 0
    Source.objects.filter(pk__in=[s.pk for s in failing], paused_at__isnull=True).update(
        paused_at=now
    )
    return notify_bulk(
        drafts=[
            NotificationDraft(
                recipient=source.owner,
                workspace=source.workspace,
                kind=NotificationKind.SOURCE_PAUSED,
                key=f"{NotificationKind.SOURCE_PAUSED}:source={source.pk}"
                f":since={(source.fetched_at or source.created_at).isoformat()}",
                message=SOURCE_PAUSED,
                params={
                    "name": source.name,
                    "failures": source.failures,
                    "reason": FetchError(source.error_code).label,
                },
                link=reverse(
                    "curation:source_edit",
                    kwargs={"workspace": source.workspace.slug, "pk": source.pk},
                ),
            )
            for source in failing
            if source.owner_id is not None
        ]
    )


def sources_fetch(*, sources: Iterable[Source], now: datetime.datetime | None = None) -> Stored:
    """Fetch these sources (in threads), then store what they gave in bulk."""
    now = now or timezone.now()
    sources = list(sources)
    with ThreadPoolExecutor(max_workers=min(THREADS, len(sources) or 1)) as pool:
        found = list(
            pool.map(
                lambda s: _fetch_feed(s.feed_url, etag=s.etag, last_modified=s.last_modified),
                sources,
            )
        )
    with transaction.atomic():
        return _store(list(zip(sources, found, strict=True)), now=now)


def sources_due(*, now: datetime.datetime, limit: int | None = None) -> list[Source]:
    """The sources whose next fetch is due, longest waiting first."""
    due = (
        Source.objects.filter(active=True, paused_at__isnull=True, next_fetch_at__lte=now)
        .select_related("workspace", "owner")
        .order_by("next_fetch_at", "pk")
    )
    return list(due[:limit] if limit else due)


def sources_fetch_due(*, now: datetime.datetime | None = None) -> SweepReport:
    """The periodic fetch (settings.SWEEPS["feeds"]): every due source, in batches of
    BATCH_SIZE fetched in parallel, then the items past their 90 days forgotten. A source
    fetched by a second worker at the same time is merely fetched twice: its items are
    unique, and the later update of its state wins."""
    now = now or timezone.now()
    report = SweepReport(name="feeds")
    seen: set[int] = set()
    while True:
        batch = [s for s in sources_due(now=now, limit=BATCH_SIZE) if s.pk not in seen]
        if not batch:
            break
        seen.update(s.pk for s in batch)
        stored = sources_fetch(sources=batch, now=now)
        report.due += len(batch)
        report.notified += stored.told
        report.batches += 1
    items_forget(now=now)
    return report


def items_forget(*, now: datetime.datetime) -> int:
    """Items are kept ITEMS_KEPT; one that became a post stays, as the mark of it."""
    deleted, _by_model = (
        Item.objects.filter(fetched_at__lt=now - ITEMS_KEPT).exclude(status=Item.Status.PLANNED)
    ).delete()
    return deleted


# --- OPML -------------------------------------------------------------------------------------

OPML_MAX_FEEDS = 500


@dataclasses.dataclass
class OpmlProblem:
    position: int
    name: str
    message: str


class OpmlImportRefused(Exception):
    """Nothing was added: the file is no OPML (`problems` empty, `message` says why) or these
    feeds cannot be added."""

    def __init__(self, message: str, problems: list[OpmlProblem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def sources_import_opml(*, workspace, by, data: bytes, theme=None) -> list[Source]:
    """Add the feeds an OPML file lists, all or none: a feed that is not http(s), is listed
    twice or is a source already is reported with its place in the file. They are fetched
    by the next periodic fetch (not here: a file of 500 feeds would keep the page waiting)."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    try:
        outlines = opml.read(data)
    except opml.OpmlRefused as exc:
        messages = {
            "too_big": _("The file is too big for a list of feeds (at most 1 MB)."),
            "not_xml": _("This file is not OPML: it is not even XML."),
            "not_opml": _("This file is XML but not OPML, the feed readers' list of feeds."),
        }
        raise OpmlImportRefused(messages[exc.code]) from None
    if not outlines:
        raise OpmlImportRefused(_("The file lists no feeds."))
    if len(outlines) > OPML_MAX_FEEDS:
        raise OpmlImportRefused(
            _("The file lists %(count)s feeds; at most %(max)s are taken at once.")
            % {"count": len(outlines), "max": OPML_MAX_FEEDS}
        )
    known = {
        url.lower()
        for url in Source.objects.filter(workspace=workspace).values_list("feed_url", flat=True)
    }
    problems, seen, new = [], set(), []
    for outline in outlines:
        key = outline.feed_url.lower()
        try:
            fetching.check_url(outline.feed_url)
        except FetchFailed as exc:
            problems.append(
                OpmlProblem(outline.position, outline.name, error_message(exc.code, exc.detail))
            )
            continue
        if len(outline.feed_url) > 2000:
            problems.append(
                OpmlProblem(outline.position, outline.name, _("The address is too long."))
            )
        elif key in known:
            problems.append(
                OpmlProblem(outline.position, outline.name, _("This feed is a source already."))
            )
        elif key in seen:
            problems.append(
                OpmlProblem(outline.position, outline.name, _("The file lists this feed twice."))
            )
        seen.add(key)
        new.append(
            Source(
                workspace=workspace,
                name=outline.name or outline.feed_url[:200],
                feed_url=outline.feed_url,
                site_url=outline.site_url if len(outline.site_url) <= 2000 else "",
                theme=theme,
                owner=by,
            )
        )
    if problems:
        raise OpmlImportRefused(_("Nothing was added: correct these feeds first."), problems)
    with transaction.atomic():
        return Source.objects.bulk_create(new)


def sources_export_opml(*, workspace) -> bytes:
    return opml.write(
        title=workspace.name, sources=Source.objects.filter(workspace=workspace).order_by("name")
    )
