"""The objects the evaluation pages' URLs point at, for the access matrix."""

from results.models import Evaluation

from ..strategy.factories import new_plan


def _plan(workspace, user):
    return {"pk": new_plan(workspace=workspace, owner=user).pk}


def _evaluation(workspace, user):
    plan = new_plan(workspace=workspace, owner=user)
    evaluation = Evaluation.objects.create(
        workspace=workspace,
        plan=plan,
        period_start=plan.period_start,
        period_end=plan.period_end,
        created_by=user,
    )
    return {"pk": evaluation.pk}


URL_OBJECTS = {
    "results:evaluation_start": _plan,
    "results:evaluation": _evaluation,
    "results:evaluation_sign_off": _evaluation,
    "results:evaluation_print": _evaluation,
    "results:evaluation_export": _evaluation,
    "results:evaluation_next": _evaluation,
    "api:evaluation": _evaluation,
}
