"""How django-axes sees our logins: whose address, from where, and the page a locked-out
person gets. The limits themselves are in the settings (AXES_*)."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def username_of(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """The address a login is for, as the user table compares it (any case, no spaces), so
    that Eva@Example.com and eva@example.com share one count of failures."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username")
    if value is None:
        return None
    return str(value).strip().lower()


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address. Behind TRUSTED_PROXIES proxies it is the one the outermost of
    them saw (each appends to X-Forwarded-For); what the visitor sent in that header themselves
    is never trusted."""
    hops = settings.TRUSTED_PROXIES
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The page after too many failed logins, in the visitor's language, with 429."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
