"""Posting slots from the plan's rhythm: the slots page, the next free slot, and the gaps the
calendar shows."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content_calendar import slots
from content_calendar.models import Post, PostingSlot

from .conftest import AMSTERDAM, MONDAY, NOW, at
from .factories import PostFactory

# A Monday morning inside the approved plan's period (October to December 2026).
pytestmark = pytest.mark.usefixtures("monday_morning")


def slot(channel, weekday, hour, minute=0):
    return PostingSlot.objects.create(
        workspace=channel.workspace,
        channel=channel,
        weekday=weekday,
        time=datetime.time(hour, minute),
    )


def test_the_next_free_slot_skips_one_taken_within_the_hour(workspace, editor, linkedin):
    slot(linkedin, 2, 9)  # Tuesday 09:00
    slot(linkedin, 4, 9)  # Thursday 09:00
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(MONDAY + datetime.timedelta(days=1), 9, 40),
    )
    moment = slots.next_free_slot(workspace=workspace, channel=linkedin, after=NOW)
    assert moment == at(MONDAY + datetime.timedelta(days=3), 9)


def test_a_cancelled_post_leaves_its_slot_free(workspace, editor, linkedin):
    slot(linkedin, 2, 9)
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(MONDAY + datetime.timedelta(days=1), 9),
        status=Post.Status.CANCELLED,
    )
    moment = slots.next_free_slot(workspace=workspace, channel=linkedin, after=NOW)
    assert moment == at(MONDAY + datetime.timedelta(days=1), 9)


def test_a_slot_keeps_its_wall_time_across_the_change_to_winter_time(workspace, linkedin):
    slot(linkedin, 1, 9)  # Monday 09:00
    # The clocks go back on Sunday 25 October 2026: 09:00 is UTC+2 before, UTC+1 after.
    before = datetime.datetime(2026, 10, 19, 10, tzinfo=AMSTERDAM)
    with time_machine.travel(before, tick=False):
        moment = slots.next_free_slot(workspace=workspace, channel=linkedin, after=before)
    assert moment.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M %z") == "2026-10-26 09:00 +0100"


def test_no_slots_means_no_next_free_slot(workspace, linkedin):
    assert slots.next_free_slot(workspace=workspace, channel=linkedin, after=NOW) is None


def test_the_same_slot_twice_is_refused_with_words(workspace, editor, linkedin):
    slots.slot_add(
        workspace=workspace, by=editor, channel=linkedin, weekday=2, time=datetime.time(9)
    )
    with pytest.raises(ValidationError) as caught:
        slots.slot_add(
            workspace=workspace, by=editor, channel=linkedin, weekday=2, time=datetime.time(9)
        )
    assert caught.value.code == "slot_taken"
    assert "already has a slot" in caught.value.messages[0]


def test_another_workspaces_channel_gets_no_slot(workspace, editor, other_workspace):
    from ..accounts_registry.factories import SocialAccountFactory

    foreign = SocialAccountFactory(workspace=other_workspace)
    with pytest.raises(ValidationError):
        slots.slot_add(
            workspace=workspace, by=editor, channel=foreign, weekday=2, time=datetime.time(9)
        )


def test_suggested_slots_follow_the_plans_minimum(
    client, workspace, editor, approved_plan, linkedin
):
    client.force_login(editor)
    url = reverse("calendar:slots", kwargs={"workspace": workspace.slug})

    def section(page):
        return page.split(f'data-testid="slots-{linkedin.pk}"')[1].split("</section>")[0]

    page = section(client.get(url).content.decode())
    assert 'data-testid="slots-too-few"' in page  # LinkedIn asks 2 to 4 a week, has none
    client.post(
        reverse("calendar:slots_suggest", kwargs={"workspace": workspace.slug}),
        {"channel": linkedin.pk},
    )
    assert list(PostingSlot.objects.filter(channel=linkedin).values_list("weekday", "time")) == [
        (2, datetime.time(9)),
        (4, datetime.time(9)),
    ]
    page = section(client.get(url).content.decode())
    assert "2 slots a week." in page
    assert 'data-testid="slots-too-few"' not in page


def test_adding_and_removing_a_slot_from_the_page(
    client, workspace, editor, approved_plan, linkedin
):
    client.force_login(editor)
    url = reverse("calendar:slots", kwargs={"workspace": workspace.slug})
    response = client.post(
        url, {"channel": linkedin.pk, "weekday": 3, "time": "14:30"}, follow=True
    )
    assert "The slot is added." in response.content.decode()
    added = PostingSlot.objects.get(channel=linkedin)
    assert (added.weekday, added.time) == (3, datetime.time(14, 30))
    assert "Wednesday 14:30" in response.content.decode()
    remove = reverse("calendar:slot_remove", kwargs={"workspace": workspace.slug, "pk": added.pk})
    client.post(remove)
    assert not PostingSlot.objects.exists()


def test_plan_in_the_next_free_slot_from_the_form(
    client, workspace, editor, approved_plan, linkedin
):
    slot(linkedin, 2, 9)
    client.force_login(editor)
    url = reverse("calendar:post_create", kwargs={"workspace": workspace.slug})
    response = client.post(
        url,
        {
            "channel": linkedin.pk,
            "scheduled_at": "",
            "category": "curated",
            "status": "draft",
            "text": "Five heat pump myths",
            "owner": editor.pk,
            "next_free_slot": "1",
        },
        follow=True,
    )
    assert "The post is planned." in response.content.decode()
    post = Post.objects.get()
    assert post.scheduled_at == at(MONDAY + datetime.timedelta(days=1), 9)


def test_without_a_free_slot_the_form_says_so_and_keeps_the_text(
    client, workspace, editor, linkedin
):
    client.force_login(editor)
    url = reverse("calendar:post_create", kwargs={"workspace": workspace.slug})
    response = client.post(
        url,
        {
            "channel": linkedin.pk,
            "category": "curated",
            "status": "draft",
            "text": "Five heat pump myths",
            "owner": editor.pk,
            "next_free_slot": "1",
        },
    )
    page = response.content.decode()
    assert "has no free slot in the coming 8 weeks" in page
    assert "Five heat pump myths" in page
    assert not Post.objects.exists()


def week_url(workspace, day):
    year, week, _ = day.isocalendar()
    return reverse(
        "calendar:week", kwargs={"workspace": workspace.slug, "year": year, "week": week}
    )


def test_free_slots_show_as_gaps_and_a_planned_one_does_not(client, workspace, editor, linkedin):
    slot(linkedin, 2, 9)
    slot(linkedin, 4, 9)
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(MONDAY + datetime.timedelta(days=3), 9, 15),
    )
    client.force_login(editor)
    page = client.get(week_url(workspace, MONDAY)).content.decode()
    assert page.count('data-testid="gap"') == 1
    tuesday = (MONDAY + datetime.timedelta(days=1)).isoformat()
    assert f"?at={tuesday}T09:00&amp;channel={linkedin.pk}" in page
    assert "Free slot 09:00 · LinkedIn" in page


def test_gaps_take_the_same_queries_for_few_or_many_slots(
    client, workspace, editor, linkedin, instagram
):
    client.force_login(editor)
    slot(linkedin, 2, 9)
    PostFactory(workspace=workspace, channel=linkedin, owner=editor, scheduled_at=at(MONDAY, 15))
    client.get(week_url(workspace, MONDAY))
    with CaptureQueriesContext(connection) as few:
        client.get(week_url(workspace, MONDAY))
    for day in range(1, 8):
        for hour in (8, 12, 16):
            slot(instagram, day, hour)
            PostFactory(
                workspace=workspace,
                channel=instagram,
                owner=editor,
                scheduled_at=at(MONDAY + datetime.timedelta(days=day - 1), hour),
            )
    with CaptureQueriesContext(connection) as many:
        client.get(week_url(workspace, MONDAY))
    assert len(many) == len(few)
