from django.urls import reverse

from workspaces.models import Membership, Role


def url(workspace, membership):
    return reverse(
        "workspaces:member_role", kwargs={"workspace": workspace.slug, "pk": membership.pk}
    )


def test_admin_changes_a_role(client, workspace, admin_user, editor):
    membership = Membership.objects.get(user=editor)
    client.force_login(admin_user)
    response = client.post(url(workspace, membership), {"role": "reviewer"}, follow=True)
    assert "is now reviewer" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.REVIEWER


def test_the_last_admin_is_told_why_not(client, workspace, admin_user):
    membership = Membership.objects.get(user=admin_user)
    client.force_login(admin_user)
    response = client.post(url(workspace, membership), {"role": "editor"}, follow=True)
    assert "at least one admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_a_membership_of_another_workspace_is_not_found(client, workspace, admin_user, outsider):
    client.force_login(admin_user)
    theirs = Membership.objects.get(user=outsider)
    assert client.post(url(workspace, theirs), {"role": "editor"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == Role.ADMIN


def test_reviewers_may_not_change_roles(client, workspace, reviewer, editor):
    client.force_login(reviewer)
    membership = Membership.objects.get(user=editor)
    assert client.post(url(workspace, membership), {"role": "admin"}).status_code == 403
