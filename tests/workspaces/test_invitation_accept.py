import pytest
from django.urls import reverse

from workspaces import services
from workspaces.models import Membership, Role

from ..factories import UserFactory


@pytest.fixture
def invitation_url(workspace, admin_user):
    _invitation, token = services.invitation_create(
        workspace=workspace, email="nieuw@example.com", role=Role.REVIEWER, invited_by=admin_user
    )
    return reverse("invitation_accept", kwargs={"token": token})


def dashboard(workspace):
    return reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})


def test_a_newcomer_creates_an_account_and_joins(client, workspace, invitation_url):
    page = client.get(invitation_url).content.decode()
    assert "Join Van Dijk" in page
    assert "nieuw@example.com" in page
    response = client.post(
        invitation_url,
        {
            "name": "Nina de Boer",
            "password1": "zonnige-dinsdag-42",
            "password2": "zonnige-dinsdag-42",
            "language": "nl",
        },
    )
    assert response.url == dashboard(workspace)
    membership = Membership.objects.get(user__email="nieuw@example.com")
    assert membership.role == Role.REVIEWER
    # Logged in straight away.
    assert client.get(dashboard(workspace)).status_code == 200


def test_mismatched_passwords_keep_the_name(client, invitation_url):
    response = client.post(
        invitation_url,
        {"name": "Nina", "password1": "zonnige-dinsdag-42", "password2": "other", "language": "en"},
    )
    html = response.content.decode()
    assert "The two passwords are not the same." in html
    assert 'value="Nina"' in html
    assert not Membership.objects.filter(user__email="nieuw@example.com").exists()


def test_someone_with_an_account_logs_in_then_accepts(client, workspace, invitation_url):
    user = UserFactory(email="nieuw@example.com")
    assert "log in to accept" in client.get(invitation_url).content.decode()
    client.force_login(user)
    assert client.post(invitation_url).url == dashboard(workspace)
    assert Membership.objects.filter(user=user, workspace=workspace).exists()


def test_logged_in_as_someone_else_is_explained(client, invitation_url):
    client.force_login(UserFactory(email="iemand@example.com"))
    assert (
        "but this invitation is for nieuw@example.com"
        in client.get(invitation_url).content.decode()
    )
    client.post(invitation_url)
    assert not Membership.objects.filter(user__email="iemand@example.com").exists()


def test_a_used_link_is_gone(client, invitation_url):
    client.force_login(UserFactory(email="nieuw@example.com"))
    client.post(invitation_url)
    response = client.get(invitation_url)
    assert response.status_code == 410
    assert "already been accepted" in response.content.decode()


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(reverse("invitation_accept", kwargs={"token": "nope"})).status_code == 404
