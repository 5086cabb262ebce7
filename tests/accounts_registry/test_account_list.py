from django.urls import reverse

from accounts_registry.models import SocialAccount
from workspaces.models import CompanyDomain

from ..content_calendar.factories import PostFactory
from .factories import AccessGrantFactory, SocialAccountFactory


def url(workspace, **params):
    base = reverse("registry:index", kwargs={"workspace": workspace.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_lists_accounts_with_their_risks_in_words(client, workspace, editor):
    SocialAccountFactory(workspace=workspace, handle="@vandijk", login_email="tim@gmail.com")
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    assert "@vandijk" in html
    assert "Login not on a company address" in html
    assert "Nobody has access registered" in html
    assert "(personal)" in html


def test_says_how_many_accounts_share_a_platform_and_who_has_access(client, workspace, editor):
    for handle in ("@one", "@two", "@three"):
        account = SocialAccountFactory(workspace=workspace, platform="instagram", handle=handle)
    AccessGrantFactory(account=account, member=editor)
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    assert html.count("3 active accounts on Instagram: consolidate?") == 3
    assert html.count("Nobody has access registered</span>") == 2
    assert html.count("Only one person has access</span>") == 1


def test_filters_dormant_accounts(client, workspace, editor):
    planned = SocialAccountFactory(workspace=workspace, handle="@planned")
    PostFactory(workspace=workspace, channel=planned)
    SocialAccountFactory(workspace=workspace, handle="@forgotten")
    client.force_login(editor)
    html = client.get(url(workspace, risk="dormant")).content.decode()
    assert "@forgotten" in html
    assert "@planned" not in html
    assert "Nothing planned in the calendar for 60 days: <strong>1</strong>" in html


def test_filters_by_risk(client, workspace, editor):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    SocialAccountFactory(workspace=workspace, handle="@with2fa")
    SocialAccountFactory(workspace=workspace, handle="@without2fa", two_factor="none")
    client.force_login(editor)
    html = client.get(url(workspace, risk="no_2fa")).content.decode()
    assert "@without2fa" in html
    assert "@with2fa" not in html


def test_empty_state(client, workspace, editor):
    client.force_login(editor)
    assert (
        "Register the company's accounts one by one" in client.get(url(workspace)).content.decode()
    )


def test_queries_are_the_same_for_10_or_2000_accounts(
    client, workspace, editor, django_assert_num_queries
):
    SocialAccountFactory.create_batch(10, workspace=workspace)
    client.force_login(editor)
    client.get(url(workspace))
    with django_assert_num_queries(11) as few:
        client.get(url(workspace))
    SocialAccount.objects.bulk_create(
        SocialAccount(workspace=workspace, platform="x", handle=f"@bulk{n}", login_email="a@b.nl")
        for n in range(1990)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url(workspace))
    assert "Page 1 of 40" in response.content.decode()
