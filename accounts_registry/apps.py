from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsRegistryConfig(AppConfig):
    name = "accounts_registry"
    verbose_name = _("Company accounts")

    def ready(self):
        from notifications.kinds import REMINDERS, KindGroup, register_kind

        from .models import NotificationKind as Kind

        registry = KindGroup("accounts_registry", _("Accounts registry"), position=40)
        for kind, label in [
            (Kind.HANDOVER_STARTED, _("A handover of someone's accounts starts")),
            (Kind.HANDOVER_STILL_TIED, _("A handover is confirmed but accounts are still tied")),
            (Kind.HANDOVER_COMPLETED, _("A handover is complete")),
        ]:
            register_kind(kind, label=label, group=registry)
        register_kind(
            Kind.PASSWORD_ROTATION_DUE,
            label=_("The password of an account is due for a change"),
            group=REMINDERS,
        )
        register_kind(
            Kind.HANDOVER_LATE, label=_("A handover is past its deadline"), group=REMINDERS
        )
