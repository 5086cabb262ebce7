from django.urls import reverse

from accounts_registry import services

from .factories import AccessGrantFactory, SocialAccountFactory


def url(workspace, grant):
    return reverse("registry:grant_revoke", kwargs={"workspace": workspace.slug, "pk": grant.pk})


def test_asks_first_and_a_get_changes_nothing(client, workspace, editor, reviewer):
    account = SocialAccountFactory(workspace=workspace, handle="@vandijk")
    grant = AccessGrantFactory(account=account, member=reviewer)
    client.force_login(editor)
    response = client.get(url(workspace, grant))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Revoke the access of {reviewer.display_name} to" in html
    assert "This cannot be undone; the history keeps it." in html
    assert '<form method="post"' in html
    assert (
        reverse("registry:account_detail", kwargs={"workspace": workspace.slug, "pk": account.pk})
        in html
    )  # Cancel
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_the_account_page_links_to_the_question(client, workspace, editor, reviewer):
    account = SocialAccountFactory(workspace=workspace)
    grant = AccessGrantFactory(account=account, member=reviewer)
    client.force_login(editor)
    html = client.get(
        reverse("registry:account_detail", kwargs={"workspace": workspace.slug, "pk": account.pk})
    ).content.decode()
    assert f'href="{url(workspace, grant)}"' in html


def test_revokes_and_keeps_it_in_the_history(client, workspace, editor, reviewer):
    grant = AccessGrantFactory(account=SocialAccountFactory(workspace=workspace), member=reviewer)
    client.force_login(editor)
    response = client.post(url(workspace, grant), follow=True)
    html = response.content.decode()
    assert "is revoked" in html
    assert f"<del>{reviewer.display_name}</del>" in html
    grant.refresh_from_db()
    assert grant.revoked_by == editor


def test_asking_about_a_revoked_grant_goes_back_to_the_account(client, workspace, editor, reviewer):
    account = SocialAccountFactory(workspace=workspace)
    grant = AccessGrantFactory(account=account, member=reviewer)
    services.grant_revoke(grant=grant, by=editor)
    client.force_login(editor)
    response = client.get(url(workspace, grant))
    assert response.status_code == 302
    assert response.url == reverse(
        "registry:account_detail", kwargs={"workspace": workspace.slug, "pk": account.pk}
    )


def test_a_grant_of_another_workspace_is_not_found(client, workspace, other_workspace, editor):
    grant = AccessGrantFactory(account=SocialAccountFactory(workspace=other_workspace))
    client.force_login(editor)
    assert client.get(url(workspace, grant)).status_code == 404
    assert client.post(url(workspace, grant)).status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None
