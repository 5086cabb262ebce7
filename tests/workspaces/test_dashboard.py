from django.urls import reverse

from workspaces.models import Role

from ..factories import MembershipFactory, NotificationFactory


def url(workspace):
    return reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})


def test_shows_the_workspace_the_three_apps_and_unread_notifications(client, workspace, editor):
    NotificationFactory(recipient=editor, workspace=workspace, message="Plan awaits review")
    client.force_login(editor)
    response = client.get(url(workspace))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Van Dijk" in html
    assert "You are editor · 1 member" in html
    for target in ("strategy:index", "calendar:index", "registry:index"):
        assert reverse(target, kwargs={"workspace": workspace.slug}) in html
    assert "Plan awaits review" in html
    # The inbox badge in the navigation bar counts it.
    assert 'data-testid="unread-count">1<' in html


def test_remembers_the_workspace_for_the_home_page(client, workspace, editor):
    client.force_login(editor)
    client.get(url(workspace))
    assert client.get(reverse("home")).url == url(workspace)


def test_admins_are_told_about_emails_that_failed(client, workspace, admin_user, editor):
    NotificationFactory(recipient=editor, workspace=workspace, email_state="failed")
    client.force_login(admin_user)
    assert "could not be emailed" in client.get(url(workspace)).content.decode()
    client.force_login(editor)
    assert "could not be emailed" not in client.get(url(workspace)).content.decode()


def test_queries_stay_the_same_however_much_data(
    client, workspace, admin_user, django_assert_num_queries
):
    client.force_login(admin_user)
    client.get(url(workspace))  # warm up the session
    NotificationFactory(recipient=admin_user, workspace=workspace)
    with django_assert_num_queries(17) as small:
        client.get(url(workspace))
    for _ in range(10):
        MembershipFactory(workspace=workspace, role=Role.EDITOR)
        MembershipFactory(user=admin_user)  # more workspaces in the switcher
    NotificationFactory.create_batch(20, recipient=admin_user, workspace=workspace)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url(workspace))
    assert response.status_code == 200
