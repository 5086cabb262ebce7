"""Importing the same file twice changes nothing: a row already planned is skipped, a row that
changes a planned post is an update the person chooses to make or to add as a new post, and the
preview shows each date as it was read, with its weekday, in the reader's language."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from content_calendar import exchange
from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# A Tuesday in March, always ahead: "Tue 2 Mar", "di 2 mrt" (or 3 February read month first).
DAY = next(
    datetime.date(year, 3, 2)
    for year in range(timezone.now().year + 1, timezone.now().year + 12)
    if datetime.date(year, 3, 2).weekday() == 1
)


@pytest.fixture
def x_account(workspace):
    return SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")


def hootsuite(workspace, editor, channel, text, commit=True, **kwargs):
    options = {"category": "curated", "date_order": "dmy", **kwargs}
    return exchange.posts_import(
        workspace=workspace,
        by=editor,
        raw=text.encode(),
        fmt="hootsuite",
        commit=commit,
        channel=channel,
        **options,
    )


def posts(workspace):
    return sorted(
        (p.text, p.scheduled_at.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M"), p.link)
        for p in Post.objects.filter(workspace=workspace)
    )


FILE = f"{DAY:%d/%m/%Y} 09:00,Morning,https://example.com/a\n{DAY:%d/%m/%Y} 12:00,Noon,\n"


class TestTheSameFileTwice:
    def test_a_hootsuite_file_imported_twice_changes_nothing_the_second_time(
        self, workspace, editor, x_account
    ):
        assert hootsuite(workspace, editor, x_account, FILE).ok
        before = posts(workspace)
        preview = hootsuite(workspace, editor, x_account, FILE, commit=False)
        assert [r.status for r in preview.rows] == ["same", "same"]
        assert (preview.added, preview.skipped, preview.ok) == (0, 2, True)
        again = hootsuite(workspace, editor, x_account, FILE)
        assert again.ok
        assert posts(workspace) == before
        assert len(before) == 2

    def test_our_csv_exported_and_imported_again_changes_nothing(
        self, workspace, editor, x_account
    ):
        for hour, text in ((9, "=1+1 is two"), (13, "-50% today\nonly")):
            PostFactory(
                workspace=workspace,
                channel=x_account,
                owner=editor,
                scheduled_at=datetime.datetime.combine(DAY, datetime.time(hour), AMSTERDAM),
                text=text,
                serves_note="Recruiting",
            )
        before = posts(workspace)
        raw = exchange.planner_csv(workspace=workspace, start=DAY, end=DAY).encode()
        for _ in range(2):
            report = exchange.posts_import(
                workspace=workspace, by=editor, raw=raw, fmt="planner", commit=True
            )
            assert report.ok, [r.errors for r in report.rows]
            assert report.skipped == 2
        assert posts(workspace) == before

    def test_a_cancelled_post_is_not_what_a_row_is_already(self, workspace, editor, x_account):
        hootsuite(workspace, editor, x_account, FILE)
        Post.objects.filter(text="Noon").update(status=Post.Status.CANCELLED)
        report = hootsuite(workspace, editor, x_account, FILE, commit=False)
        assert [r.status for r in report.rows] == ["same", "new"]


class TestARowThatChangesAPlannedPost:
    def test_another_text_at_the_same_time_is_an_update_to_choose(
        self, workspace, editor, x_account
    ):
        hootsuite(workspace, editor, x_account, FILE)
        corrected = FILE.replace("Noon,", '"Noon, corrected",')
        report = hootsuite(workspace, editor, x_account, corrected)
        row = report.rows[1]
        assert (row.status, row.choice) == ("update", "")
        assert row.changes == ["text: “Noon” → “Noon, corrected”"]
        # Nothing happens until the person chooses.
        assert not report.ok
        assert ("Noon", f"{DAY:%Y-%m-%d} 12:00", "") in posts(workspace)

        report = hootsuite(workspace, editor, x_account, corrected, row_choices={2: "update"})
        assert report.ok
        assert (report.added, report.updated, report.skipped) == (0, 1, 1)
        assert posts(workspace) == [
            ("Morning", f"{DAY:%Y-%m-%d} 09:00", "https://example.com/a"),
            ("Noon, corrected", f"{DAY:%Y-%m-%d} 12:00", ""),
        ]
        assert Post.objects.get(text="Noon, corrected").revision == 1  # the feed sees a change

    def test_the_same_text_at_another_time_can_be_added_next_to_it(
        self, workspace, editor, x_account
    ):
        hootsuite(workspace, editor, x_account, FILE)
        moved = FILE.replace("12:00,Noon", "12:30,Noon")
        preview = hootsuite(workspace, editor, x_account, moved, commit=False)
        assert preview.rows[1].changes == [
            f"time: “{DAY:%a} 2 Mar {DAY.year} 12:00” → “{DAY:%a} 2 Mar {DAY.year} 12:30”"
        ]
        report = hootsuite(workspace, editor, x_account, moved, update_choice="add")
        assert report.ok
        assert [p[:2] for p in posts(workspace)] == [
            ("Morning", f"{DAY:%Y-%m-%d} 09:00"),
            ("Noon", f"{DAY:%Y-%m-%d} 12:00"),
            ("Noon", f"{DAY:%Y-%m-%d} 12:30"),
        ]

    def test_the_page_asks_and_the_choice_for_all_rows_updates(
        self, client, workspace, editor, x_account
    ):
        hootsuite(workspace, editor, x_account, FILE)
        client.force_login(editor)
        url = reverse("calendar:import", kwargs={"workspace": workspace.slug})
        form = {"format": "hootsuite", "channel": x_account.pk, "category": "curated"}
        form["date_order"] = "dmy"
        raw = FILE.replace("Morning", "Good morning").replace("Noon,", "Lunch,").encode()
        preview = client.post(url, {**form, "file": SimpleUploadedFile("h.csv", raw)})
        html = preview.content.decode()
        assert "Changes a planned post:" in html
        assert "Choose for each whether to update that post or to add a new one" in html
        assert "Import these posts" not in html
        checked = client.post(
            url, {**form, "csv_text": preview.context["csv_text"], "update_choice": "update"}
        )
        assert "2 planned posts are updated." in checked.content.decode()
        done = client.post(
            url,
            {
                **form,
                "csv_text": preview.context["csv_text"],
                "update_choice": "update",
                "confirm": "1",
            },
            follow=True,
        )
        assert "0 posts are imported. 2 planned posts are updated." in done.content.decode()
        assert [p[0] for p in posts(workspace)] == ["Good morning", "Lunch"]


class TestDatesAsRead:
    def preview(self, client, workspace, editor, channel, raw, language="en", **fields):
        client.force_login(editor)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        url = reverse("calendar:import", kwargs={"workspace": workspace.slug})
        form = {"format": "hootsuite", "channel": channel.pk, "category": "curated", **fields}
        return client.post(url, {**form, "file": SimpleUploadedFile("h.csv", raw.encode())})

    @pytest.mark.parametrize(
        ("language", "shown"),
        [("en", "{weekday} 2 Mar {year} 09:00"), ("nl", "di 2 mrt {year} 09:00")],
    )
    def test_each_date_is_shown_with_its_weekday_in_the_readers_language(
        self, client, workspace, editor, x_account, language, shown
    ):
        response = self.preview(
            client, workspace, editor, x_account, FILE, language, date_order="dmy"
        )
        assert shown.format(weekday=f"{DAY:%a}", year=DAY.year) in response.content.decode()

    def test_dates_that_only_read_month_first_are_offered_the_switch(
        self, client, workspace, editor, x_account
    ):
        raw = f"03/31/{DAY.year} 09:00,End of March,\n03/02/{DAY.year} 10:00,Second,\n"
        response = self.preview(client, workspace, editor, x_account, raw, date_order="dmy")
        html = response.content.decode()
        assert "These dates read as month/day: switch?" in html
        assert "Import these posts" not in html
        url = reverse("calendar:import", kwargs={"workspace": workspace.slug})
        form = {"format": "hootsuite", "channel": x_account.pk, "category": "curated"}
        switched = client.post(
            url,
            {
                **form,
                "date_order": "dmy",
                "csv_text": response.context["csv_text"],
                "switch_date_order": "mdy",
            },
        )
        html = switched.content.decode()
        assert "switch?" not in html
        assert f"{datetime.date(DAY.year, 3, 31):%a} 31 Mar {DAY.year} 09:00" in html
        assert "Import these posts" in html
        # The choice goes on to the confirm.
        assert switched.context["form"]["date_order"].value() == "mdy"
        client.post(
            url,
            {**form, "date_order": "mdy", "csv_text": response.context["csv_text"], "confirm": "1"},
        )
        assert [p[:2] for p in posts(workspace)] == [
            ("End of March", f"{DAY.year}-03-31 09:00"),
            ("Second", f"{DAY.year}-03-02 10:00"),
        ]

    def test_dates_that_read_either_way_are_asked_not_guessed(
        self, client, workspace, editor, x_account
    ):
        response = self.preview(client, workspace, editor, x_account, FILE, date_order="")
        html = response.content.decode()
        assert "These dates read both as day/month and as month/day. Which is it?" in html
        assert "Import these posts" not in html
        # Both readings side by side, so the person sees which one is meant.
        assert f"day/month: {DAY:%a} 2 Mar {DAY.year} 09:00" in html
        feb = datetime.date(DAY.year, 2, 3)
        assert f"month/day: {feb:%a} 3 Feb {DAY.year} 09:00" in html
        assert not Post.objects.exists()

    def test_with_no_order_chosen_the_only_order_that_fits_is_said(
        self, workspace, editor, x_account
    ):
        raw = f"03/31/{DAY.year} 09:00,End of March,\n"
        report = hootsuite(workspace, editor, x_account, raw, commit=False, date_order="")
        assert (report.read_as, report.ok) == ("mdy", True)
        assert report.rows[0].moment.date() == datetime.date(DAY.year, 3, 31)

    def test_a_file_in_the_chosen_order_is_read_without_a_question(
        self, workspace, editor, x_account
    ):
        report = hootsuite(workspace, editor, x_account, FILE, commit=False, date_order="mdy")
        assert (report.switch_to, report.ask_order, report.ok) == ("", False, True)
        assert report.rows[0].moment.date() == datetime.date(DAY.year, 2, 3)
