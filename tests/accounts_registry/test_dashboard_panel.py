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
    assert "Accounts per risk, of 2 open" in html
    chart = html[html.index('data-testid="risk-chart"') :]
    chart = chart[: chart.index("</ul>")]
    # Each bar says its label and number in text; its length is the share of open accounts.
    assert '?risk=no_2fa">No two-factor authentication</a>' in chart
    row = chart[chart.index("No two-factor authentication") :]
    assert 'pct-50"' in row[: row.index("</li>")]
    assert '<strong>1</strong> <span class="text-body-secondary">(50%)</span>' in row
    dormant = chart[chart.index("Nothing planned in the calendar for 60 days") :]
    dormant = dormant[: dormant.index("</li>")]
    assert 'pct-100"' in dormant
    assert "<strong>2</strong>" in dormant
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


def test_the_shares_count_open_accounts_only(client, workspace, reviewer):
    SocialAccountFactory(workspace=workspace, two_factor="none")
    SocialAccountFactory.create_batch(3, workspace=workspace, two_factor="app")
    SocialAccountFactory(workspace=workspace, two_factor="none", status="closed")
    client.force_login(reviewer)
    html = client.get(
        reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    ).content.decode()
    assert "Accounts per risk, of 4 open" in html
    row = html[html.index("No two-factor authentication</a>") :]
    row = row[: row.index("</li>")]
    assert 'pct-25"' in row
    assert "<strong>1</strong>" in row


def test_no_chart_without_risks(client, workspace, reviewer):
    client.force_login(reviewer)
    html = client.get(
        reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    ).content.decode()
    assert "No risks in the registry." in html
    assert 'data-testid="risk-chart"' not in html
