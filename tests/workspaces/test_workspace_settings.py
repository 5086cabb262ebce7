from django.urls import reverse

from workspaces.models import CompanyDomain


def url(workspace):
    return reverse("workspaces:settings", kwargs={"workspace": workspace.slug})


def test_shows_the_current_domains(client, workspace, admin_user):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    client.force_login(admin_user)
    assert "vandijk.nl" in client.get(url(workspace)).content.decode()


def test_saves_name_zone_and_domains(client, workspace, admin_user):
    client.force_login(admin_user)
    response = client.post(
        url(workspace),
        {"name": "Van Dijk B.V.", "time_zone": "Europe/Brussels", "company_domains": "vandijk.nl"},
    )
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert (workspace.name, workspace.time_zone) == ("Van Dijk B.V.", "Europe/Brussels")
    assert list(workspace.company_domains.values_list("domain", flat=True)) == ["vandijk.nl"]


def test_bad_input_keeps_everything_typed(client, workspace, admin_user):
    client.force_login(admin_user)
    response = client.post(
        url(workspace),
        {"name": "Renamed", "time_zone": "Europe/Brussels", "company_domains": "vandijk.nl\n???"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not a domain name: ???" in html
    assert 'value="Renamed"' in html
    assert "vandijk.nl\n???" in html
    workspace.refresh_from_db()
    assert workspace.name == "Van Dijk"
