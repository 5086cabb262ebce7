from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "strategy"
    verbose_name = _("Strategy")

    def ready(self):
        from notifications.kinds import REMINDERS, KindGroup, register_kind

        from .models import NotificationKind as Kind

        plans = KindGroup("plans", _("Plans and review"), position=20)
        for kind, label in [
            (Kind.PLAN_SUBMITTED, _("A plan is submitted for review")),
            (Kind.PLAN_CHANGES_REQUESTED, _("A reviewer asks for changes to a plan")),
            (Kind.PLAN_APPROVED, _("A plan is approved")),
            (Kind.PLAN_COMMENTED, _("Someone comments on a plan")),
            (Kind.PLAN_ARCHIVED, _("A plan is archived")),
            (Kind.PLAN_WITHDRAWN, _("A plan is withdrawn from review")),
        ]:
            register_kind(kind, label=label, group=plans)
        register_kind(
            Kind.REVIEW_OVERDUE, label=_("The review of a plan is overdue"), group=REMINDERS
        )
        register_kind(
            Kind.NEXT_REVIEW_DUE, label=_("A plan is due for its next review"), group=REMINDERS
        )

        from accounts_registry import handover_hooks

        from . import handover

        # The leaver's channels in the plans in force move with their handover.
        handover_hooks.register(
            handover.APP, held=handover.held, move=handover.move, words=handover.words
        )
