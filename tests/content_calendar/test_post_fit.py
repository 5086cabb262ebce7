"""What saving a post says at once about the plan, and what the coming weeks leave unserved."""

import datetime

import pytest
from django.urls import reverse

from content_calendar import fit
from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .conftest import MONDAY, at
from .factories import PostFactory

pytestmark = pytest.mark.usefixtures("monday_morning")


def form(channel, owner, when, text="A post", **more):
    return {
        "channel": channel.pk,
        "scheduled_at": when,
        "category": "curated",
        "status": "draft",
        "text": text,
        "owner": owner.pk,
        **more,
    }


def create(client, workspace, data):
    url = reverse("calendar:post_create", kwargs={"workspace": workspace.slug})
    return client.post(url, data, follow=True).content.decode()


def test_a_post_over_the_weekly_maximum_is_said_at_once(
    client, workspace, editor, approved_plan, instagram
):
    for day in range(3):  # Instagram: at most 3 a week
        PostFactory(
            workspace=workspace,
            channel=instagram,
            owner=editor,
            scheduled_at=at(MONDAY + datetime.timedelta(days=day), 12),
        )
    client.force_login(editor)
    page = create(client, workspace, form(instagram, editor, "2026-11-06T12:00"))
    assert "The post is planned." in page
    assert "now has 4 posts in the week of 2 Nov; the plan allows at most 3." in page
    assert Post.objects.count() == 4  # a warning, not a refusal


def test_a_channel_the_plan_does_not_use_is_said(client, workspace, editor, approved_plan):
    x = SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")
    client.force_login(editor)
    page = create(client, workspace, form(x, editor, "2026-11-03T10:00"))
    assert "is not a channel of the plan" in page


def test_two_posts_on_one_channel_within_the_hour_clash(client, workspace, editor, linkedin):
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(MONDAY, 10),
        text="The first one",
    )
    client.force_login(editor)
    page = create(client, workspace, form(linkedin, editor, "2026-11-02T10:45"))
    assert "Another post on LinkedIn" in page
    assert "within the hour" in page
    assert "The first one" in page
    page = create(client, workspace, form(linkedin, editor, "2026-11-02T12:00", text="Later"))
    assert "within the hour" not in page  # an hour apart is no clash


def test_the_same_text_twice_is_said_whatever_its_spacing_and_case(
    client, workspace, editor, linkedin, instagram
):
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(MONDAY, 10),
        text="Meet Sam, our apprentice of the year",
    )
    client.force_login(editor)
    page = create(
        client,
        workspace,
        form(instagram, editor, "2026-11-04T12:00", text="meet sam,  our apprentice of the year "),
    )
    assert "The same text is planned already" in page


def test_a_cancelled_post_clashes_with_nothing(workspace, editor, linkedin):
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(MONDAY, 10),
        text="Same",
        status=Post.Status.CANCELLED,
    )
    post = PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(MONDAY, 10),
        text="Same",
    )
    assert fit.post_warnings(post) == []


def test_the_warnings_of_a_post_take_a_few_queries(
    workspace, editor, approved_plan, linkedin, django_assert_max_num_queries
):
    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor, scheduled_at=at(MONDAY))
    with django_assert_max_num_queries(5):
        fit.post_warnings(post)


def test_themes_sub_goals_and_audiences_without_posts_show_in_the_balance(
    client, workspace, editor, approved_plan, linkedin
):
    theme = approved_plan.themes.get()
    client.force_login(editor)
    url = reverse("calendar:week", kwargs={"workspace": workspace.slug, "year": 2026, "week": 45})
    panel = client.get(url).content.decode().split('data-testid="unserved"')[1].split("</div>")[0]
    assert f"Theme: {theme.name}" in panel
    assert "Audience: Facility managers" in panel
    # A post in three weeks serves the theme: it is no longer named.
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(MONDAY + datetime.timedelta(days=21)),
        theme=theme,
    )
    panel = client.get(url).content.decode().split('data-testid="unserved"')[1].split("</div>")[0]
    assert "Theme:" not in panel
    assert "Audience: Facility managers" in panel


def test_a_post_beyond_four_weeks_serves_nothing_yet(workspace, editor, approved_plan, linkedin):
    theme = approved_plan.themes.get()
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(MONDAY + datetime.timedelta(days=fit.COMING_DAYS)),
        theme=theme,
    )
    unserved = fit.unserved_soon(workspace=workspace, today=MONDAY)
    assert unserved.themes == [theme]
