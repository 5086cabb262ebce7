"""A preview of a large file checks its rows in bulk and files have a row limit: a planner CSV
of 17,500 rows, checked with a few queries per row, ran past the web server's timeout."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_calendar import exchange

from ..accounts_registry.factories import SocialAccountFactory

HEADER = "date,time,channel,category,text\n"


def planner_file(channel, rows: int) -> bytes:
    day = datetime.date.today() + datetime.timedelta(days=30)
    lines = [
        f"{day + datetime.timedelta(days=i // 20):%Y-%m-%d},{9 + i % 10}:{(i % 2) * 30:02d},"
        f"{channel.platform}:{channel.handle},curated,Post number {i}\n"
        for i in range(rows)
    ]
    return (HEADER + "".join(lines)).encode()


def preview_queries(workspace, editor, raw) -> tuple[int, exchange.PostImportReport]:
    with CaptureQueriesContext(connection) as counted:
        report = exchange.posts_import(
            workspace=workspace, by=editor, raw=raw, fmt="planner", commit=False
        )
    return len(counted.captured_queries), report


def test_the_preview_reads_the_same_few_times_for_10_rows_as_for_500(workspace, editor):
    channel = SocialAccountFactory(workspace=workspace, platform="linkedin_page", handle="vd")
    few, small = preview_queries(workspace, editor, planner_file(channel, 10))
    many, large = preview_queries(workspace, editor, planner_file(channel, 500))
    assert small.ok
    assert large.ok, [r.errors for r in large.rows if r.errors][:3]
    assert len(large.rows) == 500
    assert many == few


def test_a_file_over_the_row_limit_is_refused_saying_what_to_do(workspace, editor):
    channel = SocialAccountFactory(workspace=workspace, platform="linkedin_page", handle="vd")
    raw = planner_file(channel, exchange.IMPORT_MAX_ROWS + 1)
    _queries, report = preview_queries(workspace, editor, raw)
    assert not report.ok
    assert any("split it into files of at most 5000 rows" in p for p in report.problems)
