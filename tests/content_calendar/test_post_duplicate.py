"""Copying a post to another day or channel."""

import datetime

import time_machine
from django.urls import reverse

from content_calendar.models import Post, PostingSlot

from .conftest import AMSTERDAM, at
from .factories import PostFactory

DAY = datetime.date(2026, 11, 10)


def url(post):
    return reverse(
        "calendar:post_duplicate", kwargs={"workspace": post.workspace.slug, "pk": post.pk}
    )


@time_machine.travel(datetime.datetime(2026, 11, 2, 8, tzinfo=AMSTERDAM), tick=False)
def test_a_copy_is_a_draft_on_the_chosen_day_and_channel(
    client, workspace, editor, reviewer, approved_plan, linkedin, instagram
):
    theme = approved_plan.themes.get()
    original = PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=reviewer,
        scheduled_at=at(DAY),
        status=Post.Status.READY,
        text="Five heat pump myths",
        link="https://example.com/myths",
        theme=theme,
    )
    client.force_login(editor)
    form = client.get(url(original)).content.decode()
    assert 'value="2026-11-10T10:00"' in form  # starts from the original's time
    response = client.post(
        url(original), {"channel": instagram.pk, "scheduled_at": "2026-11-12T12:00"}, follow=True
    )
    copy = Post.objects.exclude(pk=original.pk).get()
    assert "The copy is planned as a draft." in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/posts/{copy.pk}/")
    assert (copy.channel, copy.scheduled_at, copy.status, copy.owner) == (
        instagram,
        at(datetime.date(2026, 11, 12), 12),
        Post.Status.DRAFT,
        editor,
    )
    assert (copy.text, copy.link, copy.theme) == (original.text, original.link, theme)


def test_a_copy_into_a_date_of_no_plan_drops_the_links_and_says_so(
    client, workspace, editor, approved_plan, linkedin
):
    original = PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(DAY),
        theme=approved_plan.themes.get(),
    )
    client.force_login(editor)
    response = client.post(
        url(original), {"channel": linkedin.pk, "scheduled_at": "2027-02-02T09:00"}, follow=True
    )
    copy = Post.objects.exclude(pk=original.pk).get()
    assert copy.theme is None
    assert "Another plan is in force on the new date" in response.content.decode()


def test_a_wrong_date_keeps_the_form(client, workspace, editor, linkedin):
    original = PostFactory(workspace=workspace, channel=linkedin, owner=editor)
    client.force_login(editor)
    response = client.post(
        url(original), {"channel": linkedin.pk, "scheduled_at": "0001-01-01T09:00"}
    )
    assert response.status_code == 200
    assert "Choose a date between the years 2000 and 2199." in response.content.decode()
    assert Post.objects.count() == 1


@time_machine.travel(datetime.datetime(2026, 11, 2, 8, tzinfo=AMSTERDAM), tick=False)
def test_planned_again_it_starts_from_the_channels_next_free_slot(
    client, workspace, editor, linkedin
):
    # Tuesdays 09:00; the first Tuesday is taken, so the copy is proposed the week after.
    PostingSlot.objects.create(
        workspace=workspace, channel=linkedin, weekday=2, time=datetime.time(9)
    )
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(DAY - datetime.timedelta(days=7), 9),
    )
    original = PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(DAY - datetime.timedelta(days=90)),
        evergreen=True,
    )
    client.force_login(editor)
    form = client.get(url(original)).content.decode()
    assert 'value="2026-11-10T09:00"' in form
    assert "the channel's next free slot" in form
