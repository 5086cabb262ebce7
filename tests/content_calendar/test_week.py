import datetime
import zoneinfo

from django.urls import reverse

from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_a_week_with_its_balance(client, workspace, editor):
    PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2026, 11, 24, 9, tzinfo=AMSTERDAM),
        text="Question of the week",
    )
    client.force_login(editor)
    html = client.get(
        reverse("calendar:week", kwargs={"workspace": workspace.slug, "year": 2026, "week": 48})
    ).content.decode()
    assert "Week of 23 November 2026" in html
    assert "Question of the week" in html
    assert "No approved plan covers this period" in html


def test_an_impossible_week_is_not_found(client, workspace, editor):
    client.force_login(editor)
    url = reverse("calendar:week", kwargs={"workspace": workspace.slug, "year": 2026, "week": 60})
    assert client.get(url).status_code == 404


def test_queries_are_the_same_for_10_or_20000_posts(
    client, workspace, editor, django_assert_num_queries
):
    channel = SocialAccountFactory(workspace=workspace)
    for hour in range(8, 18):
        PostFactory(
            workspace=workspace,
            channel=channel,
            owner=editor,
            scheduled_at=datetime.datetime(2026, 11, 24, hour, tzinfo=AMSTERDAM),
        )
    url = reverse("calendar:week", kwargs={"workspace": workspace.slug, "year": 2026, "week": 48})
    client.force_login(editor)
    client.get(url)
    with django_assert_num_queries(11) as few:
        client.get(url)
    # 20,000 posts around the week and a busy week itself: one every 30 minutes from 2026 on.
    start = datetime.datetime(2026, 1, 1, tzinfo=AMSTERDAM)
    Post.objects.bulk_create(
        Post(
            workspace=workspace,
            channel=channel,
            owner=editor,
            scheduled_at=start + datetime.timedelta(minutes=30 * n),
            category="curated",
            text=f"Post {n}",
        )
        for n in range(20_000)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "and 38 more" in html  # 48 posts a day (and our 10 on the Tuesday), 20 shown
