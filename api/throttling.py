"""Limits on the API, so that one script (or one address trying made-up tokens) cannot take
the server for itself. The rates are settings (API_RATE_TOKEN, API_RATE_ADDRESS,
API_RATE_BAD_TOKEN); an answer over a limit is 429 with Retry-After."""

from django.core.cache import cache
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _Rate(SimpleRateThrottle):
    """The rate read from the settings when the throttle is made, not when its class was
    (DRF's default), so a changed setting takes effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_Rate):
    """Requests per API token (or per person, signed in through the browser)."""

    scope = "token"

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if token is not None and getattr(token, "pk", None):
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # the address throttle covers anonymous callers
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressRateThrottle(_Rate):
    """Requests per address, whoever makes them."""

    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class BadTokenThrottle(_Rate):
    """Unknown or revoked tokens per address: authentication refuses them before any other
    throttle runs, so guessing tokens is counted here (authentication.BearerTokenAuthentication)."""

    scope = "bad_token"
    cache = cache

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def check(self, request) -> None:
        """Raise Throttled when this address tried too many bad tokens lately."""
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            raise exceptions.Throttled(wait=self.wait())

    def record_failure(self, request) -> None:
        self.check(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
