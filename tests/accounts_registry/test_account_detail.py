import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts_registry import services
from accounts_registry.views import HISTORY_PER_PAGE

from ..content_calendar.factories import PostFactory
from ..factories import MembershipFactory
from .factories import AccessGrantFactory, SocialAccountFactory


def url(account):
    return reverse(
        "registry:account_detail", kwargs={"workspace": account.workspace.slug, "pk": account.pk}
    )


def history(html) -> list[str]:
    """The history's entries, newest first, as plain text on one line each."""
    section = html.split('id="history-heading"', 1)[1]
    items = re.findall(r'<li class="mb-2">(.*?)</li>', section, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_shows_risks_access_and_where_credentials_are_kept(client, workspace, editor, reviewer):
    account = SocialAccountFactory(workspace=workspace, vault_reference="1Password > Social > X")
    AccessGrantFactory(account=account, member=reviewer)
    client.force_login(editor)
    html = client.get(url(account)).content.decode()
    assert "1Password &gt; Social &gt; X" in html
    assert reviewer.display_name in html
    assert "Only one person has access" in html
    assert "Nothing planned in the calendar for 60 days" in html


def test_a_planned_post_keeps_the_account_off_the_dormant_list(client, workspace, editor):
    account = SocialAccountFactory(workspace=workspace)
    PostFactory(workspace=workspace, channel=account)
    client.force_login(editor)
    assert "Nothing planned in the calendar" not in client.get(url(account)).content.decode()


def test_several_on_one_platform_and_nobody_with_access_in_words(client, workspace, editor):
    account = SocialAccountFactory(workspace=workspace, platform="instagram")
    SocialAccountFactory(workspace=workspace, platform="instagram")
    client.force_login(editor)
    html = client.get(url(account)).content.decode()
    assert "2 active accounts on Instagram: consolidate? One company went from 33 to 1." in html
    assert "Nobody has access registered" in html
    assert "Only one person has access" not in html


def person(workspace, name):
    return MembershipFactory(workspace=workspace, user__name=name).user


def test_the_history_shows_old_and_new_in_words_and_the_access_changes(client, workspace):
    sanne, eva, ruud = (person(workspace, n) for n in ("Sanne Smit", "Eva Jansen", "Ruud Bakker"))
    account = services.account_create(
        workspace=workspace, by=sanne, platform="x", handle="@vandijk", business_owner=eva
    )
    services.account_update(
        account=account, by=eva, business_owner=ruud, two_factor="app", status="dormant"
    )
    grant = services.grant_add(account=account, by=sanne, member=ruud, level="owner")
    services.grant_add(account=account, by=sanne, outside_name="Bureau Zon", level="editor")
    services.grant_revoke(grant=grant, by=eva)
    client.force_login(sanne)
    entries = history(client.get(url(account)).content.decode())
    revoked, agency, granted, changed, registered = entries
    assert revoked.endswith("Eva Jansen · revoked the access of Ruud Bakker")
    assert agency.endswith("Sanne Smit · granted access to Bureau Zon (Editor)")
    assert granted.endswith("Sanne Smit · granted access to Ruud Bakker (Owner / admin)")
    assert "Eva Jansen" in changed
    assert "Business owner: Eva Jansen → Ruud Bakker" in changed
    assert "Two-factor authentication: None → Authenticator app" in changed
    assert "Status: Active → Dormant" in changed
    assert registered.endswith("Sanne Smit · registered the account")


def test_the_history_costs_the_same_queries_however_long(
    client, workspace, django_assert_num_queries
):
    sanne, eva = person(workspace, "Sanne Smit"), person(workspace, "Eva Jansen")
    account = services.account_create(
        workspace=workspace, by=sanne, platform="x", handle="@vandijk", business_owner=eva
    )
    services.grant_add(account=account, by=sanne, member=eva, level="owner")
    client.force_login(sanne)
    client.get(url(account))
    with django_assert_num_queries(11) as few:
        client.get(url(account))
    for n in range(8):
        owner = person(workspace, f"Owner {n}")
        editor = person(workspace, f"Editor {n}")
        services.account_update(account=account, by=editor, business_owner=owner, purpose=str(n))
        grant = services.grant_add(account=account, by=editor, member=owner, level="analyst")
        services.grant_revoke(grant=grant, by=sanne)
    with django_assert_num_queries(len(few.captured_queries)):
        latest = history(client.get(url(account)).content.decode())
    with django_assert_num_queries(len(few.captured_queries)):
        older = history(client.get(url(account) + "?history=2").content.decode())
    # 26 changes: the latest 20 on the page, the 6 before them a page further.
    assert (len(latest), len(older)) == (20, 6)
    assert any("Business owner: Owner 6 → Owner 7" in entry for entry in latest)
    assert older[-1].endswith("Sanne Smit · registered the account")


def test_the_history_pages_link_to_each_other(client, workspace):
    sanne = person(workspace, "Sanne Smit")
    account = services.account_create(workspace=workspace, by=sanne, platform="x", handle="@a")
    for n in range(HISTORY_PER_PAGE):
        services.account_update(account=account, by=sanne, purpose=f"Purpose {n}")
    client.force_login(sanne)
    first = client.get(url(account)).content.decode()
    assert len(history(first)) == HISTORY_PER_PAGE
    assert 'href="?history=2#history">Older changes</a>' in first
    assert "Newer changes" not in first
    second = client.get(url(account) + "?history=2").content.decode()
    assert len(history(second)) == 1
    assert history(second)[0].endswith("Sanne Smit · registered the account")
    assert 'href="?history=1#history">Newer changes</a>' in second
    assert "Older changes" not in second
    # A page past the end, or not a page at all.
    assert "No older changes." in client.get(url(account) + "?history=9").content.decode()
    assert history(client.get(url(account) + "?history=x").content.decode()) == history(first)


def test_revoke_links_go_to_each_active_grant(client, workspace, editor, reviewer):
    account = SocialAccountFactory(workspace=workspace)
    active = AccessGrantFactory(account=account, member=reviewer)
    AccessGrantFactory(account=account, member=editor, revoked_at=timezone.now())
    client.force_login(editor)
    html = client.get(url(account)).content.decode()
    revoke = reverse("registry:grant_revoke", kwargs={"workspace": workspace.slug, "pk": active.pk})
    assert html.count("/revoke/") == 1
    assert f'href="{revoke}"' in html


def test_the_grant_form_offers_the_members_by_name(client, workspace, editor, reviewer):
    account = SocialAccountFactory(workspace=workspace)
    client.force_login(editor)
    html = client.get(url(account)).content.decode()
    form = html[
        html.index('id="div_id_member"') : html.index("</form>", html.index("div_id_member"))
    ]
    assert '<label for="id_member" class="form-label">Member</label>' in form
    assert '<option value="" selected>---------</option>' in form
    for member in (editor, reviewer):
        assert f'<option value="{member.pk}">{member.display_name}</option>' in form
    assert 'class="form-label requiredField">Level<span class="asteriskField">*</span>' in form
    assert '<option value="owner">Owner / admin</option>' in form
    assert 'type="email" name="outside_email"' in form


# The account page from the cache: the session, the person, their workspaces (the membership
# among them), the account's name (for the title) and the unread count.
CACHED_ACCOUNT_PAGE_QUERIES = 5


def test_the_account_page_comes_from_the_cache_until_the_workspace_changes(
    workspace, editor, reviewer, settings, django_assert_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    account = SocialAccountFactory(workspace=workspace, handle="@vandijk")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get(url(account))
    with django_assert_num_queries(CACHED_ACCOUNT_PAGE_QUERIES):
        html = client.get(url(account)).content.decode()
    assert f"<title>{account} · " in html
    assert "Nobody has access registered" in html
    # The cached form carries this session's CSRF token: access is recorded, and shows at once.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    response = client.post(
        reverse("registry:grant_add", kwargs={"workspace": workspace.slug, "pk": account.pk}),
        {"member": reviewer.pk, "level": "owner", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    html = client.get(url(account)).content.decode()
    assert "Nobody has access registered" not in html
    assert "Only one person has access" in html
    assert f"granted access to {reviewer.display_name} (Owner / admin)" in html


def test_an_account_of_another_workspace_is_not_found_cached_or_not(
    client, workspace, other_workspace, editor, settings
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    theirs = SocialAccountFactory(workspace=other_workspace)
    client.force_login(editor)
    mine = reverse("registry:account_detail", kwargs={"workspace": workspace.slug, "pk": theirs.pk})
    assert client.get(mine).status_code == 404
    assert client.get(mine).status_code == 404


def test_another_change_to_a_grant_is_shown_in_words(client, workspace):
    sanne = person(workspace, "Sanne Smit")
    account = services.account_create(workspace=workspace, by=sanne, platform="x", handle="@a")
    grant = services.grant_add(account=account, by=sanne, outside_name="Bureau Zon", level="editor")
    grant.level, grant._history_user = "analyst", sanne
    grant.save()
    client.force_login(sanne)
    newest = history(client.get(url(account)).content.decode())[0]
    assert newest.endswith("Sanne Smit · changed the access of Bureau Zon Level: Editor → Analyst")
