"""Check-ins on sub-goals and where a sub-goal stands, through results' services and
selectors."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from results.models import CheckIn
from results.selectors import checkins as selectors
from results.selectors.progress import assess_sub_goal, check_ins_of
from results.services import checkins as services
from strategy.models import SubGoal
from workspaces.selectors import get_for_workspace_or_404

from .base import WorkspaceAPIView
from .fields import ID_MAX, DateField, StrictPrimaryKeyRelatedField, UserOut


@extend_schema_field(OpenApiTypes.INT)
class WorkspaceSubGoalField(StrictPrimaryKeyRelatedField):
    """A sub-goal of the request's workspace, by id (another workspace's is unknown)."""

    def get_queryset(self):
        return SubGoal.objects.filter(
            plan__workspace=self.context["request"].workspace
        ).select_related("plan__workspace")


class CheckInOut(serializers.Serializer):
    id = serializers.IntegerField()
    sub_goal = serializers.IntegerField(source="sub_goal_id")
    measurement = serializers.IntegerField(source="measurement_id", allow_null=True)
    measured_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    source = serializers.CharField()
    note = serializers.CharField()
    recorded_by = UserOut(allow_null=True)
    recorded_at = serializers.DateTimeField()


class CheckInIn(serializers.Serializer):
    """A sub-goal's value on a day: a day that has one is corrected."""

    sub_goal = WorkspaceSubGoalField()
    measured_on = DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    source = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class CheckInFilter(serializers.Serializer):
    sub_goal = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    start = DateField(required=False, help_text="Check-ins on or after this day.")
    end = DateField(required=False, help_text="Check-ins on or before this day.")


class ReadingOut(serializers.Serializer):
    on = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)


class ProgressOut(serializers.Serializer):
    sub_goal = serializers.IntegerField(source="sub_goal.pk")
    state = serializers.CharField(source="progress.state")
    state_label = serializers.CharField(source="progress.label")
    day = serializers.DateField(source="progress.day")
    expected = serializers.DecimalField(
        source="progress.expected", max_digits=16, decimal_places=2, allow_null=True
    )
    gap = serializers.DecimalField(
        source="progress.gap", max_digits=16, decimal_places=2, allow_null=True
    )
    latest = ReadingOut(source="progress.latest", allow_null=True)
    summary = serializers.CharField(help_text="Where it stands, in the caller's language.")


def _check_in(request, pk: int) -> CheckIn:
    return get_for_workspace_or_404(
        CheckIn.objects.select_related("workspace", "recorded_by"),
        workspace=request.workspace,
        pk=pk,
    )


class CheckInListCreate(WorkspaceAPIView):
    @extend_schema(
        operation_id="check_ins_list", parameters=[CheckInFilter], responses=CheckInOut(many=True)
    )
    def get(self, request):
        filters = CheckInFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.paginate(
            selectors.check_ins_list(workspace=request.workspace, **filters.validated_data),
            CheckInOut,
        )

    @extend_schema(
        operation_id="check_ins_record",
        request=CheckInIn,
        responses={200: CheckInOut, 201: CheckInOut},
        description="Records the value; the same sub-goal and day again corrects it (200).",
    )
    def post(self, request):
        data = CheckInIn(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        existed = CheckIn.objects.filter(
            sub_goal=fields["sub_goal"], measured_on=fields["measured_on"]
        ).exists()
        check_in = services.check_in_record(by=request.user, workspace=request.workspace, **fields)
        return Response(
            CheckInOut(check_in).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class CheckInDetail(WorkspaceAPIView):
    @extend_schema(operation_id="check_ins_read", responses=CheckInOut)
    def get(self, request, pk: int):
        return Response(CheckInOut(_check_in(request, pk)).data)

    @extend_schema(operation_id="check_ins_delete", responses={204: None})
    def delete(self, request, pk: int):
        services.check_in_delete(check_in=_check_in(request, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SubGoalProgress(WorkspaceAPIView):
    @extend_schema(operation_id="sub_goals_progress", responses=ProgressOut)
    def get(self, request, pk: int):
        goal = selectors.sub_goal_of_workspace(workspace=request.workspace, pk=pk)
        state = assess_sub_goal(
            sub_goal=goal,
            plan=goal.plan,
            check_ins=check_ins_of(sub_goal_ids=[goal.pk]).get(goal.pk, []),
            day=timezone.localdate(),
        )
        return Response(ProgressOut(state).data)
