"""Journey 2: an editor plans next week's posts on two channels, sees the balance warn (too
much promotion, one channel too often), fixes the posts until the warnings clear, confirms a
hashtag check, and exports the week as Hootsuite bulk files."""

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from strategy import services as strategy_services
from strategy.models import Section

from ..accounts_registry.factories import SocialAccountFactory
from ..strategy.factories import channel, save
from .conftest import by_label, van_dijk_team


@pytest.fixture
def team(transactional_db):
    """An approved plan that covers the coming months: mix 20/40/40 (10 points' tolerance),
    LinkedIn and Instagram each 1 to 3 posts a week."""
    workspace, editor, reviewer, linkedin, plan = van_dijk_team()
    instagram = SocialAccountFactory(workspace=workspace, platform="instagram", handle="@werken")
    rhythm = {"min_posts_per_week": 1, "max_posts_per_week": 3}
    plan = save(
        plan,
        Section.HOW,
        editor,
        {},
        {
            "channels": [
                {**channel(linkedin, editor, **rhythm), "id": plan.channels.get().pk},
                channel(instagram, editor, **rhythm),
            ]
        },
    )
    strategy_services.plan_approve(
        plan=strategy_services.plan_submit(plan=plan, by=editor), by=reviewer
    )
    return {"editor": editor, "linkedin": linkedin, "instagram": instagram}


def test_calendar_journey(journey, team):
    linkedin, instagram = str(team["linkedin"]), str(team["instagram"])
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 - today.weekday())  # next week's
    week_heading = f"Week of {date_format(monday, 'j F Y')}"
    hashtags = "Which tool can you not work without? #installers #vakmanschap"
    posts = [  # day of the week, time, channel, category, text
        (0, "10:00", linkedin, "Promotional", "Our new service contract: book it now"),
        (1, "10:00", linkedin, "Promotional", "Spring discount on maintenance"),
        (2, "10:00", linkedin, "Promotional", "Ask for a quote today"),
        (3, "10:00", linkedin, "Curated", "Five heat pump myths, by TechNews"),
        (1, "12:00", instagram, "Engagement", hashtags),
        (4, "12:03", instagram, "Engagement", "Meet Sam, our apprentice of the year"),
    ]

    page = journey.log_in(team["editor"])
    page.get_by_role("link", name="Calendar", exact=True).click()
    expect(page.get_by_role("heading", name=date_format(today, "F Y"))).to_be_visible()
    journey.look(page, "calendar-month")
    page.get_by_role("link", name="Week", exact=True).click()
    page.get_by_role("link", name="Next", exact=True).click()
    expect(page.get_by_role("heading", name=week_heading)).to_be_visible()
    week_url = page.url

    # --- A week of posts, each from the + on its day ----------------------------------------
    for number, (weekday, time, account, category, text) in enumerate(posts):
        day = monday + datetime.timedelta(days=weekday)
        page.get_by_role("link", name=f"Plan a post on {date_format(day, 'j F')}").click()
        expect(page.get_by_role("heading", name="Plan a post")).to_be_visible()
        expect(by_label(page, "Date and time")).to_have_value(f"{day.isoformat()}T09:00")
        by_label(page, "Channel").select_option(label=account)
        by_label(page, "Date and time").fill(f"{day.isoformat()}T{time}")
        by_label(page, "Category").select_option(label=category)
        by_label(page, "Text").fill(text)
        if number == 0:
            journey.look(page, "post-form")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_role("status").filter(has_text="The post is planned.")).to_be_visible()
        expect(page).to_have_url(week_url)

    # --- The balance warns, in words, and not by colour alone ---------------------------------
    warnings = page.get_by_test_id("balance-warnings")
    week = date_format(monday, "j M")
    too_often = f"{linkedin}: 4 posts planned in the week of {week}, the plan allows at most 3."
    too_much_promotion = (
        "All channels: Promotional is 50% of the posts, the plan's target is 20% "
        "(tolerance 10 points)."
    )
    expect(warnings).to_contain_text(too_often)
    expect(warnings).to_contain_text(too_much_promotion)
    expect(warnings.get_by_role("listitem").first).to_contain_text("Warning:")
    over = page.get_by_test_id("balance").locator(".badge.text-bg-danger")
    expect(over).to_have_count(1)
    expect(over).to_contain_text("(more than the plan allows)")
    expect(over.locator(".bi-arrow-up")).to_be_visible()
    journey.look(page, "calendar-week-warnings")

    # --- The fix, from the list: one promotion becomes curated, one is cancelled -------------
    page.get_by_role("link", name="List", exact=True).click()
    by_label(page, "Channel").select_option(label=linkedin)
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_role("row")).to_have_count(1 + 4)  # the header and LinkedIn's posts
    journey.look(page, "calendar-list")
    list_url = page.url
    page.get_by_role("link", name="Spring discount on maintenance").click()
    by_label(page, "Category").select_option(label="Curated")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="The post is saved.")).to_be_visible()
    expect(page).to_have_url(list_url)
    page.get_by_role("link", name="Ask for a quote today").click()
    by_label(page, "Status").select_option(label="Cancelled")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("row").filter(has_text="Ask for a quote today")).to_contain_text(
        "Cancelled"
    )

    page.goto(week_url)
    expect(page.get_by_test_id("balance-warnings")).to_have_count(0)
    expect(page.get_by_test_id("balance-ok")).to_have_text("Mix and rhythm are as the plan asks.")
    expect(page.get_by_test_id("balance").locator(".badge.text-bg-danger")).to_have_count(0)
    journey.look(page, "calendar-week-balanced")

    # --- The hashtag check ------------------------------------------------------------------
    page.get_by_role("link", name="List", exact=True).click()
    page.get_by_role("link", name=hashtags).click()
    check = page.get_by_role("status").filter(has_text="Check the hashtags")
    expect(check).to_contain_text("#installers")
    expect(check).to_contain_text("#vakmanschap")
    # Not ready before someone checked them.
    by_label(page, "Status").select_option(label="Ready")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile("that nobody has checked yet"))).to_be_visible()
    journey.look(page, "post-hashtags-unchecked")
    # The form kept what was typed; ticking the box confirms the hashtags of this text, and
    # the same save makes the post ready.
    page.get_by_label("I checked the hashtags in this text").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("row").filter(has_text="#installers")).to_contain_text("Ready")
    page.get_by_role("link", name=hashtags).click()
    expect(
        page.get_by_role("status").filter(has_text="Hashtags checked by Eva Jansen")
    ).to_be_visible()
    page.get_by_role("link", name="Cancel").click()

    # --- The week as Hootsuite bulk files ----------------------------------------------------
    page.get_by_role("link", name="Export", exact=True).click()
    by_label(page, "From").fill(monday.isoformat())
    by_label(page, "Until").fill((monday + datetime.timedelta(days=6)).isoformat())
    by_label(page, "Format").select_option(label="Hootsuite bulk CSV")
    by_label(page, "Date order (Hootsuite)").select_option(label="dd/mm/yyyy")
    page.get_by_role("button", name="Prepare the export").click()
    # By default only ready and scheduled posts go; the drafts are named, not dropped.
    expect(page.get_by_test_id("export-count")).to_have_text("1 post is written.")
    expect(page.get_by_test_id("export-filtered")).to_contain_text("Spring discount")
    page.get_by_role("checkbox", name="Draft").check()
    page.get_by_role("button", name="Prepare the export").click()
    expect(page.get_by_text("2 files are ready:")).to_be_visible()
    expect(page.get_by_test_id("export-count")).to_have_text("5 posts are written.")
    expect(page.get_by_test_id("export-filtered")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Moved to a 5-minute step:")).to_contain_text(
        "moved to 12:05"
    )
    journey.look(page, "export")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (ZIP)").click()
    archive = zipfile.ZipFile(download.value.path())
    files = {
        name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"))))
        for name in archive.namelist()
    }

    def at(weekday, time):
        return f"{(monday + datetime.timedelta(days=weekday)):%d/%m/%Y} {time}"

    assert files == {
        "hootsuite-linkedin_page-van-dijk-1.csv": [
            [at(0, "10:00"), "Our new service contract: book it now", ""],
            [at(1, "10:00"), "Spring discount on maintenance", ""],
            [at(3, "10:00"), "Five heat pump myths, by TechNews", ""],
        ],
        "hootsuite-instagram-werken-1.csv": [
            [at(1, "12:00"), hashtags, ""],
            [at(4, "12:05"), "Meet Sam, our apprentice of the year", ""],
        ],
    }
    assert re.fullmatch(r"hootsuite-\d{8}-\d{8}\.zip", download.value.suggested_filename)

    # --- What went to Hootsuite is scheduled now -----------------------------------------------
    page.get_by_role("button", name="Mark the exported posts as scheduled").click()
    expect(
        page.get_by_role("status").filter(has_text="5 posts are marked as scheduled.")
    ).to_be_visible()
    page.goto(week_url)
    page.get_by_role("link", name="List", exact=True).click()
    expect(page.get_by_role("row").filter(has_text="Spring discount")).to_contain_text("Scheduled")
