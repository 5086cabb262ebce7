from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentCalendarConfig(AppConfig):
    name = "content_calendar"
    verbose_name = _("Content calendar")

    def ready(self):
        from accounts_registry import handover_hooks

        from . import handover

        # The leaver's planned posts move with their handover.
        handover_hooks.register(
            handover.APP, held=handover.held, move=handover.move, words=handover.words
        )
