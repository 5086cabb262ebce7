from django.urls import reverse

from ..factories import InvitationFactory


def url(workspace, invitation):
    return reverse(
        "workspaces:invitation_revoke", kwargs={"workspace": workspace.slug, "pk": invitation.pk}
    )


def test_asks_first_and_a_get_changes_nothing(client, workspace, admin_user):
    invitation = InvitationFactory(workspace=workspace, email="new@example.com")
    client.force_login(admin_user)
    members = reverse("workspaces:members", kwargs={"workspace": workspace.slug})
    assert f'href="{url(workspace, invitation)}"' in client.get(members).content.decode()
    response = client.get(url(workspace, invitation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Withdraw the invitation for new@example.com?" in html
    assert '<form method="post"' in html
    assert f'href="{members}"' in html  # Cancel
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_admin_withdraws_an_invitation(client, workspace, admin_user):
    invitation = InvitationFactory(workspace=workspace, email="new@example.com")
    client.force_login(admin_user)
    response = client.post(url(workspace, invitation), follow=True)
    assert "was withdrawn" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_a_withdrawn_invitation_is_not_found(client, workspace, admin_user):
    invitation = InvitationFactory(workspace=workspace, email="new@example.com")
    client.force_login(admin_user)
    client.post(url(workspace, invitation))
    assert client.get(url(workspace, invitation)).status_code == 404
