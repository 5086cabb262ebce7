import csv
import datetime
import io
import zipfile
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from content_calendar import exchange, services
from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def future_day(days=10) -> datetime.date:
    return timezone.now().astimezone(AMSTERDAM).date() + datetime.timedelta(days=days)


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), AMSTERDAM)


@pytest.fixture
def x_account(workspace):
    return SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")


class TestHootsuiteExport:
    def test_one_file_per_channel_without_header_on_five_minute_steps(
        self, workspace, editor, x_account
    ):
        day = future_day()
        PostFactory(
            workspace=workspace,
            channel=x_account,
            owner=editor,
            scheduled_at=at(day, 9, 32),
            text="First",
            link="https://example.com/a",
        )
        PostFactory(
            workspace=workspace,
            channel=x_account,
            owner=editor,
            scheduled_at=at(day, 14, 0),
            text="Second",
        )
        result = exchange.hootsuite_export(
            workspace=workspace, start=day, end=day, date_order="dmy"
        )
        assert list(result.files) == ["hootsuite-x-vandijk-1.csv"]
        rows = list(csv.reader(io.StringIO(result.files["hootsuite-x-vandijk-1.csv"])))
        assert rows == [
            [f"{day:%d/%m/%Y} 09:30", "First", "https://example.com/a"],
            [f"{day:%d/%m/%Y} 14:00", "Second", ""],
        ]
        assert len(result.moved) == 1
        assert "moved to 09:30" in result.moved[0]

    def test_a_time_rounded_past_midnight_says_the_date_changed_too(
        self, workspace, editor, x_account
    ):
        day = datetime.date(2030, 11, 2)
        PostFactory(
            workspace=workspace,
            channel=x_account,
            owner=editor,
            scheduled_at=at(day, 23, 58),
            text="Late",
        )
        result = exchange.hootsuite_export(workspace=workspace, start=day, end=day)
        assert result.moved == [
            "X (Twitter) · @vandijk · 2030-11-02 23:58 · Late: moved to 00:00 on 3 Nov "
            "(Hootsuite takes times on 5-minute steps)."
        ]
        rows = list(csv.reader(io.StringIO(result.files["hootsuite-x-vandijk-1.csv"])))
        assert rows == [["03/11/2030 00:00", "Late", ""]]

    def test_refusals_are_listed_not_dropped_silently(self, workspace, editor, x_account):
        day = future_day()
        PostFactory(
            workspace=workspace,
            channel=x_account,
            owner=editor,
            scheduled_at=at(day, 9),
            text="Same",
        )
        PostFactory(
            workspace=workspace,
            channel=x_account,
            owner=editor,
            scheduled_at=at(day, 10),
            text="Same",
        )
        past = timezone.now().astimezone(AMSTERDAM) - datetime.timedelta(days=1)
        PostFactory(
            workspace=workspace, channel=x_account, owner=editor, scheduled_at=past, text="Old"
        )
        result = exchange.hootsuite_export(workspace=workspace, start=past.date(), end=day)
        assert len(result.refused) == 2
        assert any("in the past" in line for line in result.refused)
        assert any("same text" in line for line in result.refused)

    def test_files_are_split_at_350_rows_and_zipped(self, workspace, editor, x_account):
        day = future_day(2)
        Post.objects.bulk_create(
            Post(
                workspace=workspace,
                channel=x_account,
                owner=editor,
                category="curated",
                text=f"Post {n}",
                scheduled_at=at(day, 0) + datetime.timedelta(minutes=5 * n),
            )
            for n in range(400)
        )
        result = exchange.hootsuite_export(
            workspace=workspace, start=day, end=day + datetime.timedelta(days=2)
        )
        sizes = [len(text.splitlines()) for text in result.files.values()]
        assert sizes == [350, 50]
        with zipfile.ZipFile(io.BytesIO(result.as_zip())) as archive:
            assert sorted(archive.namelist()) == sorted(result.files)

    def test_an_export_re_imports_to_the_same_posts(
        self, workspace, other_workspace, editor, x_account
    ):
        day = future_day()
        for hour, text in ((9, "Morning"), (13, "Afternoon #tips")):
            PostFactory(
                workspace=workspace,
                channel=x_account,
                owner=editor,
                scheduled_at=at(day, hour),
                text=text,
                link="https://example.com",
            )
        result = exchange.hootsuite_export(
            workspace=workspace, start=day, end=day, date_order="mdy"
        )
        Post.objects.all().delete()
        raw = next(iter(result.files.values())).encode()
        report = exchange.posts_import(
            workspace=workspace,
            by=editor,
            raw=raw,
            fmt="hootsuite",
            commit=True,
            channel=x_account,
            category="engagement",
            date_order="mdy",
        )
        assert report.ok, [r.errors for r in report.rows]
        imported = list(Post.objects.order_by("scheduled_at"))
        assert [(p.text, p.link, p.scheduled_at, p.channel) for p in imported] == [
            ("Morning", "https://example.com", at(day, 9), x_account),
            ("Afternoon #tips", "https://example.com", at(day, 13), x_account),
        ]


class TestHootsuiteImport:
    def run(self, workspace, editor, channel, text, commit=True, **kwargs):
        options = {"category": "curated", "date_order": "dmy", **kwargs}
        raw = text if isinstance(text, bytes) else text.encode()
        return exchange.posts_import(
            workspace=workspace,
            by=editor,
            raw=raw,
            fmt="hootsuite",
            commit=commit,
            channel=channel,
            **options,
        )

    def test_bom_header_semicolons_and_a_row_category(self, workspace, editor, x_account):
        day = future_day()
        text = (
            f"\ufeffDate;Message;Link\n{day:%d/%m/%Y} 09:00;Hello;\n"
            f"{day:%d/%m/%Y} 10:05;Question?;\n"
        )
        # The question is on the file's third line, after the header.
        report = self.run(workspace, editor, x_account, text, row_categories={3: "engagement"})
        assert report.ok, [r.errors for r in report.rows]
        assert list(Post.objects.order_by("scheduled_at").values_list("category", flat=True)) == [
            "curated",
            "engagement",
        ]

    @pytest.mark.parametrize(
        ("line", "problem"),
        [
            ("32/13/2026 09:00,Bad date,", "Not a date and time"),
            ("{day} 09:00,,", "The message is empty"),
            ("{day} 09:03,Off the step,", "5-minute steps"),
            ("01/01/2020 09:00,Long ago,", "in the past"),
            ("{day} 11:00," + "x" * 281 + ",", "takes at most 280"),
            ("{day} 12:00,Fine,", "twice"),
        ],
    )
    def test_each_bad_row_is_reported_and_nothing_is_imported(
        self, workspace, editor, x_account, line, problem
    ):
        day = f"{future_day():%d/%m/%Y}"
        text = f"{day} 12:00,Fine,\n" + line.format(day=day) + "\n"
        report = self.run(workspace, editor, x_account, text)
        assert not report.ok
        assert problem in " ".join(report.rows[1].errors)
        assert not Post.objects.exists()

    def test_more_than_350_rows_are_refused_and_nothing_is_imported(
        self, workspace, editor, x_account
    ):
        start = datetime.datetime.combine(future_day(), datetime.time(8, 0))
        text = "".join(
            f"{start + datetime.timedelta(minutes=5 * n):%d/%m/%Y %H:%M},Post {n},\n"
            for n in range(351)
        )
        report = self.run(workspace, editor, x_account, text)
        assert report.problems == [
            "The file has 351 posts; Hootsuite takes at most 350 in one file. Nothing was "
            "imported: split the file into parts of at most 350 rows."
        ]
        assert not report.ok
        assert not Post.objects.exists()

    def test_350_rows_after_a_header_are_imported(self, workspace, editor, x_account):
        start = datetime.datetime.combine(future_day(), datetime.time(8, 0))
        text = "Date,Message,Link\n" + "".join(
            f"{start + datetime.timedelta(minutes=5 * n):%d/%m/%Y %H:%M},Post {n},\n"
            for n in range(350)
        )
        report = self.run(workspace, editor, x_account, text)
        assert report.ok, report.problems
        assert Post.objects.count() == 350

    def test_rows_are_reported_on_the_files_own_lines(self, workspace, editor, x_account):
        day = f"{future_day():%d/%m/%Y}"
        text = (
            f"Date,Message,Link\n{day} 09:00,Fine,\n{day} 09:03,Off the step,\n"
            f'\n{day} 10:00,"Two\nlines",\n{day} 11:00,,\n'
        )
        report = self.run(workspace, editor, x_account, text, commit=False)
        assert [(r.line, bool(r.errors)) for r in report.rows] == [
            (2, False),
            (3, True),  # the file's third line, after the header
            (5, False),  # after a blank line
            (7, True),  # after a message over two lines
        ]

    def test_a_row_category_chooses_by_the_files_line(self, workspace, editor, x_account):
        day = f"{future_day():%d/%m/%Y}"
        text = f"\n{day} 09:00,First,\n{day} 10:00,Second,\n"
        self.run(workspace, editor, x_account, text, row_categories={3: "engagement"})
        assert dict(Post.objects.values_list("text", "category")) == {
            "First": "curated",
            "Second": "engagement",
        }

    def test_an_unknown_row_category_is_one_clear_error(self, workspace, editor, x_account):
        day = f"{future_day():%d/%m/%Y}"
        report = self.run(
            workspace, editor, x_account, f"{day} 09:00,Hi,\n", row_categories={1: "gossip"}
        )
        assert report.rows[0].errors == ["Unknown category “gossip”."]
        assert not Post.objects.exists()

    def test_not_a_csv_at_all(self, workspace, editor, x_account):
        report = self.run(workspace, editor, x_account, b"\x00\x01\x02PK\x03\x04")
        assert report.problems == ["This is not a CSV file (it holds binary data)."]

    def test_a_channel_and_a_category_are_required(self, workspace, editor):
        report = self.run(workspace, editor, None, "x")
        assert report.problems == ["Choose the channel this Hootsuite file is for."]


class TestPlannerCsv:
    def test_round_trip(self, workspace, editor, x_account):
        day = future_day()
        PostFactory(
            workspace=workspace,
            channel=x_account,
            owner=editor,
            scheduled_at=at(day, 9),
            text="One",
            serves_note="Recruiting",
        )
        text = exchange.planner_csv(workspace=workspace, start=day, end=day)
        Post.objects.all().delete()
        report = exchange.posts_import(
            workspace=workspace, by=editor, raw=text.encode(), fmt="planner", commit=True
        )
        assert report.ok, [r.errors for r in report.rows]
        post = Post.objects.get()
        assert (post.text, post.serves, post.scheduled_at, post.owner) == (
            "One",
            "Recruiting",
            at(day, 9),
            editor,
        )

    def test_unknown_channel_and_category(self, workspace, editor):
        text = "date,time,channel,category,text\n2030-01-01,09:00,x:@nobody,gossip,Hi\n"
        report = exchange.posts_import(
            workspace=workspace, by=editor, raw=text.encode(), fmt="planner", commit=True
        )
        errors = " ".join(report.rows[0].errors)
        assert "Unknown channel" in errors
        assert "Unknown category" in errors
        assert not Post.objects.exists()

    def test_an_unknown_category_is_one_clear_error_that_an_empty_choice_keeps(
        self, workspace, editor, x_account
    ):
        day = future_day()
        text = f"date,time,channel,category,text\n{day},09:00,x:@vandijk,gossip,Hi\n"
        for row_categories in ({}, {2: ""}):
            report = exchange.posts_import(
                workspace=workspace,
                by=editor,
                raw=text.encode(),
                fmt="planner",
                commit=True,
                row_categories=row_categories,
            )
            assert report.rows[0].errors == ["Unknown category “gossip”."]
            assert report.rows[0].category_known is False
        assert not Post.objects.exists()
        report = exchange.posts_import(
            workspace=workspace,
            by=editor,
            raw=text.encode(),
            fmt="planner",
            commit=True,
            row_categories={2: "engagement"},
        )
        assert report.ok, [r.errors for r in report.rows]
        assert Post.objects.get().category == "engagement"

    def test_a_missing_category_is_said_so(self, workspace, editor, x_account):
        text = f"date,time,channel,category,text\n{future_day()},09:00,x:@vandijk,,Hi\n"
        report = exchange.posts_import(
            workspace=workspace, by=editor, raw=text.encode(), fmt="planner", commit=False
        )
        assert report.rows[0].errors == ["The category is missing."]

    def test_rows_are_reported_on_the_files_own_lines(self, workspace, editor, x_account):
        day = future_day()
        text = (
            "date,time,channel,category,text\n"
            f'{day},09:00,x:@vandijk,curated,"A message\nover two lines"\n'
            "\n"
            f"{day},10:00,x:@vandijk,gossip,Hi\n"
        )
        report = exchange.posts_import(
            workspace=workspace, by=editor, raw=text.encode(), fmt="planner", commit=False
        )
        assert [r.line for r in report.rows] == [2, 5]


class TestFeed:
    def test_a_calendar_program_can_read_it_and_sees_updates_not_duplicates(
        self, workspace, editor, x_account
    ):
        post = PostFactory(
            workspace=workspace,
            channel=x_account,
            owner=editor,
            scheduled_at=at(future_day(), 9),
            text="Hello",
        )
        first = icalendar.Calendar.from_ical(exchange.ical_feed(workspace=workspace))
        events = list(first.walk("VEVENT"))
        assert len(events) == 1
        uid, sequence = str(events[0]["uid"]), int(events[0]["sequence"])
        assert "Hello" in str(events[0]["summary"])
        services.post_update(post=post, by=editor, text="Hello again")
        again = list(
            icalendar.Calendar.from_ical(exchange.ical_feed(workspace=workspace)).walk("VEVENT")
        )
        assert str(again[0]["uid"]) == uid
        assert int(again[0]["sequence"]) > sequence

    def test_per_channel_and_without_cancelled_posts(self, workspace, editor, x_account):
        other = SocialAccountFactory(workspace=workspace, platform="instagram")
        PostFactory(workspace=workspace, channel=x_account, owner=editor, text="On X")
        PostFactory(workspace=workspace, channel=other, owner=editor, text="On Instagram")
        PostFactory(
            workspace=workspace,
            channel=x_account,
            owner=editor,
            text="Cancelled",
            status="cancelled",
        )
        feed = icalendar.Calendar.from_ical(
            exchange.ical_feed(workspace=workspace, channel=x_account)
        )
        assert [str(e["summary"]).split(": ", 1)[1] for e in feed.walk("VEVENT")] == ["On X"]
