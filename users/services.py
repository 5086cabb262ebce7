"""Writing a person's own settings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import User


def user_update_preferences(
    *, user: User, name: str, language: str, email_notifications: bool
) -> User:
    """Save the name, the language of screens and emails, and whether to email notifications."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose English or Dutch.")})
    user.name = name.strip()
    user.language = language
    user.email_notifications = email_notifications
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name", "language", "email_notifications"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    """Remember the language a logged-in person switched to, for the next login and emails."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
