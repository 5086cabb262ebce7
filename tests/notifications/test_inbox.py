import re

from django.urls import reverse
from django.utils import timezone

from ..factories import NotificationFactory


def url(workspace, **params):
    base = reverse("notifications:inbox", kwargs={"workspace": workspace.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_lists_only_my_notifications_in_this_workspace(
    client, workspace, other_workspace, editor, reviewer
):
    NotificationFactory(recipient=editor, workspace=workspace, message="Mine here")
    NotificationFactory(recipient=editor, workspace=other_workspace, message="Mine elsewhere")
    NotificationFactory(recipient=reviewer, workspace=workspace, message="Someone else's")
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    assert "Mine here" in html
    assert "Mine elsewhere" not in html
    assert "Someone else&#x27;s" not in html


def test_unread_filter_and_empty_state(client, workspace, editor):
    from django.utils import timezone

    NotificationFactory(
        recipient=editor, workspace=workspace, message="Old news", read_at=timezone.now()
    )
    client.force_login(editor)
    assert "Old news" in client.get(url(workspace)).content.decode()
    html = client.get(url(workspace, show="unread")).content.decode()
    assert "Old news" not in html
    assert "You have read everything." in html


def test_pages_through_many_notifications_in_constant_queries(
    client, workspace, editor, django_assert_num_queries
):
    NotificationFactory.create_batch(3, recipient=editor, workspace=workspace)
    client.force_login(editor)
    client.get(url(workspace))
    with django_assert_num_queries(5) as few:
        client.get(url(workspace))
    NotificationFactory.create_batch(57, recipient=editor, workspace=workspace)
    with django_assert_num_queries(len(few.captured_queries)):
        first = client.get(url(workspace))
    assert "Page 1 of 3" in first.content.decode()
    assert "Page 3 of 3" in client.get(url(workspace, page=3)).content.decode()


def test_message_text_is_escaped(client, workspace, editor):
    NotificationFactory(recipient=editor, workspace=workspace, message="<script>alert(1)</script>")
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_unread_view_counts_its_pages_and_the_badge_from_the_unread_ones(
    client, workspace, editor
):
    NotificationFactory.create_batch(30, recipient=editor, workspace=workspace)
    NotificationFactory.create_batch(
        40, recipient=editor, workspace=workspace, read_at=timezone.now()
    )
    client.force_login(editor)
    assert "Page 1 of 3" in client.get(url(workspace)).content.decode()
    html = client.get(url(workspace, show="unread")).content.decode()
    assert "Page 1 of 2" in html
    assert re.search(r'data-testid="unread-count">30<', html)


def test_each_notification_posts_to_its_own_open_and_read_addresses(client, workspace, editor):
    notification = NotificationFactory(recipient=editor, workspace=workspace, link="/elsewhere/")
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    kwargs = {"workspace": workspace.slug, "pk": notification.pk}
    assert f'action="{reverse("notifications:open", kwargs=kwargs)}"' in html
    assert f'action="{reverse("notifications:read", kwargs=kwargs)}"' in html


def test_the_cached_inbox_shows_what_a_sweep_added_and_what_was_read(
    client, workspace, editor, settings
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    first = NotificationFactory(recipient=editor, workspace=workspace, message="First")
    client.force_login(editor)
    assert "First" in client.get(url(workspace)).content.decode()
    # Added by a sweep, without any request: the inbox's counts are part of its key.
    NotificationFactory(recipient=editor, workspace=workspace, message="Second")
    assert "Second" in client.get(url(workspace)).content.decode()
    client.post(reverse("notifications:read", kwargs={"workspace": workspace.slug, "pk": first.pk}))
    html = client.get(url(workspace, show="unread")).content.decode()
    assert "Second" in html
    assert "First" not in html
