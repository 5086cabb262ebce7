"""A post is planned within sane years, whichever way it comes in: one date before year 1 in
UTC (0001-01-01 in Amsterdam) used to be stored as a timestamp no page could read back, and
the calendar, the API and the backup then failed for every member of the workspace."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from content_calendar.checks import posts_outside_the_planning_years
from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from ..api.conftest import Api, token_for
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_the_post_form_refuses_year_one_and_keeps_the_input(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    client.force_login(editor)
    response = client.post(
        reverse("calendar:post_create", kwargs={"workspace": workspace.slug}),
        {
            "channel": channel.pk,
            "scheduled_at": "0001-01-01T00:00",
            "category": "engagement",
            "status": "draft",
            "text": "Happy new year",
            "owner": editor.pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a date between the years 2000 and 2199." in html
    assert "Happy new year" in html
    assert not Post.objects.exists()
    listing = client.get(reverse("calendar:list", kwargs={"workspace": workspace.slug}))
    assert listing.status_code == 200


def test_a_post_cannot_be_moved_to_year_one(client, workspace, editor):
    post = PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2030, 3, 4, 9, 0, tzinfo=AMSTERDAM),
    )
    client.force_login(editor)
    response = client.post(
        reverse("calendar:post_move", kwargs={"workspace": workspace.slug, "pk": post.pk}),
        {"day": "0001-01-01"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "between the years 2000 and 2199" in response.json()["error"]
    post.refresh_from_db()
    assert post.scheduled_at.year == 2030


def test_the_api_refuses_year_one_with_a_400(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    api = Api(client, token_for(editor, workspace))
    response = api.post(
        reverse("api:posts", kwargs={"workspace": workspace.slug}),
        {
            "channel": channel.pk,
            "scheduled_at": "0001-01-01T00:00:00+01:00",
            "category": "engagement",
            "text": "Happy new year",
        },
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["scheduled_at"]
    assert not Post.objects.exists()
    response = api.post(
        reverse("api:posts", kwargs={"workspace": workspace.slug}),
        {
            "channel": channel.pk,
            "scheduled_at": "1950-06-01T09:00:00+01:00",
            "category": "engagement",
            "text": "Happy new year",
        },
    )
    assert response.status_code == 400
    assert "between the years 2000 and 2199" in response.content.decode()


def test_the_data_check_reports_posts_already_outside_the_years(workspace, editor):
    inside = PostFactory(workspace=workspace, owner=editor)
    outside = PostFactory(workspace=workspace, owner=editor)
    Post.objects.filter(pk=outside.pk).update(
        scheduled_at=datetime.datetime(1999, 12, 31, 12, 0, tzinfo=datetime.UTC)
    )
    [warning] = posts_outside_the_planning_years(databases=["default"])
    assert f"post {outside.pk} in {workspace.slug}" in warning.msg
    assert f"post {inside.pk} " not in warning.msg
    assert warning.id == "content_calendar.W001"
    call_command("check", databases=["default"])  # a warning, not an error: the command runs


@pytest.mark.parametrize(
    "path",
    [
        "calendar/list/?end=9999-12-31",
        "calendar/list/?start=0001-01-01",
        "calendar/week/1/1/",
        "calendar/week/9999/52/",
        "calendar/month/9999/12/",
        "calendar/export/?start=2026-01-01&end=9999-12-31&format=planner&date_order=dmy",
        "calendar/export/?start=0001-01-01&end=0001-01-07&format=hootsuite&date_order=dmy",
    ],
)
def test_days_outside_the_planning_years_are_refused_not_crashed_on(
    client, workspace, editor, path
):
    """These answered 500 (OverflowError): a page is not found, a filter says what is wrong."""
    client.force_login(editor)
    response = client.get(f"/w/{workspace.slug}/{path}")
    assert response.status_code in (200, 404), path
    if response.status_code == 200:
        assert "Choose a date between the years 2000 and 2199." in response.content.decode()


def test_an_import_row_beyond_the_planning_years_is_a_problem_of_that_row(workspace, editor):
    from content_calendar import exchange

    channel = SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")
    report = exchange.posts_import(
        workspace=workspace,
        by=editor,
        raw=b"02/03/2500 09:00,Far ahead,\n02/03/2030 09:00,Fine,\n",
        fmt="hootsuite",
        commit=True,
        channel=channel,
        category="curated",
        date_order="dmy",
    )
    problems = [error for row in report.rows for error in row.errors]
    assert "Choose a date between the years 2000 and 2199." in problems
    assert not Post.objects.exists()  # all or nothing
