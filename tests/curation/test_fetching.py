"""Fetching what a user typed: bounded, conditional, and never inside the server's network."""

import gzip
import time

import pytest

from curation import fetching
from curation.fetching import FetchFailed
from curation.models import FetchError

from .conftest import rss


def failure(url: str, **kwargs) -> FetchFailed:
    with pytest.raises(FetchFailed) as caught:
        fetching.fetch(url, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost/feed",
        "http://10.1.2.3/feed",
        "http://192.168.1.1/feed",
        "http://172.16.0.5/feed",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
        "http://100.64.0.1/feed",  # shared address space
        "http://0.0.0.0/feed",
        "http://[::1]/feed",
        "http://[fe80::1]/feed",
        "http://[fd00:ec2::254]/feed",
        "http://[::ffff:127.0.0.1]/feed",  # IPv4 written as IPv6
        "file:///etc/passwd",
        "ftp://news.example/feed",
        "gopher://127.0.0.1:6379/_INFO",
        "http://user:secret@news.example/feed",
    ],
)
def test_addresses_inside_a_network_and_other_schemes_are_refused(url, settings):
    assert failure(url).code == FetchError.REFUSED_ADDRESS


def test_a_feed_is_fetched_with_gzip_undone(feeds):
    feeds.serve_gzip("/feed", rss(("a", "First")))
    fetched = fetching.fetch(feeds.url("/feed"))
    assert fetched.status == 200
    assert b"<title>First</title>" in fetched.body
    assert "gzip" in feeds.requests[0][1]["Accept-Encoding"]


def test_an_unchanged_feed_is_a_304_without_a_body(feeds):
    def conditional(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return 304, {}, b""
        return 200, {"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 09:00:00 GMT"}, rss()

    feeds.routes["/feed"] = (200, {}, conditional)
    first = fetching.fetch(feeds.url("/feed"))
    again = fetching.fetch(feeds.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert (first.status, first.etag) == (200, '"v1"')
    assert (again.status, again.body) == (304, b"")
    assert feeds.requests[1][1]["If-Modified-Since"] == "Tue, 01 Dec 2026 09:00:00 GMT"


def test_a_redirect_to_the_servers_own_address_is_refused(feeds):
    target = f"http://127.0.0.1:{feeds.port}/feed"
    feeds.serve("/feed", rss(("a", "Secret")))
    feeds.serve("/moved", b"", status=302, Location=target)
    assert failure(feeds.url("/moved")).code == FetchError.REFUSED_ADDRESS
    assert [path for path, _ in feeds.requests] == ["/moved"]  # never reached


def test_redirects_are_followed_a_few_times_only(feeds, settings):
    feeds.serve("/a", b"", status=301, Location="/b")
    feeds.serve("/b", b"", status=308, Location="/feed")
    feeds.serve("/feed", rss(("a", "Here")))
    feeds.serve("/loop", b"", status=302, Location="/loop")
    assert fetching.fetch(feeds.url("/a")).url == feeds.url("/feed")
    assert failure(feeds.url("/loop")).code == FetchError.TOO_MANY_REDIRECTS
    assert len([p for p, _ in feeds.requests if p == "/loop"]) == settings.FEED_MAX_REDIRECTS + 1


@pytest.mark.parametrize(
    ("status", "code"),
    [(500, FetchError.HTTP), (503, FetchError.HTTP), (404, FetchError.NOT_FOUND), (410, "gone")],
)
def test_an_error_answer_is_named(feeds, status, code):
    feeds.serve("/feed", b"oops", status=status, content_type="text/plain")
    assert failure(feeds.url("/feed")).code == code


def test_a_50_mb_feed_is_refused_without_reading_it_all(feeds):
    feeds.serve("/big", b"<" * (50 * 1024 * 1024))
    started = time.monotonic()
    error = failure(feeds.url("/big"))
    assert error.code == FetchError.TOO_BIG
    assert time.monotonic() - started < 5


def test_a_small_gzip_that_unpacks_beyond_the_limit_is_refused(feeds, settings):
    settings.FEED_MAX_BYTES = 1024 * 1024
    bomb = gzip.compress(b" " * (20 * 1024 * 1024))
    assert len(bomb) < 100 * 1024
    feeds.routes["/bomb"] = (200, {"Content-Encoding": "gzip"}, bomb)
    assert failure(feeds.url("/bomb")).code == FetchError.TOO_BIG


def test_a_site_that_does_not_answer_in_time(feeds, settings):
    settings.FEED_FETCH_TIMEOUT = 0.3

    def slow(request):
        time.sleep(1.5)
        return 200, {}, rss()

    feeds.routes["/slow"] = (200, {}, slow)
    assert failure(feeds.url("/slow")).code == FetchError.TIMEOUT


def test_a_name_that_does_not_resolve_is_unreachable(settings):
    assert failure("http://no-such-host.invalid/feed").code == FetchError.UNREACHABLE
