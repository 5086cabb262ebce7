import datetime

from django.urls import reverse
from django.utils import timezone

from accounts_registry import services
from accounts_registry.models import HandoverStep

from ..factories import MembershipFactory
from .factories import SocialAccountFactory


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
    assert html.count(">Confirm</button>") == 3  # move login does not apply here
    client.force_login(handover.successor)
    assert client.get(url(handover)).content.decode().count(">Confirm</button>") == 3
    client.force_login(handover.leaver)
    assert ">Confirm</button>" not in client.get(url(handover)).content.decode()


def test_confirming_every_step_completes_it(client, workspace, reviewer):
    handover = start(workspace, reviewer)
    for step in handover.steps.filter(not_applicable=""):
        who = handover.successor if step.kind == HandoverStep.Kind.SUCCESSOR_CONFIRMS else reviewer
        client.force_login(who)
        client.post(
            reverse("registry:step_confirm", kwargs={"workspace": workspace.slug, "pk": step.pk}),
            {"note": "done"},
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
