"""Two confirms of the same upload at the same moment (two tabs, a double click), on
PostgreSQL: the second waits for the first, then finds every row already planned, so the file
is imported once."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from content_calendar import exchange
from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from ..concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite writes one transaction at a time, so two confirms never overlap there; "
        "the row locks are tested on PostgreSQL (DATABASE_URL)",
    ),
]


@pytest.mark.parametrize("fmt", ["hootsuite", "planner"])
@pytest.mark.parametrize("rounds", range(3))
def test_two_confirms_of_the_same_file_import_it_once(workspace, editor, fmt, rounds):
    channel = SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")
    day = (timezone.now() + datetime.timedelta(days=10)).date()
    if fmt == "hootsuite":
        raw = "".join(f"{day:%d/%m/%Y} {9 + n:02}:00,Post {n},\n" for n in range(6)).encode()
    else:
        raw = (
            "date,time,channel,category,text\n"
            + "".join(
                f"{day:%Y-%m-%d},{9 + n:02}:00,x:@vandijk,curated,Post {n}\n" for n in range(6)
            )
        ).encode()

    def confirm():
        return exchange.posts_import(
            workspace=workspace,
            by=editor,
            raw=raw,
            fmt=fmt,
            commit=True,
            channel=channel,
            category="curated",
            date_order="dmy",
        )

    outcomes = at_once(confirm, confirm)

    assert all(isinstance(o, exchange.PostImportReport) and o.ok for o in outcomes), outcomes
    assert sorted((o.added, o.skipped) for o in outcomes) == [(0, 6), (6, 0)]
    assert Post.objects.filter(workspace=workspace).count() == 6
