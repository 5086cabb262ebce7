"""The objects the workspaces app's URLs point at, for the access matrix."""

from workspaces.models import Role

from ..factories import InvitationFactory, MembershipFactory


def _member(workspace, user):
    return {"pk": MembershipFactory(workspace=workspace, role=Role.EDITOR).pk}


URL_OBJECTS = {
    "workspaces:member_role": _member,
    "workspaces:member_remove": _member,
    "workspaces:invitation_revoke": lambda workspace, user: {
        "pk": InvitationFactory(workspace=workspace).pk
    },
}
