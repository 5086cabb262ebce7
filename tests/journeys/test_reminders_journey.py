"""Journey 4: a post due within a day that is still a draft; the reminder sweep runs (as Celery
beat runs it) and the owner sees it arrive in the inbox badge, opens it, and it is read."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from content_calendar.models import Post
from content_calendar.reminders import post_reminders_send
from workspaces.models import Role

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory
from ..factories import MembershipFactory, UserFactory, WorkspaceFactory
from .conftest import PHONE, by_label


@pytest.fixture
def due_post(transactional_db):
    workspace = WorkspaceFactory(name="Van Dijk Installatietechniek", slug="van-dijk")
    editor = UserFactory(email="eva.jansen@vandijk.nl", name="Eva Jansen")
    MembershipFactory(workspace=workspace, user=editor, role=Role.EDITOR)
    linkedin = SocialAccountFactory(
        workspace=workspace, platform="linkedin_page", handle="van-dijk"
    )
    return PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        status=Post.Status.DRAFT,
        text="Five heat pump myths, by TechNews",
        scheduled_at=timezone.now() + datetime.timedelta(hours=3),
    )


def test_reminders_journey(journey, due_post):
    page = journey.log_in(due_post.owner)
    badge = page.get_by_test_id("unread-count")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(badge).to_have_count(0)
    journey.look(page, "dashboard")

    # The sweep, as beat runs it every ten minutes; then the page is reloaded.
    assert post_reminders_send().notified == 1
    page.reload()
    expect(badge).to_have_text("1 unread")
    journey.look(page, "dashboard-with-badge")

    page.get_by_role("link", name="Inbox 1 unread").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    reminder = page.get_by_role("listitem").filter(has_text="is not ready yet")
    expect(reminder).to_contain_text("LinkedIn page · van-dijk")
    expect(reminder).to_contain_text("(status: Draft)")
    expect(reminder).to_contain_text("Five heat pump myths")
    expect(reminder).to_contain_text("unread")  # in words, not only the coloured border
    journey.look(page, "inbox")

    reminder.get_by_role("button", name=re.compile("is not ready yet")).click()
    expect(page).to_have_url(re.compile(rf"/calendar/posts/{due_post.pk}/"))
    expect(by_label(page, "Text")).to_have_value(due_post.text)
    expect(badge).to_have_count(0)

    # Computed again (a retry, a second worker): nothing new arrives.
    assert post_reminders_send().notified == 0
    page.reload()
    expect(badge).to_have_count(0)

    # The menus work with the keyboard: on a phone the collapsed navigation, then the person's
    # own menu, opened with Enter and walked with the arrow keys.
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Toggle navigation").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Calendar", exact=True)).to_be_visible()
    page.get_by_role("button", name="Eva").focus()
    page.keyboard.press("Enter")
    settings = page.get_by_role("link", name="My settings")
    expect(settings).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(settings).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My settings")).to_be_visible()
    journey.look(page, "my-settings")
