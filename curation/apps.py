from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    name = "curation"
    verbose_name = _("Curated content")

    def ready(self):
        from notifications.kinds import KindGroup, register_kind

        from .models import NotificationKind as Kind

        curation = KindGroup("curation", _("Curated content"), position=35)
        register_kind(
            Kind.SOURCE_PAUSED,
            label=_("A source of curated content keeps failing and is paused"),
            group=curation,
        )
