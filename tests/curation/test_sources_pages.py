"""The sources page (list, add by address), a source's page (edit, fetch now, remove), and the
OPML import and export pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from curation.models import FetchError, Item, Source

from .conftest import rss
from .factories import ItemFactory, SourceFactory

PAGE = b"""<!doctype html><html><head>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body></body></html>"""


def url(name, workspace, **kwargs):
    return reverse(f"curation:{name}", kwargs={"workspace": workspace.slug, **kwargs})


def test_a_source_is_added_by_its_sites_address_with_its_items(client, feeds, workspace, editor):
    feeds.serve("/", PAGE, content_type="text/html")
    feeds.serve("/feed.xml", rss(("a", "Subsidies 2027"), ("b", "Koudemiddelen")))
    client.force_login(editor)
    response = client.post(url("sources", workspace), {"url": feeds.url("/")}, follow=True)
    assert "“Installatie Nieuws” is a source now, with 2 items." in response.content.decode()
    source = Source.objects.get()
    assert source.feed_url == feeds.url("/feed.xml")
    assert [s.name for s in response.context["page"].object_list] == ["Installatie Nieuws"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((500, b"down", "text/plain"), "The site answered with an error (500)."),
        ((200, b"plain words, no XML", "text/plain"), "Not a feed"),
    ],
)
def test_a_feed_that_fails_is_refused_with_its_reason_and_the_typed_address_kept(
    client, feeds, workspace, editor, answer, message
):
    status, body, content_type = answer
    feeds.serve("/feed", body, status=status, content_type=content_type)
    client.force_login(editor)
    response = client.post(url("sources", workspace), {"url": feeds.url("/feed"), "name": "Mine"})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert response.context["form"]["url"].value() == feeds.url("/feed")
    assert response.context["form"]["name"].value() == "Mine"
    assert not Source.objects.exists()


def test_an_address_inside_the_network_is_refused_in_dutch(client, workspace, editor):
    client.force_login(editor)
    client.post(reverse("users:language"), {"language": "nl", "next": "/"})
    response = client.post(url("sources", workspace), {"url": "http://127.0.0.1:6379/"})
    assert "Dit adres wordt niet opgehaald" in response.content.decode()
    assert not Source.objects.exists()


def test_the_list_shows_each_sources_state_and_error(client, workspace, editor):
    SourceFactory(workspace=workspace, name="Gone", error_code=FetchError.GONE, failures=2)
    paused = SourceFactory(workspace=workspace, name="Paused", error_code=FetchError.TIMEOUT)
    paused.paused_at = paused.fetched_at
    paused.save()
    ItemFactory.create_batch(3, source=paused)
    client.force_login(editor)
    html = client.get(url("sources", workspace)).content.decode()
    assert "Gone (410): the site says this feed no longer exists." in html
    assert "Timed out: the site did not answer in time." in html
    assert "Paused" in html
    assert f'?source={paused.pk}">3 new items</a>' in html


@pytest.mark.parametrize("count", [2, 40])
def test_the_list_costs_the_same_queries_for_2_or_40_sources(client, workspace, editor, count):
    for _ in range(count):
        ItemFactory(source=SourceFactory(workspace=workspace, owner=editor))
    client.force_login(editor)
    client.get(url("sources", workspace))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("sources", workspace))
    assert len(response.context["page"].object_list) == count
    assert len(queries) <= 10, [q["sql"] for q in queries]


def test_a_source_is_renamed_and_switched_off(client, workspace, editor):
    source = SourceFactory(workspace=workspace)
    client.force_login(editor)
    response = client.post(url("source_edit", workspace, pk=source.pk), {"name": "Trade news"})
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.active) == ("Trade news", False)


def test_switching_a_paused_source_on_forgets_its_failures(client, workspace, editor):
    source = SourceFactory(workspace=workspace, failures=5, error_code=FetchError.TIMEOUT)
    source.paused_at = source.fetched_at
    source.save()
    client.force_login(editor)
    assert (
        "Paused after 5 failed fetches"
        in client.get(url("source_edit", workspace, pk=source.pk)).content.decode()
    )
    client.post(url("source_edit", workspace, pk=source.pk), {"name": "Back", "active": "on"})
    source.refresh_from_db()
    assert (source.paused_at, source.failures, source.active) == (None, 0, True)


def test_fetch_now_says_what_came_or_why_not(client, feeds, workspace, editor):
    feeds.serve("/feed.xml", rss(("a", "One"), ("b", "Two")))
    good = SourceFactory(workspace=workspace, name="Good", feed_url=feeds.url("/feed.xml"))
    bad = SourceFactory(workspace=workspace, name="Bad", feed_url=feeds.url("/missing"))
    client.force_login(editor)
    ok = client.post(url("source_fetch", workspace, pk=good.pk), follow=True)
    assert "“Good” is fetched: 2 new items." in ok.content.decode()
    failed = client.post(url("source_fetch", workspace, pk=bad.pk), follow=True)
    assert "“Bad” could not be fetched. Not found (404): check the address." in (
        failed.content.decode()
    )


def test_a_reviewer_removes_a_source_after_a_question(client, workspace, reviewer):
    source = SourceFactory(workspace=workspace, name="Old news")
    ItemFactory.create_batch(2, source=source)
    client.force_login(reviewer)
    question = client.get(url("source_delete", workspace, pk=source.pk)).content.decode()
    assert "its 2 items leave the inbox" in question
    client.post(url("source_delete", workspace, pk=source.pk))
    assert not Source.objects.exists()
    assert not Item.objects.exists()


def test_an_editor_may_not_remove_a_source(client, workspace, editor):
    source = SourceFactory(workspace=workspace)
    client.force_login(editor)
    assert client.post(url("source_delete", workspace, pk=source.pk)).status_code == 403
    assert Source.objects.filter(pk=source.pk).exists()
    assert (
        "Remove the source"
        not in client.get(url("source_edit", workspace, pk=source.pk)).content.decode()
    )


OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>Feeds</title></head><body>
<outline text="Trade"><outline type="rss" text="Installatie Nieuws" xmlUrl="https://news.example/feed.xml"/>
<outline type="rss" text="Techniek" xmlUrl="https://techniek.example/rss"/></outline></body></opml>"""


def test_an_opml_file_adds_its_feeds_and_the_export_gives_them_back(client, workspace, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    response = client.post(
        url("sources_import", workspace),
        {"file": SimpleUploadedFile("feeds.opml", OPML, content_type="text/x-opml")},
        follow=True,
    )
    assert "2 sources are added" in response.content.decode()
    exported = client.get(url("sources_export", workspace))
    assert exported["Content-Disposition"] == 'attachment; filename="van-dijk-sources.opml"'
    assert b'xmlUrl="https://techniek.example/rss"' in exported.content


def test_an_opml_file_with_a_bad_feed_adds_nothing_and_names_it(client, workspace, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    SourceFactory(workspace=workspace, feed_url="https://techniek.example/rss")
    bad = OPML.replace(b"https://news.example/feed.xml", b"http://10.0.0.8/feed.xml")
    client.force_login(editor)
    response = client.post(
        url("sources_import", workspace),
        {"file": SimpleUploadedFile("feeds.opml", bad, content_type="text/x-opml")},
    )
    html = response.content.decode()
    assert "Nothing was added: correct these feeds first." in html
    assert "Installatie Nieuws" in html
    assert "This feed is a source already." in html
    assert Source.objects.count() == 1


def test_the_cached_list_shows_a_failure_of_the_background_fetch(
    client, feeds, workspace, editor, settings
):
    from curation import services

    settings.FRAGMENT_CACHE_SECONDS = 600
    feeds.serve("/feed.xml", rss(("a", "One")))
    source = SourceFactory(workspace=workspace, feed_url=feeds.url("/feed.xml"))
    client.force_login(editor)
    assert "Not found (404)" not in client.get(url("sources", workspace)).content.decode()
    feeds.serve("/feed.xml", b"gone", status=404, content_type="text/plain")
    services.sources_fetch(sources=[source])
    assert "Not found (404)" in client.get(url("sources", workspace)).content.decode()


def test_the_sources_come_fifty_a_page(client, workspace, editor):
    for n in range(51):
        SourceFactory(workspace=workspace, name=f"Source {n:02d}")
    client.force_login(editor)
    first = client.get(url("sources", workspace)).content.decode()
    assert first.count('data-testid="source"') == 50
    assert "Page 1 of 2" in first
    second = client.get(url("sources", workspace), {"page": 2}).content.decode()
    assert second.count('data-testid="source"') == 1
    assert "Source 50" in second
