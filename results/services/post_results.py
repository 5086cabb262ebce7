"""Post results: the figures of a published post, entered by hand or imported from an export.

Importing matches each row of the file to a published post of the chosen channel (by the
link to the published post, else by the time within a tolerance and the first words of the
text), and saves all rows or none. The rules are in docs/results.md ("Post results").
"""

import bisect
import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content_calendar.models import Post
from content_calendar.selectors import workspace_zone
from workspaces.selectors import for_workspace

from ..models import ImportMapping, PostResult
from . import result_import
from .result_import import FIGURES, CountError, ResultColumn, first_words

DEFAULT_TOLERANCE_MINUTES = 60
# The rows a preview lists: a file of 10,000 rows shows those that need attention first.
PREVIEW_ROWS = 500


# --- By hand --------------------------------------------------------------------------------


class PostResultConflict(Exception):
    """Someone else saved the post's figures after the form was opened."""

    def __init__(self, result: PostResult):
        super().__init__(f"result of post {result.post_id} changed meanwhile")
        self.result = result


@transaction.atomic
def post_result_save(
    *, post: Post, by, permalink: str = "", revision: int | None = None, **figures
) -> PostResult:
    """The figures of one published post; a figure not given (None) is unknown. With
    `revision` (what the form showed; 0 for none yet), figures someone else saved meanwhile
    are not overwritten: PostResultConflict."""
    if post.status != Post.Status.PUBLISHED:
        raise ValidationError(
            _("Only a published post has results: this post is “%(status)s”.")
            % {"status": post.get_status_display()},
            code="not_published",
        )
    unknown = set(figures) - set(FIGURES)
    if unknown:
        raise TypeError(f"not a figure: {sorted(unknown)}")
    result = PostResult.objects.select_for_update().filter(post=post).first()
    if revision is not None and (result.revision if result else 0) != revision:
        raise PostResultConflict(result)
    if result is None:
        result = PostResult(post=post, workspace_id=post.workspace_id, revision=0)
    result.revision += 1  # the first save makes 1: 0 means "no figures yet"
    for name in FIGURES:
        setattr(result, name, figures.get(name))
    result.permalink = permalink
    result.source = PostResult.Source.MANUAL
    result.recorded_by = by
    result.recorded_at = timezone.now()
    result.full_clean(exclude=["post", "workspace"])
    result.save()
    return result


# --- Import ---------------------------------------------------------------------------------


@dataclass
class ResultRow:
    line: int
    when: str = ""
    text: str = ""
    permalink: str = ""
    figures: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    moment: datetime.datetime | None = None
    post_id: int | None = None
    post_text: str = ""
    post_at: datetime.datetime | None = None
    # "new": a post without figures yet; "replace": its figures are replaced; "unmatched";
    # "double": another row matched the same post.
    status: str = ""
    matched_by: str = ""  # "permalink" or "time"
    skipped: bool = False
    figure_names: tuple = ()

    @property
    def figure_values(self) -> list:
        return [self.figures.get(name) for name in self.figure_names]


@dataclass
class ResultImportReport:
    columns: list[ResultColumn] = field(default_factory=list)
    rows: list[ResultRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    header_line: int = 0
    skip_unmatched: bool = False
    saved: int = 0
    figure_names: tuple = ()

    @property
    def figure_columns(self) -> list[tuple[str, str]]:
        return [(name, result_import.column_label(name)) for name in self.figure_names]

    @property
    def unresolved_columns(self) -> list[ResultColumn]:
        return [c for c in self.columns if c.column is None and not c.ignored]

    @property
    def unmatched(self) -> list[ResultRow]:
        return [r for r in self.rows if r.status == "unmatched" and not r.errors]

    @property
    def doubles(self) -> list[ResultRow]:
        return [r for r in self.rows if r.status == "double"]

    @property
    def with_errors(self) -> list[ResultRow]:
        return [r for r in self.rows if r.errors]

    @property
    def to_save(self) -> list[ResultRow]:
        return [r for r in self.rows if r.status in ("new", "replace")]

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and not self.with_errors
            and not self.doubles
            and (self.skip_unmatched or not self.unmatched)
            and bool(self.to_save)
        )

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def shown_rows(self) -> list[ResultRow]:
        """What the preview lists, in the file's order: the rows that need the person (up to
        PREVIEW_ROWS of them), then the first of the rest."""
        # Rows with an error first (they block), then those that match no post.
        attention = [r for r in self.rows if r.errors] + [
            r for r in self.rows if not r.errors and r.status == "unmatched"
        ]
        shown = {id(r) for r in attention[:PREVIEW_ROWS]}
        room = PREVIEW_ROWS - len(shown)
        for row in self.rows:
            if room <= 0:
                break
            if id(row) not in shown:
                shown.add(id(row))
                room -= 1
        return [r for r in self.rows if id(r) in shown]

    @property
    def hidden_rows(self) -> int:
        return max(len(self.rows) - PREVIEW_ROWS, 0)


def _mapped(columns: list[ResultColumn]) -> dict[str, int]:
    by_field: dict[str, int] = {}
    for column in columns:
        if column.column and not column.ignored:
            by_field.setdefault(column.column, column.index)
    return by_field


def _check_columns(report: ResultImportReport) -> dict[str, int] | None:
    by_field: dict[str, list[ResultColumn]] = {}
    for column in report.columns:
        if column.column and not column.ignored:
            by_field.setdefault(column.column, []).append(column)
    for name, columns in by_field.items():
        if len(columns) > 1:
            report.problems.append(
                _("Several columns fill “%(field)s”: %(headers)s. Ignore all but one.")
                % {
                    "field": result_import.column_label(name),
                    "headers": ", ".join(f"“{c.header}”" for c in columns),
                }
            )
    if "published_at" not in by_field and "permalink" not in by_field:
        report.problems.append(
            _(
                "No column says which post a row is about: map a date column or a column with "
                "the link to the published post."
            )
        )
    if not any(name in by_field for name in FIGURES):
        report.problems.append(
            _("No column holds a figure: map at least one, such as impressions.")
        )
    return None if report.problems else _mapped(report.columns)


# Why a cell is no count, in the active language (looked up when the row is read).
_COUNT_ERRORS = {
    "formula": lambda: _("“%(field)s” holds a formula, not a value: “%(value)s”."),
    "percent": lambda: _("“%(field)s” holds a percentage, not a count: “%(value)s”."),
    "not_a_count": lambda: _("“%(field)s” is not a whole number: “%(value)s”."),
}


def _read_rows(read, mapped: dict[str, int], *, zone, slash_order: str) -> list[ResultRow]:
    def cell(cells, name):
        index = mapped.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    rows = []
    for line, cells in read.rows:
        row = ResultRow(line=line, when=cell(cells, "published_at"), text=cell(cells, "text"))
        row.permalink = cell(cells, "permalink")
        for name in FIGURES:
            index = mapped.get(name)
            if index is None:
                continue
            label = result_import.column_label(name)
            if (line, index) in read.formulas:
                row.errors.append(
                    _("“%(field)s” holds a formula, not a value: paste the values.")
                    % {"field": label}
                )
                continue
            value = cell(cells, name)
            try:
                row.figures[name] = result_import.read_count(value)
            except CountError as exc:
                row.errors.append(_COUNT_ERRORS[exc.code]() % {"field": label, "value": value[:40]})
            else:
                if row.figures[name] is not None and row.figures[name] > 2_147_483_647:
                    row.errors.append(
                        _("“%(field)s” is too large: “%(value)s”.")
                        % {"field": label, "value": value[:40]}
                    )
        if row.when:
            moment = result_import.read_moment(row.when, slash_order=slash_order)
            if moment is None:
                row.errors.append(
                    _("This is no date we can read: “%(value)s”.") % {"value": row.when[:40]}
                )
            else:
                value = moment.value if moment.value.tzinfo else moment.value.replace(tzinfo=zone)
                row.moment = value.astimezone(zone)
                row.matched_by = "" if moment.has_time else "day"
        elif "published_at" in mapped and not row.permalink:
            row.errors.append(_("The row has no date."))
        if row.permalink and not row.permalink.startswith(("http://", "https://")):
            row.permalink = ""
        rows.append(row)
    return rows


def _match(*, workspace, channel, rows: list[ResultRow], tolerance: datetime.timedelta):
    """Each row's post, in two queries whatever the number of rows."""
    links = {r.permalink for r in rows if r.permalink}
    by_link: dict[str, tuple] = {}
    if links:
        for post_id, link, text, at in (
            for_workspace(PostResult, workspace=workspace)
            .filter(permalink__in=links, post__channel=channel, post__status=Post.Status.PUBLISHED)
            .values_list("post_id", "permalink", "post__text", "post__scheduled_at")
        ):
            by_link[link] = (post_id, text, at)
    moments = [r.moment for r in rows if r.moment is not None]
    candidates: list[tuple] = []
    if moments:
        wide = max(tolerance, datetime.timedelta(days=1))
        candidates = list(
            for_workspace(Post, workspace=workspace)
            .filter(
                channel=channel,
                status=Post.Status.PUBLISHED,
                scheduled_at__gte=min(moments) - wide,
                scheduled_at__lte=max(moments) + wide,
            )
            .order_by("scheduled_at", "pk")
            .values_list("scheduled_at", "pk", "text")
        )
    times = [c[0] for c in candidates]
    words = {c[1]: first_words(c[2]) for c in candidates}

    for row in rows:
        if row.errors:
            continue
        if row.permalink in by_link:
            row.post_id, row.post_text, row.post_at = by_link[row.permalink]
            row.matched_by = "permalink"
            continue
        if row.moment is None:
            row.status = "unmatched"
            continue
        if row.matched_by == "day":  # only the day: any time that day
            start = row.moment.replace(hour=0, minute=0)
            begin, end = start, start + datetime.timedelta(days=1)
        else:
            begin, end = row.moment - tolerance, row.moment + tolerance
        low = bisect.bisect_left(times, begin)
        high = bisect.bisect_right(times, end)
        near = candidates[low:high]
        if row.matched_by == "day":
            near = [c for c in near if c[0] < end]
        row_words = first_words(row.text)
        if row_words and near:
            same = [
                c
                for c in near
                if words[c[1]]
                and (words[c[1]].startswith(row_words) or row_words.startswith(words[c[1]]))
            ]
            near = same
        if not near:
            row.status = "unmatched"
            continue
        if len(near) > 1 and row.moment is not None:
            near.sort(key=lambda c: abs(c[0] - row.moment))
            if abs(near[0][0] - row.moment) == abs(near[1][0] - row.moment):
                row.status = "unmatched"
                row.errors.append(
                    _(
                        "Several posts fit this row equally well (%(count)s at that time): add "
                        "the post's text or its link to the file."
                    )
                    % {"count": len(near)}
                )
                continue
        at, row.post_id, row.post_text = near[0]
        row.post_at = at
        row.matched_by = row.matched_by or "time"


def _mark(rows: list[ResultRow], existing: set[int], zone) -> None:
    by_post: dict[int, list[ResultRow]] = {}
    for row in rows:
        if row.post_id is not None:
            by_post.setdefault(row.post_id, []).append(row)
    for post_id, matched in by_post.items():
        for row in matched:
            if len(matched) > 1:
                row.status = "double"
                row.errors.append(
                    _("Rows %(lines)s all match the same post.")
                    % {"lines": ", ".join(str(r.line) for r in matched)}
                )
            else:
                row.status = "replace" if post_id in existing else "new"
        for row in matched:
            if row.post_at is not None:
                row.post_at = row.post_at.astimezone(zone)


def results_import(
    *,
    workspace,
    by,
    channel,
    raw: bytes,
    commit: bool,
    column_choices: dict[int, str] | None = None,
    slash_order: str = "dmy",
    tolerance_minutes: int = DEFAULT_TOLERANCE_MINUTES,
    skip_unmatched: bool = False,
) -> ResultImportReport:
    """Read, map and match the file; with `commit`, save every matched row at once, or none
    when the report is not ok. The columns as mapped are remembered for the channel."""
    report = ResultImportReport(skip_unmatched=skip_unmatched)
    mapping = ImportMapping.objects.filter(workspace=workspace, channel=channel).first()
    read = result_import.read_file(
        raw=raw, remembered=mapping.columns if mapping else None, chosen=column_choices
    )
    report.columns, report.problems = read.columns, read.problems
    report.header_line = read.header_line
    if report.problems:
        return report
    mapped = _check_columns(report)
    if mapped is None:
        return report
    zone = workspace_zone(workspace)
    report.rows = _read_rows(read, mapped, zone=zone, slash_order=slash_order)
    report.figure_names = tuple(name for name in FIGURES if name in mapped)
    for row in report.rows:
        row.figure_names = report.figure_names
    _match(
        workspace=workspace,
        channel=channel,
        rows=report.rows,
        tolerance=datetime.timedelta(minutes=tolerance_minutes),
    )
    matched_ids = {r.post_id for r in report.rows if r.post_id is not None}
    existing = {
        result.post_id: result
        for result in PostResult.objects.filter(post_id__in=matched_ids).only(
            "pk", "post_id", "permalink", "revision", *FIGURES
        )
    }
    _mark(report.rows, set(existing), zone)
    for row in report.unmatched:
        row.skipped = skip_unmatched
    if commit and report.ok:
        report.saved = _save(
            workspace=workspace,
            by=by,
            channel=channel,
            rows=report.to_save,
            existing=existing,
            figures=[name for name in FIGURES if name in mapped],
            with_link="permalink" in mapped,
            columns=report.columns,
        )
    return report


@transaction.atomic
def _save(*, workspace, by, channel, rows, existing, figures, with_link, columns) -> int:
    now = timezone.now()
    new, changed = [], []
    for row in rows:
        result = existing.get(row.post_id)
        if result is None:
            result = PostResult(workspace=workspace, post_id=row.post_id)
            new.append(result)
        else:
            changed.append(result)
        for name in figures:
            setattr(result, name, row.figures.get(name))
        if with_link and row.permalink:
            result.permalink = row.permalink[:500]
        result.source = PostResult.Source.IMPORT
        result.revision = (result.revision or 0) + 1
        result.recorded_by = by
        result.recorded_at = now
    # A post given figures meanwhile by someone else gets them replaced, not doubled.
    PostResult.objects.bulk_create(
        new,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["post"],
        update_fields=[*figures, "permalink", "source", "recorded_by", "recorded_at"],
    )
    if changed:
        PostResult.objects.bulk_update(
            changed,
            [*figures, "permalink", "source", "recorded_by", "recorded_at", "revision"],
            batch_size=1000,
        )
    remembered = {c.column: c.header for c in columns if c.column and not c.ignored and c.header}
    ImportMapping.objects.update_or_create(
        channel=channel,
        defaults={"workspace": workspace, "columns": remembered, "updated_at": now},
    )
    return len(new) + len(changed)
