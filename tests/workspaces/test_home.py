from django.urls import reverse

from ..factories import MembershipFactory, UserFactory


def test_anonymous_visitors_log_in_first(client, db):
    assert client.get("/").url == reverse("login")


def test_a_person_without_a_workspace_is_asked_to_create_one(client, db):
    client.force_login(UserFactory())
    assert client.get("/").url == reverse("workspaces:create")


def test_a_member_goes_to_a_workspace_dashboard(client, workspace, editor):
    client.force_login(editor)
    assert client.get("/").url == reverse(
        "workspaces:dashboard", kwargs={"workspace": workspace.slug}
    )


def test_the_last_workspace_used_wins(client, workspace, other_workspace, editor):
    MembershipFactory(user=editor, workspace=other_workspace)
    client.force_login(editor)
    second = reverse("workspaces:dashboard", kwargs={"workspace": other_workspace.slug})
    client.get(second)
    assert client.get("/").url == second
