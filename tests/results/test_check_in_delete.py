"""Deleting a check-in: a question first, then a POST."""

from django.urls import reverse

from results.models import CheckIn

from .factories import CheckInFactory


def url(workspace, check_in):
    return reverse(
        "results:check_in_delete", kwargs={"workspace": workspace.slug, "pk": check_in.pk}
    )


def test_asks_first_and_deletes_on_post(client, workspace, editor, goal):
    check_in = CheckInFactory(sub_goal=goal)
    client.force_login(editor)
    page = client.get(url(workspace, check_in)).content.decode()
    assert "Delete the check-in?" in page
    assert CheckIn.objects.exists()
    response = client.post(url(workspace, check_in))
    assert response.url == reverse(
        "results:sub_goal", kwargs={"workspace": workspace.slug, "pk": goal.pk}
    )
    assert not CheckIn.objects.exists()


def test_another_workspace_cannot_delete_it(client, workspace, goal, outsider):
    check_in = CheckInFactory(sub_goal=goal)
    client.force_login(outsider)
    assert client.post(url(workspace, check_in)).status_code == 404
    assert CheckIn.objects.exists()
