"""Recording check-ins: one value per sub-goal and day, by hand, a month's figures at once, or
from a CSV file. Every write is all-or-nothing; the rules are in docs/results.md."""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from strategy.models import Measurement, StrategyPlan, SubGoal

# The preview's choice for a column nothing keeps (the view offers it by this name).
from strategy_planner.spreadsheets import IGNORE as IGNORE
from strategy_planner.spreadsheets import (
    FileColumn,
    RowActions,
    columns_by_field,
    decode_csv,
    file_column,
    header_words,
    labels_in_every_language,
    read_csv_rows,
    restore,
)
from workspaces.access import require_role
from workspaces.models import Role

from ..models import CheckIn

# The foreign keys are checked here once, not by full_clean (a query per check-in).
_NOT_CLEANED = ["workspace", "sub_goal", "measurement", "recorded_by"]


def _check_workspace(*, sub_goal: SubGoal, workspace) -> None:
    if workspace is not None and sub_goal.plan.workspace_id != workspace.pk:
        raise ValidationError(
            {
                "sub_goal": ValidationError(
                    _("Choose a sub-goal of this workspace."), code="other_workspace"
                )
            }
        )


def _check_measurement(*, sub_goal: SubGoal, measurement: Measurement | None) -> None:
    if measurement is not None and measurement.sub_goal_id != sub_goal.pk:
        raise ValidationError(
            {
                "measurement": ValidationError(
                    _("Choose a measurement of this sub-goal."), code="other_sub_goal"
                )
            }
        )


def _fill(check_in: CheckIn, *, value, source: str, note: str, measurement, by) -> None:
    check_in.value = value
    check_in.source = (source or "").strip()
    check_in.note = (note or "").strip()
    if measurement is not None:
        check_in.measurement = measurement
    check_in.recorded_by = by
    check_in.recorded_at = timezone.now()
    if check_in.pk is not None:
        check_in.revision += 1


@transaction.atomic
def check_in_record(
    *,
    sub_goal: SubGoal,
    measured_on: datetime.date,
    value: Decimal,
    by,
    source: str = "",
    note: str = "",
    measurement: Measurement | None = None,
    workspace=None,
) -> CheckIn:
    """The sub-goal's value on the day: a new check-in, or the day's check-in corrected."""
    workspace_of_goal = sub_goal.plan.workspace
    _check_workspace(sub_goal=sub_goal, workspace=workspace)
    require_role(user=by, workspace=workspace_of_goal, role=Role.EDITOR)
    _check_measurement(sub_goal=sub_goal, measurement=measurement)
    if measurement is None:
        measurement = sub_goal.measurements.order_by("position", "pk").first()
    check_in = (
        CheckIn.objects.select_for_update()
        .filter(sub_goal=sub_goal, measured_on=measured_on)
        .first()
    ) or CheckIn(workspace=workspace_of_goal, sub_goal=sub_goal, measured_on=measured_on)
    _fill(check_in, value=value, source=source, note=note, measurement=measurement, by=by)
    check_in.full_clean(exclude=_NOT_CLEANED, validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            check_in.save()
    except IntegrityError:
        # Someone recorded the same day at the same moment: theirs is corrected with ours.
        check_in = CheckIn.objects.select_for_update().get(
            sub_goal=sub_goal, measured_on=measured_on
        )
        _fill(check_in, value=value, source=source, note=note, measurement=measurement, by=by)
        check_in.save()
    return check_in


@transaction.atomic
def check_in_update(
    *,
    check_in: CheckIn,
    by,
    measured_on: datetime.date,
    value: Decimal,
    source: str = "",
    note: str = "",
    revision: int | None = None,
) -> CheckIn:
    """Correct a check-in, its day included; a day that already has one is refused, and so is
    an edit of `revision` when someone changed the check-in since (code "stale")."""
    require_role(user=by, workspace=check_in.workspace, role=Role.EDITOR)
    check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    if revision is not None and revision != check_in.revision:
        raise ValidationError(
            _(
                "Someone changed this check-in since you opened it: it now reads %(value)s on "
                "%(day)s. What you typed is kept below; save again to replace it."
            ),
            code="stale",
            params={
                "value": number_format(check_in.value, use_l10n=True),
                "day": date_format(check_in.measured_on),
            },
        )
    taken = (
        CheckIn.objects.filter(sub_goal_id=check_in.sub_goal_id, measured_on=measured_on)
        .exclude(pk=check_in.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            {
                "measured_on": ValidationError(
                    _("This sub-goal already has a check-in on that day: edit that one."),
                    code="day_taken",
                )
            }
        )
    check_in.measured_on = measured_on
    _fill(check_in, value=value, source=source, note=note, measurement=None, by=by)
    check_in.full_clean(exclude=_NOT_CLEANED, validate_unique=False, validate_constraints=False)
    check_in.save()
    return check_in


@transaction.atomic
def check_in_delete(*, check_in: CheckIn, by) -> None:
    require_role(user=by, workspace=check_in.workspace, role=Role.EDITOR)
    check_in.delete()


def _first_measurements(sub_goal_ids) -> dict[int, Measurement]:
    first: dict[int, Measurement] = {}
    for measurement in Measurement.objects.filter(sub_goal_id__in=list(sub_goal_ids)).order_by(
        "position", "pk"
    ):
        first.setdefault(measurement.sub_goal_id, measurement)
    return first


def _save_all(*, workspace, by, entries: list[tuple[SubGoal, datetime.date, dict]]) -> list:
    """Build and check every check-in first; save them only when all are right. Errors are
    raised per sub-goal's key (its pk) and for the day ("measured_on")."""
    goal_ids = {goal.pk for goal, _day, _fields in entries}
    days = {day for _goal, day, _fields in entries}
    existing = {
        (c.sub_goal_id, c.measured_on): c
        for c in CheckIn.objects.select_for_update().filter(
            sub_goal_id__in=goal_ids, measured_on__in=days
        )
    }
    measurements = _first_measurements(goal_ids)
    built, errors = [], {}
    for goal, day, fields in entries:
        check_in = existing.get((goal.pk, day)) or CheckIn(
            workspace=workspace, sub_goal=goal, measured_on=day
        )
        _fill(check_in, measurement=measurements.get(goal.pk), by=by, **fields)
        try:
            check_in.full_clean(
                exclude=_NOT_CLEANED, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            errors[str(goal.pk)] = exc.messages
        built.append(check_in)
    if errors:
        raise ValidationError(errors)
    CheckIn.objects.bulk_create([c for c in built if c.pk is None])
    CheckIn.objects.bulk_update(
        [c for c in built if c.pk is not None],
        ["value", "source", "note", "measurement", "recorded_by", "recorded_at", "revision"],
    )
    return built


@transaction.atomic
def check_ins_record_many(
    *, workspace, by, measured_on: datetime.date, values: dict[SubGoal, Decimal]
) -> list[CheckIn]:
    """The month's figures: one value per sub-goal on one day, all saved or none."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    try:
        CheckIn._meta.get_field("measured_on").clean(measured_on, None)
    except ValidationError as exc:
        raise ValidationError({"measured_on": exc.messages}) from exc
    for goal in values:
        _check_workspace(sub_goal=goal, workspace=workspace)
    entries = [
        (goal, measured_on, {"value": value, "source": "", "note": ""})
        for goal, value in values.items()
    ]
    return _save_all(workspace=workspace, by=by, entries=entries)


# --- The CSV import -----------------------------------------------------------------------

MAX_BYTES = 1024 * 1024
# Rows one import reads at most: ten years of monthly figures for forty sub-goals.
MAX_ROWS = 5000
COLUMNS = ["sub_goal", "date", "value", "source", "note"]
REQUIRED = ("sub_goal", "date", "value")
HEADER_SYNONYMS = {
    "sub_goal": ["sub goal", "subgoal", "goal", "sub goal id", "subdoel", "doel", "subdoel id"],
    "date": ["day", "measured on", "datum", "dag", "gemeten op"],
    "value": ["figure", "result", "waarde", "cijfer", "stand", "resultaat"],
    "source": ["from", "bron"],
    "note": ["notes", "comment", "notitie", "opmerking", "toelichting"],
}
_COLUMN_LABELS = {
    "sub_goal": gettext_lazy("sub-goal"),
    "date": gettext_lazy("date"),
    "value": gettext_lazy("value"),
    "source": gettext_lazy("source"),
    "note": gettext_lazy("note"),
}
_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def column_label(column: str) -> str:
    return str(_COLUMN_LABELS[column])


def header_lookup() -> dict[str, str]:
    lookup = {}
    for column, synonyms in HEADER_SYNONYMS.items():
        for text in (column, *synonyms):
            lookup.setdefault(header_words(text), column)
    return labels_in_every_language(_COLUMN_LABELS) | lookup


def read_day(text: str) -> datetime.date | None:
    """dd-mm-yyyy or yyyy-mm-dd (with -, / or . between); None when it is neither."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    d, m, y, y2, m2, d2 = match.groups()
    try:
        if y:
            return datetime.date(int(y), int(m), int(d))
        return datetime.date(int(y2), int(m2), int(d2))
    except ValueError:
        return None


def read_number(text: str) -> Decimal | None:
    """1234.5, 1,234.5, 1234,5 and 1.234,5 alike: the last of . and , is the decimal mark when
    both are there; a comma alone is a decimal comma."""
    text = re.sub(r"[\s\u00a0\u202f€%]", "", text)
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@dataclass
class ImportColumn(FileColumn):
    @property
    def label(self) -> str:
        return column_label(self.column) if self.column else ""


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    sub_goal: SubGoal | None = None
    day: datetime.date | None = None
    value: Decimal | None = None
    action: str = ""  # "create", "update" or "same"


@dataclass
class ImportReport(RowActions):
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    columns: list[ImportColumn] = field(default_factory=list)
    changed_since_preview: bool = False
    saved: bool = False

    @property
    def readable(self) -> bool:
        return bool(self.columns)

    @property
    def unresolved_columns(self) -> list[ImportColumn]:
        return [c for c in self.columns if c.column is None and not c.ignored]

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not (self.problems or self.unresolved_columns or self.bad_rows)

    @property
    def fingerprint(self) -> str:
        shown = [
            [(c.index, c.column, c.ignored) for c in self.columns],
            [(r.line, r.action, r.values) for r in self.rows],
        ]
        return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()[:32]


def _read_file(raw: bytes, report: ImportReport, chosen: dict[int, str]) -> list:
    if len(raw) > MAX_BYTES:
        report.problems.append(_("The file is larger than 1 MB. Split it and import each part."))
        return []
    text = decode_csv(raw)
    if text is None:
        report.problems.append(
            _("This is not a CSV file (it holds binary data). Save it as CSV (UTF-8).")
        )
        return []
    found = read_csv_rows(
        text,
        max_rows=MAX_ROWS,
        problems=report.problems,
        empty=_("The file is empty: give it a header line and one row a day."),
    )
    if not found:
        return []
    header = [restore(h).strip() for h in found[0][1]]
    rows = [(line, [restore(c).strip() for c in cells]) for line, cells in found[1:]]
    lookup = header_lookup()
    used = {i for _line, cells in rows for i, c in enumerate(cells) if c}
    for index, text in enumerate(header):
        if not text and index not in used:
            continue
        report.columns.append(
            file_column(
                ImportColumn,
                index,
                text,
                chosen=chosen.get(index),
                fields=COLUMNS,
                suggest=lambda t: lookup.get(header_words(t)),
            )
        )
    by_field = columns_by_field(report.columns)
    for name, columns in by_field.items():
        if len(columns) > 1:
            report.problems.append(
                _("The columns %(headers)s all hold “%(label)s”: ignore all but one of them.")
                % {
                    "headers": ", ".join(f"“{c.header}”" for c in columns),
                    "label": column_label(name),
                }
            )
    missing = [c for c in REQUIRED if c not in by_field]
    if missing:
        report.problems.append(
            _(
                "No column holds these: %(labels)s. Choose them below, or name the columns in the "
                "first line (%(all)s)."
            )
            % {"labels": ", ".join(column_label(c) for c in missing), "all": ", ".join(COLUMNS)}
        )
    if not rows:
        report.problems.append(_("The file has no rows below the header."))
    return rows


def _goal_lookup(plan: StrategyPlan | None, workspace) -> tuple[dict, dict, set]:
    """The sub-goals a row may name: by id (any of the workspace's plans) and by description
    (the chosen plan's); a description two of them share is ambiguous."""
    goals = list(
        SubGoal.objects.filter(plan__workspace=workspace).select_related("plan__workspace")
    )
    by_id = {str(g.pk): g for g in goals}
    by_text: dict[str, SubGoal] = {}
    ambiguous: set[str] = set()
    for goal in goals:
        if plan is not None and goal.plan_id != plan.pk:
            continue
        key = header_words(goal.description)
        if key in by_text:
            ambiguous.add(key)
        by_text[key] = goal
    return by_id, by_text, ambiguous


def _read_rows(*, workspace, plan, report: ImportReport, rows: list) -> None:
    index_of = {c.column: c.index for c in report.columns if c.column}
    by_id, by_text, ambiguous = _goal_lookup(plan, workspace)
    seen: dict[tuple[int, datetime.date], int] = {}
    for line, cells in rows:
        values = {name: (cells[i] if i < len(cells) else "") for name, i in index_of.items()}
        row = ImportRow(line=line, values=values)
        named = values.get("sub_goal", "")
        key = header_words(named)
        if not named:
            row.errors.append(_("The sub-goal is empty."))
        elif named in by_id:
            row.sub_goal = by_id[named]
        elif key in ambiguous:
            row.errors.append(
                _("Two sub-goals are called “%(name)s”: give the sub-goal's number instead.")
                % {"name": named}
            )
        elif key in by_text:
            row.sub_goal = by_text[key]
        else:
            row.errors.append(_("No sub-goal “%(name)s” in the plan.") % {"name": named})
        row.day = read_day(values.get("date", ""))
        if row.day is None:
            row.errors.append(
                _("“%(date)s” is not a date: write it as dd-mm-yyyy or yyyy-mm-dd.")
                % {"date": values.get("date", "")}
            )
        row.value = read_number(values.get("value", ""))
        if row.value is None:
            row.errors.append(
                _("“%(value)s” is not a number.") % {"value": values.get("value", "")}
            )
        if row.sub_goal is not None and row.day is not None:
            earlier = seen.setdefault((row.sub_goal.pk, row.day), line)
            if earlier != line:
                row.errors.append(
                    _("Line %(line)s already gives this sub-goal a value on this day.")
                    % {"line": earlier}
                )
        report.rows.append(row)


def _check_and_build(*, workspace, by, report: ImportReport, lock: bool) -> list[CheckIn]:
    good = [r for r in report.rows if r.sub_goal is not None and r.day is not None]
    goal_ids = {r.sub_goal.pk for r in good}
    days = {r.day for r in good}
    existing_qs = CheckIn.objects.filter(sub_goal_id__in=goal_ids, measured_on__in=days)
    if lock:
        existing_qs = existing_qs.select_for_update()
    existing = {(c.sub_goal_id, c.measured_on): c for c in existing_qs}
    measurements = _first_measurements(goal_ids)
    built = []
    for row in report.rows:
        if row.sub_goal is None or row.day is None or row.value is None:
            continue
        check_in = existing.get((row.sub_goal.pk, row.day))
        if check_in is None:
            row.action = "create"
            check_in = CheckIn(workspace=workspace, sub_goal=row.sub_goal, measured_on=row.day)
        else:
            same = (
                check_in.value == row.value
                and check_in.source == row.values.get("source", "")
                and check_in.note == row.values.get("note", "")
            )
            row.action = "same" if same else "update"
        _fill(
            check_in,
            value=row.value,
            source=row.values.get("source", ""),
            note=row.values.get("note", ""),
            measurement=measurements.get(row.sub_goal.pk),
            by=by,
        )
        try:
            check_in.full_clean(
                exclude=_NOT_CLEANED, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            row.errors.extend(exc.messages)
            row.action = ""
        built.append((row, check_in))
    return [c for row, c in built if row.action in ("create", "update")]


def check_ins_import(
    *,
    workspace,
    by,
    raw: bytes,
    plan: StrategyPlan | None = None,
    commit: bool = False,
    columns: dict[int, str] | None = None,
    previewed: str | None = None,
) -> ImportReport:
    """Read a CSV of check-ins (sub-goal, date, value, source, note). Without commit nothing is
    written (the preview); with it every row is saved, or nothing when any row is wrong, or when
    the file now reads otherwise than the preview confirmed (`previewed`, its fingerprint).
    A row for a day that has a check-in corrects it. Queries: a fixed number per file."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    report = ImportReport()
    rows = _read_file(raw, report, columns or {})
    if not report.columns:
        return report
    _read_rows(workspace=workspace, plan=plan, report=report, rows=rows)
    if not commit:
        _check_and_build(workspace=workspace, by=by, report=report, lock=False)
        return report
    with transaction.atomic():
        to_save = _check_and_build(workspace=workspace, by=by, report=report, lock=True)
        if not report.ok:
            return report
        # A file that now reads otherwise only because it was imported since (a double click)
        # has nothing left to write: that is no change to preview again.
        changed = previewed is not None and previewed != report.fingerprint
        if changed and (report.created or report.updated):
            report.changed_since_preview = True
            return report
        CheckIn.objects.bulk_create([c for c in to_save if c.pk is None])
        CheckIn.objects.bulk_update(
            [c for c in to_save if c.pk is not None],
            ["value", "source", "note", "measurement", "recorded_by", "recorded_at", "revision"],
        )
        report.saved = True
    return report
