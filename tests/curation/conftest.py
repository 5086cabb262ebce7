"""A local feed server: each test says what each path answers. It is reached as feeds.test
(resolved to 127.0.0.1 here), the one name the fetch guard lets through for tests."""

import contextlib
import gzip
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# The calendar's approved plan (October to December 2026, mix 20/40/40, the theme "Heat pumps
# in practice") and its two channels.
from ..content_calendar.conftest import approved_plan, instagram, linkedin  # noqa: F401

HOST = "feeds.test"


class FeedServer:
    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                status, headers, body = server.routes.get(self.path, (404, {}, b"not here"))
                if callable(body):
                    status, headers, body = body(self)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # The fetch may give up early, as it should (too big, too slow).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def serve(self, path, body: bytes, status=200, content_type="application/rss+xml", **more):
        self.routes[path] = (status, {"Content-Type": content_type, **more}, body)

    def serve_gzip(self, path, body: bytes, content_type="application/rss+xml"):
        packed = gzip.compress(body)
        self.routes[path] = (
            200,
            {"Content-Type": content_type, "Content-Encoding": "gzip"},
            packed,
        )


@pytest.fixture
def feeds(settings, monkeypatch):
    settings.FEED_PRIVATE_HOSTS_ALLOWED = [HOST]
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        return real("127.0.0.1" if host == HOST else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    server = FeedServer()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def rss(*items: tuple[str, str], title="Installatie Nieuws") -> bytes:
    """An RSS 2.0 feed with (guid, title) items."""
    entries = "".join(
        f'<item><guid isPermaLink="false">{guid}</guid>'
        f"<title>{text}</title>"
        f"<link>https://news.example/{guid}</link>"
        "<description>&lt;p&gt;Read &lt;b&gt;this&lt;/b&gt;&lt;/p&gt;</description>"
        "<pubDate>Tue, 01 Dec 2026 09:00:00 GMT</pubDate></item>"
        for guid, text in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://news.example/</link>{entries}"
        "</channel></rss>"
    ).encode()
