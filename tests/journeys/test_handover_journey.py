"""Journey 3: an admin starts a handover for a member who leaves; the successor and management
each confirm the steps that are theirs (the leaver none); the report shows it complete; and
once the leaver is removed from the workspace, they reach nothing of it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts_registry.models import AccessGrant, HandoverStep, SocialAccount
from notifications.models import Notification
from workspaces.models import CompanyDomain, Role

from ..accounts_registry.factories import AccessGrantFactory, SocialAccountFactory
from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
from .conftest import by_label

MOVE_LOGIN = "Move the login to a company address"
PASSWORD = "Management changes the password, so the leaver can no longer log in"
REVOKE = "Revoke the leaver's personal access"
RECOVERY = "Move recovery and two-factor to the successor or a company device"
SUCCESSOR = "The successor confirms access"


@pytest.fixture
def team(transactional_db):
    """Tim leaves: he owns the LinkedIn page and can reach it, and Instagram is registered to his
    own address. Sara takes over; Ruud is management; Anna is the admin."""
    workspace = WorkspaceFactory(name="Van Dijk Installatietechniek", slug="van-dijk")
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    people = {}
    for key, name, role in (
        ("admin", "Anna de Vries", Role.ADMIN),
        ("reviewer", "Ruud Bakker", Role.REVIEWER),
        ("leaver", "Tim Visser", Role.EDITOR),
        ("successor", "Sara Bos", Role.EDITOR),
    ):
        email = f"{name.split()[0].lower()}@vandijk.nl"
        people[key] = UserFactory(email=email, name=name)
        MembershipFactory(workspace=workspace, user=people[key], role=role)
    linkedin = SocialAccountFactory(
        workspace=workspace,
        platform="linkedin_page",
        handle="van-dijk",
        business_owner=people["leaver"],
        login_email="social@vandijk.nl",
    )
    instagram = SocialAccountFactory(
        workspace=workspace,
        platform="instagram",
        handle="@werken",
        business_owner=people["admin"],
        login_email="tim.visser@gmail.com",
        recovery_holder="Tim's phone",
    )
    untouched = SocialAccountFactory(
        workspace=workspace,
        platform="x",
        handle="@vandijk_service",
        business_owner=people["admin"],
        login_email="service@vandijk.nl",
    )
    AccessGrantFactory(account=linkedin, member=people["leaver"], level=AccessGrant.Level.OWNER)
    AccessGrantFactory(account=linkedin, member=people["successor"])
    AccessGrantFactory(account=instagram, member=people["leaver"])
    AccessGrantFactory(account=untouched, member=people["successor"])
    Notification.objects.all().delete()
    return {**people, "linkedin": linkedin, "instagram": instagram}


def step(page, account, kind):
    """One step of the handover page: the account's section, the step's line."""
    return (
        page.get_by_role("region", name=str(account)).get_by_role("listitem").filter(has_text=kind)
    )


def fill_step(page, account, kind, note="", fields=None):
    """Fill in what the step asks for (a text, a date, or a choice by its label)."""
    line = step(page, account, kind)
    for label, value in (fields or {}).items():
        field = by_label(line, label)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    if note:
        by_label(line, "Note (optional)").fill(note)
    line.get_by_role("button", name="Confirm").click()


def confirm(page, account, kind, note="", fields=None):
    fill_step(page, account, kind, note, fields)
    expect(page.get_by_role("status").filter(has_text=re.compile("confirmed"))).to_be_visible()
    expect(step(page, account, kind)).to_contain_text("Done:")


def open_from_inbox(page, text):
    expect(page.get_by_test_id("unread-count")).to_be_visible()
    page.get_by_role("link", name=re.compile("Inbox")).click()
    page.get_by_role("button", name=re.compile(text)).click()


def test_handover_journey(journey, team):
    linkedin, instagram = team["linkedin"], team["instagram"]
    deadline = timezone.localdate() + datetime.timedelta(days=14)

    # --- The admin starts the handover -------------------------------------------------------
    admin = journey.log_in(team["admin"])
    admin.get_by_role("link", name="Accounts", exact=True).click()
    expect(admin.get_by_role("heading", name="Company accounts")).to_be_visible()
    journey.look(admin, "registry-list")
    admin.get_by_role("link", name="Handovers").click()
    admin.get_by_role("link", name="Start a handover").click()
    by_label(admin, "Who leaves or changes role").select_option(label="Tim Visser")
    by_label(admin, "Successor").select_option(label="Sara Bos")
    by_label(admin, "Deadline").fill(deadline.isoformat())
    journey.look(admin, "handover-start")
    admin.get_by_role("button", name="Start the handover").click()
    expect(
        admin.get_by_role("heading", name="Handover from Tim Visser to Sara Bos")
    ).to_be_visible()
    expect(admin.get_by_text("1 of 10 steps done")).to_be_visible()
    # The LinkedIn login is a company address already: kept, with the reason.
    expect(step(admin, linkedin, MOVE_LOGIN)).to_contain_text(
        "Does not apply: The login is already a company address (social@vandijk.nl)."
    )
    # The untouched account is not part of it.
    expect(admin.get_by_role("region", name=re.compile("vandijk_service"))).to_have_count(0)
    journey.look(admin, "handover-page")
    handover_url = admin.url

    # --- The leaver sees the handover but can confirm nothing -------------------------------
    leaver = journey.log_in(team["leaver"])
    leaver.goto(handover_url)
    expect(
        leaver.get_by_role("heading", name="Handover from Tim Visser to Sara Bos")
    ).to_be_visible()
    expect(leaver.get_by_role("button", name="Confirm")).to_have_count(0)

    # --- The successor: everything but the password, which is for management -----------------
    successor = journey.log_in(team["successor"])
    open_from_inbox(successor, "Handover of Tim Visser")
    expect(successor).to_have_url(handover_url)
    for account in (linkedin, instagram):
        expect(step(successor, account, PASSWORD).get_by_role("button")).to_have_count(0)
    # The step asks for the new login; the leaver's own or a personal address is refused, and
    # what was typed stays in the form.
    fill_step(
        successor,
        instagram,
        MOVE_LOGIN,
        note="Moved today",
        fields={"New company login email": "tim.visser@gmail.com"},
    )
    expect(step(successor, instagram, MOVE_LOGIN)).to_contain_text("not on one of the company's")
    expect(by_label(step(successor, instagram, MOVE_LOGIN), "Note (optional)")).to_have_value(
        "Moved today"
    )
    journey.look(successor, "handover-step-refused")
    confirm(
        successor,
        instagram,
        MOVE_LOGIN,
        note="Moved today",
        fields={"New company login email": "social@vandijk.nl"},
    )
    for account in (linkedin, instagram):
        confirm(successor, account, REVOKE)
    # A recovery method that still names the leaver is refused.
    fill_step(
        successor,
        instagram,
        RECOVERY,
        fields={
            "Recovery method now held by": "Tim's old phone",
            "Two-factor authentication": "Authenticator app",
        },
    )
    expect(step(successor, instagram, RECOVERY)).to_contain_text("still names the leaver")
    for account in (linkedin, instagram):
        confirm(
            successor,
            account,
            RECOVERY,
            fields={
                "Recovery method now held by": "the team phone",
                "Two-factor authentication": "Authenticator app",
            },
        )

    # --- Management: the passwords; the successor's own confirmation is not theirs ------------
    reviewer = journey.log_in(team["reviewer"])
    open_from_inbox(reviewer, "Handover of Tim Visser")
    for account in (linkedin, instagram):
        expect(step(reviewer, account, SUCCESSOR).get_by_role("button")).to_have_count(0)
        confirm(
            reviewer,
            account,
            PASSWORD,
            fields={"Where the credentials are kept now (if it moved)": "1Password > Marketing"},
        )
    expect(reviewer.get_by_text("8 of 10 steps done")).to_be_visible()

    # --- The successor confirms access: the last step completes the handover -----------------
    successor.reload()
    confirm(successor, linkedin, SUCCESSOR)
    confirm(successor, instagram, SUCCESSOR)
    expect(
        successor.get_by_role("status").filter(has_text="the handover is complete")
    ).to_be_visible()
    expect(successor.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "10")
    expect(successor.get_by_role("status").filter(has_text="Complete since")).to_contain_text(
        "nothing is tied to Tim Visser any more"
    )
    journey.look(successor, "handover-complete")

    # --- The report ------------------------------------------------------------------------
    admin.reload()
    admin.get_by_role("link", name="Report").click()
    expect(
        admin.get_by_role("heading", name="Handover from Tim Visser to Sara Bos")
    ).to_be_visible()
    expect(admin.get_by_text(re.compile("^Complete on "))).to_be_visible()
    expect(step(admin, linkedin, PASSWORD)).to_contain_text("confirmed by Ruud Bakker")
    expect(step(admin, instagram, SUCCESSOR)).to_contain_text("confirmed by Sara Bos")
    expect(admin.get_by_role("button", name="Confirm")).to_have_count(0)
    journey.look(admin, "handover-report")
    assert not HandoverStep.objects.filter(confirmed_at__isnull=True, not_applicable="").exists()

    # --- Nothing is tied to the leaver any more -----------------------------------------------
    admin.get_by_role("link", name="Back to the handover").click()
    admin.get_by_role("link", name="Handovers", exact=True).click()
    admin.get_by_role("link", name="Company accounts").click()
    admin.get_by_role("link", name=str(linkedin)).click()
    facts = admin.get_by_role("region", name="The account")
    expect(facts).to_contain_text("Sara Bos")
    access = admin.get_by_role("region", name="Who has access")
    expect(access.locator("del")).to_have_text("Tim Visser")
    expect(access.get_by_role("listitem").filter(has_text="Tim Visser")).to_contain_text("revoked")
    journey.look(admin, "account-page")
    assert not AccessGrant.objects.filter(member=team["leaver"], revoked_at__isnull=True).exists()
    assert not SocialAccount.objects.filter(business_owner=team["leaver"]).exists()
    # The registry itself changed: the new login and recovery, today's password, Sara's access.
    admin.get_by_role("link", name="Company accounts").click()
    admin.get_by_role("link", name=str(instagram)).click()
    facts = admin.get_by_role("region", name="The account")
    expect(facts).to_contain_text("social@vandijk.nl")
    expect(facts).to_contain_text("the team phone")
    expect(facts).not_to_contain_text("gmail")
    access = admin.get_by_role("region", name="Who has access")
    expect(
        access.get_by_role("listitem").filter(has_text="Sara Bos").filter(has_not_text="revoked")
    ).to_have_count(1)
    instagram.refresh_from_db()
    assert instagram.password_changed_on == timezone.localdate()
    assert instagram.vault_reference == "1Password > Marketing"

    # The admin takes the leaver out of the workspace.
    admin.get_by_role("button", name="Van Dijk Installatietechniek").click()
    admin.get_by_role("link", name="Members").click()
    admin.get_by_role("row").filter(has_text="tim@vandijk.nl").get_by_role(
        "link", name="Remove"
    ).click()
    admin.get_by_role("button", name="Remove").click()
    expect(
        admin.get_by_role("status").filter(has_text="Tim Visser is no longer a member")
    ).to_be_visible()
    admin.goto("/w/van-dijk/settings/")
    journey.look(admin, "workspace-settings")

    # The leaver, still logged in, reaches nothing of the workspace any more.
    for url in (handover_url, f"/w/van-dijk/accounts/{linkedin.pk}/", "/w/van-dijk/"):
        response = leaver.goto(url)
        assert response.status == 404, url
        expect(leaver.get_by_role("heading", name="This page does not exist")).to_be_visible()
    leaver.goto("/")
    expect(leaver).to_have_url(re.compile("/workspaces/new/$"))
    expect(leaver.get_by_role("link", name="Accounts", exact=True)).to_have_count(0)
