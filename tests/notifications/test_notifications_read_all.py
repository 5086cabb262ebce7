from django.urls import reverse

from notifications.models import Notification

from ..factories import NotificationFactory


def test_marks_all_read_and_the_badge_disappears(client, workspace, editor, reviewer):
    NotificationFactory.create_batch(3, recipient=editor, workspace=workspace)
    NotificationFactory(recipient=reviewer, workspace=workspace)
    client.force_login(editor)
    response = client.post(
        reverse("notifications:read_all", kwargs={"workspace": workspace.slug}), follow=True
    )
    html = response.content.decode()
    assert "All notifications are marked as read." in html
    assert "unread-count" not in html
    assert Notification.objects.filter(recipient=reviewer, read_at__isnull=True).count() == 1
