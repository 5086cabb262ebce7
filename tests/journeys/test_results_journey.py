"""Journey 6: does the plan work? The team enters a month of check-ins on the monthly figures
page and imports the network's results export; the progress check (as Celery beat runs it)
finds the sub-goal behind and the warning arrives; the editor writes the evaluation, the
reviewer signs it off, and the next period's plan starts with the new baseline."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from content_calendar.models import Post
from results.models import PostResult
from results.reminders import sub_goal_progress_send
from strategy import services as strategy_services
from strategy.models import Section, StrategyPlan
from workspaces.models import Role

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory
from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
from ..strategy.factories import complete_plan, save, sub_goal
from .conftest import by_label

ZONE = datetime.timezone(datetime.timedelta(hours=1))  # Amsterdam in winter, as in the file


@pytest.fixture
def team(transactional_db):
    workspace = WorkspaceFactory(name="Van Dijk Installatietechniek", slug="van-dijk")
    editor = UserFactory(email="eva.jansen@vandijk.nl", name="Eva Jansen")
    reviewer = UserFactory(email="mark.de.vries@vandijk.nl", name="Mark de Vries")
    MembershipFactory(workspace=workspace, user=editor, role=Role.EDITOR)
    MembershipFactory(workspace=workspace, user=reviewer, role=Role.REVIEWER)
    linkedin = SocialAccountFactory(
        workspace=workspace, platform="linkedin_page", handle="van-dijk"
    )
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=45), today + datetime.timedelta(days=44)
    plan = complete_plan(
        workspace=workspace,
        owner=editor,
        account=linkedin,
        reviewer=reviewer,
        title="Recruiting this quarter",
        start=start,
        end=end,
    )
    # 60 applications by the period's last day, from none: about 30 expected by today.
    goal = plan.sub_goals.get()
    plan = save(
        plan,
        Section.WHY,
        editor,
        {},
        {"sub_goals": [{**sub_goal(description="Applications via social", baseline=Decimal(0),
                                   target=Decimal(60), unit="applications", deadline=end),
                        "id": goal.pk}]},
    )  # fmt: skip
    plan = strategy_services.plan_submit(plan=plan, by=editor)
    strategy_services.plan_approve(plan=plan, by=reviewer)
    posts = [
        PostFactory(
            workspace=workspace,
            channel=linkedin,
            owner=editor,
            status=Post.Status.PUBLISHED,
            text=text,
            scheduled_at=datetime.datetime.combine(
                today - datetime.timedelta(days=days), datetime.time(9, 0), tzinfo=ZONE
            ),
        )
        for days, text in [
            (20, "Our new vacancy for service technicians is online"),
            (13, "Five tips for a good job interview at Van Dijk"),
        ]
    ]
    return {"workspace": workspace, "editor": editor, "reviewer": reviewer, "plan": plan,
            "posts": posts, "today": today, "channel": linkedin}  # fmt: skip


def results_export(posts) -> bytes:
    """The network's own export: a notice line above the header, Dutch headers, semicolons,
    day-month dates and a thousands dot."""
    lines = [
        "Alle statistieken van de afgelopen 30 dagen.",
        "",
        "Berichtlink;Datum;Berichttekst;Impressies;Klikken;Reacties;Opmerkingen;Gedeeld",
    ]
    for n, post in enumerate(posts):
        when = post.scheduled_at.astimezone(ZONE).strftime("%d-%m-%Y %H:%M")
        lines.append(
            f"https://www.linkedin.com/feed/update/urn:li:activity:{700 + n};{when};"
            f"{post.text};1.{200 + n * 100};{40 + n};{60 + n};{5 + n};{2 + n}"
        )
    return ("\n".join(lines) + "\n").encode()


def test_results_journey(journey, team, tmp_path):
    workspace, plan, today = team["workspace"], team["plan"], team["today"]
    eva = journey.log_in(team["editor"])

    # A month of check-ins, week by week, on the monthly figures page.
    eva.get_by_role("link", name="Results", exact=True).first.click()
    expect(eva.get_by_role("heading", level=1)).to_contain_text("Results")
    journey.look(eva, "results-overview-empty")
    for weeks_ago, value in [(4, "3"), (3, "6"), (2, "9"), (1, "12")]:
        eva.get_by_role("link", name="Enter the month's figures").click()
        day = today - datetime.timedelta(weeks=weeks_ago)
        by_label(eva, "Date of the figures").fill(day.isoformat())
        by_label(eva, "Applications via social").fill(value)
        if weeks_ago == 1:
            journey.look(eva, "check-in-bulk")
        eva.get_by_role("button", name="Save the figures").click()
        expect(eva.get_by_role("alert").or_(eva.get_by_role("status")).first).to_be_visible()
    overview = eva.get_by_role("row").filter(has_text="Applications via social")
    expect(overview).to_contain_text("12 of 60 applications")
    expect(overview).to_contain_text("Behind")

    # The sub-goal page: the path and the check-ins as a chart, with the table beside it.
    overview.get_by_role("link", name="Applications via social").click()
    expect(eva.locator("canvas")).to_be_visible()
    expect(eva.get_by_role("table").first).to_contain_text("12")
    journey.look(eva, "sub-goal")

    # The network's export, imported: preview, then save.
    eva.get_by_role("link", name="Results", exact=True).first.click()
    eva.get_by_role("navigation", name="Results").get_by_role("link", name="Post results").click()
    eva.get_by_role("link", name="Import").first.click()
    export = tmp_path / "linkedin-statistieken.csv"
    export.write_bytes(results_export(team["posts"]))
    expect(by_label(eva, "Channel")).to_have_value(str(team["channel"].pk))  # the only one
    by_label(eva, "Export file").set_input_files(export)
    by_label(eva, "Dates with a slash are read as").select_option(index=0)
    eva.get_by_role("button", name="Preview").click()
    expect(eva.get_by_role("button", name="Save these figures")).to_be_visible()
    journey.look(eva, "post-results-preview", fits_phone=False)
    eva.get_by_role("button", name="Save these figures").click()
    expect(eva.get_by_text("1,200").first).to_be_visible()
    assert PostResult.objects.filter(workspace=workspace).count() == 2

    eva.get_by_role("navigation", name="Results").get_by_role("link", name="What works").click()
    expect(eva.get_by_role("heading", level=1)).to_have_text("What works")
    journey.look(eva, "what-works", fits_phone=False)

    # The progress check, as beat runs it: behind, and the plan's owner and reviewer are told.
    assert sub_goal_progress_send().notified == 2
    mark = journey.log_in(team["reviewer"])
    mark.get_by_role("link", name=re.compile(r"^Inbox \d+ unread")).click()
    expect(mark.get_by_role("listitem").filter(has_text="is behind")).to_contain_text(
        "Applications via social"
    )

    # The evaluation: the editor writes the lessons and asks for sign-off.
    eva.get_by_role("navigation", name="Results").get_by_role("link", name="Evaluations").click()
    eva.get_by_test_id("evaluate").filter(has_text="Recruiting this quarter").click()
    eva.get_by_role("button", name="Start the evaluation").click()
    by_label(eva, "What worked").fill("Short videos of technicians at work.")
    by_label(eva, "What did not work").fill("Vacancy posts without a face.")
    by_label(eva, "What to change").fill("Two technician stories a month.")
    journey.look(eva, "evaluation")
    eva.get_by_role("button", name="Save and ask for sign-off").click()
    expect(eva.get_by_role("status").or_(eva.get_by_role("alert")).first).to_be_visible()

    # The reviewer signs it off and starts the next period from it.
    mark.reload()
    mark.get_by_role("link", name="Inbox").first.click()
    mark.get_by_role("button", name=re.compile("asks you to sign off the evaluation")).click()
    mark.get_by_role("button", name="Sign off").click()
    expect(mark.get_by_text("Signed off").first).to_be_visible()
    mark.get_by_role("button", name="Start the next period from this plan").click()
    mark.wait_for_url(lambda url: "/strategy/" in url)

    following = StrategyPlan.objects.exclude(pk=plan.pk).get(workspace=workspace)
    goal = following.sub_goals.get()
    assert goal.baseline == Decimal("12.00")  # the last check-in
    assert following.period_start == plan.period_end + datetime.timedelta(days=1)
    assert "Two technician stories a month." in (following.review_cycle or "")
    journey.look(mark, "next-plan")
