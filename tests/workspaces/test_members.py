from django.urls import reverse

from ..factories import InvitationFactory


def url(workspace):
    return reverse("workspaces:members", kwargs={"workspace": workspace.slug})


def test_every_member_sees_who_is_in_the_workspace(client, workspace, editor, admin_user):
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    assert editor.email in html
    assert admin_user.email in html
    # Only admins get the controls.
    assert "Invite someone" not in html
    assert 'name="role"' not in html


def test_admins_see_controls_and_open_invitations(client, workspace, admin_user, editor):
    InvitationFactory(workspace=workspace, email="new@example.com")
    client.force_login(admin_user)
    html = client.get(url(workspace)).content.decode()
    assert "Invite someone" in html
    assert "new@example.com" in html
    assert 'name="role"' in html


def test_queries_do_not_grow_with_members(
    client, workspace, admin_user, django_assert_max_num_queries
):
    from ..factories import MembershipFactory

    client.force_login(admin_user)
    client.get(url(workspace))
    MembershipFactory.create_batch(25, workspace=workspace)
    with django_assert_max_num_queries(8):
        assert client.get(url(workspace)).status_code == 200
