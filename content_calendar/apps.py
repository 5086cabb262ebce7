from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentCalendarConfig(AppConfig):
    name = "content_calendar"
    verbose_name = _("Content calendar")

    def ready(self):
        from notifications.kinds import REMINDERS, KindGroup, register_kind

        from . import checks  # noqa: F401  (registers the data check)
        from .models import NotificationKind as Kind

        calendar = KindGroup("calendar", _("Calendar"), position=30)
        register_kind(
            Kind.CHANNEL_RHYTHM,
            label=_("Next week a channel has fewer or more posts than the plan allows"),
            group=calendar,
        )
        register_kind(
            Kind.CHANNEL_MIX,
            label=_("The mix of the coming weeks' posts differs from the plan"),
            group=calendar,
        )
        register_kind(
            Kind.POST_APPROVED, label=_("A reviewer approved a post of mine"), group=calendar
        )
        register_kind(
            Kind.POST_COMMENTED,
            label=_("Someone commented on a post of mine or that I commented on"),
            group=calendar,
        )
        register_kind(
            Kind.POST_NOT_READY, label=_("A post due soon is not ready yet"), group=REMINDERS
        )
        register_kind(
            Kind.HASHTAGS_UNCHECKED,
            label=_("Nobody checked the hashtags of a post"),
            group=REMINDERS,
        )

        from accounts_registry import handover_hooks
        from strategy import plan_hooks

        from . import handover, plan_links

        # Posts follow the plan's rows: relinked when an amendment is approved, named when a
        # row they serve is removed.
        plan_hooks.register(
            rows_removed=plan_links.keep_names_of_removed,
            plan_approved=plan_links.relink_to_approved,
        )

        # The leaver's planned posts move with their handover.
        handover_hooks.register(
            handover.APP, held=handover.held, move=handover.move, words=handover.words
        )
