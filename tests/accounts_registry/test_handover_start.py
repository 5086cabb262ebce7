import datetime

from django.urls import reverse
from django.utils import timezone

from accounts_registry.models import Handover

from ..factories import MembershipFactory
from .factories import SocialAccountFactory


def test_a_manager_starts_a_handover(client, workspace, reviewer):
    leaver = MembershipFactory(workspace=workspace).user
    successor = MembershipFactory(workspace=workspace).user
    SocialAccountFactory(workspace=workspace, business_owner=leaver)
    client.force_login(reviewer)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("registry:handover_start", kwargs={"workspace": workspace.slug}),
        {"leaver": leaver.pk, "successor": successor.pk, "deadline": deadline.isoformat()},
    )
    handover = Handover.objects.get()
    assert response.url.endswith(f"/handovers/{handover.pk}/")
    assert handover.steps.count() == 5


def test_the_same_person_twice_is_explained(client, workspace, reviewer, editor):
    client.force_login(reviewer)
    response = client.post(
        reverse("registry:handover_start", kwargs={"workspace": workspace.slug}),
        {"leaver": editor.pk, "successor": editor.pk, "deadline": "2999-01-01"},
    )
    assert "The successor must be someone else." in response.content.decode()
    assert not Handover.objects.exists()
