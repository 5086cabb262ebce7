"""Writing a person's own settings."""

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
) -> User:
    """Save the name, the language of screens and emails, whether to email each notification
    and whether to email the weekly digest."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose English or Dutch.")})
    user.name = name.strip()
    user.language = language
    user.email_notifications = email_notifications
    user.weekly_digest = weekly_digest
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name", "language", "email_notifications", "weekly_digest"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    """Remember the language a logged-in person switched to, for the next login and emails."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
