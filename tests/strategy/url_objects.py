"""The objects the strategy app's URLs point at, for the access matrix."""

from strategy import services
from strategy.models import PlanVersion

from ..factories import MembershipFactory
from .factories import complete_plan, new_plan


def _plan(workspace, user):
    return {"pk": new_plan(workspace=workspace, owner=user).pk}


def _step(workspace, user):
    return {**_plan(workspace, user), "step": "why"}


def _version(workspace, user):
    reviewer = MembershipFactory(workspace=workspace, role="reviewer").user
    editor = MembershipFactory(workspace=workspace, role="editor").user
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    version: PlanVersion = services.plan_approve(plan=plan, by=reviewer, archive_overlapping=True)
    return {"pk": version.pk}


URL_OBJECTS = {
    "strategy:plan_detail": _plan,
    "strategy:plan_details": _plan,
    "strategy:plan_step": _step,
    "strategy:plan_submit": _plan,
    "strategy:plan_withdraw": _plan,
    "strategy:plan_amend": _plan,
    "strategy:plan_request_changes": _plan,
    "strategy:plan_approve": _plan,
    "strategy:plan_archive": _plan,
    "strategy:plan_comment": _plan,
    "strategy:plan_compare": _plan,
    "strategy:plan_print": _plan,
    "strategy:plan_export": _plan,
    "strategy:version_detail": _version,
    "strategy:plan_copy": _version,
}
