from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspacesConfig(AppConfig):
    name = "workspaces"
    verbose_name = _("Workspaces")

    def ready(self):
        from notifications.kinds import KindGroup, register_kind

        from .models import NotificationKind as Kind

        team = KindGroup("workspace", _("Workspace and team"), position=10)
        register_kind(Kind.WELCOME, label=_("Welcome to a workspace"), group=team)
        register_kind(Kind.MEMBER_JOINED, label=_("Someone joined the workspace"), group=team)
        register_kind(Kind.ROLE_CHANGED, label=_("Your role changed"), group=team)
