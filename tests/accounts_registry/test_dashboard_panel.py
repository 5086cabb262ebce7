import datetime

from django.urls import reverse
from django.utils import timezone

from accounts_registry import services
from accounts_registry.models import Handover, SocialAccount

from ..factories import MembershipFactory
from .factories import SocialAccountFactory


def test_risks_and_late_handover_steps_at_a_glance(client, workspace, reviewer):
    SocialAccountFactory(workspace=workspace, two_factor="none")
    leaver = MembershipFactory(workspace=workspace).user
    SocialAccountFactory(workspace=workspace, business_owner=leaver, handle="@late")
    handover = services.handover_start(
        workspace=workspace,
        by=reviewer,
        leaver=leaver,
        successor=reviewer,
        deadline=timezone.localdate() + datetime.timedelta(days=1),
    )
    Handover.objects.filter(pk=handover.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    client.force_login(reviewer)
    html = client.get(
        reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    ).content.decode()
    assert "No two-factor authentication: <strong>1</strong>" in html
    assert "Nothing planned in the calendar for 60 days: <strong>2</strong>" in html
    assert "Late handover steps" in html
    assert "@late" in html


def test_queries_are_the_same_for_10_or_2000_accounts(
    client, workspace, admin_user, django_assert_num_queries
):
    SocialAccountFactory.create_batch(10, workspace=workspace)
    url = reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    client.force_login(admin_user)
    client.get(url)
    with django_assert_num_queries(17) as few:
        client.get(url)
    SocialAccount.objects.bulk_create(
        SocialAccount(workspace=workspace, platform="x", handle=f"@bulk{n}") for n in range(1990)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
