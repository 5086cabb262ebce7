from django.urls import reverse

from accounts_registry.models import RegistrySettings


def test_admin_sets_the_rotation_period(client, workspace, admin_user):
    client.force_login(admin_user)
    url = reverse("registry:settings", kwargs={"workspace": workspace.slug})
    assert 'value="180"' in client.get(url).content.decode()
    client.post(url, {"password_rotation_days": 90})
    assert RegistrySettings.objects.get(workspace=workspace).password_rotation_days == 90


def test_zero_days_is_refused(client, workspace, admin_user):
    client.force_login(admin_user)
    url = reverse("registry:settings", kwargs={"workspace": workspace.slug})
    response = client.post(url, {"password_rotation_days": 0})
    assert "greater than or equal to 1" in response.content.decode()
    assert not RegistrySettings.objects.exists()
