"""The curation inbox: the sources' new items, newest first, by source, theme and status."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from curation.models import Item

from ..content_calendar.factories import PostFactory
from .conftest import rss
from .factories import ItemFactory, SourceFactory


def inbox(workspace, **query):
    return reverse("curation:inbox", kwargs={"workspace": workspace.slug}), query


def get(client, workspace, **query):
    url, query = inbox(workspace, **query)
    return client.get(url, query)


def titles(response) -> list[str]:
    return [item.title for item in response.context["page"].object_list]


def test_new_items_newest_first_and_nothing_of_another_workspace(
    client, workspace, other_workspace, editor
):
    source = SourceFactory(workspace=workspace, name="Installatie Nieuws")
    now = timezone.now()
    ItemFactory(source=source, title="Older", published_at=now - datetime.timedelta(days=2))
    ItemFactory(source=source, title="Newest", published_at=now - datetime.timedelta(hours=1))
    ItemFactory(source=source, title="Put aside", status=Item.Status.DISMISSED)
    ItemFactory(source=SourceFactory(workspace=other_workspace), title="Theirs")
    client.force_login(editor)
    response = get(client, workspace)
    assert titles(response) == ["Newest", "Older"]
    html = response.content.decode()
    assert "Installatie Nieuws" in html
    assert "Plan as curated post" in html
    assert "Theirs" not in html


def test_filtered_by_source_theme_status_and_words(client, workspace, editor, approved_plan):
    theme = approved_plan.themes.get()
    heat = SourceFactory(workspace=workspace, theme=theme)
    other = SourceFactory(workspace=workspace)
    ItemFactory(source=heat, title="Heat pump subsidy")
    ItemFactory(source=other, title="Hiring in 2027")
    ItemFactory(source=other, title="Dismissed news", status=Item.Status.DISMISSED)
    client.force_login(editor)
    assert titles(get(client, workspace, source=other.pk)) == ["Hiring in 2027"]
    assert titles(get(client, workspace, theme=theme.name)) == ["Heat pump subsidy"]
    assert titles(get(client, workspace, status="dismissed")) == ["Dismissed news"]
    assert titles(get(client, workspace, q="subsidy")) == ["Heat pump subsidy"]
    assert len(titles(get(client, workspace, status="all"))) == 3


def test_what_became_a_post_is_marked_with_a_link_to_it(client, workspace, editor):
    post = PostFactory(workspace=workspace, owner=editor)
    item = ItemFactory(
        source=SourceFactory(workspace=workspace), status=Item.Status.PLANNED, post=post
    )
    client.force_login(editor)
    html = get(client, workspace, status="planned").content.decode()
    assert item.title in html
    assert "Planned as a post" in html
    assert (
        reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk}) in html
    )


def test_a_feeds_text_is_shown_as_text_never_as_markup(client, workspace, editor):
    ItemFactory(source=SourceFactory(workspace=workspace), title="<script>alert(1)</script>")
    client.force_login(editor)
    html = get(client, workspace).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_without_sources_the_inbox_says_where_to_add_them_in_dutch(client, workspace, editor):
    client.force_login(editor)
    client.post(reverse("users:language"), {"language": "nl", "next": "/"})
    html = get(client, workspace).content.decode()
    assert "Nog geen bronnen" in html
    assert reverse("curation:sources", kwargs={"workspace": workspace.slug}) in html


@pytest.mark.parametrize("count", [3, 60])
def test_the_inbox_costs_the_same_queries_for_3_or_60_items(
    client, workspace, editor, approved_plan, count, django_assert_max_num_queries
):
    theme = approved_plan.themes.get()
    for n in range(4):
        source = SourceFactory(workspace=workspace, theme=theme if n % 2 else None)
        for _ in range(count // 3):
            ItemFactory(source=source)
    client.force_login(editor)
    get(client, workspace)  # the session and the menu's memberships, once
    with CaptureQueriesContext(connection) as queries:
        response = get(client, workspace)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(4 * (count // 3), 50)
    assert len(queries) <= 12, [q["sql"] for q in queries]


def test_the_cached_inbox_shows_what_the_background_fetch_brought_and_what_was_dismissed(
    client, feeds, workspace, editor, settings
):
    from curation import services

    settings.FRAGMENT_CACHE_SECONDS = 600
    feeds.serve("/feed.xml", rss(("a", "Subsidies 2027")))
    source = SourceFactory(workspace=workspace, feed_url=feeds.url("/feed.xml"))
    services.sources_fetch(sources=[source])
    client.force_login(editor)
    assert "Subsidies 2027" in get(client, workspace).content.decode()
    # The sweep runs without a request: no revision is raised, the sources' state changes.
    feeds.serve("/feed.xml", rss(("a", "Subsidies 2027"), ("b", "Koudemiddelen")))
    source.refresh_from_db()
    services.sources_fetch(sources=[source])
    html = get(client, workspace).content.decode()
    assert "Subsidies 2027" in html
    assert "Koudemiddelen" in html
    item = Item.objects.get(key="b")
    client.post(
        reverse("curation:item_dismiss", kwargs={"workspace": workspace.slug, "pk": item.pk})
    )
    html = get(client, workspace).content.decode()
    assert html.count('data-testid="item"') == 1
    assert "Koudemiddelen</a>" not in html
