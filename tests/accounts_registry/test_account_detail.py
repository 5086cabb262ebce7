from django.urls import reverse

from .factories import AccessGrantFactory, SocialAccountFactory


def test_shows_risks_access_and_where_credentials_are_kept(client, workspace, editor, reviewer):
    account = SocialAccountFactory(workspace=workspace, vault_reference="1Password > Social > X")
    AccessGrantFactory(account=account, member=reviewer)
    client.force_login(editor)
    html = client.get(
        reverse("registry:account_detail", kwargs={"workspace": workspace.slug, "pk": account.pk})
    ).content.decode()
    assert "1Password &gt; Social &gt; X" in html
    assert reviewer.display_name in html
    assert "Only one person has access" in html
