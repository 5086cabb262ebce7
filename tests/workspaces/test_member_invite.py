import pytest
from django.core import mail
from django.urls import reverse

from workspaces.models import Invitation


def url(workspace):
    return reverse("workspaces:member_invite", kwargs={"workspace": workspace.slug})


@pytest.mark.django_db(transaction=True)
def test_admin_invites_by_email(client, workspace, admin_user):
    client.force_login(admin_user)
    response = client.post(url(workspace), {"email": "nieuw@example.com", "role": "reviewer"})
    assert response.url == reverse("workspaces:members", kwargs={"workspace": workspace.slug})
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("nieuw@example.com", "reviewer")
    assert mail.outbox[0].to == ["nieuw@example.com"]


def test_inviting_a_member_is_explained_and_keeps_the_input(client, workspace, admin_user, editor):
    client.force_login(admin_user)
    response = client.post(url(workspace), {"email": editor.email, "role": "admin"})
    html = response.content.decode()
    assert "already a member" in html
    assert f'value="{editor.email}"' in html
    assert not Invitation.objects.exists()


def test_editors_may_not_invite(client, workspace, editor):
    client.force_login(editor)
    assert client.post(url(workspace), {"email": "x@example.com", "role": "admin"}).status_code == (
        403
    )
    assert not Invitation.objects.exists()
