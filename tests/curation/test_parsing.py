"""Feeds of every common kind read as plain text; a page's own feeds found."""

import json

import pytest

from curation import parsing
from curation.fetching import FetchFailed
from curation.models import FetchError

from .conftest import rss

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
<link href="https://atom.example/"/>
<entry><id>tag:atom.example,2026:1</id><title type="html">Heat &amp;amp; pumps</title>
<link href="https://atom.example/1"/><updated>2026-11-30T08:00:00Z</updated>
<content type="html">&lt;script&gt;alert(1)&lt;/script&gt;
&lt;style&gt;p{}&lt;/style&gt;Useful text</content>
</entry></feed>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://rdf.example/"><title>RDF news</title><link>https://rdf.example/</link>
</channel><item rdf:about="https://rdf.example/1"><title>One</title>
<link>https://rdf.example/1</link></item></rdf:RDF>"""

JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON news",
        "home_page_url": "https://json.example/",
        "items": [
            {
                "id": "j1",
                "url": "https://json.example/1",
                "title": "From JSON",
                "content_html": "<p onclick='x()'>Hi <img src=x onerror=alert(1)></p>",
                "date_published": "2026-11-29T10:00:00Z",
            }
        ],
    }
).encode()


def test_rss_2_items_have_their_guid_link_time_and_plain_text():
    feed = parsing.parse(rss(("g1", "First & best")), url="https://news.example/feed")
    (entry,) = feed.entries
    assert (feed.title, feed.site_url) == ("Installatie Nieuws", "https://news.example/")
    assert (entry.key, entry.link, entry.title) == ("g1", "https://news.example/g1", "First & best")
    assert entry.summary == "Read this"
    assert entry.published_at.isoformat() == "2026-12-01T09:00:00+00:00"


def test_atom_drops_script_and_style_with_their_content():
    (entry,) = parsing.parse(ATOM, url="https://atom.example/feed").entries
    assert entry.title == "Heat & pumps"
    assert entry.summary == "Useful text"


def test_rss_1_and_json_feed_are_read_too():
    (rdf,) = parsing.parse(RSS1, url="https://rdf.example/rss").entries
    json_feed = parsing.parse(JSON_FEED, url="https://json.example/feed.json")
    assert (rdf.key, rdf.title) == ("https://rdf.example/1", "One")
    (entry,) = json_feed.entries
    assert (json_feed.title, entry.title, entry.summary) == ("JSON news", "From JSON", "Hi")
    assert entry.published_at.isoformat() == "2026-11-29T10:00:00+00:00"


@pytest.mark.parametrize(
    "body",
    [b"just text", b"<html><body>A page</body></html>", b"\x00\x01\x02binary", b"{}", b""],
)
def test_what_is_not_a_feed_is_named_so(body):
    with pytest.raises(FetchFailed) as caught:
        parsing.parse(body, url="https://news.example/x")
    assert caught.value.code == FetchError.NOT_A_FEED


def test_a_link_that_is_not_a_web_address_is_not_kept():
    body = rss(("g1", "One")).replace(b"https://news.example/g1", b"javascript:alert(1)")
    (entry,) = parsing.parse(body, url="https://news.example/feed").entries
    assert entry.link == ""
    assert entry.key == "g1"


def test_a_page_names_its_feeds_relative_to_its_address():
    page = b"""<html><head><title>Site</title>
    <link rel="stylesheet" href="/style.css">
    <link rel="alternate" type="application/rss+xml" href="/feed.xml">
    <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://site.example/atom">
    <link rel="alternate" type="text/html" hreflang="nl" href="/nl/">
    </head></html>"""
    assert parsing.discover(page, url="https://site.example/blog/") == [
        "https://site.example/feed.xml",
        "https://site.example/atom",
    ]
