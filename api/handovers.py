"""Handovers: read them, and confirm a step, through accounts_registry's services."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from accounts_registry import handover_hooks, selectors, services
from accounts_registry.models import AccessGrant, Handover, HandoverStep, SocialAccount
from workspaces.selectors import get_for_workspace_or_404

from .base import WorkspaceAPIView
from .fields import UserOut


class StepOut(serializers.Serializer):
    id = serializers.IntegerField()
    account = serializers.IntegerField(source="account_id")
    account_name = serializers.CharField(source="account")
    kind = serializers.ChoiceField(choices=HandoverStep.Kind.choices)
    label = serializers.CharField(source="get_kind_display")
    not_applicable = serializers.CharField()
    confirmed_by = UserOut(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()
    is_done = serializers.BooleanField()
    can_confirm = serializers.BooleanField(help_text="Whether the caller may confirm it now.")


class HandoverOut(serializers.Serializer):
    id = serializers.IntegerField()
    leaver = UserOut()
    successor = UserOut()
    deadline = serializers.DateField()
    started_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    step_count = serializers.IntegerField()
    done_count = serializers.IntegerField()


class HandoverList(WorkspaceAPIView):
    @extend_schema(operation_id="handovers_list", responses=HandoverOut(many=True))
    def get(self, request):
        return self.paginate(
            selectors.handovers_of_workspace(workspace=request.workspace).order_by(
                "completed_at", "deadline", "-pk"
            ),
            HandoverOut,
        )


def _with_steps(request, handover: Handover) -> Handover:
    steps = list(handover.steps.select_related("account", "confirmed_by"))
    for step in steps:
        step.handover = handover
        step.can_confirm = (
            not step.is_done
            and not handover.is_complete
            and services.may_confirm(step=step, user=request.user, role=request.membership.role)
        )
    handover.steps_list = steps
    handover.work_taker = handover.work_to or handover.successor
    handover.moved_work_words = [
        handover_hooks.Work.from_json(item).words
        for item in handover.moved_work or []
        if isinstance(item, dict)
    ]
    return handover


class HandoverDetailOut(HandoverOut):
    steps = StepOut(many=True, source="steps_list")
    work_to = UserOut(
        source="work_taker",
        help_text="Who takes over the leaver's future posts and plan channels on completion.",
    )
    moved_work = serializers.ListField(
        child=serializers.CharField(),
        source="moved_work_words",
        help_text="What moved on completion, in words in the caller's language.",
    )


class HandoverDetail(WorkspaceAPIView):
    @extend_schema(operation_id="handovers_read", responses=HandoverDetailOut)
    def get(self, request, pk: int):
        handover = get_for_workspace_or_404(
            selectors.handovers_of_workspace(workspace=request.workspace),
            workspace=request.workspace,
            pk=pk,
        )
        return Response(HandoverDetailOut(_with_steps(request, handover)).data)


class StepConfirmIn(serializers.Serializer):
    """What confirming a step writes to the account; which fields a step needs depends on
    its kind (move_login: login_email; change_password: password_changed_on; move_recovery:
    recovery_holder and two_factor; successor_confirms: level)."""

    note = serializers.CharField(required=False, allow_blank=True, default="")
    login_email = serializers.EmailField(required=False, allow_blank=True, default="")
    password_changed_on = serializers.DateField(required=False, allow_null=True, default=None)
    vault_reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300
    )
    recovery_holder = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    two_factor = serializers.ChoiceField(
        choices=SocialAccount.TwoFactor.choices, required=False, allow_blank=True, default=""
    )
    level = serializers.ChoiceField(
        choices=AccessGrant.Level.choices, required=False, default=AccessGrant.Level.EDITOR
    )


class HandoverStepConfirm(WorkspaceAPIView):
    @extend_schema(operation_id="handover_steps_confirm", request=StepConfirmIn, responses=StepOut)
    def post(self, request, pk: int):
        step = get_for_workspace_or_404(
            HandoverStep.objects.select_related("handover"),
            workspace=request.workspace,
            via="handover__workspace",
            pk=pk,
        )
        data = StepConfirmIn(data=request.data)
        data.is_valid(raise_exception=True)
        step = services.handover_step_confirm(step=step, by=request.user, **data.validated_data)
        step.can_confirm = False
        return Response(StepOut(step).data)
