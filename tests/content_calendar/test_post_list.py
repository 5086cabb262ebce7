import datetime
import zoneinfo

from django.urls import reverse

from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def url(workspace, **params):
    base = reverse("calendar:list", kwargs={"workspace": workspace.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_filters_by_channel_category_and_status(client, workspace, editor):
    x = SocialAccountFactory(workspace=workspace, platform="x")
    PostFactory(
        workspace=workspace, channel=x, owner=editor, category="promotional", text="Promo on X"
    )
    PostFactory(workspace=workspace, owner=editor, category="curated", text="Curated elsewhere")
    client.force_login(editor)
    html = client.get(url(workspace, channel=x.pk, category="promotional")).content.decode()
    assert "Promo on X" in html
    assert "Curated elsewhere" not in html


def test_queries_are_the_same_for_10_or_20000_posts(
    client, workspace, editor, django_assert_num_queries
):
    channel = SocialAccountFactory(workspace=workspace)
    PostFactory.create_batch(10, workspace=workspace, channel=channel, owner=editor)
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
        html = client.get(url(workspace)).content.decode()
    assert "Page 1 of 401" in html
    # The last page is as cheap as the first.
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url(workspace, page=401)).content.decode()
    assert "Page 401 of 401" in html
