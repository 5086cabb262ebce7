from django.urls import reverse

from ..factories import InvitationFactory


def test_admin_withdraws_an_invitation(client, workspace, admin_user):
    invitation = InvitationFactory(workspace=workspace, email="new@example.com")
    client.force_login(admin_user)
    response = client.post(
        reverse(
            "workspaces:invitation_revoke",
            kwargs={"workspace": workspace.slug, "pk": invitation.pk},
        ),
        follow=True,
    )
    assert "was withdrawn" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
