"""Handing posts over to the publishing tools: our own CSV, Hootsuite's bulk-schedule CSV
(export and import), and the iCalendar feed."""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from accounts_registry.models import SocialAccount
from accounts_registry.selectors import channel_accounts

# The preview's choice for a column nothing keeps (the views offer it by this name).
from strategy_planner.spreadsheets import IGNORE as IGNORE
from strategy_planner.spreadsheets import (
    FileColumn,
    TooManyRows,
    columns_by_field,
    csv_rows,
    file_column,
    header_words,
    labels_in_every_language,
    neutralise,
    neutralise_row,
    restore,
)
from workspaces.access import require_role
from workspaces.formatting import day_and_time, short_day
from workspaces.models import Membership, Role

from .models import Category, Post, validate_planning_day
from .networks import text_problems
from .plan_links import PlansInForce
from .selectors import posts_between, workspace_zone
from .services import _check

HOOTSUITE_MAX_ROWS = 350
# Rows one import reads at most: a preview of this many takes well under a second, checked in
# bulk (a file of 17,500 rows used to run past the web server's timeout).
IMPORT_MAX_ROWS = 5000
MAX_BYTES = 1024 * 1024
PLANNER_COLUMNS = [
    "date",
    "time",
    "channel",
    "category",
    "status",
    "text",
    "link",
    "theme",
    "sub_goal",
    "audience",
    "owner_email",
]
# Read from a file, not written: the one free-text column of files made before posts were
# linked to the plan, resolved as a theme, a sub-goal or an audience, whichever it names.
LEGACY_COLUMNS = ["serves"]
REQUIRED_COLUMNS = ("date", "time", "channel", "category", "text")

# What each column of our CSV is called in the spreadsheets people keep, in English and Dutch,
# next to its code and the labels the app itself shows (added from the model, in every
# language). One table: a header that could mean two columns would be a silent guess.
HEADER_SYNONYMS = {
    "date": ["day", "publish date", "post date", "datum", "dag", "publicatiedatum"],
    "time": ["hour", "publish time", "post time", "tijd", "tijdstip", "uur", "publicatietijd"],
    "channel": ["account", "platform", "social account", "kanaal", "social kanaal"],
    "category": ["type", "post type", "categorie", "soort", "soort post"],
    "status": ["state", "stage", "fase"],
    "text": ["message", "post", "post text", "copy", "caption", "bericht", "tekst", "berichttekst"],
    "link": ["url", "web address", "webadres", "adres"],
    "theme": ["content theme", "thema", "contentthema"],
    "sub_goal": ["sub goal", "subgoal", "goal", "subdoel", "doel"],
    "audience": ["target audience", "doelgroep", "publiek"],
    "serves": [
        "theme or sub goal",
        "theme or sub goal it serves",
        "serves",
        "dient",
        "thema of subdoel",
    ],
    "owner_email": [
        "owner",
        "owner email",
        "owner e-mail",
        "author",
        "eigenaar",
        "eigenaar e-mail",
        "eigenaar email",
        "auteur",
    ],
}
# The label the preview shows for each column: the model's, where one field is one column.
_COLUMN_LABELS = {
    "date": gettext_lazy("date"),
    "time": gettext_lazy("time"),
    "channel": Post._meta.get_field("channel").verbose_name,
    "category": Post._meta.get_field("category").verbose_name,
    "status": Post._meta.get_field("status").verbose_name,
    "text": Post._meta.get_field("text").verbose_name,
    "link": Post._meta.get_field("link").verbose_name,
    "theme": Post._meta.get_field("theme").verbose_name,
    "sub_goal": Post._meta.get_field("sub_goal").verbose_name,
    "audience": Post._meta.get_field("audience").verbose_name,
    "serves": gettext_lazy("theme or sub-goal"),
    "owner_email": gettext_lazy("owner's email address"),
}


def header_lookup() -> dict[str, str]:
    """Every way of writing a column's header → the column."""
    lookup = {}
    for column, synonyms in HEADER_SYNONYMS.items():
        for text in (column, *synonyms):
            lookup.setdefault(header_words(text), column)
    labels = {**_COLUMN_LABELS, "owner_email": Post._meta.get_field("owner").verbose_name}
    return labels_in_every_language(labels) | labels_in_every_language(_COLUMN_LABELS) | lookup


def column_label(column: str) -> str:
    return str(_COLUMN_LABELS[column])


DATE_FORMATS = {"dmy": "%d/%m/%Y %H:%M", "mdy": "%m/%d/%Y %H:%M"}


def channel_key(account: SocialAccount) -> str:
    return f"{account.platform}:{account.handle}"


# --- Export -------------------------------------------------------------------------------


def planner_csv(*, workspace, start: datetime.date, end: datetime.date) -> str:
    """The period's posts in our own CSV, each cell safe to open in a spreadsheet (our import
    restores it)."""
    zone = workspace_zone(workspace)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PLANNER_COLUMNS)
    for post in posts_between(workspace=workspace, start=start, end=end):
        local = post.scheduled_at.astimezone(zone)
        writer.writerow(
            neutralise_row(
                [
                    local.strftime("%Y-%m-%d"),
                    local.strftime("%H:%M"),
                    channel_key(post.channel),
                    post.category,
                    post.status,
                    post.text,
                    post.link,
                    post.theme.name if post.theme else post.serves_note,
                    post.sub_goal.description if post.sub_goal else "",
                    post.audience.name if post.audience else "",
                    post.owner.email,
                ]
            )
        )
    return out.getvalue()


@dataclass
class HootsuiteExport:
    files: dict[str, str] = field(default_factory=dict)  # file name -> CSV text
    moved: list[str] = field(default_factory=list)  # rounded to the 5-minute boundary
    refused: list[str] = field(default_factory=list)  # Hootsuite would refuse these
    filtered: list[str] = field(default_factory=list)  # left out by the status filter
    exported: list[int] = field(default_factory=list)  # the posts written, by pk
    # Written as they are, a quote would be published with them: opened in a spreadsheet,
    # these texts would run as formulas, so the page says to open the file in a text editor.
    formula_like: list[str] = field(default_factory=list)

    def as_zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in self.files.items():
                archive.writestr(name, text.encode("utf-8"))
        return buffer.getvalue()


def _round_to_5(moment: datetime.datetime) -> datetime.datetime:
    moment = moment.replace(second=0, microsecond=0)
    minutes = (moment.minute + 2) // 5 * 5
    return moment.replace(minute=0) + datetime.timedelta(minutes=minutes)


def hootsuite_export(
    *,
    workspace,
    start: datetime.date,
    end: datetime.date,
    date_order: str = "dmy",
    statuses: list[str] | None = None,
) -> HootsuiteExport:
    """One file per channel (split at 350 rows), no header, times on the 5-minute boundary.
    Posts Hootsuite would refuse (in the past, the same text twice) are listed, not dropped
    silently, and so are those whose status is not in `statuses` (None: every status).
    Cancelled posts are left out."""
    zone = workspace_zone(workspace)
    now = timezone.now()
    result = HootsuiteExport()
    rows: dict[SocialAccount, list[list[str]]] = {}
    seen: set[tuple[int, str]] = set()
    for post in posts_between(workspace=workspace, start=start, end=end).exclude(
        status=Post.Status.CANCELLED
    ):
        local = post.scheduled_at.astimezone(zone)
        rounded = _round_to_5(local)
        what = f"{post.channel} · {local:%Y-%m-%d %H:%M} · {post.text[:40]}"
        if statuses is not None and post.status not in statuses:
            result.filtered.append(
                _("%(post)s: %(status)s.") % {"post": what, "status": post.get_status_display()}
            )
            continue
        if rounded <= now:
            result.refused.append(_("%(post)s: the time is in the past.") % {"post": what})
            continue
        too_long = text_problems(post.channel.platform, post.text)
        if too_long:
            result.refused.append(
                _("%(post)s: %(problem)s") % {"post": what, "problem": too_long[0].message}
            )
            continue
        if (post.channel_id, post.text.strip()) in seen:
            result.refused.append(
                _("%(post)s: the same text is already in this channel's file.") % {"post": what}
            )
            continue
        seen.add((post.channel_id, post.text.strip()))
        if rounded.date() != local.date():
            # 23:58 becomes 00:00 of the next day: say so, or the post seems to move back.
            result.moved.append(
                _(
                    "%(post)s: moved to %(time)s on %(date)s (Hootsuite takes times on 5-minute "
                    "steps)."
                )
                % {
                    "post": what,
                    "time": rounded.strftime("%H:%M"),
                    "date": short_day(rounded.date()),
                }
            )
        elif rounded != local.replace(second=0, microsecond=0):
            result.moved.append(
                _("%(post)s: moved to %(time)s (Hootsuite takes times on 5-minute steps).")
                % {"post": what, "time": rounded.strftime("%H:%M")}
            )
        result.exported.append(post.pk)
        if neutralise(post.text) != post.text or neutralise(post.link) != post.link:
            result.formula_like.append(what)
        rows.setdefault(post.channel, []).append(
            [rounded.strftime(DATE_FORMATS[date_order]), post.text, post.link]
        )
    for account, channel_rows in rows.items():
        slug = f"{account.platform}-{account.handle.lstrip('@')}"
        for part, first in enumerate(range(0, len(channel_rows), HOOTSUITE_MAX_ROWS), start=1):
            out = io.StringIO()
            csv.writer(out).writerows(channel_rows[first : first + HOOTSUITE_MAX_ROWS])
            result.files[f"hootsuite-{slug}-{part}.csv"] = out.getvalue()
    return result


# --- Import -------------------------------------------------------------------------------


def order_label(order: str) -> str:
    return _("day/month") if order == "dmy" else _("month/day")


@dataclass
class ImportRow:
    line: int
    when: str
    text: str
    category: str
    errors: list[str] = field(default_factory=list)
    moment: datetime.datetime | None = None  # as read, in the workspace's zone
    # "new"; "same": a post already planned, skipped; "update": changes the post it matches.
    status: str = "new"
    changes: list[str] = field(default_factory=list)  # what an update changes, in words
    choice: str = ""  # for an update: "update" the post, or "add" a post next to it
    readings: list[str] = field(default_factory=list)  # the date in each order, when asked

    @property
    def category_known(self) -> bool:
        """Whether the preview can show the row's category as chosen; an unknown one is shown
        as still to choose, never silently as the first of the list."""
        return self.category in Category.values

    @property
    def when_read(self) -> str:
        """The moment as it was read, with its weekday ("Tue 2 Mar 2027 09:00"), so a date read
        in the wrong order shows before anything is saved."""
        return day_and_time(self.moment) if self.moment else self.when


@dataclass
class ImportColumn(FileColumn):
    @property
    def label(self) -> str:
        return column_label(self.column) if self.column else ""


@dataclass
class PostImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    columns: list[ImportColumn] = field(default_factory=list)  # our CSV: how each was read
    problems: list[str] = field(default_factory=list)
    date_order: str = ""  # the order the dates were read in (Hootsuite)
    switch_to: str = ""  # the chosen order fails rows the other order reads: offer it
    ask_order: bool = False  # both orders read every row, and nobody chose: ask
    read_as: str = ""  # nobody chose, only this order reads every row
    channel_ids: set[int] = field(default_factory=set)
    _posts: list = field(default_factory=list, repr=False)

    @property
    def needs_choice(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == "update" and not r.choice]

    @property
    def unresolved_columns(self) -> list[ImportColumn]:
        return [c for c in self.columns if c.column is None and not c.ignored]

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and not self.unresolved_columns
            and bool(self.rows)
            and not any(r.errors for r in self.rows)
            and not self.switch_to
            and not self.ask_order
            and not self.needs_choice
        )

    @property
    def switch_to_label(self) -> str:
        return order_label(self.switch_to)

    @property
    def read_as_label(self) -> str:
        return order_label(self.read_as)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def added(self) -> int:
        return sum(r.status == "new" or r.choice == "add" for r in self.rows)

    @property
    def updated(self) -> int:
        return sum(r.status == "update" and r.choice == "update" for r in self.rows)

    @property
    def skipped(self) -> int:
        return self.count("same")


def _text_of(raw: bytes, report: PostImportReport) -> str | None:
    if len(raw) > MAX_BYTES:
        report.problems.append(_("The file is larger than 1 MB."))
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    report.problems.append(_("This is not a CSV file (it holds binary data)."))
    return None


def _rows_of(text: str, report: PostImportReport) -> list[tuple[int, list[str]]]:
    """The file's non-blank rows, each with the line of the file it starts on: what the
    preview reports, so a person finds the row in their spreadsheet or editor."""
    try:
        rows = csv_rows(text, limit=IMPORT_MAX_ROWS + 1)  # the header aside
    except TooManyRows:
        report.problems.append(
            _(
                "The file has more than %(max)s rows. Nothing was imported: split it into "
                "files of at most %(max)s rows."
            )
            % {"max": IMPORT_MAX_ROWS}
        )
        return []
    except csv.Error as exc:
        report.problems.append(_("The CSV could not be read: %(error)s") % {"error": exc})
        return []
    if not rows:
        report.problems.append(_("The file is empty."))
    return rows


def _local_moment(moment: datetime.datetime, zone, row: ImportRow) -> datetime.datetime | None:
    """The moment read from a file, in the workspace's zone; None, with the row's error, when
    it cannot be held in UTC (the last hours of the year 9999 west of Greenwich, the first of
    the year 1 east of it)."""
    aware = moment.replace(tzinfo=zone)
    try:
        aware.astimezone(datetime.UTC)
    except OverflowError:
        row.errors.append(_("The date is out of range: “%(value)s”.") % {"value": row.when})
        return None
    row.moment = aware
    return aware


def _category_error(value: str) -> str:
    if not value.strip():
        return _("The category is missing.")
    return _("Unknown category “%(value)s”.") % {"value": value}


def _validate_post(
    post: Post, row: ImportRow, now: datetime.datetime, *, members: set[int]
) -> None:
    if not post.text.strip():
        row.errors.append(_("The message is empty."))
    elif post.channel_id:
        # The network's own count (networks.py): refused whatever the row's status, as the
        # network would refuse it.
        row.errors.extend(p.message for p in text_problems(post.channel.platform, post.text))
    if post.scheduled_at and post.scheduled_at <= now:
        row.errors.append(_("The time is in the past."))
    elif post.scheduled_at:
        # The same rule as every other way in (models.POST_YEARS), said on the row.
        try:
            validate_planning_day(post.scheduled_at)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
    try:
        _check(post, members=members)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name in ("text", "scheduled_at", "category"):
                continue  # said above in plainer words
            row.errors.extend(f"{name}: {m}" if name != "__all__" else m for m in messages)


def _parse(when: str, order: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(when, DATE_FORMATS[order])
    except ValueError:
        return None


def _choose_order(whens: list[str], chosen: str, report: PostImportReport) -> str:
    """The order to read a Hootsuite file's dates in. A chosen order that fails rows the other
    order reads is kept, and the other offered; with no choice, the only order that reads
    every row is taken and said so, and when both read every row differently, the person is
    asked. Rows neither order reads are wrong either way and decide nothing."""
    readable = [w for w in whens if _parse(w, "dmy") or _parse(w, "mdy")]
    fits = {o: bool(readable) and all(_parse(w, o) for w in readable) for o in DATE_FORMATS}
    if chosen in DATE_FORMATS:
        other = "mdy" if chosen == "dmy" else "dmy"
        if not fits[chosen] and fits[other]:
            report.switch_to = other
        return chosen
    if fits["dmy"] and fits["mdy"]:
        report.ask_order = any(_parse(w, "dmy") != _parse(w, "mdy") for w in readable)
        return "dmy"
    for order in DATE_FORMATS:
        if fits[order]:
            report.read_as = order
            return order
    return "dmy"


def _minute(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(second=0, microsecond=0)


def _minute_end(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(second=59, microsecond=999999)


def _field_changes(existing: Post, post: Post, fields) -> list[str]:
    labels = {
        "scheduled_at": _("time"),
        "text": _("text"),
        "link": _("link"),
        "category": _("category"),
        "theme": _("content theme"),
        "sub_goal": _("sub-goal"),
        "audience": _("audience"),
        "serves_note": _("theme or sub-goal"),
    }
    changes = []
    for name in fields:
        old, new = getattr(existing, name), getattr(post, name)
        if name == "text" and old.strip() == new.strip():
            continue
        if name == "scheduled_at" and _minute(old) == _minute(new):
            continue  # a file holds minutes: the seconds of a planned post are no change
        if old == new:
            continue
        if name == "scheduled_at":
            old = day_and_time(old.astimezone(new.tzinfo))
            new = day_and_time(new)
        elif name == "category":
            old, new = Category(old).label, Category(new).label if new in Category.values else new
        elif name == "text":
            old, new = Truncator(old).chars(60), Truncator(new).chars(60)
        elif name in LINK_FIELDS:
            old, new = old or "—", new or "—"
        changes.append(
            _("%(field)s: “%(old)s” → “%(new)s”") % {"field": labels[name], "old": old, "new": new}
        )
    return changes


LINK_FIELDS = ("theme", "sub_goal", "audience", "serves_note")


def _link_to_plan(post: Post, values: dict[str, str], plans: PlansInForce, zone) -> None:
    """Link the post to the theme, sub-goal and audience its cells name in the plan in force
    on its date. A name the plan does not have is kept as the post's note, as the migration
    that linked the old free texts did: nothing typed is lost."""
    day = post.scheduled_at.astimezone(zone).date() if post.scheduled_at else None
    choices = plans.on(day)
    notes = []
    for link in ("theme", "sub_goal", "audience"):
        text = values.get(link, "")
        row = choices.named(link, text)
        if row is not None:
            setattr(post, link, row)
        elif text:
            notes.append(text)
    legacy = values.get("serves", "")
    if legacy:
        resolved = choices.resolve(legacy)
        for link, row in resolved.items():
            if link != "serves_note" and getattr(post, f"{link}_id") is None:
                setattr(post, link, row)
            elif link == "serves_note":
                notes.append(row)
    post.serves_note = " · ".join(notes)[:300]


def _match(*, workspace, pairs, fields, choices: dict[int, str], default_choice: str) -> None:
    """Marks each row against the channel's posts already planned (not cancelled): the same
    channel, time and text, and nothing else different, is already planned and skipped; the
    same channel and time with another text, or the same channel and text at another time, is
    an update of that post, which the person chooses to make or to add the row as a post of its
    own. Each post is matched by one row at most, the exact ones first."""
    keyed = [(r, p) for r, p in pairs if p.channel_id and p.scheduled_at and not r.errors]
    if not keyed:
        return
    texts = {p.text for _r, p in keyed} | {p.text.strip() for _r, p in keyed}
    times = [p.scheduled_at for _r, p in keyed]
    existing = list(
        Post.objects.filter(workspace=workspace, channel_id__in={p.channel_id for _r, p in keyed})
        .exclude(status=Post.Status.CANCELLED)
        .filter(
            Q(scheduled_at__gte=_minute(min(times)), scheduled_at__lte=_minute_end(max(times)))
            | Q(text__in=texts)
        )
        .select_related("channel", "theme", "sub_goal", "audience")
        .order_by("scheduled_at", "pk")
    )
    taken: set[int] = set()

    def first(post, *, time: bool, text: bool):
        for e in existing:
            if e.pk in taken or e.channel_id != post.channel_id:
                continue
            if time and _minute(e.scheduled_at) != _minute(post.scheduled_at):
                continue
            if text and e.text.strip() != post.text.strip():
                continue
            return e
        return None

    matched = {}
    for row, post in keyed:
        found = first(post, time=True, text=True)
        if found:
            matched[row.line] = found
            taken.add(found.pk)
    for row, post in keyed:
        if row.line not in matched:
            found = first(post, time=True, text=False) or first(post, time=False, text=True)
            if found:
                matched[row.line] = found
                taken.add(found.pk)
    for row, post in keyed:
        found = matched.get(row.line)
        if found is None:
            continue
        row.changes = _field_changes(found, post, fields)
        if not row.changes:
            row.status = "same"
            continue
        row.status = "update"
        row.choice = choices.get(row.line) or default_choice
        if row.choice not in ("update", "add"):
            row.choice = ""
        if row.choice == "update":
            # What is saved is the planned post with the file's fields: validated as such.
            for name in fields:
                setattr(found, name, getattr(post, name))
            post._updates = found


def _map_columns(rows, chosen: dict[int, str], report: PostImportReport) -> bool:
    """How each column of our CSV is read, from its header as people write it, or as chosen in
    the preview. False, with the reason, while a column is neither recognised nor chosen or
    ignored on purpose, two columns fill one, or a needed one is missing: no column is dropped
    silently."""
    lookup = header_lookup()
    header = [restore(h).strip() for h in rows[0][1]]
    # A header cell that is empty over a column that is empty everywhere is a spreadsheet's
    # trailing separator, not a column.
    used = {i for _line, cells in rows[1:] for i, c in enumerate(cells) if c.strip()}
    # Values to the right of the header are a column too, one without a name.
    header += [""] * (max(used, default=-1) + 1 - len(header))
    for index, text in enumerate(header):
        if not text and index not in used:
            continue
        report.columns.append(
            file_column(
                ImportColumn,
                index,
                text,
                chosen=chosen.get(index),
                fields=PLANNER_COLUMNS + LEGACY_COLUMNS,
                suggest=lambda t: lookup.get(header_words(t)),
            )
        )
    for column in report.unresolved_columns:
        report.problems.append(
            _(
                "The column “%(header)s” is not one the calendar knows: below, choose what it "
                "holds or ignore it on purpose, then check again."
            )
            % {"header": column.header or "—"}
        )
    by_column = columns_by_field(report.columns)
    for name, columns in by_column.items():
        if len(columns) > 1:
            report.problems.append(
                _(
                    "The columns %(headers)s all hold “%(label)s”: below, ignore all but one "
                    "of them, then check again."
                )
                % {
                    "headers": ", ".join(f"“{c.header}”" for c in columns),
                    "label": column_label(name),
                }
            )
    missing = [c for c in REQUIRED_COLUMNS if c not in by_column]
    if missing:
        report.problems.append(
            _("The first line must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return not report.problems


def _read(
    *,
    workspace,
    by,
    raw: bytes,
    fmt: str,
    channel: SocialAccount | None,
    category: str,
    date_order: str,
    row_categories: dict[int, str],
    row_choices: dict[int, str],
    update_choice: str,
    column_choices: dict[int, str],
) -> PostImportReport:
    report = PostImportReport()
    text = _text_of(raw, report)
    if text is None:
        return report
    rows = _rows_of(text, report)
    if report.problems:
        return report
    zone = workspace_zone(workspace)
    now = timezone.now()
    pairs: list[tuple[ImportRow, Post]] = []
    if fmt == "hootsuite":
        if channel is None or channel.workspace_id != workspace.pk:
            report.problems.append(_("Choose the channel this Hootsuite file is for."))
            return report
        if category not in Category.values:
            report.problems.append(_("Choose the category of the file's posts."))
            return report
        first = rows[0][1][0].strip() if rows[0][1] else ""
        if not (_parse(first, "dmy") or _parse(first, "mdy")) and not any(
            ch.isdigit() for ch in first
        ):
            rows = rows[1:]  # a header row
        if len(rows) > HOOTSUITE_MAX_ROWS:
            report.problems.append(
                _(
                    "The file has %(count)s posts; Hootsuite takes at most %(max)s in one file. "
                    "Nothing was imported: split the file into parts of at most %(max)s rows."
                )
                % {"count": len(rows), "max": HOOTSUITE_MAX_ROWS}
            )
            return report
        report.channel_ids = {channel.pk}
        whens = [(cells[0] if cells else "").strip() for _line, cells in rows]
        order = report.date_order = _choose_order(whens, date_order, report)
        seen_texts: set[str] = set()
        for line, cells in rows:
            cells = [*cells, "", "", ""]
            when, message, link = cells[0].strip(), cells[1], cells[2].strip()
            row = ImportRow(
                line=line, when=when, text=message, category=row_categories.get(line) or category
            )
            post = Post(
                workspace=workspace,
                channel=channel,
                text=message,
                link=link,
                owner=by,
                category=row.category,
                status=Post.Status.DRAFT,
            )
            moment = _parse(when, order)
            if moment is None:
                row.errors.append(
                    _("Not a date and time like %(example)s: “%(value)s”.")
                    % {
                        "example": "31/12/2026 09:30" if order == "dmy" else "12/31/2026 09:30",
                        "value": when,
                    }
                )
            else:
                post.scheduled_at = _local_moment(moment, zone, row)
                if moment.minute % 5:
                    row.errors.append(_("Hootsuite takes times on 5-minute steps only."))
            if report.ask_order:
                row.readings = [
                    f"{order_label(o)}: {day_and_time(_parse(when, o).replace(tzinfo=zone))}"
                    for o in DATE_FORMATS
                    if _parse(when, o)
                ]
            if message.strip() in seen_texts:
                row.errors.append(_("The same message is in the file twice."))
            seen_texts.add(message.strip())
            if row.category not in Category.values:
                row.errors.append(_category_error(row.category))
            pairs.append((row, post))
        fields = ("scheduled_at", "text", "link", "category")
    else:
        accounts = {channel_key(a).lower(): a for a in channel_accounts(workspace=workspace)}
        plans = PlansInForce(workspace)
        members = {
            m.user.email.lower(): m.user
            for m in Membership.objects.filter(workspace=workspace).select_related("user")
        }
        if not _map_columns(rows, column_choices, report):
            return report
        columns = [c for c in report.columns if c.column]
        report.channel_ids = {a.pk for a in accounts.values()}
        for line, cells in rows[1:]:
            # Our export made each cell safe for a spreadsheet: undo exactly that. The text is
            # kept as written; the other cells are read without the spaces around them.
            cells = [restore(c) for c in cells]
            written = {c.column: cells[c.index] if c.index < len(cells) else "" for c in columns}
            values = {name: cell.strip() for name, cell in written.items()}
            message = written.get("text", "")
            row = ImportRow(
                line=line,
                when=f"{values.get('date', '')} {values.get('time', '')}",
                text=message,
                # An empty choice in the preview keeps what the file says (and its error).
                category=row_categories.get(line) or values.get("category", "").lower(),
            )
            account = accounts.get(values.get("channel", "").lower())
            if account is None:
                row.errors.append(
                    _("Unknown channel “%(value)s” (write platform:handle).")
                    % {"value": values.get("channel", "")}
                )
            post = Post(
                workspace=workspace,
                channel=account,
                text=message,
                link=values.get("link", ""),
                category=row.category,
                status=values.get("status", "") or Post.Status.DRAFT,
                owner=members.get(values.get("owner_email", "").lower(), by),
            )
            try:
                moment = datetime.datetime.strptime(row.when, "%Y-%m-%d %H:%M")
            except ValueError:
                row.errors.append(
                    _("Not a date and time (YYYY-MM-DD and HH:MM): “%(value)s”.")
                    % {"value": row.when}
                )
            else:
                post.scheduled_at = _local_moment(moment, zone, row)
            _link_to_plan(post, values, plans, zone)
            if row.category not in Category.values:
                row.errors.append(_category_error(row.category))
            pairs.append((row, post))
        fields = ("scheduled_at", "text", "link", "category", *LINK_FIELDS)
    _match(
        workspace=workspace,
        pairs=pairs,
        fields=fields,
        choices=row_choices,
        default_choice=update_choice,
    )
    # Checked in bulk: the members once, then nothing read per row.
    members = set(Membership.objects.filter(workspace=workspace).values_list("user_id", flat=True))
    for row, post in pairs:
        if row.status == "same":
            continue  # nothing is saved for it, so nothing to check
        if post.channel_id:
            _validate_post(getattr(post, "_updates", post), row, now, members=members)
    report.rows = [r for r, _p in pairs]
    report._posts = [
        (r, p) for r, p in pairs if r.status == "new" or (r.status == "update" and r.choice)
    ]
    if not report.rows:
        report.problems.append(_("The file has no posts."))
    return report


def posts_import(
    *,
    workspace,
    by,
    raw: bytes,
    fmt: str,
    commit: bool,
    channel: SocialAccount | None = None,
    category: str = "",
    date_order: str = "dmy",
    row_categories: dict[int, str] | None = None,
    row_choices: dict[int, str] | None = None,
    update_choice: str = "",
    column_choices: dict[int, str] | None = None,
) -> PostImportReport:
    """Read posts from our CSV or a Hootsuite bulk file (into `channel`, as `category`, which a
    row may override through row_categories). A row already planned is skipped; a row that
    changes a planned post is made an update of it or added as a new post, as row_choices
    (by the file's line) or update_choice (for every such row) say: "update" or "add".
    Our CSV's headers are read as people write them; column_choices (by the column's index)
    map a column the preview did not recognise, or ignore it ("ignore").
    With commit=False nothing is written (the preview); with commit=True all rows are
    written in one transaction, or none.

    Exactly once: the commit locks the channels the file can write to and reads the file again
    against the posts as they are then, so a second confirm of the same file (a double click,
    a second tab) waits for the first and then finds every row already planned."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    options = {
        "workspace": workspace,
        "by": by,
        "raw": raw,
        "fmt": fmt,
        "channel": channel,
        "category": category,
        "date_order": date_order,
        "row_categories": row_categories or {},
        "row_choices": row_choices or {},
        "update_choice": update_choice,
        "column_choices": column_choices or {},
    }
    report = _read(**options)
    if not (commit and report.ok):
        return report
    with transaction.atomic():
        list(
            SocialAccount.objects.select_for_update()
            .filter(pk__in=report.channel_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        report = _read(**options)
        if report.ok:
            created = []
            for _row, post in report._posts:
                planned = getattr(post, "_updates", None)
                if planned is None:
                    created.append(post)
                else:
                    planned.revision = F("revision") + 1
                    planned.save(update_fields=[*_UPDATED, "revision"])
            # With their history, as every other way a post is made or changed.
            bulk_create_with_history(created, Post, default_user=by)
    return report


_UPDATED = ("scheduled_at", "text", "link", "category", *LINK_FIELDS)


# --- The iCalendar feed -------------------------------------------------------------------

FEED_PAST_DAYS = 31
FEED_FUTURE_DAYS = 366


def ical_feed(*, workspace, channel: SocialAccount | None = None) -> bytes:
    """The workspace's posts (a month back, a year ahead) as a calendar to subscribe to. Each
    post keeps its UID, and its SEQUENCE grows with every change, so subscribers see updates
    rather than duplicates."""
    today = timezone.now().astimezone(workspace_zone(workspace)).date()
    posts = posts_between(
        workspace=workspace,
        start=today - datetime.timedelta(days=FEED_PAST_DAYS),
        end=today + datetime.timedelta(days=FEED_FUTURE_DAYS),
    ).exclude(status=Post.Status.CANCELLED)
    if channel is not None:
        posts = posts.filter(channel=channel)
    labels = dict(Category.choices)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Strategy Planner//Content calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{workspace.name} · {_('Content calendar')}")
    calendar.add("x-wr-timezone", workspace.time_zone)
    host = settings.SITE_URL.split("://", 1)[-1].split("/")[0] or "strategy-planner"
    for post in posts:
        event = icalendar.Event()
        event.add("uid", f"post-{post.pk}@{host}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", post.scheduled_at)
        event.add("dtend", post.scheduled_at + datetime.timedelta(minutes=15))
        event.add("sequence", post.revision)
        event.add("summary", f"[{labels[post.category]}] {post.channel}: {post.text[:60]}")
        page = settings.SITE_URL + reverse(
            "calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk}
        )
        event.add("url", page)
        description = post.text + (f"\n\n{post.link}" if post.link else "")
        # The post's page last, so a calendar that hides the URL field still offers the way back.
        event.add("description", f"{description}\n\n{post.get_status_display()}\n\n{page}")
        event.add("categories", [str(labels[post.category])])
        calendar.add_component(event)
    return calendar.to_ical()
