"""HTTP answers that hold someone's data are kept by no cache, and a read that meets a dead
database connection is answered all the same."""

from django.db import InterfaceError, OperationalError, connection
from django.utils.cache import patch_cache_control


class PrivateAnswersMiddleware:
    """A page, export or API answer for a signed-in person (or a token) gets `Cache-Control:
    private, no-store`, unless the view chose its caching itself (the calendar feed
    revalidates with its ETag). Static files never reach here (WhiteNoise answers first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.path.startswith("/api/") or "Authorization" in request.headers:
            patch_cache_control(response, private=True, no_store=True)
        return response


class ReadRetryMiddleware:
    """A page read (GET or HEAD) that meets a connection the database ended mid-request is
    answered once more on a new connection, instead of with a 500. Reads only: a write is
    never repeated (a write that failed may have been saved)."""

    READS = frozenset({"GET", "HEAD"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (
            request.method not in self.READS
            or not isinstance(exception, OperationalError | InterfaceError)
            or connection.in_atomic_block
            or getattr(request, "_read_retried", False)
        ):
            return None
        match = request.resolver_match
        if match is None:
            return None
        request._read_retried = True
        connection.close()  # the next query opens a new one
        return match.func(request, *match.args, **match.kwargs)
