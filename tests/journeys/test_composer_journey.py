"""Journey 6: an editor plans next week into the plan's posting slots, is warned of an X post
too long and of a theme nothing serves, copies and removes a post, attaches an image with its
alt text, and exports only the posts that are ready."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from strategy import services as strategy_services
from strategy.models import Section

from ..accounts_registry.factories import SocialAccountFactory
from ..strategy.factories import channel, save
from .conftest import by_label, van_dijk_team

OTHER_THEME = "Working at Van Dijk"


@pytest.fixture
def team(transactional_db):
    """An approved plan covering the coming months, with two themes; LinkedIn 2 to 3 posts a
    week and X 1 to 3."""
    workspace, editor, reviewer, linkedin, plan = van_dijk_team()
    x = SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")
    plan = save(
        plan,
        Section.WHAT,
        editor,
        {},
        {
            "themes": [
                {"id": plan.themes.get().pk, "name": "Heat pumps in practice", "message": ""},
                {"name": OTHER_THEME, "message": "Why technicians stay."},
            ]
        },
    )
    plan = save(
        plan,
        Section.HOW,
        editor,
        {},
        {
            "channels": [
                {
                    **channel(linkedin, editor, min_posts_per_week=2, max_posts_per_week=3),
                    "id": plan.channels.get().pk,
                },
                channel(x, editor, min_posts_per_week=1, max_posts_per_week=3),
            ]
        },
    )
    strategy_services.plan_approve(
        plan=strategy_services.plan_submit(plan=plan, by=editor), by=reviewer
    )
    return {"workspace": workspace, "editor": editor, "linkedin": linkedin, "x": x}


def test_composer_journey(journey, team, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    linkedin, x = team["linkedin"], team["x"]
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 - today.weekday())  # next week's
    year, week, _day = monday.isocalendar()
    week_url = reverse(
        "calendar:week", kwargs={"workspace": "van-dijk", "year": year, "week": week}
    )

    page = journey.log_in(team["editor"])
    page.get_by_role("link", name="Calendar", exact=True).click()

    # --- Slots from the plan's rhythm -----------------------------------------------------------
    page.get_by_role("link", name="Slots", exact=True).click()
    section = page.get_by_test_id(f"slots-{linkedin.pk}")
    expect(section.get_by_test_id("slots-too-few")).to_contain_text("minimum of 2 a week")
    section.get_by_role("button", name="Suggest slots from the plan's rhythm").click()
    section = page.get_by_test_id(f"slots-{linkedin.pk}")
    expect(section).to_contain_text("Tuesday 09:00")
    expect(section).to_contain_text("Thursday 09:00")
    expect(section.get_by_test_id("slots-too-few")).to_have_count(0)
    x_section = page.get_by_test_id(f"slots-{x.pk}")
    x_section.get_by_label("Day").select_option(label="Wednesday")
    x_section.get_by_label("Time").fill("12:00")
    x_section.get_by_role("button", name="Add a slot").click()
    expect(page.get_by_role("status").filter(has_text="The slot is added.")).to_be_visible()
    journey.look(page, "slots")

    # --- Next week shows its slots as gaps; two are filled from the gaps --------------------------
    page.goto(week_url)
    gaps = page.get_by_test_id("gap")
    expect(gaps).to_have_count(3)
    journey.look(page, "week-with-gaps")
    for weekday, text in ((1, "Five heat pump myths"), (3, "Our service contract explained")):
        day = monday + datetime.timedelta(days=weekday)
        page.locator(f'[data-day="{day.isoformat()}"] [data-testid="gap"]').click()
        expect(by_label(page, "Date and time")).to_have_value(f"{day.isoformat()}T09:00")
        expect(by_label(page, "Channel").locator("option:checked")).to_have_text(str(linkedin))
        by_label(page, "Category").select_option(label="Curated")
        by_label(page, "Text").fill(text)
        by_label(page, "Content theme").select_option(label="Heat pumps in practice")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_role("status").filter(has_text="The post is planned.")).to_be_visible()
    expect(page.get_by_test_id("gap")).to_have_count(1)  # X's Wednesday is still free

    # --- The other theme has nothing in the coming four weeks ---------------------------------
    unserved = page.get_by_test_id("unserved")
    expect(unserved).to_contain_text(f"Theme: {OTHER_THEME}")
    expect(unserved).not_to_contain_text("Theme: Heat pumps in practice")

    # --- An X post too long: counted as X counts, refused when ready ---------------------------
    page.get_by_role("link", name="Plan a post", exact=True).first.click()
    by_label(page, "Channel").select_option(label=str(x))
    long_text = "Our new service contract covers every heat pump we install. " * 5
    long_text += "https://vandijk.nl/service-contract-voor-warmtepompen"
    by_label(page, "Text").fill(long_text)
    counter = page.get_by_test_id("text-count")
    expect(counter).to_contain_text("/ 280 (X)")
    expect(counter).to_contain_text("too many")
    expect(counter).to_have_class(re.compile("text-danger"))
    journey.look(page, "post-form-too-long")
    by_label(page, "Category").select_option(label="Promotional")
    by_label(page, "Status").select_option(label="Ready")
    by_label(page, "Content theme").select_option(label=OTHER_THEME)
    page.get_by_role("button", name="Plan in the next free slot").click()
    expect(page.get_by_text(re.compile("on X, which takes at most 280"))).to_be_visible()
    expect(by_label(page, "Text")).to_have_value(long_text)  # nothing typed is lost
    by_label(page, "Text").fill("Our service contract, for every heat pump: https://vandijk.nl/s")
    expect(counter).not_to_contain_text("too many")
    page.get_by_role("button", name="Plan in the next free slot").click()
    expect(page.get_by_role("status").filter(has_text="The post is planned.")).to_be_visible()

    # --- Copy a post to Friday, then remove the copy ----------------------------------------------
    page.get_by_role("link", name="List", exact=True).click()
    page.get_by_role("link", name="Five heat pump myths").click()
    page.get_by_role("link", name="Copy to another day or channel").click()
    friday = monday + datetime.timedelta(days=4)
    by_label(page, "Date and time").fill(f"{friday.isoformat()}T15:00")
    page.get_by_role("button", name="Copy", exact=True).click()
    expect(
        page.get_by_role("status").filter(has_text="The copy is planned as a draft.")
    ).to_be_visible()
    expect(by_label(page, "Date and time")).to_have_value(f"{friday.isoformat()}T15:00")
    page.get_by_role("link", name="Remove", exact=True).click()
    expect(page.get_by_role("heading", name="Remove this post?")).to_be_visible()
    journey.look(page, "post-remove")
    page.get_by_role("button", name="Remove the post").click()
    expect(
        page.get_by_role("status").filter(has_text="The post is removed. Its history keeps it.")
    ).to_be_visible()
    expect(page.locator(f'[data-day="{friday.isoformat()}"] .post-chip')).to_have_count(0)
    page.get_by_role("link", name="List", exact=True).click()
    page.get_by_role("link", name="Removed posts").click()
    expect(page.get_by_test_id("removed-post")).to_contain_text("Five heat pump myths")

    # --- An image, with its alt text ---------------------------------------------------------
    photo = tmp_path / "technician.jpg"
    Image.new("RGB", (800, 600), "teal").save(photo, format="JPEG")
    page.goto(week_url)
    page.get_by_role("link", name="List", exact=True).click()
    page.get_by_role("link", name="Our service contract explained").click()
    images = page.get_by_test_id("post-images")
    images.get_by_label("Image").set_input_files(photo)
    images.get_by_role("button", name="Attach the image").click()
    expect(page.get_by_text("Say what the image shows")).to_be_visible()
    images = page.get_by_test_id("post-images")
    images.get_by_label("Image").set_input_files(photo)
    images.get_by_label("Alt text").fill("A technician checks a heat pump in a cellar")
    images.get_by_role("button", name="Attach the image").click()
    expect(page.get_by_role("status").filter(has_text="The image is attached.")).to_be_visible()
    expect(
        page.get_by_role("img", name="A technician checks a heat pump in a cellar")
    ).to_be_visible()
    journey.look(page, "post-with-image")
    # Ready, so that it goes out with the export.
    by_label(page, "Status").select_option(label="Ready")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="The post is saved.")).to_be_visible()
    page.goto(week_url)
    expect(
        page.get_by_role("img", name="A technician checks a heat pump in a cellar")
    ).to_be_visible()

    # --- Only the ready posts are exported --------------------------------------------------------
    page.get_by_role("link", name="Export", exact=True).click()
    by_label(page, "From").fill(today.isoformat())
    by_label(page, "Until").fill((monday + datetime.timedelta(days=6)).isoformat())
    by_label(page, "Format").select_option(label="Hootsuite bulk CSV")
    page.get_by_role("button", name="Prepare the export").click()
    expect(page.get_by_test_id("export-count")).to_have_text("2 posts are written.")
    left_out = page.get_by_test_id("export-filtered")
    expect(left_out).to_contain_text("Five heat pump myths")  # still a draft
    expect(left_out).not_to_contain_text("Our service contract explained")
    journey.look(page, "export-ready-only")
