"""Creating and revoking personal API tokens."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workspaces.access import require_role
from workspaces.models import Role

from .models import ApiToken

TOKEN_PREFIX = "sp_"
# How often the "last used" moment is written: not on every request of a busy script.
LAST_USED_RESOLUTION_SECONDS = 60


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, workspace, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` in `workspace`. Returns the token and its secret, which is shown
    once and never stored (only its SHA-256 hash is)."""
    require_role(user=user, workspace=workspace, role=Role.EDITOR)
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name, e.g. the tool that uses it.")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        workspace=workspace,
        name=name.strip(),
        prefix=raw[:10],
        token_hash=token_hash(raw),
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """End a token: requests with it are refused from now on. Only its owner revokes it."""
    if token.user_id != by.pk:
        raise PermissionError("only the token's owner revokes it")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


def api_tokens_revoke_all(*, user) -> int:
    """A changed password ends every token of its owner (whoever learnt the old password may
    have made one): one update. Returns how many were open."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def api_token_touch(*, token: ApiToken) -> None:
    """Record that the token was used now (at most once a minute, with a conditional update)."""
    now = timezone.now()
    if (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_SECONDS
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
