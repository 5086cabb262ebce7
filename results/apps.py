from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Results")

    def ready(self):
        from notifications.kinds import REMINDERS, KindGroup, register_kind

        from .models import NotificationKind as Kind

        results = KindGroup("results", _("Results"), position=45)
        for kind, label, group in [
            (Kind.CHECK_IN_DUE, _("A check-in on a sub-goal is due"), REMINDERS),
            (Kind.SUB_GOAL_BEHIND, _("A sub-goal falls behind its path"), results),
            (Kind.SUB_GOAL_MISSED, _("A sub-goal missed its deadline"), results),
            (Kind.EVALUATION_DUE, _("A plan's period ends: time for the evaluation"), REMINDERS),
            (Kind.EVALUATION_READY, _("An evaluation is ready for sign-off"), results),
            (Kind.EVALUATION_SIGNED_OFF, _("An evaluation is signed off"), results),
        ]:
            register_kind(kind, label=label, group=group)
