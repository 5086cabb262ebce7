"""How django-axes sees our logins: whose address, from where, and the page a locked-out
person gets. The limits themselves are in the settings (AXES_*)."""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


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


def failures_from_address(request: HttpRequest) -> int:
    """Failed logins from the visitor's address over the cool-off period, whatever addresses
    they tried: the count per email address alone lets one address try five passwords on
    every account (password spraying)."""
    ip = client_ip(request)
    if not ip:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start")
    )["failures"]
    return total or 0


def address_lockout_response(request: HttpRequest) -> HttpResponse:
    """The page after too many failed logins from one address, in the visitor's language."""
    cool_off = get_cool_off(request)
    return render(
        request,
        "registration/locked_out.html",
        {
            "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
            "failure_limit": settings.LOGIN_FAILURES_PER_ADDRESS,
            "by_address": True,
        },
        status=429,
    )
