"""Adding sources and fetching them: the reasons in the reader's language, items once, in bulk."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from curation import services
from curation.models import FetchError, Item, Source
from notifications.models import Notification

from .conftest import rss

FETCH_LATER = datetime.timedelta(hours=2)
PAGE = b"""<!doctype html><html><head><title>Installatie Nieuws</title>
<link rel="alternate" type="application/rss+xml" title="Nieuws" href="/feed.xml">
</head><body>News</body></html>"""


def refusal(**kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        services.source_add(**kwargs)
    return caught.value


def test_a_source_is_added_by_its_sites_page_with_its_first_items(feeds, workspace, editor):
    feeds.serve("/", PAGE, content_type="text/html; charset=utf-8")
    feeds.serve("/feed.xml", rss(("a", "Subsidies 2027"), ("b", "Koudemiddelen")))
    source = services.source_add(workspace=workspace, by=editor, url=feeds.url("/"))
    assert source.feed_url == feeds.url("/feed.xml")
    assert (source.name, source.site_url) == ("Installatie Nieuws", "https://news.example/")
    assert source.owner == editor
    assert sorted(source.items.values_list("title", flat=True)) == [
        "Koudemiddelen",
        "Subsidies 2027",
    ]


def test_the_same_feed_twice_is_refused(feeds, workspace, editor):
    feeds.serve("/feed.xml", rss(("a", "One")))
    services.source_add(workspace=workspace, by=editor, url=feeds.url("/feed.xml"))
    again = refusal(
        workspace=workspace, by=editor, url=feeds.url("/FEED.xml").replace("FEED", "feed")
    )
    assert again.error_dict["url"][0].code == "taken"


def test_a_page_without_a_feed_and_a_broken_feed_are_refused_in_dutch(feeds, workspace, editor):
    feeds.serve("/", b"<html><head></head><body>no feed</body></html>", content_type="text/html")
    feeds.serve("/broken", b"<rss><channel><item>", content_type="application/xml")
    feeds.serve("/error", b"down", status=500, content_type="text/plain")
    with translation.override("nl"):
        no_feed = refusal(workspace=workspace, by=editor, url=feeds.url("/"))
        error = refusal(workspace=workspace, by=editor, url=feeds.url("/error"))
    assert no_feed.error_dict["url"][0].code == "no_feed"
    assert "RSS" in no_feed.messages[0]
    assert error.error_dict["url"][0].code == FetchError.HTTP
    assert "500" in error.messages[0]
    assert not Source.objects.exists()


def test_an_address_inside_the_network_is_refused_before_anything_is_fetched(workspace, editor):
    error = refusal(workspace=workspace, by=editor, url="http://169.254.169.254/latest/")
    assert error.error_dict["url"][0].code == FetchError.REFUSED_ADDRESS


def source(workspace, feeds, path="/feed.xml", **fields) -> Source:
    return Source.objects.create(workspace=workspace, name=path, feed_url=feeds.url(path), **fields)


def test_a_fetch_adds_only_new_items_and_asks_only_for_changes(feeds, workspace):
    calls = {"n": 0}

    def changing(request):
        calls["n"] += 1
        if request.headers.get("If-None-Match") == '"v2"':
            return 304, {}, b""
        items = [("a", "One")] if calls["n"] == 1 else [("a", "One"), ("b", "Two")]
        return 200, {"ETag": f'"v{calls["n"]}"'}, rss(*items)

    feeds.routes["/feed.xml"] = (200, {}, changing)
    feed = source(workspace, feeds)
    assert services.sources_fetch(sources=[feed]).added == 1
    assert services.sources_fetch(sources=[feed]).added == 1  # b is new, a is known
    assert services.sources_fetch(sources=[feed]).added == 0  # 304
    feed.refresh_from_db()
    assert (feed.etag, feed.error_code, feed.failures) == ('"v2"', "", 0)
    assert sorted(Item.objects.values_list("key", flat=True)) == ["a", "b"]


def test_a_failing_source_keeps_its_reason_waits_longer_and_is_paused_after_five(
    feeds, workspace, editor
):
    editor.language = "nl"
    editor.save()
    feeds.serve("/feed.xml", b"not xml at all", content_type="text/plain")
    feed = source(workspace, feeds, owner=editor)
    now = timezone.now()
    for _ in range(services.PAUSE_AFTER + 1):
        services.sources_fetch(sources=[feed], now=now)
    feed.refresh_from_db()
    assert (feed.error_code, feed.failures) == (FetchError.NOT_A_FEED, services.PAUSE_AFTER + 1)
    assert feed.paused_at == now
    assert feed.next_fetch_at > now + datetime.timedelta(hours=12)
    assert services.sources_due(now=now + datetime.timedelta(days=30)) == []
    (told,) = Notification.objects.filter(recipient=editor)  # once, not on the sixth failure
    assert told.message.startswith("De bron “/feed.xml” is gepauzeerd na 5 mislukte")
    assert "Geen feed" in told.message
    assert told.link == f"/w/{workspace.slug}/curation/sources/{feed.pk}/"


def test_200_sources_are_fetched_with_the_same_queries_as_2(feeds, workspace):
    for index in range(200):
        feeds.serve(f"/f{index}", rss((f"{index}-a", "A"), (f"{index}-b", "B")))
    few = [source(workspace, feeds, f"/f{i}") for i in range(2)]
    many = [source(workspace, feeds, f"/f{i}") for i in range(2, 200)]
    with CaptureQueriesContext(connection) as small:
        services.sources_fetch(sources=few)
    with CaptureQueriesContext(connection) as large:
        stored = services.sources_fetch(sources=many)
    assert stored.added == 396
    # A query per source or per item would be hundreds; batches keep it to a handful (more on
    # SQLite, whose statements take fewer parameters).
    assert len(small.captured_queries) <= 8
    assert len(large.captured_queries) <= 12


def test_items_are_forgotten_after_90_days_unless_they_became_a_post(feeds, workspace):
    feed = source(workspace, feeds)
    old = timezone.now() - datetime.timedelta(days=91)
    Item.objects.create(source=feed, key="old", fetched_at=old)
    Item.objects.create(source=feed, key="planned", fetched_at=old, status=Item.Status.PLANNED)
    Item.objects.create(source=feed, key="recent")
    assert services.items_forget(now=timezone.now()) == 1
    assert sorted(Item.objects.values_list("key", flat=True)) == ["planned", "recent"]


def test_the_periodic_fetch_takes_every_due_source_once_and_reports(feeds, workspace, monkeypatch):
    for index in range(5):
        feeds.serve(f"/f{index}", rss((f"{index}", "A")))
    due = [source(workspace, feeds, f"/f{i}") for i in range(4)]
    later = source(workspace, feeds, "/f4", next_fetch_at=timezone.now() + FETCH_LATER)
    monkeypatch.setattr(services, "BATCH_SIZE", 3)
    report = services.sources_fetch_due()
    assert (report.due, report.batches, report.notified) == (4, 2, 0)
    assert Item.objects.filter(source__in=due).count() == 4
    assert not later.items.exists()
    assert services.sources_fetch_due().due == 0  # each waits an hour now


def test_fetch_now_switches_a_paused_source_on_again(feeds, workspace, editor):
    feeds.serve("/feed.xml", rss(("a", "Back")))
    feed = source(workspace, feeds, paused_at=timezone.now(), failures=5, error_code="timeout")
    assert services.source_fetch_now(source=feed, by=editor).added == 1
    feed.refresh_from_db()
    assert (feed.paused_at, feed.failures, feed.error_code) == (None, 0, "")
