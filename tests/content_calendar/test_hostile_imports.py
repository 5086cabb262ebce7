"""Hostile files for the posts importers (our CSV and Hootsuite's), with hypothesis: random
bytes, random text, CSV-ish rows with quotes, separators, byte-order marks, huge fields and
impossible dates, and valid exports damaged at random. Whatever the file, the importer answers
with a report (or a ValidationError), never another exception; and it imports every row or
none: the rows of every table are counted before and after."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from content_calendar import exchange

from ..accounts_registry.factories import SocialAccountFactory
from ..workspaces.test_backup import changed, row_counts
from .factories import PostFactory

EXAMPLES = 50
hostile = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written to the project folder
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


FUTURE = timezone.now().year + 3
# Values that make a row valid, so some files import and the all-or-nothing is tested both ways.
GOOD_CELLS = [
    f"{FUTURE}-03-02",
    "10:15",
    "linkedin_page:van-dijk",
    "x:@vandijk",
    "engagement",
    "curated",
    "draft",
    "idea",
    "What do you think?",
    "https://example.com/a",
    "editor@example.com",
    f"02/03/{FUTURE} 10:15",
    f"03/02/{FUTURE} 09:30",
]
TRICKY_CELLS = [
    '"',
    '""',
    '"a""b',
    ",",
    ";",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\ufeff",
    "\x00",
    "'",
    "#aurora",
    " ",
    "“quoted”",
    "=HYPERLINK()",
    "ready",
    "published",
    "0001-01-01",
    "9999-12-31",
    "23:59",
    "00:00",
    "24:00",
    "31/12/9999 23:55",
    "01/01/0001 00:00",
    "12/31/9999 23:55",
    "2030-02-30",
    "x" * 301,
    "x:" + "@" * 200,
    "javascript:alert(1)",
    "\ud7ff\ue000",
]
HEADERS = [
    exchange.PLANNER_COLUMNS,
    ["date", "time", "channel", "category", "text"],
    ["Date", " TIME ", "channel", "category", "text", "text", "owner_email"],
    ["date", "time"],
    [],
]

cells = st.one_of(
    st.sampled_from(GOOD_CELLS),
    st.sampled_from(TRICKY_CELLS),
    st.text(max_size=30),
    st.integers(min_value=1_000, max_value=300_000).map(lambda n: "y" * n),  # huge fields
)
rows = st.lists(st.lists(cells, max_size=10), max_size=8)


@st.composite
def csvish_files(draw) -> bytes:
    """A CSV-ish file: a header or not, rows written by the csv module with a random
    separator and quoting, or glued together by hand (unbalanced quotes), a byte-order mark,
    one of several encodings."""
    lines = draw(rows)
    header = draw(st.sampled_from([None, *HEADERS]))
    if header is not None:
        lines = [header, *lines]
    separator = draw(st.sampled_from([",", ";", "\t", "|"]))
    if draw(st.booleans()):
        out = io.StringIO()
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
        csv.writer(out, delimiter=separator, quoting=quoting).writerows(lines)
        text = out.getvalue()
    else:
        newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        text = newline.join(separator.join(line) for line in lines)
    if draw(st.booleans()):
        text = "\ufeff" + text
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "cp1252", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


random_files = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    csvish_files(),
)


@st.composite
def damaged(draw, raw: bytes) -> bytes:
    """A valid file, cut, with bytes inserted, removed or a line doubled."""
    how = draw(st.sampled_from(["cut", "insert", "remove", "double"]))
    at = draw(st.integers(min_value=0, max_value=len(raw)))
    if how == "cut":
        return raw[:at]
    if how == "insert":
        return raw[:at] + draw(st.binary(min_size=1, max_size=20)) + raw[at:]
    if how == "remove":
        return raw[:at] + raw[at + draw(st.integers(min_value=1, max_value=30)) :]
    lines = raw.splitlines(keepends=True)
    index = draw(st.integers(min_value=0, max_value=max(0, len(lines) - 1)))
    return b"".join([*lines[: index + 1], *lines[index:]])


@pytest.fixture(params=["Europe/Amsterdam", "America/Los_Angeles"])
def calendar(request, workspace, editor):
    """A workspace east and one west of UTC (a time near the end of the calendar is another
    day in UTC), with two channels and a post already planned."""
    workspace.time_zone = request.param
    workspace.save()
    linkedin = SocialAccountFactory(
        workspace=workspace, platform="linkedin_page", handle="van-dijk"
    )
    x = SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")
    PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Already planned")
    return workspace, linkedin, x


def import_all_or_nothing(**kwargs) -> exchange.PostImportReport | None:
    """Import; then check the database holds every row of the file or nothing of it. Each
    example is rolled back afterwards, so the next starts from the same database."""
    with transaction.atomic():
        before = row_counts()
        try:
            report = exchange.posts_import(commit=True, **kwargs)
        except ValidationError:
            report = None
        difference = changed(before, row_counts())
        if report is not None and report.ok and (report.added or report.updated):
            # Rows already planned are skipped: only the new ones are written, and each post
            # written, new or changed, also writes its history.
            expected = {
                "content_calendar_post": report.added,
                "content_calendar_historicalpost": report.added + report.updated,
            }
            assert difference == {k: n for k, n in expected.items() if n}, difference
        else:
            assert difference == {}, (difference, report)
        transaction.set_rollback(True)
    return report


@hostile
@given(raw=random_files, date_order=st.sampled_from(["dmy", "mdy"]))
@example(raw=f"{FUTURE}-03-02,10:15,x:@vandijk,curated,Hi".encode(), date_order="dmy")
@example(
    raw=b"date,time,channel,category,text\n9999-12-31,23:59,x:@vandijk,curated,Late\n",
    date_order="dmy",
)
def test_our_csv_never_crashes_and_imports_all_or_nothing(calendar, editor, raw, date_order):
    workspace, _linkedin, _x = calendar
    import_all_or_nothing(workspace=workspace, by=editor, raw=raw, fmt="planner")


@hostile
@given(
    raw=random_files,
    date_order=st.sampled_from(["dmy", "mdy"]),
    category=st.sampled_from(["engagement", "", "nonsense"]),
)
@example(raw=b"31/12/9999 23:55,Late,", date_order="dmy", category="curated")
@example(raw=b"12/31/9999 23:55,Late,", date_order="mdy", category="curated")
def test_a_hootsuite_file_never_crashes_and_imports_all_or_nothing(
    calendar, editor, raw, date_order, category
):
    workspace, _linkedin, x = calendar
    import_all_or_nothing(
        workspace=workspace,
        by=editor,
        raw=raw,
        fmt="hootsuite",
        channel=x,
        category=category,
        date_order=date_order,
    )


@pytest.fixture
def planner_file(calendar, editor) -> bytes:
    """Our export of four posts (commas, quotes, line breaks in the text)."""
    workspace, linkedin, _x = calendar
    for n in range(4):
        PostFactory(
            workspace=workspace,
            channel=linkedin,
            owner=editor,
            text=f'Post {n}, with a comma; "quotes" and “quotes”\nover two lines',
            scheduled_at=timezone.now() + datetime.timedelta(days=30, hours=n),
            link=f"https://example.com/{n}",
        )
    day = timezone.now().astimezone(ZoneInfo(workspace.time_zone)).date()
    return exchange.planner_csv(
        workspace=workspace, start=day, end=day + datetime.timedelta(days=40)
    ).encode()


@pytest.fixture(params=["dmy", "mdy"])
def hootsuite_file(request, calendar, editor) -> tuple[bytes, str]:
    """Hootsuite's export of four posts in one date order."""
    workspace, _linkedin, x = calendar
    for n in range(4):
        PostFactory(
            workspace=workspace,
            channel=x,
            owner=editor,
            text=f'Tweet {n}, "quoted"',
            scheduled_at=timezone.now() + datetime.timedelta(days=30, hours=n),
        )
    day = timezone.now().astimezone(ZoneInfo(workspace.time_zone)).date()
    export = exchange.hootsuite_export(
        workspace=workspace,
        start=day,
        end=day + datetime.timedelta(days=40),
        date_order=request.param,
    )
    return "".join(export.files.values()).encode(), request.param


@hostile
@given(data=st.data())
def test_a_damaged_export_of_ours_never_crashes_and_imports_all_or_nothing(
    calendar, editor, planner_file, data
):
    workspace, _linkedin, _x = calendar
    report = import_all_or_nothing(workspace=workspace, by=editor, raw=planner_file, fmt="planner")
    assert report.ok
    assert len(report.rows) == 5  # these four and the fixture's post
    assert report.skipped == 5  # all of them already planned
    raw = data.draw(damaged(planner_file))
    import_all_or_nothing(workspace=workspace, by=editor, raw=raw, fmt="planner")


@hostile
@given(data=st.data())
def test_a_damaged_hootsuite_export_never_crashes_and_imports_all_or_nothing(
    calendar, editor, hootsuite_file, data
):
    workspace, _linkedin, x = calendar
    raw, date_order = hootsuite_file
    options = {"fmt": "hootsuite", "channel": x, "category": "curated", "date_order": date_order}
    # The tweets are planned already, perhaps in another category: update them.
    options["update_choice"] = "update"
    report = import_all_or_nothing(workspace=workspace, by=editor, raw=raw, **options)
    assert report.ok, [(r.errors, r.status, r.changes) for r in report.rows]
    assert len(report.rows) == 5  # these four and the fixture's post
    import_all_or_nothing(workspace=workspace, by=editor, raw=data.draw(damaged(raw)), **options)


# --- What the properties found, kept as plain examples ----------------------------------------


def test_a_time_the_calendar_cannot_hold_is_a_row_error(workspace, editor):
    workspace.time_zone = "America/Los_Angeles"  # 31 Dec 9999 23:59 here is the year 10000 in UTC
    workspace.save()
    SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")
    raw = b"date,time,channel,category,text\n9999-12-31,23:59,x:@vandijk,curated,Late\n"
    report = exchange.posts_import(
        workspace=workspace, by=editor, raw=raw, fmt="planner", commit=True
    )
    assert report.rows[0].errors == ["The date is out of range: “9999-12-31 23:59”."]
    assert not report.ok


def test_a_text_with_quotes_and_a_line_break_comes_back_as_it_was(workspace, editor):
    channel = SocialAccountFactory(workspace=workspace, platform="linkedin_page", handle="vd")
    text = 'Open day, "all welcome";\nbring a friend'
    for hours in (1, 2, 3):
        PostFactory(
            workspace=workspace,
            channel=channel,
            owner=editor,
            text=f"{text} {hours}",
            link="https://example.com/open-day",
            scheduled_at=timezone.now() + datetime.timedelta(days=10, hours=hours),
        )
    day = timezone.localdate() + datetime.timedelta(days=10)
    raw = exchange.planner_csv(
        workspace=workspace,
        start=day - datetime.timedelta(days=1),
        end=day + datetime.timedelta(days=1),
    )
    report = exchange.posts_import(
        workspace=workspace, by=editor, raw=raw.encode(), fmt="planner", commit=False
    )
    assert [r.text for r in report.rows] == [f"{text} {hours}" for hours in (1, 2, 3)]
