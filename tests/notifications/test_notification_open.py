from django.urls import reverse

from ..factories import NotificationFactory


def url(n):
    return reverse("notifications:open", kwargs={"workspace": n.workspace.slug, "pk": n.pk})


def test_marks_read_and_follows_the_link(client, workspace, editor):
    n = NotificationFactory(recipient=editor, workspace=workspace, link="/w/van-dijk/members/")
    client.force_login(editor)
    assert client.post(url(n)).url == "/w/van-dijk/members/"
    n.refresh_from_db()
    assert n.is_read


def test_never_redirects_off_site(client, workspace, editor):
    n = NotificationFactory(recipient=editor, workspace=workspace, link="https://evil.example/")
    client.force_login(editor)
    assert client.post(url(n)).url == reverse(
        "notifications:inbox", kwargs={"workspace": workspace.slug}
    )


def test_someone_elses_notification_is_not_found(client, workspace, editor, reviewer):
    n = NotificationFactory(recipient=reviewer, workspace=workspace)
    client.force_login(editor)
    assert client.post(url(n)).status_code == 404
    n.refresh_from_db()
    assert not n.is_read


def test_get_is_not_allowed(client, workspace, editor):
    n = NotificationFactory(recipient=editor, workspace=workspace)
    client.force_login(editor)
    assert client.get(url(n)).status_code == 405
