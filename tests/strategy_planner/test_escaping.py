"""What people type is shown as text, never run as code.

Every free-text field of a plan (every step, every repeating row, comments and review
comments), of a post and of a registry account (with its grants and handover notes) holds
script and markup; so do the workspace's name and the people's names. Then every page that
shows them is rendered, through the plan's whole life (draft, review, changes requested,
approved, copied and compared), and none may contain the markup unescaped.
"""

import datetime
import re

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts_registry import services as registry_services
from accounts_registry.models import AccessGrant, Platform, SocialAccount
from content_calendar import services as calendar_services
from content_calendar.models import Category, Post
from strategy import services as strategy_services
from strategy.models import Section, StrategyPlan
from strategy.sections import SECTION_FIELDS, SECTION_ITEMS
from tests.accounts_registry.factories import confirm_step
from workspaces.models import Role

from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
from ..strategy.factories import item_rows, new_plan, save

SCRIPT, IMG = "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'
PAYLOAD = SCRIPT + IMG
# Names of the workspace and its people: on every page, so told apart from the content.
NAME = '<script>alert(2)</script>"><img src=x onerror=alert(2)>'
# The registry refuses text that looks like a password, and "alert(1)" between symbols does;
# the same markup without a digit passes.
REGISTRY = '<script>alert(document.domain)</script>"><img src=x onerror=alert(document.domain)>'

# Markup as the browser would run it: an opened script element or the injected image.
UNESCAPED = re.compile(r"<script>alert|<img src=x", re.IGNORECASE)


def text_for(field, payload=PAYLOAD) -> str:
    """The payload, or as much of it as the field takes: one whole half if both don't fit."""
    if field.max_length is None or len(payload) <= field.max_length:
        return payload
    return next(p for p in (IMG, SCRIPT) if len(p) <= field.max_length)


def is_free_text(field) -> bool:
    return (
        isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not isinstance(field, models.EmailField | models.URLField | models.SlugField)
    )


def section_values(section: str) -> dict:
    values = {}
    for name in SECTION_FIELDS[section]:
        field = StrategyPlan._meta.get_field(name)
        if is_free_text(field):
            values[name] = text_for(field)
    if section == Section.WHAT:
        values.update(mix_promotional=20, mix_curated=40, mix_engagement=40)
    return values


def section_items(section: str, *, account, owner) -> dict:
    items = {}
    for item in SECTION_ITEMS[section]:
        row = item_rows(item.name, 1, accounts=[account], owners=[owner])[0]
        for name in item.fields:
            field = item.model._meta.get_field(name)
            if is_free_text(field):
                row[name] = text_for(field)
        items[item.name] = [row]
    return items


class Pages:
    """Renders pages as one person and keeps every problem, so that one run lists them all."""

    def __init__(self, client):
        self.client = client
        self.problems: list[str] = []
        self.seen: list[str] = []

    def check(self, user, url: str, *shown: str) -> None:
        self.client.force_login(user)
        response = self.client.get(url)
        self.seen.append(url)
        if response.status_code != 200:
            self.problems.append(f"{url}: status {response.status_code}")
            return
        html = response.content.decode()
        for match in UNESCAPED.finditer(html):
            context = html[max(0, match.start() - 80) : match.end() + 40]
            self.problems.append(f"{url}: unescaped markup …{context}…")
        # The page must really show the content, escaped, or this test would prove nothing.
        for marker in shown:
            if marker not in html:
                self.problems.append(f"{url}: does not show {marker!r}")


def test_the_check_tells_escaped_from_unescaped():
    assert not UNESCAPED.search(escape(PAYLOAD) + escape(REGISTRY) + escape(NAME))
    assert all(UNESCAPED.search(p) for p in (SCRIPT, IMG, REGISTRY, NAME))


def test_no_page_lets_typed_markup_run(client, db):
    today = timezone.localdate()
    workspace = WorkspaceFactory(name=NAME, slug="xss")
    slug = workspace.slug

    def member(role, email):
        user = UserFactory(email=email, name=NAME)
        MembershipFactory(workspace=workspace, user=user, role=role)
        return user

    editor = member(Role.EDITOR, "editor@example.com")
    boss = member(Role.ADMIN, "boss@example.com")
    leaver = member(Role.EDITOR, "leaver@example.com")
    pages = Pages(client)

    # --- The registry: an account with every free text, a grant and an outside grant.
    account_fields = {
        field.name: text_for(field, REGISTRY)
        for field in SocialAccount._meta.get_fields()
        if getattr(field, "concrete", False) and is_free_text(field)
    }
    account = registry_services.account_create(
        workspace=workspace,
        by=editor,
        **{
            **account_fields,
            "platform": Platform.LINKEDIN_PAGE,
            "profile_url": 'https://example.com/"><script>alert(document.domain)</script>',
            "login_email": "social@example.com",
            "two_factor": SocialAccount.TwoFactor.APP,
            "business_owner": leaver,
            "password_changed_on": today - datetime.timedelta(days=10),
        },
    )
    # A change, so that the account's history shows old → new with the markup on both sides.
    account = registry_services.account_update(
        account=account, by=editor, purpose=REGISTRY + " (new)"
    )
    registry_services.grant_add(
        account=account,
        by=editor,
        level=AccessGrant.Level.EDITOR,
        outside_name=REGISTRY,
        outside_email="agency@example.com",
    )
    registry_services.grant_add(
        account=account, by=editor, level=AccessGrant.Level.EDITOR, member=leaver
    )
    assert set(account_fields) >= {"handle", "purpose", "vault_reference", "notes"}

    # --- A plan in draft with markup in every step and every row.
    plan = new_plan(
        workspace=workspace,
        owner=editor,
        title=PAYLOAD,
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=60),
        reviewer=boss,
    )
    for section in Section.values:
        plan = save(
            plan,
            section,
            editor,
            section_values(section),
            section_items(section, account=account, owner=editor),
        )
    plan_url = reverse("strategy:plan_detail", kwargs={"workspace": slug, "pk": plan.pk})
    for section in Section.values:
        step = reverse(
            "strategy:plan_step", kwargs={"workspace": slug, "pk": plan.pk, "step": section}
        )
        pages.check(editor, step, "alert(1)")
    pages.check(
        editor,
        reverse("strategy:plan_details", kwargs={"workspace": slug, "pk": plan.pk}),
        "alert(1)",
    )
    pages.check(editor, plan_url, "alert(1)")

    # --- In review: the reviewer's page, with comments on every step.
    plan = strategy_services.plan_submit(plan=plan, by=editor)
    for section in Section.values:
        strategy_services.plan_comment_add(plan=plan, by=boss, section=section, body=PAYLOAD)
    pages.check(boss, plan_url, "alert(1)", "Your review")
    pages.check(boss, reverse("notifications:inbox", kwargs={"workspace": slug}), "alert(1)")

    # --- Changes requested, with the reason in markup; then approved.
    strategy_services.plan_request_changes(plan=plan, by=boss, comment=PAYLOAD)
    pages.check(editor, plan_url, "alert(1)")
    pages.check(editor, reverse("notifications:inbox", kwargs={"workspace": slug}), "alert(1)")
    plan = strategy_services.plan_submit(plan=plan, by=editor)
    version = strategy_services.plan_approve(plan=plan, by=boss, comment=PAYLOAD)
    pages.check(editor, plan_url, "alert(1)")
    pages.check(
        editor,
        reverse("strategy:plan_print", kwargs={"workspace": slug, "pk": plan.pk}),
        "alert(1)",
    )
    pages.check(
        editor,
        reverse("strategy:version_detail", kwargs={"workspace": slug, "pk": version.pk}),
        "alert(1)",
    )
    pages.check(editor, reverse("strategy:index", kwargs={"workspace": slug}), "alert(1)")

    # --- The next period's plan, copied and changed: the comparison shows both sides.
    copy = strategy_services.plan_copy(
        version=version,
        by=editor,
        title=PAYLOAD + " 2",
        period_start=today + datetime.timedelta(days=61),
        period_end=today + datetime.timedelta(days=150),
    )
    copy = save(copy, Section.WHY, editor, {"business_issue": IMG + SCRIPT})
    compare = reverse("strategy:plan_compare", kwargs={"workspace": slug, "pk": copy.pk})
    pages.check(editor, f"{compare}?from={version.pk}&to=current", "alert(1)")

    # --- The calendar: a post with markup in its text, what it serves and its link.
    when = timezone.now() + datetime.timedelta(hours=3)
    post = calendar_services.post_create(
        workspace=workspace,
        by=editor,
        channel=account,
        scheduled_at=when,
        category=Category.CURATED,
        text=PAYLOAD,
        serves_note=text_for(Post._meta.get_field("serves_note")),
        link='https://example.com/"><script>alert(1)</script>',
        status=Post.Status.DRAFT,
    )
    local = timezone.localtime(when)
    year, week, _day = local.isocalendar()
    month = {"workspace": slug, "year": local.year, "month": local.month}
    weekly = {"workspace": slug, "year": year, "week": week}
    for url in (
        reverse("calendar:month", kwargs=month),
        reverse("calendar:month_balance", kwargs=month),
        reverse("calendar:week", kwargs=weekly),
        reverse("calendar:week_balance", kwargs=weekly),
        reverse("calendar:list", kwargs={"workspace": slug}),
        reverse("calendar:post_edit", kwargs={"workspace": slug, "pk": post.pk}),
    ):
        pages.check(editor, url, "alert(1)", "alert(document.domain)")

    # --- The registry and the handover, with a confirmation note in markup.
    handover = registry_services.handover_start(
        workspace=workspace,
        by=boss,
        leaver=leaver,
        successor=editor,
        deadline=today + datetime.timedelta(days=7),
    )
    step = handover.steps.filter(not_applicable="", confirmed_at__isnull=True).first()
    confirm_step(step=step, by=boss, note=REGISTRY)
    for url in (
        reverse("registry:index", kwargs={"workspace": slug}),
        reverse("registry:account_detail", kwargs={"workspace": slug, "pk": account.pk}),
        reverse("registry:handover_detail", kwargs={"workspace": slug, "pk": handover.pk}),
        reverse("registry:handover_report", kwargs={"workspace": slug, "pk": handover.pk}),
    ):
        pages.check(boss, url, "alert(document.domain)")

    pages.check(boss, reverse("registry:handover_list", kwargs={"workspace": slug}), "alert(2)")

    # --- Where it all comes together.
    for user in (editor, boss):
        pages.check(user, reverse("workspaces:dashboard", kwargs={"workspace": slug}), "alert(2)")
        pages.check(user, reverse("notifications:inbox", kwargs={"workspace": slug}), "alert(1)")
    pages.check(boss, reverse("workspaces:members", kwargs={"workspace": slug}), "alert(2)")

    assert not pages.problems, "\n".join(pages.problems)
    assert len(pages.seen) == 32  # every page above, none skipped
