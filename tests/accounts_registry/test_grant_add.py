from django.urls import reverse

from accounts_registry.models import AccessGrant

from .factories import SocialAccountFactory


def url(account):
    return reverse(
        "registry:grant_add", kwargs={"workspace": account.workspace.slug, "pk": account.pk}
    )


def test_records_an_agency(client, workspace, editor):
    account = SocialAccountFactory(workspace=workspace)
    client.force_login(editor)
    client.post(
        url(account), {"outside_name": "Bureau Zon", "outside_email": "a@zon.nl", "level": "editor"}
    )
    assert AccessGrant.objects.get().holder == "Bureau Zon"


def test_nobody_named_is_explained(client, workspace, editor):
    account = SocialAccountFactory(workspace=workspace)
    client.force_login(editor)
    html = client.post(url(account), {"level": "editor"}, follow=True).content.decode()
    assert "Choose a member, or name the outside person or agency." in html
    assert not AccessGrant.objects.exists()
