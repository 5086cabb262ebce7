"""Journey 1, and 5 in Dutch: an editor creates a plan and fills every step of the worksheet
while the missing-items checklist shrinks, submits it; a reviewer asks for changes with a
comment; the editor fixes it and submits again; the reviewer approves; the version and its
diff against last quarter's version are there to see."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from notifications.models import Notification
from strategy import services as strategy_services
from strategy.models import StrategyPlan
from workspaces.models import CompanyDomain, Role

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
from ..strategy.factories import complete_plan
from .conftest import by_label, tab_until

# Long-standing words of the interface, in each language: the Dutch ones are asserted as they
# stand in the catalogue. Field labels are read from the models in the page's language (below),
# so a label the catalogue does not translate yet is looked for in English, as shown.
UI = {
    "en": {
        "Dutch": "Nederlands",
        "Strategy": "Strategy",
        "New plan": "New plan",
        "Create and start with why": "Create and start with why",
        "Title": "Title",
        "Reviewer": "Reviewer",
        "Save": "Save",
        "Save and continue": "Save and continue",
        "Save and review the whole plan": "Save and review the whole plan",
        "Add a row": "Add a row",
        "Before the plan can be submitted": "Before the plan can be submitted",
        "Nothing is missing": "Nothing is missing: the plan can be submitted.",
        "Submit for review": "Submit for review",
        "Submitted": "The plan is submitted for review.",
        "Inbox": "Inbox",
        "Your review": "Your review",
        "Comment": "Comment",
        "Request changes": "Request changes (comment required)",
        "Approve": "Approve",
        "Fill in the worksheet": "Fill in the worksheet",
        "The whole plan": "The whole plan",
        "Approved versions": "Approved versions",
        "Version 1": "Version 1",
        "Compare": "Compare",
        "From": "From",
        "To": "To",
        "Before": "Before",
        "After": "After",
        "In review": "In review",
        "Changes requested": "Changes requested",
        "Approved": "Approved",
    },
    "nl": {
        "Dutch": "Nederlands",
        "Strategy": "Strategie",
        "New plan": "Nieuw plan",
        "Create and start with why": "Aanmaken en beginnen bij het waarom",
        "Title": "Titel",
        "Reviewer": "Beoordelaar",
        "Save": "Opslaan",
        "Save and continue": "Opslaan en verder",
        "Save and review the whole plan": "Opslaan en het hele plan bekijken",
        "Add a row": "Rij toevoegen",
        "Before the plan can be submitted": "Voordat het plan kan worden ingediend",
        "Nothing is missing": "Er ontbreekt niets: het plan kan worden ingediend.",
        "Submit for review": "Indienen ter beoordeling",
        "Submitted": "Het plan is ter beoordeling ingediend.",
        "Inbox": "Inbox",
        "Your review": "Jouw beoordeling",
        "Comment": "Commentaar",
        "Request changes": "Wijzigingen vragen (commentaar verplicht)",
        "Approve": "Goedkeuren",
        "Fill in the worksheet": "Vul het werkblad in",
        "The whole plan": None,  # read from the catalogue below
        "Approved versions": "Goedgekeurde versies",
        "Version 1": "Versie 1",
        "Compare": "Vergelijken",
        "From": "Van",
        "To": "Naar",
        "Before": "Voor",
        "After": "Na",
        "In review": "In beoordeling",
        "Changes requested": "Wijzigingen gevraagd",
        "Approved": "Goedgekeurd",
    },
}


class Words:
    """The interface's words in one language: `w["Save"]` for the asserted ones, `w.label(...)`
    for a model field's label as a form shows it."""

    def __init__(self, lang: str):
        self.lang = lang

    def __getitem__(self, key: str) -> str:
        return UI[self.lang][key] or self.t(key)

    def t(self, text: str) -> str:
        with translation.override(self.lang):
            return translation.gettext(text)

    def label(self, verbose_name: str) -> str:
        return capfirst(self.t(verbose_name))

    def name(self, obj) -> str:
        """An object's name as the page shows it, e.g. an account's platform in Dutch."""
        with translation.override(self.lang):
            return str(obj)


def _quarter(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return start, start + relativedelta(months=3, days=-1)


@pytest.fixture
def team(transactional_db):
    """Van Dijk: an editor and a reviewer, two company accounts, and this quarter's plan,
    approved (the diff compares the new plan with it)."""
    workspace = WorkspaceFactory(name="Van Dijk Installatietechniek", slug="van-dijk")
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    editor = UserFactory(email="eva.jansen@vandijk.nl", name="Eva Jansen")
    reviewer = UserFactory(email="ruud.bakker@vandijk.nl", name="Ruud Bakker")
    MembershipFactory(workspace=workspace, user=editor, role=Role.EDITOR)
    MembershipFactory(workspace=workspace, user=reviewer, role=Role.REVIEWER)
    linkedin = SocialAccountFactory(
        workspace=workspace, platform="linkedin_page", handle="van-dijk"
    )
    instagram = SocialAccountFactory(workspace=workspace, platform="instagram", handle="@werken")
    start, end = _quarter(timezone.localdate())
    current = complete_plan(
        workspace=workspace,
        owner=editor,
        account=linkedin,
        title="Social media this quarter",
        start=start,
        end=end,
        reviewer=reviewer,
    )
    strategy_services.plan_approve(
        plan=strategy_services.plan_submit(plan=current, by=editor), by=reviewer
    )
    Notification.objects.update(read_at=timezone.now())  # last quarter's news is read
    return {
        "workspace": workspace,
        "editor": editor,
        "reviewer": reviewer,
        "linkedin": linkedin,
        "instagram": instagram,
    }


def test_plan_journey(journey, team):
    plan_journey(journey, team, Words("en"))


def test_plan_journey_in_dutch(journey, team):
    plan_journey(journey, team, Words("nl"))


def missing_items(page):
    return page.get_by_test_id("missing-items").get_by_role("listitem")


def fill(scope, values: dict, *, row: int = 0) -> None:
    """Fill fields found by their label (the row-th of that label within `scope`)."""
    for label, value in values.items():
        field = by_label(scope, label).nth(row)
        kind = field.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
        if kind == "select":
            field.select_option(label=value)
        elif kind == "checkbox":
            field.set_checked(value)
        else:
            field.fill(str(value))


def field_ids(scope, values: dict) -> dict:
    """{the id of the (first) field labelled so: value}"""
    return {by_label(scope, label).first.get_attribute("id"): v for label, v in values.items()}


def type_into(page, focused: dict, answers: dict) -> None:
    """Answer the field that has the keyboard's focus, if it is one of `answers`: typed, a
    checkbox ticked with the space bar; a list or a date picked (not typed: the browser's own
    widgets for those differ per language)."""
    if focused["id"] not in answers:
        return  # not one to answer, or answered already (a date has a stop per part)
    value = answers.pop(focused["id"])
    field = page.locator(f"#{focused['id']}")
    kind = field.evaluate("e => e.tagName === 'SELECT' ? 'select' : e.type")
    if kind == "checkbox":
        page.keyboard.press("Space")
    elif kind == "select":
        field.select_option(label=value)
    elif kind == "date":
        field.fill(value)
    else:
        page.keyboard.type(value)
    expect(field).to_be_focused()


def switch_language(page, w: Words) -> None:
    """The language switcher in the navigation bar."""
    page.get_by_role("button", name=w["Dutch"], exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def plan_journey(journey, team, w: Words) -> None:
    editor, reviewer = team["editor"], team["reviewer"]
    title = "Social media next quarter"
    dutch = w.lang == "nl"

    # --- The editor logs in with the keyboard alone ---------------------------------------
    page = journey.browser_for()
    page.goto("/auth/login/")
    journey.look(page, "login")
    journey.log_in(editor, page=page, keyboard=True)
    if dutch:
        switch_language(page, w)
    journey.look(page, "editor-dashboard")

    # The reviewer is there from the start too (in Dutch: switched before anything is sent to
    # them, so their notifications are written in Dutch as well).
    review = journey.browser_for()
    journey.log_in(reviewer, page=review)
    if dutch:
        switch_language(review, w)

    # --- A new plan --------------------------------------------------------------------------
    page.get_by_role("link", name=w["Strategy"], exact=True).click()
    journey.look(page, "strategy-list")
    page.get_by_role("link", name=w["New plan"], exact=True).click()
    expect(page.get_by_role("heading", name=w["New plan"])).to_be_visible()
    fill(page, {w["Title"]: title, w["Reviewer"]: "Ruud Bakker"})
    page.get_by_role("button", name=w["Create and start with why"]).click()
    expect(page).to_have_url(re.compile(r"/strategy/\d+/step/why/$"))
    plan = StrategyPlan.objects.get(title=title)

    # Why. The checklist starts with everything a plan needs before it can be submitted.
    expect(page.get_by_role("heading", name=w["Before the plan can be submitted"])).to_be_visible()
    expect(missing_items(page)).to_have_count(7)
    # The open circle is grey-yellow; the words say it too.
    expect(missing_items(page).first).to_contain_text(w.t("Missing:"))
    journey.look(page, "step-why-empty")
    # With the keyboard alone: the skip link first, then every field of the step in order,
    # typing the answers on the way, up to the button that saves and continues.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=w.t("Skip to content"))
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    sub_goals = page.get_by_role("group", name=w.label("sub-goals"))
    answers = field_ids(
        page,
        {
            w.label("business issue"): "Too few applications from technicians",
            w.label("top business goal"): "More revenue from service contracts",
            w.t("Lead generation"): True,
            w.label("how success is measured"): "Applications per quarter, from the CRM",
            w.label("support for other marketing"): "The open day and the newsletter",
        },
    ) | field_ids(
        sub_goals,
        {
            w.label("kind"): w.t("Support recruiting"),
            w.label("sub-goal"): "More applications from technicians",
            w.label("metric"): "applications via social",
            w.label("baseline"): "2",
            w.label("target"): "10",
            w.label("unit"): "per quarter",
            w.label("deadline"): plan.period_end.isoformat(),
        },
    )
    save_and_continue = page.get_by_role("button", name=w["Save and continue"])
    unanswered = dict(answers)
    visited = tab_until(
        page, save_and_continue, on_focus=lambda focused: type_into(page, focused, unanswered)
    )
    assert not unanswered, f"Tab never reached {list(unanswered)}"
    fields = page.locator("#step-form").evaluate(
        """form => [...form.querySelectorAll("input, select, textarea")]
            .filter(e => e.type !== "hidden").map(e => e.id)"""
    )
    assert set(fields) <= {v["id"] for v in visited}, "Tab skips fields"
    page.keyboard.press("Enter")

    # Who.
    expect(page).to_have_url(re.compile(r"/step/who/"))
    expect(missing_items(page)).to_have_count(4)
    fill(
        page,
        {
            w.label("who we are"): "Van Dijk, installers since 1952",
            w.label("value proposition"): "We come the same day",
            w.label("desired image"): "Reliable and handy",
            w.label("key people and networks"): "Facility managers' network",
            w.label("who decides in a crisis"): "Anna, the director",
        },
    )
    fill(
        page.get_by_role("group", name=w.label("audiences")),
        {
            w.label("audience"): "Facility managers",
            w.label("priority"): "1",
            w.label("what they care about"): "Uptime",
            w.label("where they are active"): "LinkedIn",
            w.label("do they create content?"): w.t("Some of them"),
        },
    )
    fill(
        page.get_by_role("group", name=w.label("conversations")),
        {
            w.label("with whom"): "Customers",
            w.label("about what"): "Maintenance",
            w.label("which channel suits it"): "LinkedIn",
        },
    )
    fill(
        page.get_by_role("group", name=w.label("team roles")),
        {
            w.label("role"): "Social media manager",
            w.label("who"): "Eva",
            w.label("questions routed to them"): "Complaints",
            w.label("hours per week"): "8",
        },
    )
    page.get_by_role("button", name=w["Save and continue"]).click()

    # What: a mix heavy on promotion is allowed, but the checklist warns.
    expect(page).to_have_url(re.compile(r"/step/what/"))
    expect(missing_items(page)).to_have_count(3)
    fill(
        page,
        {
            w.label("core messages"): "We keep buildings running",
            w.label("value they can't get elsewhere"): "Practical tips from our technicians",
            w.label("promotional %"): "20",
            w.label("curated %"): "40",
            w.label("engagement %"): "40",
        },
    )
    fill(
        page.get_by_role("group", name=w.label("content themes")),
        {
            w.label("content theme"): "Heat pumps in practice",
            w.label("what we want to say"): "What really works",
        },
    )
    page.get_by_role("button", name=w["Save and continue"]).click()

    # How: two channels, the second added with "Add a row".
    expect(page).to_have_url(re.compile(r"/step/how/"))
    expect(missing_items(page)).to_have_count(2)
    fill(
        page,
        {
            w.label("who may speak for the company"): "The social media team",
            w.label("the hashtag check"): "Look up every hashtag on the day",
            w.label("crisis escalation"): "Eva, then Anna",
            w.label("scheduling and automation"): "Scheduled a week ahead, no robo-posts",
            w.label("who watches the accounts every day"): "Eva",
            w.label("the review cycle"): "Monthly, with the team",
        },
    )
    channels = page.get_by_role("group", name=w.label("channels"))
    channel = {
        w.label("purpose"): "Knowledge and leads",
        w.label("for which audience"): "Facility managers",
        w.label("owner"): "Eva Jansen",
    }
    fill(
        channels,
        {
            w.label("account"): w.name(team["linkedin"]),
            **channel,
            w.label("at least, posts per week"): "2",
            w.label("at most, posts per week"): "4",
        },
    )
    channels.get_by_role("button", name=w["Add a row"]).click()
    fill(
        channels,
        {
            w.label("account"): w.name(team["instagram"]),
            **channel,
            w.label("at least, posts per week"): "1",
            w.label("at most, posts per week"): "3",
        },
        row=1,
    )
    fill(
        page.get_by_role("group", name=w.label("measurements")),
        {
            w.label("KPI"): "Applications via LinkedIn",
            w.label("for sub-goal"): "More applications from technicians",
            w.label("source"): "CRM",
            w.label("how often"): w.t("Monthly"),
        },
    )
    journey.look(page, "step-how")
    page.get_by_role("button", name=w["Save and continue"]).click()

    # Reality check: the last item on the list.
    expect(page).to_have_url(re.compile(r"/step/reality/"))
    expect(missing_items(page)).to_have_count(1)
    for label in page.locator("#step-form textarea").all():
        label.fill("We have thought about this, and this is our answer.")
    journey.look(page, "step-reality")
    page.get_by_role("button", name=w["Save and review the whole plan"]).click()

    # --- Submit ------------------------------------------------------------------------------
    expect(page).to_have_url(re.compile(rf"/strategy/{plan.pk}/(#.*)?$"))
    expect(page.get_by_text(w["Nothing is missing"])).to_be_visible()
    expect(missing_items(page)).to_have_count(0)
    page.get_by_role("button", name=w["Submit for review"]).click()
    expect(page.get_by_role("status").filter(has_text=w["Submitted"])).to_be_visible()
    expect(page.get_by_text(w["In review"], exact=True)).to_be_visible()

    # --- The reviewer: the badge, the notification, a request for changes ---------------------
    review.reload()
    expect(review.get_by_test_id("unread-count")).to_contain_text("1")
    review.get_by_role("link", name=re.compile(w["Inbox"])).click()
    journey.look(review, "reviewer-inbox")
    review.get_by_role("button", name=re.compile(re.escape(title))).click()
    expect(review).to_have_url(re.compile(rf"/strategy/{plan.pk}/(#.*)?$"))
    expect(review.get_by_role("heading", name=w["Your review"])).to_be_visible()
    journey.look(review, "review-page")
    # Without a comment the plan is not sent back.
    review.get_by_role("button", name=w["Request changes"]).click()
    expect(review.get_by_role("alert")).to_be_visible()
    expect(review.get_by_text(w["In review"], exact=True)).to_be_visible()
    comment = "Ten applications is too low a target: aim for fifteen."
    by_label(review, w["Comment"]).fill(comment)
    review.get_by_role("button", name=w["Request changes"]).click()
    expect(review.get_by_text(w["Changes requested"], exact=True).first).to_be_visible()

    # --- The editor sees why, fixes it, submits again ------------------------------------------
    page.reload()
    expect(page.get_by_role("status").filter(has_text=comment)).to_be_visible()
    page.get_by_role("link", name=w["Fill in the worksheet"]).click()
    expect(page.get_by_role("status").filter(has_text=comment)).to_be_visible()
    by_label(page.get_by_role("group", name=w.label("sub-goals")), w.label("target")).first.fill(
        "15"
    )
    page.get_by_role("button", name=w["Save"], exact=True).last.click()
    expect(page.get_by_role("status").filter(has_text=w.t("Saved."))).to_be_visible()
    page.get_by_role("link", name=w["The whole plan"]).click()
    page.get_by_role("button", name=w["Submit for review"]).click()
    expect(page.get_by_text(w["In review"], exact=True)).to_be_visible()

    # --- The reviewer approves -----------------------------------------------------------------
    review.reload()
    by_label(review, w["Comment"]).fill("Clear and measurable now.")
    review.get_by_role("button", name=w["Approve"], exact=True).click()
    expect(review.get_by_text(w["Approved"], exact=True).first).to_be_visible()
    versions = review.get_by_role("region", name=w["Approved versions"])
    versions.get_by_role("link", name=w["Version 1"]).click()
    expect(review.get_by_role("status")).to_contain_text("Ruud Bakker")
    journey.look(review, "version-1")

    # --- The editor sees the version and what changed since last quarter ------------------------
    page.reload()
    page.get_by_role("region", name=w["Approved versions"]).get_by_role(
        "link", name=w["Version 1"]
    ).click()
    page.get_by_role("link", name=w["Compare"]).click()
    fill(
        page,
        {
            w["From"]: "Social media this quarter — v1",
            w["To"]: f"{title} — v1",
        },
    )
    page.get_by_role("button", name=w["Compare"], exact=True).click()
    why = page.get_by_role("region", name=w.t("Why"), exact=True)
    row = why.get_by_role("row", name=re.compile(w.label("business issue")))
    expect(row.locator("del")).to_have_text("Too few applicants")
    expect(row.locator("ins")).to_have_text("Too few applications from technicians")
    changed = why.get_by_role("listitem").filter(has_text="More applications from technicians")
    expect(changed).to_contain_text("15")
    journey.look(page, "compare-versions")

    expect(why.get_by_role("columnheader", name=w["Before"], exact=True)).to_be_visible()
    expect(why.get_by_role("columnheader", name=w["After"], exact=True)).to_be_visible()
    if dutch:
        # Still Dutch at the end, for both, without switching again.
        for person in (page, review):
            expect(person.locator("html")).to_have_attribute("lang", "nl")
            expect(person.get_by_role("link", name="Kalender", exact=True)).to_be_visible()
