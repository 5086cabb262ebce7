from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from users.services import PASSWORD_CHANGED

        from . import schema  # noqa: F401  (registers the Bearer scheme with drf-spectacular)
        from .services import api_tokens_revoke_all

        # A changed password ends the person's API tokens.
        if api_tokens_revoke_all not in PASSWORD_CHANGED:
            PASSWORD_CHANGED.append(api_tokens_revoke_all)
