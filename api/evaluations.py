"""Evaluations and money spent, through results' services and selectors."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from results.models import Evaluation, ProgressState, Spend
from results.selectors import evaluations as selectors
from results.services import costs as cost_services
from results.services import evaluations as services
from strategy.models import StrategyPlan
from workspaces.selectors import for_workspace, get_for_workspace_or_404

from .base import Conflict, WorkspaceAPIView
from .fields import ID_MAX, DateField, StrictPrimaryKeyRelatedField, UserOut

AMOUNT = {"allow_null": True, "help_text": "A decimal number as text; null when not known."}


class EvaluationSubGoalOut(serializers.Serializer):
    sub_goal = serializers.IntegerField()
    description = serializers.CharField()
    metric = serializers.CharField()
    unit = serializers.CharField()
    baseline = serializers.CharField(**AMOUNT)
    target = serializers.CharField(**AMOUNT)
    deadline = serializers.DateField(allow_null=True)
    state = serializers.ChoiceField(choices=ProgressState.choices)
    latest = serializers.CharField(**AMOUNT)
    latest_on = serializers.DateField(allow_null=True)
    expected = serializers.CharField(**AMOUNT)
    gap = serializers.CharField(**AMOUNT)


class EvaluationMixOut(serializers.Serializer):
    category = serializers.CharField()
    planned = serializers.IntegerField(help_text="The plan's share, in %.")
    posts = serializers.IntegerField()
    published_share = serializers.CharField(**AMOUNT)
    posts_with_figures = serializers.IntegerField()
    impressions = serializers.IntegerField()
    clicks = serializers.IntegerField()
    engagement_rate = serializers.CharField(**AMOUNT)


class CostGoalValueOut(serializers.Serializer):
    sub_goal = serializers.IntegerField()
    description = serializers.CharField()
    unit = serializers.CharField()
    units_gained = serializers.CharField(**AMOUNT)
    value = serializers.CharField(**AMOUNT)
    cost_per_result = serializers.CharField(**AMOUNT)
    missing = serializers.CharField(allow_null=True)


class CostMissingOut(serializers.Serializer):
    code = serializers.CharField()
    role = serializers.CharField(required=False)


class CostReportOut(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    weeks = serializers.CharField()
    hours_per_week = serializers.CharField(**AMOUNT)
    hours = serializers.CharField(**AMOUNT)
    hourly_cost = serializers.CharField(**AMOUNT)
    time_cost = serializers.CharField(**AMOUNT)
    spend = serializers.DictField(child=serializers.CharField())
    spend_total = serializers.CharField()
    cost = serializers.CharField(**AMOUNT)
    value = serializers.CharField(**AMOUNT)
    roi = serializers.CharField(**AMOUNT)
    goals = CostGoalValueOut(many=True)
    missing = CostMissingOut(many=True)


class EvaluationFiguresOut(serializers.Serializer):
    day = serializers.DateField()
    sub_goals = EvaluationSubGoalOut(many=True)
    mix = EvaluationMixOut(many=True)
    cost = CostReportOut()


class EvaluationOut(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    plan_title = serializers.CharField(source="plan.title")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.ChoiceField(choices=Evaluation.Status.choices)
    worked = serializers.CharField()
    did_not_work = serializers.CharField()
    to_change = serializers.CharField()
    created_by = UserOut(allow_null=True)
    signed_off_by = UserOut(allow_null=True)
    signed_off_at = serializers.DateTimeField(allow_null=True)
    next_plan = serializers.IntegerField(source="next_plan_id", allow_null=True)
    revision = serializers.IntegerField()


class EvaluationDetailOut(EvaluationOut):
    figures = serializers.SerializerMethodField()

    @extend_schema_field(EvaluationFiguresOut)
    def get_figures(self, evaluation) -> dict:
        return EvaluationFiguresOut(selectors.figures_of(evaluation=evaluation)).data


class LessonsIn(serializers.Serializer):
    worked = serializers.CharField(allow_blank=True, trim_whitespace=False)
    did_not_work = serializers.CharField(allow_blank=True, trim_whitespace=False)
    to_change = serializers.CharField(allow_blank=True, trim_whitespace=False)
    revision = serializers.IntegerField(
        min_value=0,
        max_value=ID_MAX,
        help_text="The revision the change started from: an evaluation saved meanwhile "
        "answers 409.",
    )


def _evaluation(request, pk: int) -> Evaluation:
    return get_for_workspace_or_404(
        selectors.evaluations_of(workspace=request.workspace), workspace=request.workspace, pk=pk
    )


class EvaluationList(WorkspaceAPIView):
    @extend_schema(operation_id="evaluations_list", responses=EvaluationOut(many=True))
    def get(self, request):
        return self.paginate(selectors.evaluations_of(workspace=request.workspace), EvaluationOut)


class EvaluationDetail(WorkspaceAPIView):
    error_statuses = ("400", "401", "403", "404", "409", "429")

    @extend_schema(operation_id="evaluations_read", responses=EvaluationDetailOut)
    def get(self, request, pk: int):
        return Response(EvaluationDetailOut(_evaluation(request, pk)).data)

    @extend_schema(
        operation_id="evaluations_update_lessons", request=LessonsIn, responses=EvaluationDetailOut
    )
    def patch(self, request, pk: int):
        evaluation = _evaluation(request, pk)
        data = LessonsIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            evaluation = services.evaluation_update(
                evaluation=evaluation, by=request.user, **data.validated_data
            )
        except services.EvaluationConflict as exc:
            raise Conflict(
                _(
                    "Someone else saved this evaluation meanwhile: read it again and redo "
                    "the change."
                )
            ) from exc
        return Response(EvaluationDetailOut(_evaluation(request, evaluation.pk)).data)


# --- Money spent ----------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class WorkspacePlanField(StrictPrimaryKeyRelatedField):
    def get_queryset(self):
        return for_workspace(StrategyPlan, workspace=self.context["request"].workspace)


class SpendOut(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    spent_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=Spend.Kind.choices)
    description = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    recorded_by = UserOut(allow_null=True)


class SpendIn(serializers.Serializer):
    plan = WorkspacePlanField()
    spent_on = DateField()
    kind = serializers.ChoiceField(choices=Spend.Kind.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class SpendFilter(serializers.Serializer):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)


class SpendListCreate(WorkspaceAPIView):
    @extend_schema(
        operation_id="spends_list", parameters=[SpendFilter], responses=SpendOut(many=True)
    )
    def get(self, request):
        filters = SpendFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        spends = for_workspace(Spend, workspace=request.workspace).select_related("recorded_by")
        if "plan" in filters.validated_data:
            spends = spends.filter(plan_id=filters.validated_data["plan"])
        return self.paginate(spends.order_by("-spent_on", "-pk"), SpendOut)

    @extend_schema(operation_id="spends_create", request=SpendIn, responses={201: SpendOut})
    def post(self, request):
        data = SpendIn(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        spend = cost_services.spend_create(by=request.user, **data.validated_data)
        return Response(SpendOut(spend).data, status=status.HTTP_201_CREATED)
