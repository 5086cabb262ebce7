"""Reading API tokens."""

from django.db.models import QuerySet

from .models import ApiToken
from .services import TOKEN_PREFIX, token_hash


def api_tokens_of(*, user) -> QuerySet[ApiToken]:
    """The user's tokens that still work, newest first, for the settings page."""
    return (
        ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("workspace")
        .order_by("-created_at", "-pk")
    )


def api_token_for(*, raw: str) -> ApiToken | None:
    """The working token with this secret, or None (revoked, unknown, or its person inactive)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    return (
        ApiToken.objects.filter(
            token_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user", "workspace")
        .first()
    )
