from django.urls import reverse

from ..factories import NotificationFactory


def test_marks_one_read_and_the_badge_drops(client, workspace, editor):
    first, second = NotificationFactory.create_batch(2, recipient=editor, workspace=workspace)
    client.force_login(editor)
    response = client.post(
        reverse("notifications:read", kwargs={"workspace": workspace.slug, "pk": first.pk}),
        follow=True,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_read
    assert not second.is_read
    assert 'data-testid="unread-count">1<' in response.content.decode()
