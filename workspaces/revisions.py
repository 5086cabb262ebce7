"""Cached fragments of workspace pages, and the revision that keeps them true.

The costly part of a workspace page (a calendar over 20,000 posts, a registry of 2,000
accounts, a dashboard that sums them up) is read far more often than the workspace changes.
So it is rendered once and kept in the cache under the workspace's `content_revision`, and any
change raises that number: the next request then asks for a key nobody has filled yet and
computes the fragment afresh. Nothing is ever deleted from the cache to invalidate it, so no
process can miss an invalidation, whichever cache each process has.

What raises the revision (RevisionMiddleware, then `bump`):
- every request that may write (POST, PUT, PATCH, DELETE) to a URL of a workspace, the pages
  and the API alike, once the view has answered; except views marked `leaves_content`, whose
  writes no fragment holds (reading a notification);
- such a request elsewhere by a signed-in person (their name and preferences show in every
  workspace they belong to) raises each of their workspaces'; one to the admin site, every
  workspace's;
- commands that write a workspace outside a request call `bump` themselves.
The background sweeps only add notifications, which no cached fragment holds.

A key also holds the person (a page shows what they may do and what waits for them), the
language, the workspace's date (pages say "late" and "this week") and the page's address
with its query; entries expire after FRAGMENT_CACHE_SECONDS all the same, as a last bound
for a change made by hand in the database. The CSRF token is never cached: the fragment is
rendered with a placeholder that each request replaces with its own token.
"""

import hashlib
import logging
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.models import F
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.context_processors import i18n
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from .models import Membership, Workspace

logger = logging.getLogger(__name__)

# Rendered where {% csrf_token %} puts the token; replaced per request (never a real token).
CSRF_PLACEHOLDER = "csrf-placeholder-7c1d0b2e"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Fragments longer than this (characters) are kept compressed.
COMPRESS_FROM = 64_000


def bump(
    *,
    workspace_ids: Iterable[int] = (),
    workspace_slugs: Iterable[str] = (),
    every_workspace: bool = False,
) -> None:
    """Raise the content revision of these workspaces (or of all of them): one UPDATE."""
    workspaces = Workspace.objects.all()
    if not every_workspace:
        ids, slugs = list(workspace_ids), list(workspace_slugs)
        if not ids and not slugs:
            return
        workspaces = workspaces.filter(pk__in=ids) | workspaces.filter(slug__in=slugs)
    workspaces.update(content_revision=F("content_revision") + 1)


def bump_after_request(request: HttpRequest) -> None:
    """After a request that may have written: raise the revision of what it may have changed."""
    match = getattr(request, "resolver_match", None)
    if match is not None and getattr(match.func, "leaves_content", False):
        return
    slug = match.kwargs.get("workspace") if match else None
    if isinstance(slug, str):
        bump(workspace_slugs=[slug])
    elif match is not None and match.app_name == "admin":
        bump(every_workspace=True)
    elif getattr(request, "user", None) is not None and request.user.is_authenticated:
        bump(
            workspace_ids=Membership.objects.filter(user=request.user).values_list(
                "workspace_id", flat=True
            )
        )


def leaves_content(view: Callable) -> Callable:
    """Mark a view whose writes no cached fragment holds (marking a notification read,
    choosing a language): it doesn't raise the revision, so the workspace's other pages stay
    cached."""
    view.leaves_content = True
    return view


class RevisionMiddleware:
    """Raises the content revision after every request that may have written (see above).

    The view's write is committed by then: a database that drops the connection at this
    moment must not turn a saved change into an error page (a client that retries would save
    it twice). The raise is tried once more on a new connection; if that fails too, the
    answer still goes out and the fragments expire after FRAGMENT_CACHE_SECONDS."""

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS:
            _bump_after_commit(request)
        return response


def _bump_after_commit(request: HttpRequest) -> None:
    for attempt in (1, 2):
        try:
            bump_after_request(request)
            return
        except DatabaseError:
            if attempt == 2 or connection.in_atomic_block:
                logger.warning("Could not raise the content revision after %s", request.path)
                return
            connection.close()  # the next query opens a new one


def fragment_key(request: HttpRequest, name: str, vary: Iterable[Any] = ()) -> str:
    workspace = request.workspace
    parts = [
        name,
        workspace.pk,
        workspace.content_revision,
        request.user.pk,
        translation.get_language(),
        timezone.localdate().isoformat(),  # in the workspace's zone, set by workspace_view
        request.get_full_path(),
        *vary,
    ]
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return f"fragment:{name}:{workspace.pk}:{digest}"


def render_fragment(request: HttpRequest, template: str, context: dict[str, Any]) -> SafeString:
    """The template rendered as a workspace page's fragment, not cached: with what the
    layout's context processors would add, without running them again (the navigation's
    counts are the page's, not the fragment's)."""
    base = {
        "request": request,
        "user": request.user,
        "current_workspace": request.workspace,
        "current_membership": request.membership,
        "csrf_token": get_token(request),
        **i18n(request),
    }
    return mark_safe(render_to_string(template, {**base, **context}))


def cached_fragment(
    request: HttpRequest,
    *,
    name: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    vary: Iterable[Any] = (),
) -> SafeString:
    """The template rendered with `context()`, from the cache when this workspace revision,
    person, language, date and address have been rendered before. `context` is only called
    on a miss, so the queries behind it are only made then."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    cache = caches[settings.FRAGMENT_CACHE_ALIAS]
    key = fragment_key(request, name, vary) if seconds else None
    stored = cache.get(key) if key else None
    if stored is None:
        html = str(
            render_fragment(request, template, {**context(), "csrf_token": CSRF_PLACEHOLDER})
        )
        if key:
            # A long page (a worksheet step with its account list) is kept compressed: about
            # a tenth of the memory, for a millisecond or two.
            big = len(html) > COMPRESS_FROM
            cache.set(key, zlib.compress(html.encode(), 1) if big else html, seconds)
    else:
        html = zlib.decompress(stored).decode() if isinstance(stored, bytes) else stored
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)


def cached_object_page(
    request: HttpRequest,
    *,
    name: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    subject: str,
    lookup: Callable[[], Any],
) -> tuple[Any, SafeString]:
    """For the page of one object (a plan, an account): the object and the page's body, from
    cached_fragment. The object is the one `context()` put under `subject` when the body was
    computed, or else what `lookup()` reads (just what the page's title needs). Both look it
    up in the request's workspace, so another workspace's object is a 404, cached or not."""
    computed: dict[str, Any] = {}

    def compute() -> dict[str, Any]:
        computed.update(context())
        return computed

    body = cached_fragment(request, name=name, template=template, context=compute)
    return computed.get(subject) or lookup(), body
