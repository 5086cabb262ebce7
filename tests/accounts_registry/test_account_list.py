import re

from django.test import Client
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
    with django_assert_num_queries(9) as few:
        client.get(url(workspace))
    SocialAccount.objects.bulk_create(
        SocialAccount(workspace=workspace, platform="x", handle=f"@bulk{n}", login_email="a@b.nl")
        for n in range(1990)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url(workspace))
    assert "Page 1 of 40" in response.content.decode()


def test_each_account_links_to_its_page(client, workspace, editor):
    accounts = SocialAccountFactory.create_batch(3, workspace=workspace)
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    for account in accounts:
        page = reverse(
            "registry:account_detail", kwargs={"workspace": workspace.slug, "pk": account.pk}
        )
        assert f'<a href="{page}">{account}</a>' in html


def test_the_filters_keep_what_was_chosen_and_say_what_is_wrong(client, workspace, editor):
    SocialAccountFactory(workspace=workspace, platform="instagram", handle="@insta")
    SocialAccountFactory(workspace=workspace, platform="x", handle="@tweets")
    client.force_login(editor)
    html = client.get(url(workspace, platform="instagram", owner=editor.pk)).content.decode()
    assert '<label for="id_platform" class="form-label">Platform</label>' in html
    assert '<option value="instagram" selected>Instagram</option>' in html
    assert f'<option value="{editor.pk}" selected>{editor.display_name}</option>' in html
    assert '<option value="" selected>Any status</option>' in html
    # The owner filter chose an owner without accounts: none listed.
    assert "@insta" not in html
    html = client.get(url(workspace, platform="myspace")).content.decode()
    assert 'class="select form-select is-invalid"' in html
    assert 'aria-describedby="id_platform_error"' in html
    assert "Select a valid choice. myspace is not one of the available choices." in html
    # An invalid filter filters nothing.
    assert "@insta" in html
    assert "@tweets" in html


def test_the_filtered_list_is_paged_by_its_own_count(client, workspace, editor):
    SocialAccount.objects.bulk_create(
        SocialAccount(workspace=workspace, platform=platform, handle=f"@bulk{n}")
        for n in range(60)
        for platform in ("x", "instagram")
    )
    client.force_login(editor)
    assert "Page 1 of 3" in client.get(url(workspace)).content.decode()
    html = client.get(url(workspace, platform="x", page=2)).content.decode()
    assert "Page 2 of 2" in html
    assert "?platform=x&amp;page=1" in html


# The list from the cache: the session, the person, their workspaces (the membership among
# them) and the unread count.
CACHED_LIST_QUERIES = 4


def test_the_list_comes_from_the_cache_until_the_workspace_changes(
    workspace, editor, settings, django_assert_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    SocialAccountFactory(workspace=workspace, handle="@vandijk", two_factor="none")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get(url(workspace))
    with django_assert_num_queries(CACHED_LIST_QUERIES):
        html = client.get(url(workspace)).content.decode()
    assert "@vandijk" in html
    assert "No two-factor authentication: <strong>1</strong>" in html
    # A change through the pages shows at once.
    response = client.get(reverse("registry:account_create", kwargs={"workspace": workspace.slug}))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]
    response = client.post(
        reverse("registry:account_create", kwargs={"workspace": workspace.slug}),
        {
            "platform": "instagram",
            "handle": "@werken",
            "two_factor": "none",
            "status": "active",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302, response.content.decode()
    html = client.get(url(workspace)).content.decode()
    assert "@werken" in html
    assert "No two-factor authentication: <strong>2</strong>" in html
