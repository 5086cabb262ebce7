"""Writing a person's own settings."""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import User


def user_update_preferences(
    *,
    user: User,
    name: str,
    language: str,
    email_notifications: bool,
    weekly_digest: bool = True,
    choosable_kinds: Iterable[str] = (),
    emailed_kinds: Iterable[str] = (),
) -> User:
    """Save the name, the language of screens and emails, whether to email notifications,
    which of the `choosable_kinds` to email, and whether to email the weekly digest.

    Of the kinds muted before, those not offered now (an app no longer installed, say) stay
    muted: a choice the person never saw is never undone."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose English or Dutch.")})
    user.name = name.strip()
    user.language = language
    user.email_notifications = email_notifications
    user.weekly_digest = weekly_digest
    choosable, emailed = set(choosable_kinds), set(emailed_kinds)
    user.email_muted_kinds = sorted(
        {k for k in user.email_muted_kinds or () if k not in choosable} | (choosable - emailed)
    )
    user.full_clean(exclude=["password"])
    user.save(
        update_fields=[
            "name",
            "language",
            "email_notifications",
            "email_muted_kinds",
            "weekly_digest",
        ]
    )
    return user


def user_set_language(*, user: User, language: str) -> None:
    """Remember the language a logged-in person switched to, for the next login and emails."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# What else must happen when someone's password changes, registered by the apps above (the API
# revokes the person's tokens): users imports none of them.
PASSWORD_CHANGED: list[Callable[..., Any]] = []


def user_password_changed(*, user: User) -> None:
    """After a password change or reset: every registered consequence, in order."""
    for consequence in PASSWORD_CHANGED:
        consequence(user=user)
