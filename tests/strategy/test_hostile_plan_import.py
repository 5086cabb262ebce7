"""Hostile files for the plan's JSON import (strategy.services.plan_import), with hypothesis:
random bytes, random JSON, and a valid export with one value somewhere replaced by a value of
another type, a huge one, a deep one. Whatever the file, the import creates the plan or raises
PlanImportError (or ValidationError), never another exception; and it writes the whole plan
or nothing: the rows of every table are counted before and after.

What the properties found is kept below as plain examples (FOUND says what each was)."""

import json
import sys

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from strategy import services
from strategy.models import StrategyPlan

from ..workspaces.test_backup import changed, row_counts
from .factories import complete_plan

EXAMPLES = 50
hostile = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written to the project folder
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
REFUSALS = (services.PlanImportError, ValidationError)

# Faults these tests found in plan_import, now refused with a problem; each has its example
# below.
FOUND = {
    "lone surrogates": "a JSON escape such as \\ud800 is text Python reads and no database stores",
    "deep nesting": "json.loads raises RecursionError, which plan_import does not catch",
    "huge integers": "json.loads raises ValueError beyond 4300 digits, which is not caught",
    "null characters": "PostgreSQL refuses \\x00 in a text field: DataError at save",
}


def texts():
    """Text of every kind, null characters included; lone surrogates have their own
    example (they cannot be written as UTF-8 without escaping)."""
    alphabet = st.characters(exclude_categories=["Cs"])
    return st.one_of(
        st.text(alphabet=alphabet, max_size=40),
        st.sampled_from(["", " ", "2026-01-01", "2026-02-30", "20260101", "lots", "NaN", "-1"]),
        st.integers(min_value=201, max_value=100_000).map(lambda n: "z" * n),  # huge
    )


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),  # far beyond any column, not 4300 digits
    st.floats(allow_nan=True, allow_infinity=True),
    texts(),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts(), inner, max_size=4),
    max_leaves=12,
)


def paths(value, path=()):
    """Every place in a JSON document, as a path of keys and indexes."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*path, index))


def replaced(document, path, value):
    """A copy of the document with the value at `path` replaced (the whole, for no path)."""
    if not path:
        return value
    copy = json.loads(json.dumps(document))
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return copy


def dumps(value, *, escaped: bool = False) -> bytes:
    """As JSON: UTF-8, or with every character beyond ASCII escaped (\\u00e9)."""
    return json.dumps(value, ensure_ascii=escaped, allow_nan=True).encode("utf-8", "surrogatepass")


@pytest.fixture
def exported(workspace, editor) -> dict:
    """A complete plan's export: every step answered, every list with a row."""
    return json.loads(services.plan_export(plan=complete_plan(workspace=workspace, owner=editor)))


def import_all_or_nothing(*, workspace, by, raw: bytes) -> StrategyPlan | None:
    """Import; then check that the database holds the whole plan or nothing of it. Each
    example is rolled back afterwards, so the next starts from the same database."""
    with transaction.atomic():
        before = row_counts()
        try:
            # A copy on purpose: the files here start from a plan the workspace has.
            plan = services.plan_import(workspace=workspace, by=by, raw=raw, again=True)
        except REFUSALS:
            plan = None
        difference = changed(before, row_counts())
        if plan is None:
            assert difference == {}, difference
        else:
            assert difference.get("strategy_strategyplan") == 1, difference
            assert set(difference) <= {
                "strategy_strategyplan",
                *(f"strategy_{m}" for m in ("subgoal", "audience", "conversation", "teamrole")),
                *(f"strategy_{m}" for m in ("contenttheme", "channelplan", "measurement")),
            }, difference
        transaction.set_rollback(True)
    return plan


@hostile
@given(raw=st.one_of(st.binary(max_size=2000), json_values.map(dumps)))
@example(raw=b"")
@example(raw=b'{"format": "strategy-planner/plan"}')
def test_random_files_are_refused_or_imported_never_a_crash(workspace, editor, raw):
    import_all_or_nothing(workspace=workspace, by=editor, raw=raw)


@hostile
@given(data=st.data())
def test_an_export_with_any_value_replaced_is_refused_or_imported_whole(
    workspace, editor, exported, data
):
    assert import_all_or_nothing(workspace=workspace, by=editor, raw=dumps(exported))
    places = list(paths(exported))
    path = data.draw(st.sampled_from(places), label="path")
    value = data.draw(json_values, label="value")
    import_all_or_nothing(
        workspace=workspace, by=editor, raw=dumps(replaced(exported, path, value))
    )


@hostile
@given(data=st.data())
def test_an_export_cut_anywhere_is_refused(workspace, editor, exported, data):
    raw = dumps(exported)
    end = data.draw(st.integers(min_value=0, max_value=len(raw) - 1), label="end")
    assert import_all_or_nothing(workspace=workspace, by=editor, raw=raw[:end]) is None


# --- What the properties found --------------------------------------------------------------


def refused_without_a_trace(workspace, editor, raw: bytes) -> None:
    before = row_counts()
    with pytest.raises(REFUSALS):
        services.plan_import(workspace=workspace, by=editor, raw=raw)
    assert changed(before, row_counts()) == {}


def test_deeply_nested_json_is_refused(workspace, editor):
    depth = sys.getrecursionlimit() * 2
    refused_without_a_trace(workspace, editor, b"[" * depth + b"]" * depth)


def test_a_number_of_5000_digits_is_refused(workspace, editor, exported):
    raw = dumps(exported).replace(b'"mix_curated": 40', b'"mix_curated": ' + b"9" * 5000)
    refused_without_a_trace(workspace, editor, raw)


@pytest.mark.parametrize("where", ["title", "why.business_issue", "who.audiences.0.name"])
def test_text_with_a_lone_surrogate_is_refused(workspace, editor, exported, where):
    path = tuple(int(p) if p.isdigit() else p for p in where.split("."))
    raw = dumps(replaced(exported, path, "Recruiting \ud800"), escaped=True)
    refused_without_a_trace(workspace, editor, raw)


def test_a_null_character_in_a_long_text_is_refused_or_kept(workspace, editor, exported):
    raw = dumps(replaced(exported, ("why", "business_issue"), "Recruiting\x00"))
    import_all_or_nothing(workspace=workspace, by=editor, raw=raw)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("who", "audiences", 0, "priority"), ""),  # found by the property above
        (("who", "audiences", 0, "priority"), "  "),
        (("why", "sub_goals", 0, "deadline"), ""),
    ],
)
def test_an_empty_text_for_a_number_or_a_date_is_no_value_not_a_crash(
    workspace, editor, exported, path, value
):
    plan = services.plan_import(
        workspace=workspace, by=editor, raw=dumps(replaced(exported, path, value)), again=True
    )
    _section, items, index, name = path
    assert getattr(getattr(plan, items).all()[index], name) is None


def test_a_channels_frequency_as_text_is_a_problem_not_a_crash():
    from strategy.models import ChannelPlan

    # The field's own check reports the text; the comparison must not crash on it.
    channel = ChannelPlan(min_posts_per_week="many", max_posts_per_week=3)
    channel.clean()
    channel.min_posts_per_week = 5
    with pytest.raises(ValidationError):
        channel.clean()
