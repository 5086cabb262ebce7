"""Recurring posts: one post per occurrence, every week or month until a day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from content_calendar import services
from content_calendar.models import Post, PostSeries

from .conftest import AMSTERDAM, at


def plan(workspace, editor, channel, first, frequency, until, **more):
    return services.post_create_recurring(
        workspace=workspace,
        by=editor,
        frequency=frequency,
        until=until,
        channel=channel,
        scheduled_at=first,
        **{"category": "engagement", "text": "Monday question: what do you want to know?", **more},
    )


def local(post):
    return post.scheduled_at.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")


def test_weekly_keeps_its_wall_time_across_the_change_to_winter_time(workspace, editor, linkedin):
    posts = plan(
        workspace,
        editor,
        linkedin,
        at(datetime.date(2026, 10, 12), 9),
        "weekly",
        datetime.date(2026, 11, 2),
    )
    assert [local(p) for p in posts] == [
        "2026-10-12 09:00",
        "2026-10-19 09:00",
        "2026-10-26 09:00",  # after the clocks went back
        "2026-11-02 09:00",
    ]
    assert len({p.series_id for p in posts}) == 1
    assert PostSeries.objects.get().frequency == "weekly"
    assert all(p.history.filter(history_type="+").exists() for p in posts)


def test_monthly_from_the_31st_goes_on_the_last_day_of_each_month(workspace, editor, linkedin):
    posts = plan(
        workspace,
        editor,
        linkedin,
        at(datetime.date(2027, 1, 31), 10),
        "monthly",
        datetime.date(2027, 4, 30),
    )
    assert [local(p)[:10] for p in posts] == [
        "2027-01-31",
        "2027-02-28",
        "2027-03-31",
        "2027-04-30",
    ]


def test_too_many_or_too_far_is_refused_and_nothing_is_made(workspace, editor, linkedin):
    first = at(datetime.date(2027, 1, 4), 9)
    with pytest.raises(ValidationError) as caught:
        plan(workspace, editor, linkedin, first, "weekly", datetime.date(2029, 6, 1))
    assert caught.value.error_dict["repeat_until"][0].code == "until_far"
    with pytest.raises(ValidationError):
        plan(workspace, editor, linkedin, first, "weekly", datetime.date(2026, 12, 1))
    assert not Post.objects.exists()


def test_an_occurrence_that_is_refused_refuses_them_all(workspace, editor, linkedin):
    # Ready with a hashtag nobody checked: every occurrence is refused, so none is made.
    with pytest.raises(ValidationError) as caught:
        plan(
            workspace,
            editor,
            linkedin,
            at(datetime.date(2027, 1, 4), 9),
            "weekly",
            datetime.date(2027, 1, 25),
            status="ready",
            text="Your question? #warmtepomp",
        )
    assert "cannot be planned" in caught.value.messages[0]
    assert not Post.objects.exists()
    assert not PostSeries.objects.exists()


def test_from_the_form_and_removed_from_one_occurrence_on(client, workspace, editor, linkedin):
    client.force_login(editor)
    response = client.post(
        reverse("calendar:post_create", kwargs={"workspace": workspace.slug}),
        {
            "channel": linkedin.pk,
            "scheduled_at": "2027-01-04T09:00",
            "category": "engagement",
            "status": "draft",
            "text": "Monday question",
            "owner": editor.pk,
            "repeat": "weekly",
            "repeat_until": "2027-02-01",
        },
        follow=True,
    )
    assert "5 posts are planned, repeating until 1 February 2027." in response.content.decode()
    third = Post.objects.order_by("scheduled_at")[2]
    delete = reverse("calendar:post_delete", kwargs={"workspace": workspace.slug, "pk": third.pk})
    assert "Remove this one and the ones after it" in client.get(delete).content.decode()
    response = client.post(delete, {"following": "1"}, follow=True)
    assert "3 posts are removed." in response.content.decode()
    assert [local(p)[:10] for p in Post.objects.order_by("scheduled_at")] == [
        "2027-01-04",
        "2027-01-11",
    ]


def test_a_repeat_without_an_end_is_said_at_its_field(client, workspace, editor, linkedin):
    client.force_login(editor)
    response = client.post(
        reverse("calendar:post_create", kwargs={"workspace": workspace.slug}),
        {
            "channel": linkedin.pk,
            "scheduled_at": "2027-01-04T09:00",
            "category": "engagement",
            "status": "draft",
            "text": "Monday question",
            "owner": editor.pk,
            "repeat": "monthly",
        },
    )
    assert "Choose the day the repeat ends." in response.content.decode()
    assert not Post.objects.exists()


def test_the_month_marks_the_posts_that_repeat(client, workspace, editor, linkedin):
    plan(
        workspace,
        editor,
        linkedin,
        at(datetime.date(2027, 1, 4), 9),
        "weekly",
        datetime.date(2027, 1, 11),
    )
    services.post_create(
        workspace=workspace,
        by=editor,
        channel=linkedin,
        scheduled_at=at(datetime.date(2027, 1, 6), 9),
        category="promotional",
        text="Once only",
    )
    client.force_login(editor)
    month = reverse(
        "calendar:month", kwargs={"workspace": workspace.slug, "year": 2027, "month": 1}
    )
    grid = client.get(month).content.decode().split("calendar-grid")[1]
    chips = grid.split('class="post-chip')[1:]
    marked = ["bi-arrow-repeat" in chip for chip in chips]
    assert marked == [True, False, True]


def edit_form(post, **changes):
    data = {
        "channel": post.channel_id,
        "scheduled_at": post.scheduled_at.astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M"),
        "category": post.category,
        "status": post.status,
        "text": post.text,
        "link": post.link,
        "owner": post.owner_id,
        "revision": post.revision,
    }
    return {**data, **changes}


def test_a_change_goes_to_the_posts_after_it_in_the_series_when_asked(
    client, workspace, editor, linkedin
):
    posts = plan(
        workspace,
        editor,
        linkedin,
        at(datetime.date(2027, 1, 4), 9),
        "weekly",
        datetime.date(2027, 2, 1),
    )
    second = posts[1]
    client.force_login(editor)
    page = reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": second.pk})
    assert "Also change the posts after this one in its series" in client.get(page).content.decode()
    response = client.post(
        page, edit_form(second, text="Tuesday question", following="on"), follow=True
    )
    assert "The post is saved, and 3 posts after it in its series." in response.content.decode()
    texts = [(local(p)[:10], p.text) for p in Post.objects.order_by("scheduled_at")]
    assert texts == [
        ("2027-01-04", "Monday question: what do you want to know?"),
        ("2027-01-11", "Tuesday question"),
        ("2027-01-18", "Tuesday question"),
        ("2027-01-25", "Tuesday question"),
        ("2027-02-01", "Tuesday question"),
    ]
    last = Post.objects.order_by("scheduled_at").last()
    assert last.history.first().history_user == editor

    # Without the tick only this post changes.
    second.refresh_from_db()
    client.post(page, edit_form(second, text="Only this one"))
    assert Post.objects.filter(text="Only this one").count() == 1


def test_a_follower_that_cannot_take_it_refuses_the_whole_change(
    client, workspace, editor, linkedin
):
    posts = plan(
        workspace,
        editor,
        linkedin,
        at(datetime.date(2027, 1, 4), 9),
        "weekly",
        datetime.date(2027, 1, 18),
    )
    Post.objects.filter(pk=posts[2].pk).update(status=Post.Status.READY)
    client.force_login(editor)
    page = reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": posts[0].pk})
    too_long = "word " * 700  # over LinkedIn's 3,000 characters: refused for a ready post
    response = client.post(page, edit_form(posts[0], text=too_long, following="on"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot follow" in html
    assert not Post.objects.filter(text=too_long).exists()
