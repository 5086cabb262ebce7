"""HTTP answers that hold someone's data are never kept by a shared cache or the browser's."""

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
