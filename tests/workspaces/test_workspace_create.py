from django.urls import reverse

from workspaces.models import Membership, Role, Workspace

from ..factories import UserFactory

URL = reverse("workspaces:create")


def test_creates_the_workspace_with_its_creator_as_admin(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        URL, {"name": "Bakkerij Bol", "company_domains": "bakkerijbol.nl\n@BakkerijBol.com"}
    )
    workspace = Workspace.objects.get()
    assert response.url == reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    assert Membership.objects.get(workspace=workspace).role == Role.ADMIN
    assert sorted(workspace.company_domains.values_list("domain", flat=True)) == [
        "bakkerijbol.com",
        "bakkerijbol.nl",
    ]


def test_a_bad_domain_keeps_what_was_typed(client, db):
    client.force_login(UserFactory())
    response = client.post(URL, {"name": "Bakkerij Bol", "company_domains": "bakkerij bol"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not a domain name" in html
    assert 'value="Bakkerij Bol"' in html
    assert not Workspace.objects.exists()


def test_the_name_is_required(client, db):
    client.force_login(UserFactory())
    response = client.post(URL, {"name": ""})
    assert "This field is required." in response.content.decode()
