"""The results settings: an admin sets what an hour of work costs."""

from django.urls import reverse

from results.models import ResultsSettings


def url(workspace):
    return reverse("results:settings", kwargs={"workspace": workspace.slug})


def test_an_admin_sets_the_hourly_cost(client, workspace, admin_user):
    client.force_login(admin_user)
    assert client.post(url(workspace), {"hourly_cost": "62.50"}).status_code == 302
    assert str(ResultsSettings.objects.get(workspace=workspace).hourly_cost) == "62.50"


def test_a_negative_cost_is_refused_and_kept(client, workspace, admin_user):
    client.force_login(admin_user)
    response = client.post(url(workspace), {"hourly_cost": "-5"})
    assert response.status_code == 200
    assert 'value="-5"' in response.content.decode()
    assert not ResultsSettings.objects.filter(workspace=workspace).exists()


def test_a_reviewer_may_not(client, workspace, reviewer):
    client.force_login(reviewer)
    assert client.post(url(workspace), {"hourly_cost": "1"}).status_code == 403
