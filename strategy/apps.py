from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "strategy"
    verbose_name = _("Strategy")

    def ready(self):
        from accounts_registry import handover_hooks

        from . import handover

        # The leaver's channels in the plans in force move with their handover.
        handover_hooks.register(
            handover.APP, held=handover.held, move=handover.move, words=handover.words
        )
