"""The post results services: by hand, and importing a file all-or-nothing."""

import datetime
import io
import math
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from content_calendar.models import Post
from results.models import PostResult
from results.services.post_results import post_result_save, results_import
from results.services.result_import import MAX_BYTES, read_count, read_moment

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory
from .factories import PostResultFactory
from .post_results_helpers import AMSTERDAM, published_posts, sample


def run(workspace, editor, channel, raw, **options):
    options.setdefault("commit", True)
    return results_import(workspace=workspace, by=editor, channel=channel, raw=raw, **options)


# --- By hand --------------------------------------------------------------------------------


def test_figures_by_hand_with_an_unknown_one(workspace, editor):
    _channel, posts = published_posts(workspace, editor)
    result = post_result_save(post=posts[0], by=editor, impressions=200, clicks=10, reach=None)
    assert (result.impressions, result.clicks, result.reach) == (200, 10, None)
    assert float(result.engagement_rate) == pytest.approx(0.05)
    # Entering them again corrects them: still one result.
    post_result_save(post=posts[0], by=editor, impressions=300)
    assert PostResult.objects.get().impressions == 300
    assert PostResult.objects.get().clicks is None


def test_a_post_not_published_has_no_results(workspace, editor):
    post = PostFactory(workspace=workspace, owner=editor, status=Post.Status.SCHEDULED)
    with pytest.raises(ValidationError) as error:
        post_result_save(post=post, by=editor, impressions=10)
    assert error.value.code == "not_published"
    assert not PostResult.objects.exists()


# --- Matching -------------------------------------------------------------------------------


def csv(*lines: str) -> bytes:
    return ("\n".join(["Date,Text,Impressions,Clicks", *lines]) + "\n").encode()


def test_a_row_matches_within_the_tolerance_only(workspace, editor):
    channel, posts = published_posts(workspace, editor)
    raw = csv("2026-02-10 09:45,,100,1")
    assert run(workspace, editor, channel, raw, commit=False).rows[0].post_id == posts[0].pk
    report = run(workspace, editor, channel, raw, tolerance_minutes=30)
    assert report.rows[0].status == "unmatched"
    assert not PostResult.objects.exists()


def test_the_first_words_pick_between_two_posts_at_the_same_time(workspace, editor):
    channel, posts = published_posts(workspace, editor)
    other = PostFactory(
        workspace=workspace,
        channel=channel,
        owner=editor,
        status=Post.Status.PUBLISHED,
        scheduled_at=posts[0].scheduled_at,
        text="Another post at nine",
    )
    report = run(workspace, editor, channel, csv("2026-02-10 09:00,Another post at,100,1"))
    assert report.ok
    assert PostResult.objects.get().post == other


def test_all_or_nothing_one_unmatched_row_saves_nothing(workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    report = run(
        workspace, editor, channel, csv("2026-02-10 09:00,,100,1", "2026-03-01 10:00,,5,0")
    )
    assert not report.ok
    assert [r.line for r in report.unmatched] == [3]
    assert not PostResult.objects.exists()


def test_skip_unmatched_rows_saves_the_others(workspace, editor):
    channel, posts = published_posts(workspace, editor)
    report = run(
        workspace,
        editor,
        channel,
        csv("2026-02-10 09:00,,100,1", "2026-03-01 10:00,,5,0"),
        skip_unmatched=True,
    )
    assert report.ok
    assert report.saved == 1
    assert PostResult.objects.get().post == posts[0]


def test_two_rows_for_one_post_save_nothing_even_when_skipping(workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    report = run(
        workspace,
        editor,
        channel,
        csv("2026-02-10 09:00,,100,1", "2026-02-10 09:10,,200,2", "2026-02-11 12:30,,1,1"),
        skip_unmatched=True,
    )
    assert not report.ok
    assert [r.line for r in report.doubles] == [2, 3]
    assert not PostResult.objects.exists()


def test_only_published_posts_of_the_channel_and_workspace_are_matched(
    workspace, other_workspace, editor, outsider
):
    channel, _posts = published_posts(workspace, editor, status=Post.Status.SCHEDULED)
    other_channel, _others = published_posts(other_workspace, outsider)
    published_posts(workspace, editor)  # the same times, another channel
    report = run(workspace, editor, channel, csv("2026-02-10 09:00,,100,1"))
    assert report.rows[0].status == "unmatched"
    report = run(workspace, editor, other_channel, csv("2026-02-10 09:00,,100,1"))
    assert report.rows[0].status == "unmatched"
    assert not PostResult.objects.exists()


def test_an_import_replaces_the_figures_it_has_and_keeps_the_others(workspace, editor):
    channel, posts = published_posts(workspace, editor)
    PostResultFactory(post=posts[0], impressions=5, reach=77, clicks=1)
    report = run(workspace, editor, channel, csv("2026-02-10 09:00,,100,9"))
    assert report.rows[0].status == "replace"
    result = PostResult.objects.get()
    assert (result.impressions, result.clicks, result.reach) == (100, 9, 77)


def test_the_mapping_chosen_is_remembered_for_the_channel(workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    raw = b"Date,Seen by,Clicks\n2026-02-10 09:00,100,1\n"
    report = run(workspace, editor, channel, raw, column_choices={1: "impressions"})
    assert report.ok
    again = run(workspace, editor, channel, raw, commit=False)
    assert [c.column for c in again.columns] == ["published_at", "impressions", "clicks"]


# --- Values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("1.234", 1234),
        ("1,234", 1234),
        ("12.345.678", 12345678),
        ("1 234", 1234),
        ("7", 7),
        ("12.0", 12),
        ("", None),
        ("-", None),
        ("n.v.t.", None),
    ],
)
def test_counts_as_exports_write_them(text, count):
    assert read_count(text) == count


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-02-10", "dmy", (2026, 2, 10, 0, 0, False)),
        ("2026-02-10T09:05:00", "dmy", (2026, 2, 10, 9, 5, True)),
        ("10-02-2026 09:00", "mdy", (2026, 2, 10, 9, 0, True)),  # a dash: always day first
        ("02/10/2026 09:00", "mdy", (2026, 2, 10, 9, 0, True)),
        ("10/02/2026 09:00", "dmy", (2026, 2, 10, 9, 0, True)),
        ("Feb 10, 2026 09:00", "dmy", (2026, 2, 10, 9, 0, True)),
        ("February 10, 2026 9:00 PM", "dmy", (2026, 2, 10, 21, 0, True)),
        ("10 feb. 2026 09:00", "dmy", (2026, 2, 10, 9, 0, True)),
        ("10 mrt 2026", "dmy", (2026, 3, 10, 0, 0, False)),
    ],
)
def test_dates_as_exports_write_them(text, order, expected):
    moment = read_moment(text, slash_order=order)
    value = moment.value
    assert (
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        moment.has_time,
    ) == expected


def test_a_date_only_matches_the_post_of_that_day(workspace, editor):
    channel, posts = published_posts(workspace, editor)
    report = run(workspace, editor, channel, csv("2026-02-11,,100,1"))
    assert report.ok
    assert PostResult.objects.get().post == posts[1]


# --- Hostile input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "The file is empty."),
        (b"\n\n  \n", "The file is empty."),
        (b"MZ\x90\x00\x03\x00binary", "not a CSV or Excel file"),
        (b"PK\x03\x04broken zip", "could not be read"),
        (b"just,some,words\n1,2,3\n", "No header row was found"),
        (b"Date,Impressions\n", "no rows"),
        (b"x" * (MAX_BYTES + 1), "larger than 5 MB"),
    ],
)
def test_hostile_files_save_nothing_and_say_why(workspace, editor, raw, expected):
    channel, _posts = published_posts(workspace, editor)
    report = run(workspace, editor, channel, raw)
    assert not report.ok
    assert any(expected in p for p in report.problems), report.problems
    assert not PostResult.objects.exists()


def test_not_a_spreadsheet_sample(workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    report = run(workspace, editor, channel, sample("not_a_spreadsheet.csv"))
    assert report.problems
    assert not PostResult.objects.exists()


def test_formulas_are_refused_in_excel_and_csv(workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    report = run(workspace, editor, channel, sample("formulas.xlsx"))
    assert any("formula" in e for e in report.rows[0].errors)
    report = run(workspace, editor, channel, csv('2026-02-10 09:00,,"=1000+234",1'))
    assert any("formula" in e for e in report.rows[0].errors)
    assert not PostResult.objects.exists()


def test_a_percentage_or_a_fraction_in_a_count_column_is_a_row_error(workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    report = run(
        workspace, editor, channel, csv("2026-02-10 09:00,,12%,1", "2026-02-11 12:30,,1,5")
    )
    assert report.rows[0].errors
    assert not PostResult.objects.exists()
    report = run(workspace, editor, channel, csv('2026-02-10 09:00,,"1,5",1'))
    assert report.rows[0].errors


def test_more_rows_than_the_cap_save_nothing(workspace, editor):
    channel, _posts = published_posts(workspace, editor)
    raw = csv(*["2026-02-10 09:00,,1,1"] * 10_001)
    report = run(workspace, editor, channel, raw)
    assert any("10000" in p or "10,000" in p for p in report.problems)


# --- In bulk --------------------------------------------------------------------------------


def _bulk_posts(workspace, editor, channel, count):
    start = datetime.datetime(2026, 1, 1, 8, tzinfo=AMSTERDAM)
    Post.objects.bulk_create(
        Post(
            workspace=workspace,
            channel=channel,
            owner=editor,
            status=Post.Status.PUBLISHED,
            scheduled_at=start + datetime.timedelta(hours=3 * n),
            category="curated",
            text=f"Post number {n}",
        )
        for n in range(count)
    )
    return [start + datetime.timedelta(hours=3 * n) for n in range(count)]


def _bulk_file(moments, xlsx=False):
    rows = [
        [m.strftime("%Y-%m-%d %H:%M"), f"Post number {n}", n * 10, n] for n, m in enumerate(moments)
    ]
    if xlsx:
        book = Workbook()
        sheet = book.active
        sheet.append(["Date", "Text", "Impressions", "Clicks"])
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    return csv(*[",".join(str(c) for c in row) for row in rows])


def test_queries_per_file_are_constant_and_10000_rows_take_seconds(workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    moments = _bulk_posts(workspace, editor, channel, 10_000)
    with CaptureQueriesContext(connection) as few:
        assert run(workspace, editor, channel, _bulk_file(moments[:10])).ok
    PostResult.objects.all().delete()
    began = time.monotonic()
    with CaptureQueriesContext(connection) as many:
        report = run(workspace, editor, channel, _bulk_file(moments))
    took = time.monotonic() - began
    assert report.ok
    assert report.saved == 10_000
    assert PostResult.objects.count() == 10_000
    # Saved in batches (1,000 rows, fewer where the database takes fewer parameters): the
    # queries grow with the batches, never one per row.
    fields = [f for f in PostResult._meta.concrete_fields if not f.primary_key]
    batch = min(1000, connection.ops.bulk_batch_size(fields, [None] * 10_000))
    assert len(many.captured_queries) <= len(few.captured_queries) + math.ceil(10_000 / batch)
    assert took < 20, took
    print(f"10000 rows: {took:.2f}s, {len(many.captured_queries)} queries")


def test_10000_rows_from_excel(workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    moments = _bulk_posts(workspace, editor, channel, 10_000)
    began = time.monotonic()
    report = run(workspace, editor, channel, _bulk_file(moments, xlsx=True))
    took = time.monotonic() - began
    assert report.ok
    assert report.saved == 10_000
    print(f"10000 xlsx rows: {took:.2f}s")
