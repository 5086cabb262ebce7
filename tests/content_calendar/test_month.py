import datetime
import zoneinfo

from django.urls import reverse
from django.utils import timezone

from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def url(workspace, year=2026, month=11):
    return reverse(
        "calendar:month", kwargs={"workspace": workspace.slug, "year": year, "month": month}
    )


def test_a_grid_with_posts_labelled_by_category_and_status(client, workspace, editor):
    PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2026, 11, 12, 9, 30, tzinfo=AMSTERDAM),
        category="promotional",
        text="Open day on Saturday",
    )
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    assert "November 2026" in html
    assert "Open day on Saturday" in html
    assert ">Promotional</span>" in html  # a text label, not colour alone
    assert "09:30" in html
    assert "?date=2026-11-12" in html  # a click on a day pre-fills it
    assert url(workspace, 2026, 10) in html
    assert url(workspace, 2026, 12) in html


def test_the_index_opens_this_month(client, workspace, editor):
    client.force_login(editor)
    today = timezone.now().astimezone(AMSTERDAM).date()
    response = client.get(reverse("calendar:index", kwargs={"workspace": workspace.slug}))
    assert response.url == url(workspace, today.year, today.month)


def test_an_impossible_month_is_not_found(client, workspace, editor):
    client.force_login(editor)
    assert client.get(url(workspace, 2026, 13)).status_code == 404


def test_queries_are_the_same_for_10_or_20000_posts(
    client, workspace, editor, django_assert_num_queries
):
    channel = SocialAccountFactory(workspace=workspace)
    for day in range(1, 11):
        PostFactory(
            workspace=workspace,
            channel=channel,
            owner=editor,
            scheduled_at=datetime.datetime(2026, 11, day, 10, tzinfo=AMSTERDAM),
        )
    client.force_login(editor)
    client.get(url(workspace))
    with django_assert_num_queries(9) as few:
        client.get(url(workspace))
    start = datetime.datetime(2025, 1, 1, tzinfo=AMSTERDAM)
    Post.objects.bulk_create(
        Post(
            workspace=workspace,
            channel=channel,
            owner=editor,
            scheduled_at=start + datetime.timedelta(hours=2 * n),
            category="curated",
            text=f"Post {n}",
        )
        for n in range(20_000)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url(workspace))
    assert response.status_code == 200


def test_a_busy_day_shows_four_posts_and_links_to_the_rest(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    for minute in range(6):
        PostFactory(
            workspace=workspace,
            channel=channel,
            owner=editor,
            scheduled_at=datetime.datetime(2026, 11, 18, 9, minute, tzinfo=AMSTERDAM),
            text=f"Busy post {minute}",
        )
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    assert html.count('title="Busy post') == 4
    assert "and 2 more" in html
    assert "?start=2026-11-18&amp;end=2026-11-18" in html
