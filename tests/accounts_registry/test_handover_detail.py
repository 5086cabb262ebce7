import datetime
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts_registry import services
from accounts_registry.models import HandoverStep
from workspaces.models import CompanyDomain

from ..factories import MembershipFactory
from .factories import SocialAccountFactory, confirm_step, step_facts


def _posted(facts: dict) -> dict:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in facts.items()}


def start(workspace, reviewer):
    leaver = MembershipFactory(workspace=workspace).user
    successor = MembershipFactory(workspace=workspace).user
    SocialAccountFactory(workspace=workspace, business_owner=leaver, handle="@vandijk")
    return services.handover_start(
        workspace=workspace,
        by=reviewer,
        leaver=leaver,
        successor=successor,
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )


def url(handover):
    return reverse(
        "registry:handover_detail", kwargs={"workspace": handover.workspace.slug, "pk": handover.pk}
    )


def test_shows_each_step_and_who_may_confirm_it(client, workspace, reviewer):
    handover = start(workspace, reviewer)
    client.force_login(reviewer)
    html = client.get(url(handover)).content.decode()
    assert "@vandijk" in html
    assert "The successor confirms access" in html
    assert "1 of 5 steps done" in html
    # The manager may confirm four steps; the successor's own is theirs.
    # Move the login, change the password, move recovery (the leaver has no grant to revoke).
    assert html.count(">Confirm</button>") == 3
    client.force_login(handover.successor)
    assert client.get(url(handover)).content.decode().count(">Confirm</button>") == 3
    client.force_login(handover.leaver)
    assert ">Confirm</button>" not in client.get(url(handover)).content.decode()


def test_confirming_every_step_completes_it(client, workspace, reviewer):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    handover = start(workspace, reviewer)
    for step in handover.steps.filter(not_applicable=""):
        who = handover.successor if step.kind == HandoverStep.Kind.SUCCESSOR_CONFIRMS else reviewer
        client.force_login(who)
        client.post(
            reverse("registry:step_confirm", kwargs={"workspace": workspace.slug, "pk": step.pk}),
            {"note": "done", **_posted(step_facts(step.kind))},
        )
    client.force_login(reviewer)
    html = client.get(url(handover)).content.decode()
    assert "nothing is tied to" in html
    report = client.get(
        reverse("registry:handover_report", kwargs={"workspace": workspace.slug, "pk": handover.pk})
    ).content.decode()
    assert "Complete on" in report
    assert "confirmed by" in report


def test_the_leaver_is_refused_with_403(client, workspace, reviewer):
    handover = start(workspace, reviewer)
    client.force_login(handover.leaver)
    step = handover.steps.filter(not_applicable="").first()
    response = client.post(
        reverse("registry:step_confirm", kwargs={"workspace": workspace.slug, "pk": step.pk})
    )
    assert response.status_code == 403


def test_each_open_step_confirms_at_its_own_address(client, workspace, reviewer):
    handover = start(workspace, reviewer)
    client.force_login(reviewer)
    html = client.get(url(handover)).content.decode()
    confirmable = handover.steps.filter(not_applicable="").exclude(
        kind=HandoverStep.Kind.SUCCESSOR_CONFIRMS
    )
    assert html.count("/confirm/") == confirmable.count() == 3
    for step in confirmable:
        address = reverse(
            "registry:step_confirm", kwargs={"workspace": workspace.slug, "pk": step.pk}
        )
        assert f'<form method="post" action="{address}"' in html


def test_a_confirmed_step_says_by_whom_and_when(client, workspace, reviewer):
    handover = start(workspace, reviewer)
    step = handover.steps.get(kind=HandoverStep.Kind.CHANGE_PASSWORD)
    confirm_step(step=step, by=reviewer, note="In the vault <now>")
    step.refresh_from_db()
    client.force_login(reviewer)
    html = client.get(url(handover)).content.decode()
    day = timezone.localtime(step.confirmed_at)
    when = f"{day.day} {day.strftime('%b')} {day.year}"  # never 12/03/2026: which is the month?
    assert f"confirmed by {reviewer.display_name}, {when}" in html
    assert "“In the vault &lt;now&gt;”" in html
    assert "2 of 5 steps done" in html


# The handover page from the cache: the session, the person, their workspaces (the membership
# among them), the leaver's name (for the title) and the unread count.
CACHED_HANDOVER_PAGE_QUERIES = 5


def test_the_handover_page_comes_from_the_cache_until_the_workspace_changes(
    workspace, reviewer, settings, django_assert_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    handover = start(workspace, reviewer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    client.get(url(handover))
    with django_assert_num_queries(CACHED_HANDOVER_PAGE_QUERIES):
        html = client.get(url(handover)).content.decode()
    assert f"<title>Handover · {handover.leaver.display_name} · " in html
    assert "1 of 5 steps done" in html
    # The cached forms carry this session's CSRF token: a step is confirmed, and shows at once.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    step = handover.steps.get(kind=HandoverStep.Kind.CHANGE_PASSWORD)
    response = client.post(
        reverse("registry:step_confirm", kwargs={"workspace": workspace.slug, "pk": step.pk}),
        {
            "note": "",
            "password_changed_on": timezone.localdate().isoformat(),
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert "2 of 5 steps done" in client.get(url(handover)).content.decode()
    # Each person has their own: the leaver may confirm nothing.
    client.force_login(handover.leaver)
    assert ">Confirm</button>" not in client.get(url(handover)).content.decode()


def test_a_handover_of_another_workspace_is_not_found_cached_or_not(
    client, workspace, other_workspace, outsider, editor, settings
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    theirs = start(other_workspace, outsider)
    client.force_login(editor)
    mine = reverse(
        "registry:handover_detail", kwargs={"workspace": workspace.slug, "pk": theirs.pk}
    )
    assert client.get(mine).status_code == 404
    assert client.get(mine).status_code == 404


def test_a_refused_confirmation_keeps_what_was_typed_and_says_why(client, workspace, reviewer):
    handover = start(workspace, reviewer)
    step = handover.steps.get(kind=HandoverStep.Kind.MOVE_RECOVERY)
    client.force_login(reviewer)
    holder = f"{handover.leaver.name.split()[-1]}'s own phone"
    response = client.post(
        reverse("registry:step_confirm", kwargs={"workspace": workspace.slug, "pk": step.pk}),
        {"recovery_holder": holder, "two_factor": "sms", "note": "typed"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "still names the leaver" in html
    assert 'value="typed"' in html
    assert '<option value="sms" selected>' in html
    step.refresh_from_db()
    assert step.confirmed_at is None


def test_whoever_confirmed_a_step_may_undo_it(client, workspace, reviewer):
    handover = start(workspace, reviewer)
    step = handover.steps.get(kind=HandoverStep.Kind.CHANGE_PASSWORD)
    confirm_step(step=step, by=reviewer)
    client.force_login(handover.successor)
    assert ">Undo</button>" not in client.get(url(handover)).content.decode()
    undo = reverse("registry:step_undo", kwargs={"workspace": workspace.slug, "pk": step.pk})
    assert client.post(undo).status_code == 403
    client.force_login(reviewer)
    assert ">Undo</button>" in client.get(url(handover)).content.decode()
    assert client.post(undo).status_code == 302
    step.refresh_from_db()
    assert step.confirmed_at is None
