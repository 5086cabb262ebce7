import re

from django.urls import reverse

from accounts_registry import services

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
    with django_assert_num_queries(12) as few:
        client.get(url(account))
    for n in range(8):
        owner = person(workspace, f"Owner {n}")
        editor = person(workspace, f"Editor {n}")
        services.account_update(account=account, by=editor, business_owner=owner, purpose=str(n))
        grant = services.grant_add(account=account, by=editor, member=owner, level="analyst")
        services.grant_revoke(grant=grant, by=sanne)
    with django_assert_num_queries(len(few.captured_queries)):
        entries = history(client.get(url(account)).content.decode())
    assert len(entries) == 1 + 1 + 8 * 3
    assert any("Business owner: Owner 6 → Owner 7" in entry for entry in entries)


def test_another_change_to_a_grant_is_shown_in_words(client, workspace):
    sanne = person(workspace, "Sanne Smit")
    account = services.account_create(workspace=workspace, by=sanne, platform="x", handle="@a")
    grant = services.grant_add(account=account, by=sanne, outside_name="Bureau Zon", level="editor")
    grant.level, grant._history_user = "analyst", sanne
    grant.save()
    client.force_login(sanne)
    newest = history(client.get(url(account)).content.decode())[0]
    assert newest.endswith("Sanne Smit · changed the access of Bureau Zon Level: Editor → Analyst")
