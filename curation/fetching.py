"""Fetching a URL that a user typed, safely: the server must not become a way into the
network it runs in (SSRF).

Every address is resolved first and refused when any of its IP addresses is not global
(loopback, private, link-local — where cloud metadata lives —, shared, reserved); the
connection then goes to the checked IP itself, so a DNS answer that changes between the
check and the connection (DNS rebinding) cannot slip past. Redirects are followed by hand,
each one checked again, at most FEED_MAX_REDIRECTS. The body is read in chunks up to
FEED_MAX_BYTES after gzip is undone (a small gzip can unpack to gigabytes), within one
deadline for the whole fetch. Only http and https. Tests serve feeds on 127.0.0.1 under a
name listed in FEED_PRIVATE_HOSTS_ALLOWED, a setting made for tests alone: the guard stays on
for every other name and address, so a redirect to 127.0.0.1 is still refused.
"""

import dataclasses
import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from .models import FetchError

USER_AGENT = "StrategyPlanner-FeedReader/1.0 (+curated content of a marketing team)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1"
)
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


class FetchFailed(Exception):
    """The fetch gave nothing to parse; `code` is a FetchError, `detail` says more."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclasses.dataclass
class Fetched:
    url: str  # where the body came from, after redirects
    status: int  # 200, or 304 when the feed did not change
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""


def _allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> str:
    """One IP address of the host to connect to, all of them checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed(FetchError.UNREACHABLE, f"{host}: {exc}") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchFailed(FetchError.UNREACHABLE, host)
    if host.lower() not in settings.FEED_PRIVATE_HOSTS_ALLOWED:
        refused = [a for a in addresses if not _allowed(a)]
        if refused:
            raise FetchFailed(FetchError.REFUSED_ADDRESS, f"{host} → {refused[0]}")
    return addresses[0]


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an http(s) URL, else FetchFailed."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchFailed(FetchError.REFUSED_ADDRESS, "only http and https addresses")
    if parts.username or parts.password:
        raise FetchFailed(FetchError.REFUSED_ADDRESS, "no user name or password in the address")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchFailed(FetchError.REFUSED_ADDRESS, "not a valid port") from None
    # An address written as an IP is refused here already; a name is checked once resolved.
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        literal = None
    if literal is not None and not _allowed(str(literal)):
        raise FetchFailed(FetchError.REFUSED_ADDRESS, f"{literal} is not a public address")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port, path


def _pool(scheme: str, host: str, ip: str, port: int, timeout: float):
    kwargs = {
        "port": port,
        "timeout": urllib3.Timeout(connect=min(5.0, timeout), read=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if scheme == "https":
        # The checked IP, with the name for SNI and the certificate check.
        return urllib3.HTTPSConnectionPool(
            ip, server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED", **kwargs
        )
    return urllib3.HTTPConnectionPool(ip, **kwargs)


def _read(response, deadline: float) -> bytes:
    limit = settings.FEED_MAX_BYTES
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > limit:
        raise FetchFailed(FetchError.TOO_BIG, f"{int(length)} bytes")
    body = bytearray()
    for chunk in response.stream(CHUNK, decode_content=True):
        body += chunk
        if len(body) > limit:
            raise FetchFailed(FetchError.TOO_BIG, f"more than {limit} bytes")
        if time.monotonic() > deadline:
            raise FetchFailed(FetchError.TIMEOUT, "the whole fetch took too long")
    return bytes(body)


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET the URL as a feed reader does (conditional, gzip, bounded), or FetchFailed."""
    timeout = settings.FEED_FETCH_TIMEOUT
    deadline = time.monotonic() + 2 * timeout
    for _hop in range(settings.FEED_MAX_REDIRECTS + 1):
        scheme, host, port, path = check_url(url)
        ip = _resolve(host, port)
        default_port = port == (443 if scheme == "https" else 80)
        headers = {
            "Host": host if default_port else f"{host}:{port}",
            "User-Agent": USER_AGENT,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        pool = _pool(scheme, host, ip, port, timeout)
        try:
            response = pool.urlopen(
                "GET", path, headers=headers, redirect=False, preload_content=False
            )
            try:
                if response.status in REDIRECTS and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    continue
                if response.status == 304:
                    return Fetched(url=url, status=304, etag=etag, last_modified=last_modified)
                if response.status == 410:
                    raise FetchFailed(FetchError.GONE, "410")
                if response.status == 404:
                    raise FetchFailed(FetchError.NOT_FOUND, "404")
                if response.status >= 400 or response.status < 200:
                    raise FetchFailed(FetchError.HTTP, str(response.status))
                body = _read(response, deadline)
                return Fetched(
                    url=url,
                    status=200,
                    body=body,
                    content_type=response.headers.get("Content-Type", "")[:200],
                    etag=response.headers.get("ETag", "")[:500],
                    last_modified=response.headers.get("Last-Modified", "")[:100],
                )
            finally:
                response.release_conn()
        except urllib3.exceptions.TimeoutError:
            raise FetchFailed(FetchError.TIMEOUT, f"after {timeout:g} s") from None
        except urllib3.exceptions.DecodeError as exc:
            raise FetchFailed(FetchError.NOT_A_FEED, f"broken compression: {exc}") from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise FetchFailed(FetchError.UNREACHABLE, str(exc)[:300]) from None
        finally:
            pool.close()
    raise FetchFailed(FetchError.TOO_MANY_REDIRECTS, f"more than {settings.FEED_MAX_REDIRECTS}")
