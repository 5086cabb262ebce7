"""A plan as plain data (versions, JSON export and import, copying) and the diff of two."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts_registry.models import Platform
from workspaces.formatting import number

from .models import ChannelPlan, Measurement, Section, StrategyPlan, SuccessMeaning
from .sections import SECTION_FIELDS, SECTION_ITEMS, ItemList, field_label, plan_field_label

FORMAT = "strategy-planner/plan"
# 2: a channel's audience and a measurement's sub-goal name one of the plan's own audiences
# and sub-goals (the note keeps a text that named none); in 1 they were free text.
FORMAT_VERSION = 2


def with_sections(queryset):
    """Load plans with every repeating item in a fixed number of queries."""
    lookups = []
    for item in (i for items in SECTION_ITEMS.values() for i in items):
        if item.model is ChannelPlan:
            lookups.append(
                Prefetch(
                    "channels",
                    queryset=ChannelPlan.objects.select_related("account", "owner", "audience"),
                )
            )
        elif item.model is Measurement:
            lookups.append(
                Prefetch("measurements", queryset=Measurement.objects.select_related("sub_goal"))
            )
        else:
            lookups.append(item.name)
    return queryset.prefetch_related(*lookups)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# The fields that choose one of the plan's own rows: a snapshot names that row (its name, or
# its description), as the team reads it and as an import finds it again.
LINKS = {(ChannelPlan, "audience"), (Measurement, "sub_goal")}


def _item_value(row, name: str) -> Any:
    if isinstance(row, ChannelPlan):
        if name == "account":
            return {"platform": row.account.platform, "handle": row.account.handle}
        if name == "owner":
            return row.owner.email if row.owner_id else None
    if (type(row), name) in LINKS:
        return str(getattr(row, name)) if getattr(row, f"{name}_id") else None
    return _plain(getattr(row, name))


def _snapshot_row(item: ItemList, row) -> dict[str, Any]:
    data = {name: _item_value(row, name) for name in item.fields}
    for _name, note in item.notes:
        if text := getattr(row, note):
            data[note] = text  # only when there is one: most rows have none
    return data


def linked_text(item: ItemList, row: dict, name: str) -> Any:
    """What a row of a snapshot says for `name`: the linked row's name, else the note kept
    from when it was typed (a snapshot from before, with only the typed text, says that)."""
    value = row.get(name)
    note = dict(item.notes).get(name)
    if note and value in (None, ""):
        return row.get(note) or value
    return value


def _cell(item: ItemList, row: dict, name: str) -> str:
    note = dict(item.notes).get(name)
    if note and row.get(name) in (None, "") and row.get(note):
        return _("%(text)s (as typed; not linked to one of the plan's own)") % {"text": row[note]}
    return _display(item.model, name, row.get(name))


def plan_snapshot(plan: StrategyPlan) -> dict[str, Any]:
    """The whole plan as JSON-ready data (load it with with_sections to keep queries flat)."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "title": plan.title,
        "period_start": _plain(plan.period_start),
        "period_end": _plain(plan.period_end),
    }
    for section in Section.values:
        part = {name: _plain(getattr(plan, name)) for name in SECTION_FIELDS[section]}
        for item in SECTION_ITEMS[section]:
            part[item.name] = [_snapshot_row(item, row) for row in getattr(plan, item.name).all()]
        data[section] = part
    return data


# --- The diff -----------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: Any
    new: Any


@dataclass
class ItemListDiff:
    label: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[Change]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class SectionDiff:
    section: str
    label: str
    changes: list[Change] = field(default_factory=list)
    items: list[ItemListDiff] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes or self.items)


def _row_key(item: ItemList, row: dict) -> str:
    return _display(item.model, item.key, row.get(item.key))


def _diff_items(
    item: ItemList, old_rows: list[dict], new_rows: list[dict], *, typed_texts: bool = False
) -> ItemListDiff:
    """typed_texts: one of the two is from before audiences and sub-goals could be chosen, and
    says only what was typed: the same text, chosen or kept as a note now, is no change."""

    def shown(row, name):
        return _cell(item, row, name)

    def said(row, name):
        if typed_texts:
            return linked_text(item, row, name)
        note = dict(item.notes).get(name)
        return (row.get(name), row.get(note) or "") if note else row.get(name)

    result = ItemListDiff(label=str(item.label))
    old_by_key = {_row_key(item, r): r for r in old_rows}
    new_by_key = {_row_key(item, r): r for r in new_rows}
    result.added = [k for k in new_by_key if k not in old_by_key]
    result.removed = [k for k in old_by_key if k not in new_by_key]
    for key, new_row in new_by_key.items():
        old_row = old_by_key.get(key)
        if old_row is None:
            continue
        changes = [
            Change(field_label(item.model, name), shown(old_row, name), shown(new_row, name))
            for name in item.fields
            if said(old_row, name) != said(new_row, name)
        ]
        if changes:
            result.changed.append((key, changes))
    return result


def snapshot_diff(old: dict[str, Any], new: dict[str, Any]) -> list[SectionDiff]:
    """Section by section: which answers changed, which rows were added, removed or changed."""
    labels = dict(Section.choices)
    typed_texts = 1 in (old.get("format_version", 1), new.get("format_version", 1))
    diffs = []
    head = SectionDiff(section="plan", label=str(StrategyPlan._meta.verbose_name))
    for name in ("title", "period_start", "period_end"):
        if old.get(name) != new.get(name):
            head.changes.append(
                Change(
                    field_label(StrategyPlan, name),
                    _display(StrategyPlan, name, old.get(name)),
                    _display(StrategyPlan, name, new.get(name)),
                )
            )
    diffs.append(head)
    for section in Section.values:
        old_part, new_part = old.get(section, {}), new.get(section, {})
        diff = SectionDiff(section=section, label=str(labels[section]))
        for name in SECTION_FIELDS[section]:
            if old_part.get(name) != new_part.get(name):
                diff.changes.append(
                    Change(
                        plan_field_label(name),
                        _display(StrategyPlan, name, old_part.get(name)),
                        _display(StrategyPlan, name, new_part.get(name)),
                    )
                )
        for item in SECTION_ITEMS[section]:
            items = _diff_items(
                item,
                old_part.get(item.name, []),
                new_part.get(item.name, []),
                typed_texts=typed_texts,
            )
            if items:
                diff.items.append(items)
        diffs.append(diff)
    return [d for d in diffs if d]


# --- What someone else saved, against what this person typed -------------------------------


def _typed_value(name: str, value: Any) -> Any:
    """A value as a form cleaned it, in the plain form of a snapshot."""
    if isinstance(value, models.Model):
        if name == "account":
            return {"platform": value.platform, "handle": value.handle}
        if name == "owner":
            return value.email
        return str(value)  # an audience or a sub-goal, by its name
    return _plain(value)


def typed_row_label(item: ItemList, values: dict[str, Any]) -> str:
    """How a row someone typed is named, e.g. the audience's name or the channel's account."""
    return _display(item.model, item.key, _typed_value(item.key, values.get(item.key)))


def _differs(typed: Any, saved: Any) -> bool:
    if isinstance(typed, list) and isinstance(saved, list):
        return sorted(map(str, typed)) != sorted(map(str, saved))
    if typed in (None, "") and saved in (None, ""):
        return False
    return typed != saved


def section_state(plan: StrategyPlan, section: str) -> dict[str, Any]:
    """One step as someone opens it: its answers, and its rows by id. Carried by the step's
    form, so that a conflict can tell what the other person changed from what this person
    changed (load the plan with the step's rows to keep queries flat)."""
    return {
        "answers": {name: _plain(getattr(plan, name)) for name in SECTION_FIELDS[section]},
        "rows": {
            item.name: {
                str(row.pk): {name: _state_value(row, name) for name in item.fields}
                for row in getattr(plan, item.name).all()
            }
            for item in SECTION_ITEMS[section]
        },
    }


def _state_value(row: models.Model, name: str) -> Any:
    """A row's value as section_state keeps it: a related object by its id, which needs no
    query."""
    f = row._meta.get_field(name)
    return getattr(row, f.attname) if f.is_relation else _plain(getattr(row, name))


@dataclass
class AnswerConflict:
    """An answer the other person changed: `theirs` as saved; `yours` what this person typed
    when they changed it too (a real conflict), or None when they left it as it was, in
    which case their answer is taken into the form."""

    name: str
    label: str
    theirs: str
    yours: str | None


def answers_conflict(
    section: str,
    *,
    typed: dict[str, Any],
    saved: StrategyPlan,
    opened: dict[str, Any] | None,
) -> list[AnswerConflict]:
    """The answers of the step the other person changed since this person opened it. Without
    the opened state (a form from before it was carried), every answer that differs from the
    typed one is listed as changed by both."""
    result = []
    for name in SECTION_FIELDS[section]:
        theirs, mine = getattr(saved, name), typed.get(name)
        if opened is not None and name in opened:
            if not _differs(_plain(theirs), opened[name]):
                continue  # they left it alone: whatever is typed is this person's own
            both = _differs(_plain(mine), opened[name]) and _differs(mine, theirs)
        elif _differs(mine, theirs):
            both = True
        else:
            continue
        result.append(
            AnswerConflict(
                name=name,
                label=plan_field_label(name),
                theirs=_display(StrategyPlan, name, _plain(theirs)),
                yours=_display(StrategyPlan, name, _plain(mine)) if both else None,
            )
        )
    return result


def rows_conflict(
    item: ItemList,
    *,
    typed: list[dict[str, Any]],
    opened: set[int],
    saved: list[models.Model],
    gone: list[str],
    opened_rows: dict[str, dict[str, Any]] | None = None,
) -> ItemListDiff:
    """The saved rows of one repeating item against the rows someone typed, matched by id:
    `added` are rows only the saved version has (added since the form was opened), `removed`
    the rows they deleted meanwhile (`gone`, by name), `changed` each row whose saved values
    differ from the typed ones, as Change(question, typed, saved).

    typed: the rows as cleaned by the form, with "id" when the row existed when the form was
    opened; opened: the ids of every row the form was opened with (also those ticked
    "Delete"); saved: the rows as saved now; opened_rows: those rows' values as opened (by
    id, section_state), so that only what the other person changed is listed."""
    result = ItemListDiff(label=str(item.label), removed=list(gone))
    typed_by_id = {row["id"]: row for row in typed if row.get("id")}
    for row in saved:
        label = _display(item.model, item.key, _item_value(row, item.key))
        if row.pk not in opened:
            result.added.append(label)
            continue
        mine = typed_by_id.get(row.pk)
        if mine is None:
            continue  # this person removes it; their own choice, kept below
        was = (opened_rows or {}).get(str(row.pk))
        changes = [
            Change(
                field_label(item.model, name),
                _display(item.model, name, _typed_value(name, mine.get(name))),
                _display(item.model, name, _item_value(row, name)),
            )
            for name in item.fields
            # Only what the other person changed; with no opened state, every difference.
            if (
                _differs(_state_value(row, name), was.get(name))
                if was is not None
                else _differs(mine.get(name), getattr(row, name))
            )
        ]
        if changes:
            result.changed.append((label, changes))
    return result


# --- Showing a snapshot -------------------------------------------------------------------


@dataclass
class PresentedList:
    label: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class PresentedSection:
    section: str
    label: str
    answers: list[tuple[str, str]]
    lists: list[PresentedList]
    comments: list = field(default_factory=list)


def _display(model, name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dict) and "platform" in value:
        labels = dict(Platform.choices)
        return f"{labels.get(value['platform'], value['platform'])} · {value.get('handle', '')}"
    if name == "success_meanings":
        labels = dict(SuccessMeaning.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    model_field = model._meta.get_field(name)
    choices = dict(model_field.choices or [])
    if choices:
        return str(choices.get(value, value))
    # Snapshots keep numbers and dates as plain text ("2.00", "2026-12-31"): shown, they read
    # as the language writes them ("2", "31 December 2026").
    if isinstance(model_field, models.DecimalField | models.FloatField | models.IntegerField):
        return number(value)
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        try:
            day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return str(value)
        return date_format(day, "DATE_FORMAT")
    return str(value)


def present(content: dict[str, Any], sections: list[str] | None = None) -> list[PresentedSection]:
    """A snapshot as labelled answers and tables, for the review page, versions and print."""
    result = []
    for section in sections or Section.values:
        part = content.get(section, {})
        answers = [
            (plan_field_label(name), _display(StrategyPlan, name, part.get(name)))
            for name in SECTION_FIELDS[section]
        ]
        lists = [
            PresentedList(
                label=str(item.label),
                headers=[field_label(item.model, name) for name in item.fields],
                rows=[
                    [_cell(item, row, name) for name in item.fields]
                    for row in part.get(item.name, [])
                ],
            )
            for item in SECTION_ITEMS[section]
        ]
        result.append(
            PresentedSection(
                section=section, label=str(Section(section).label), answers=answers, lists=lists
            )
        )
    return result
