"""Hostile files for the workspace backup's import (workspaces.backup.workspace_import), with
hypothesis: random bytes, random JSON, and a real backup with a value anywhere replaced by one
of another type, a huge one, text no database stores, a deep structure; with a key or a row
removed or doubled; cut anywhere. Whatever the file, the import creates the whole workspace or
raises ValidationError, never another exception, and then nothing has changed: the rows of
every table are counted before and after."""

import json
import sys

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workspaces import backup

from .test_backup import build_full_workspace, changed, row_counts

EXAMPLES = 50
hostile = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written to the project folder
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

texts = st.one_of(
    st.text(max_size=40),  # lone surrogates and null characters included
    st.sampled_from(
        ["", "2026-01-01", "2026-01-01T09:00:00", "9999-12-31T23:59:59-12:00", "x:post=1"]
    ),
    st.sampled_from(["/w/other/calendar/posts/1/", "/w/van-dijk/accounts/999/", "\ud800", "\x00"]),
    st.integers(min_value=200, max_value=100_000).map(lambda n: "z" * n),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    texts,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


def paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*path, index))


def _parent(document, path):
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    return parent


@st.composite
def mutated(draw, document: dict):
    """The document with one change: a value replaced, a key or row removed, a row doubled."""
    copy = json.loads(json.dumps(document))
    path = draw(st.sampled_from([p for p in paths(copy) if p]), label="path")
    parent = _parent(copy, path)
    how = draw(st.sampled_from(["replace", "replace", "remove", "double"]), label="how")
    if how == "replace":
        parent[path[-1]] = draw(json_values, label="value")
    elif how == "remove":
        del parent[path[-1]]
    elif isinstance(parent, list):
        parent.append(json.loads(json.dumps(parent[path[-1]])))
    else:
        parent[path[-1] + "_again"] = parent[path[-1]]
    return copy


def dumps(value, *, escaped: bool) -> bytes:
    return json.dumps(value, ensure_ascii=escaped).encode("utf-8", "surrogatepass")


@pytest.fixture
def document(workspace, editor, reviewer, admin_user) -> dict:
    build_full_workspace(workspace, editor=editor, reviewer=reviewer, admin_user=admin_user)
    return json.loads(backup.workspace_export(workspace=workspace))


def import_all_or_nothing(raw: bytes) -> backup.RestoreReport | None:
    """Import as a new workspace; then check that the database holds all of it or nothing.
    Each example is rolled back afterwards, so the next starts from the same database."""
    with transaction.atomic():
        before = row_counts()
        try:
            report = backup.workspace_import(raw=raw, slug="restored")
        except ValidationError as refused:
            said = refused.messages
            report = None
        else:
            said = ["Nothing was imported."]
        assert said[0].startswith("Nothing was imported."), said
        difference = changed(before, row_counts())
        if report is None:
            assert difference == {}, difference
        else:
            expected = {"workspaces_workspace": 1, "users_user": len(report.people_created)}
            for table in backup.tables():
                expected[table.model._meta.db_table] = report.counts[table.name]
            assert difference == {k: v for k, v in expected.items() if v}, difference
        transaction.set_rollback(True)
    return report


@hostile
@given(raw=st.one_of(st.binary(max_size=2000), json_values.map(lambda v: dumps(v, escaped=True))))
@example(raw=b"")
@example(raw=b'{"format": "strategy-planner/workspace", "format_version": 1}')
@example(raw=b'{"format": "strategy-planner/workspace", "format_version": 1, "people": {}}')
def test_random_files_are_refused_never_a_crash(db, raw):
    import_all_or_nothing(raw)


@hostile
@given(data=st.data())
def test_a_backup_changed_anywhere_is_refused_or_imported_whole(document, data):
    assert import_all_or_nothing(dumps(document, escaped=False)) is not None
    changed_document = data.draw(mutated(document), label="document")
    import_all_or_nothing(dumps(changed_document, escaped=data.draw(st.booleans(), label="ascii")))


@hostile
@given(data=st.data())
def test_a_backup_cut_anywhere_is_refused(document, data):
    raw = dumps(document, escaped=data.draw(st.booleans(), label="ascii"))
    end = data.draw(st.integers(min_value=0, max_value=len(raw) - 1), label="end")
    assert import_all_or_nothing(raw[:end]) is None


# The values the properties cannot make (hypothesis' own limits), as plain examples.


def test_deep_nesting_is_refused(db):
    depth = sys.getrecursionlimit() * 2
    assert import_all_or_nothing(b"[" * depth + b"]" * depth) is None


def test_nesting_the_json_reader_survives_but_the_database_might_not_is_refused(document):
    deep: list = []
    for _ in range(backup.MAX_DEPTH + 5):
        deep = [deep]
    document["plan_versions"][0]["content"]["why"]["deep"] = deep
    assert import_all_or_nothing(dumps(document, escaped=True)) is None


def test_a_number_of_5000_digits_is_refused(document):
    raw = dumps(document, escaped=True).replace(
        b'"mix_tolerance": 15', b'"mix_tolerance": ' + b"9" * 5000
    )
    assert b"9" * 5000 in raw
    assert import_all_or_nothing(raw) is None


@pytest.mark.parametrize("text", ["Recruiting \ud800", "Recruiting\x00"])
def test_text_no_database_stores_is_refused(document, text):
    document["posts"][0]["text"] = text
    document["plan_versions"][0]["content"]["title"] = text
    assert import_all_or_nothing(dumps(document, escaped=True)) is None


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+01:00"])
def test_a_moment_beyond_what_the_database_holds_is_refused(document, moment):
    document["posts"][0]["scheduled_at"] = moment
    assert import_all_or_nothing(dumps(document, escaped=True)) is None
