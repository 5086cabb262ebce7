"""What a fetched body holds: a feed's entries as plain text, or the feeds a web page names.

feedparser reads RSS 0.9x/1.0/2.0 and Atom; JSON Feed (1.0 and 1.1), which the released
feedparser does not know yet, is read here from its few fields. Text goes through nh3 with no
tag allowed (script and style are dropped with their content), then entities are undone: what
is kept is plain text, which the templates escape like any other.
"""

import calendar
import dataclasses
import datetime
import html
import json
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import feedparser
import nh3

from .fetching import FetchFailed
from .models import FetchError

TITLE_MAX, SUMMARY_MAX, KEY_MAX, LINK_MAX = 500, 2000, 500, 2000
FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
}


@dataclasses.dataclass
class Entry:
    key: str
    link: str
    title: str
    summary: str
    published_at: datetime.datetime | None


@dataclasses.dataclass
class Feed:
    title: str
    site_url: str
    entries: list[Entry]


def plain(text: str, limit: int) -> str:
    """Markup-free text, whitespace folded, cut at `limit` characters."""
    cleaned = html.unescape(nh3.clean(text or "", tags=set()))
    folded = " ".join(cleaned.split())
    return folded if len(folded) <= limit else folded[: limit - 1].rstrip() + "…"


def _web_link(url: str) -> str:
    url = (url or "").strip()
    return url if urlsplit(url).scheme in ("http", "https") and len(url) <= LINK_MAX else ""


def _rfc3339(text: str) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _moment(entry) -> datetime.datetime | None:
    if entry.get("published_at"):
        return entry["published_at"]
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)


def looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:1024].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def _json_feed(body: bytes) -> dict | None:
    """A JSON Feed as feedparser would give it, or None when the body is none."""
    if body.lstrip()[:1] != b"{":
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        return None
    entries = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        moment = item.get("date_published") or item.get("date_modified") or ""
        entries.append(
            {
                "id": str(item.get("id") or ""),
                "link": str(item.get("url") or ""),
                "title": str(item.get("title") or ""),
                "summary": str(
                    item.get("summary")
                    or item.get("content_html")
                    or item.get("content_text")
                    or ""
                ),
                "published_at": _rfc3339(str(moment)),
            }
        )
    return {
        "version": "json1",
        "entries": entries,
        "feed": {
            "title": str(data.get("title") or ""),
            "link": str(data.get("home_page_url") or ""),
        },
    }


def parse(body: bytes, *, url: str, content_type: str = "") -> Feed:
    """The feed in `body`, or FetchFailed(NOT_A_FEED)."""
    json_feed = _json_feed(body)
    if json_feed is not None:
        return _feed(json_feed)
    parsed = feedparser.parse(
        body, response_headers={"content-location": url, "content-type": content_type}
    )
    if not parsed.get("version") and not parsed.entries:
        raise FetchFailed(FetchError.NOT_A_FEED, str(parsed.get("bozo_exception", ""))[:300])
    return _feed(parsed)


def _feed(parsed) -> Feed:
    entries = []
    for entry in parsed["entries"]:
        link = _web_link(entry.get("link", ""))
        key = (entry.get("id") or link or "").strip()[:KEY_MAX]
        if not key:
            continue  # nothing to know it by next time
        summary = entry.get("summary", "")
        if not summary and entry.get("content"):
            summary = entry["content"][0].get("value", "")
        entries.append(
            Entry(
                key=key,
                link=link,
                title=plain(entry.get("title", ""), TITLE_MAX),
                summary=plain(summary, SUMMARY_MAX),
                published_at=_moment(entry),
            )
        )
    feed = parsed.get("feed", {})
    return Feed(
        title=plain(feed.get("title", ""), 200),
        site_url=_web_link(feed.get("link", "")),
        entries=entries,
    )


class _Alternates(HTMLParser):
    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {k: (v or "") for k, v in attrs}
        if tag == "base" and values.get("href"):
            self.base = urljoin(self.base, values["href"])
        if tag != "link" or "alternate" not in values.get("rel", "").lower().split():
            return
        kind = values.get("type", "").split(";")[0].strip().lower()
        if kind in FEED_TYPES and values.get("href"):
            self.found.append(urljoin(self.base, values["href"]))


def discover(body: bytes, *, url: str) -> list[str]:
    """The feeds a web page names with <link rel="alternate" type="…">, in page order."""
    finder = _Alternates(url)
    finder.feed(body[:2_000_000].decode("utf-8", errors="replace"))
    return list(dict.fromkeys(_web_link(u) for u in finder.found if _web_link(u)))
