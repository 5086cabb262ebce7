"""Two confirms of the same upload at the same moment (two tabs, a double click), on
PostgreSQL: the second waits for the first, then finds every row already planned, so the file
is imported once."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from content_calendar import exchange
from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite writes one transaction at a time, so two confirms never overlap there; "
        "the row locks are tested on PostgreSQL (DATABASE_URL)",
    ),
]


def at_once(*calls):
    """Run each call in a thread of its own, released together; what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a confirm is still waiting after 30 s"
    return outcomes


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
