import zoneinfo

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

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
        {
            "name": "Van Dijk B.V.",
            "time_zone": "Europe/Brussels",
            "date_order": "day_month",
            "company_domains": "vandijk.nl",
        },
    )
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert (workspace.name, workspace.time_zone) == ("Van Dijk B.V.", "Europe/Brussels")
    assert list(workspace.company_domains.values_list("domain", flat=True)) == ["vandijk.nl"]


def test_bad_input_keeps_everything_typed(client, workspace, admin_user):
    client.force_login(admin_user)
    response = client.post(
        url(workspace),
        {
            "name": "Renamed",
            "time_zone": "Europe/Brussels",
            "date_order": "month_day",
            "company_domains": "vandijk.nl\n???",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not a domain name: ???" in html
    assert 'value="Renamed"' in html
    assert "vandijk.nl\n???" in html
    assert '<option value="month_day" selected>' in html
    workspace.refresh_from_db()
    assert workspace.name == "Van Dijk"


def test_english_pages_follow_the_chosen_order_of_day_and_month(
    client, workspace, admin_user, editor
):
    """A workspace that writes dates month first shows them so to English readers only."""
    invitation_expires = "valid until"  # the members page shows when each invitation ends
    client.force_login(admin_user)
    client.post(
        reverse("workspaces:member_invite", kwargs={"workspace": workspace.slug}),
        {"email": "new@example.com", "role": "editor"},
    )
    members = reverse("workspaces:members", kwargs={"workspace": workspace.slug})
    zone = zoneinfo.ZoneInfo(workspace.time_zone)
    expires = timezone.localtime(workspace.invitations.get().expires_at, zone).date()
    day_first = f"{expires.day} {expires.strftime('%B')} {expires.year}"
    month_first = f"{expires.strftime('%B')} {expires.day}, {expires.year}"
    assert f"{invitation_expires} {day_first}" in client.get(members).content.decode()

    response = client.post(
        url(workspace),
        {
            "name": "Van Dijk",
            "time_zone": workspace.time_zone,
            "date_order": "month_day",
            "company_domains": "",
        },
    )
    assert response.status_code == 302
    assert f"{invitation_expires} {month_first}" in client.get(members).content.decode()

    admin_user.language = "nl"
    admin_user.save()
    client.cookies["django_language"] = "nl"
    html = client.get(members).content.decode()
    with translation.override("nl"):
        assert date_format(expires, "j F Y") in html
    assert month_first not in html
