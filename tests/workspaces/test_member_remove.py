from django.urls import reverse

from workspaces.models import Membership


def url(workspace, membership):
    return reverse(
        "workspaces:member_remove", kwargs={"workspace": workspace.slug, "pk": membership.pk}
    )


def test_asks_before_removing(client, workspace, admin_user, editor):
    client.force_login(admin_user)
    response = client.get(url(workspace, Membership.objects.get(user=editor)))
    assert "start a handover" in response.content.decode()
    assert Membership.objects.filter(user=editor).exists()


def test_removes_the_member(client, workspace, admin_user, editor):
    client.force_login(admin_user)
    client.post(url(workspace, Membership.objects.get(user=editor)))
    assert not Membership.objects.filter(user=editor).exists()
    client.force_login(editor)
    dashboard = reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    assert client.get(dashboard).status_code == 404
