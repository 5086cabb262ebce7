"""The objects the registry's URLs point at, for the access matrix."""

import datetime

from django.utils import timezone

from accounts_registry import services

from ..factories import MembershipFactory
from .factories import AccessGrantFactory, SocialAccountFactory


def _account(workspace, user):
    return {"pk": SocialAccountFactory(workspace=workspace).pk}


def _grant(workspace, user):
    account = SocialAccountFactory(workspace=workspace)
    return {"pk": AccessGrantFactory(account=account, member=user).pk}


def _handover(workspace, user):
    leaver = MembershipFactory(workspace=workspace).user
    successor = MembershipFactory(workspace=workspace).user
    manager = MembershipFactory(workspace=workspace, role="reviewer").user
    SocialAccountFactory(workspace=workspace, business_owner=leaver)
    handover = services.handover_start(
        workspace=workspace,
        by=manager,
        leaver=leaver,
        successor=successor,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    return handover


URL_OBJECTS = {
    "registry:account_detail": _account,
    "registry:account_edit": _account,
    "registry:grant_add": _account,
    "registry:grant_revoke": _grant,
    "registry:handover_detail": lambda w, u: {"pk": _handover(w, u).pk},
    "registry:handover_report": lambda w, u: {"pk": _handover(w, u).pk},
    "registry:step_confirm": lambda w, u: {"pk": _handover(w, u).steps.first().pk},
    "registry:step_undo": lambda w, u: {"pk": _handover(w, u).steps.first().pk},
    "registry:handover_complete": lambda w, u: {"pk": _handover(w, u).pk},
    "registry:handover_work_taker": lambda w, u: {"pk": _handover(w, u).pk},
}
