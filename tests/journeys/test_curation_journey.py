"""Journey 8: an editor whose coming week is short of curated posts follows the balance panel
to the curation inbox, adds a trusted site by its address (its feed is found), sees four
hostile feeds each refused with their reason, fetches the source again, plans an item as a
curated post in the next free slot, and sees the balance improve."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from content_calendar import slots
from content_calendar.models import PostingSlot
from strategy import services as strategy_services

from ..content_calendar.factories import PostFactory
from ..curation.conftest import feeds, rss  # noqa: F401  (feeds: the local feed server)
from .conftest import by_label, van_dijk_team

SITE = b"""<!doctype html><html><head><title>Installatie Nieuws</title>
<link rel="alternate" type="application/rss+xml" title="Nieuws" href="/feed.xml">
</head><body>News for installers</body></html>"""


def expect_curated(balance, posts: str, share: str) -> None:
    """The balance's row of curated posts: how many, and their share (the target is 40%)."""
    cells = balance.get_by_test_id("mix-curated").get_by_role("cell")
    expect(cells.nth(0)).to_have_text(posts)
    expect(cells.nth(1)).to_have_text(share)
    expect(cells.nth(2)).to_have_text("40%")


@pytest.fixture
def team(transactional_db):
    """The approved plan (mix 20/40/40, theme "Heat pumps in practice") with LinkedIn slots on
    Tuesday and Thursday at 09:00, and two promotional posts on the day of the next free one."""
    workspace, editor, reviewer, linkedin, plan = van_dijk_team()
    strategy_services.plan_approve(
        plan=strategy_services.plan_submit(plan=plan, by=editor), by=reviewer
    )
    for weekday in (2, 4):
        PostingSlot.objects.create(
            workspace=workspace, channel=linkedin, weekday=weekday, time=datetime.time(9)
        )
    _channel, moment = slots.next_free_slot_of_any_channel(
        workspace=workspace, after=timezone.now()
    )
    for hour in (15, 17):
        PostFactory(
            workspace=workspace,
            channel=linkedin,
            owner=editor,
            category="promotional",
            scheduled_at=moment.replace(hour=hour),
        )
    return {"workspace": workspace, "editor": editor, "linkedin": linkedin, "slot": moment}


def test_curation_journey(journey, team, feeds):  # noqa: F811
    feeds.serve("/", SITE, content_type="text/html; charset=utf-8")
    feeds.serve(
        "/feed.xml",
        rss(("a", "Subsidies for heat pumps in 2027"), ("b", "Refrigerants: the new rules")),
    )
    slot = team["slot"]
    year, week, _day = slot.isocalendar()
    week_url = reverse(
        "calendar:week", kwargs={"workspace": "van-dijk", "year": year, "week": week}
    )

    # --- The week of the next free slot has no curated post: the panel says where to look ------
    page = journey.log_in(team["editor"])
    page.goto(week_url)
    balance = page.get_by_test_id("balance")
    expect_curated(balance, "0", "0%")
    balance.get_by_role(
        "link", name="Fewer curated posts than the plan asks: find some in the curation inbox."
    ).click()
    expect(page.get_by_role("heading", name="Curation inbox")).to_be_visible()
    expect(page.get_by_test_id("no-sources")).to_be_visible()
    journey.look(page, "inbox-empty")

    # --- A trusted site, added by its address: the page names its feed -------------------------
    page.get_by_role("link", name="Sources", exact=True).click()
    by_label(page, "Feed or site address").fill(feeds.url("/"))
    by_label(page, "Content theme it feeds").select_option(index=1)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(
        page.get_by_role("status").filter(
            has_text="“Installatie Nieuws” is a source now, with 2 items."
        )
    ).to_be_visible()
    expect(page.get_by_test_id("source")).to_contain_text(feeds.url("/feed.xml"))
    journey.look(page, "sources")

    # --- Four hostile feeds: each refused with its reason, what was typed kept -----------------
    feeds.serve("/broken", b"down for maintenance", status=500, content_type="text/plain")
    feeds.serve("/not-xml", b"just some words, no XML at all", content_type="text/plain")
    feeds.routes["/to-inside"] = (
        302,
        {"Location": f"http://127.0.0.1:{feeds.port}/feed.xml"},
        b"",
    )
    feeds.serve("/huge", b"<" * (50 * 1024 * 1024))
    for path, reason in (
        ("/broken", "The site answered with an error (500)."),
        ("/not-xml", "Not a feed: the address gives no RSS, Atom or JSON Feed."),
        ("/to-inside", "This address is not fetched: only public http(s) sites"),
        ("/huge", "Too big: a feed may have at most 5 MB."),
    ):
        by_label(page, "Feed or site address").fill(feeds.url(path))
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.get_by_text(reason)).to_be_visible()
        expect(by_label(page, "Feed or site address")).to_have_value(feeds.url(path))
    expect(page.get_by_test_id("source")).to_have_count(1)
    journey.look(page, "source-refused")

    # --- The site publishes again; "fetch now" takes only what is new ---------------------------
    feeds.serve(
        "/feed.xml",
        rss(
            ("c", "Five lessons from a heat pump in an office"),
            ("a", "Subsidies for heat pumps in 2027"),
            ("b", "Refrigerants: the new rules"),
        ),
    )
    page.get_by_role("button", name="Fetch now").click()
    expect(
        page.get_by_role("status").filter(has_text="“Installatie Nieuws” is fetched: 1 new item.")
    ).to_be_visible()

    # --- An item planned as a curated post, into the next free slot ----------------------------
    page.get_by_role("link", name="Curation inbox").click()
    items = page.get_by_test_id("item")
    expect(items).to_have_count(3)
    journey.look(page, "inbox")
    item = items.filter(has_text="Five lessons from a heat pump in an office")
    item.get_by_role("link", name="Plan as curated post").click()
    expect(by_label(page, "Category")).to_have_value("curated")
    expect(by_label(page, "Text")).to_have_value(
        "Found at Installatie Nieuws:\nFive lessons from a heat pump in an office"
    )
    expect(by_label(page, "Link")).to_have_value("https://news.example/c")
    expect(by_label(page, "Date and time")).to_have_value(f"{slot:%Y-%m-%dT%H:%M}")
    expect(by_label(page, "Channel").locator("option:checked")).to_have_text(str(team["linkedin"]))
    expect(by_label(page, "Content theme").locator("option:checked")).to_have_text(
        "Heat pumps in practice"
    )
    by_label(page, "Text").fill(
        "Found at Installatie Nieuws:\nFive lessons from a heat pump in an office. Number 3 "
        "is the one our technicians see most."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="The post is planned.")).to_be_visible()
    # Back in the inbox, the item has left the new ones; among the planned it is marked.
    expect(page.get_by_test_id("item")).to_have_count(2)
    by_label(page, "Status").select_option(label="Planned as a post")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_test_id("planned")).to_have_count(1)

    # --- The balance of that week improved -------------------------------------------------------
    page.goto(week_url)
    expect_curated(page.get_by_test_id("balance"), "1", "33%")
    journey.look(page, "balance-improved")
