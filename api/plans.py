"""Strategy plans: list, read every section, create and change a draft step by step, submit,
review, and the approved versions, through strategy's services and selectors."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts_registry.models import SocialAccount
from strategy import selectors, services
from strategy.models import Audience, PlanVersion, Section, StrategyPlan, SubGoal
from strategy.sections import SECTION_FIELDS, SECTION_ITEMS
from strategy.snapshot import plan_snapshot
from workspaces.models import Role
from workspaces.selectors import for_workspace, get_for_workspace_or_404

from .base import Conflict, WorkspaceAPIView
from .fields import ID_MAX, DateField, MemberField, StrictPrimaryKeyRelatedField, UserOut


class PlanOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=StrategyPlan.Status.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    owner = UserOut()
    reviewer = UserOut(allow_null=True)
    review_due = serializers.DateField(allow_null=True)
    next_review_on = serializers.DateField(allow_null=True)


class MissingOut(serializers.Serializer):
    section = serializers.ChoiceField(choices=Section.choices)
    message = serializers.CharField()


class ChecklistOut(serializers.Serializer):
    can_submit = serializers.BooleanField()
    missing = MissingOut(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


class PlanDetailOut(PlanOut):
    details_revision = serializers.SerializerMethodField()
    revisions = serializers.SerializerMethodField()
    checklist = serializers.SerializerMethodField()
    sections = serializers.SerializerMethodField()

    def get_details_revision(self, plan) -> str:
        return services.plan_details_revision(plan)

    def get_revisions(self, plan) -> dict[str, int]:
        return {section: plan.revision_of(section) for section in Section.values}

    @extend_schema_field(ChecklistOut)
    def get_checklist(self, plan):
        checklist = selectors.plan_checklist(plan)
        return {
            "can_submit": checklist.can_submit,
            "missing": [
                {"section": m.section, "message": str(m.message)} for m in checklist.missing
            ],
            "warnings": [str(w) for w in checklist.warnings],
        }

    @extend_schema_field(serializers.DictField(help_text="Every step's answers and rows."))
    def get_sections(self, plan):
        snapshot = plan_snapshot(plan)
        return {section: snapshot[section] for section in Section.values}


class PlanIn(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
    period_start = DateField()
    period_end = DateField()
    reviewer = MemberField(required=False, allow_null=True)


class PlanUpdateIn(PlanIn):
    review_due = DateField(required=False, allow_null=True)
    next_review_on = DateField(required=False, allow_null=True)
    revision = serializers.CharField(
        required=False,
        help_text="details_revision as read: details changed meanwhile answer 409.",
    )


def _plan(request, pk: int) -> StrategyPlan:
    return selectors.plan_with_sections(workspace=request.workspace, pk=pk)


def _detail(request, pk: int) -> dict:
    return PlanDetailOut(_plan(request, pk)).data


def _conflict() -> Conflict:
    return Conflict(
        _("Someone else saved this meanwhile: read the plan again and redo the change.")
    )


class PlanListCreate(WorkspaceAPIView):
    @extend_schema(operation_id="plans_list", responses=PlanOut(many=True))
    def get(self, request):
        return self.paginate(selectors.plans_of_workspace(workspace=request.workspace), PlanOut)

    @extend_schema(operation_id="plans_create", request=PlanIn, responses={201: PlanDetailOut})
    def post(self, request):
        data = PlanIn(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        plan = services.plan_create(
            workspace=request.workspace, owner=request.user, **data.validated_data
        )
        return Response(_detail(request, plan.pk), status=status.HTTP_201_CREATED)


class PlanDetail(WorkspaceAPIView):
    error_statuses = ("400", "401", "403", "404", "409", "429")

    @extend_schema(operation_id="plans_read", responses=PlanDetailOut)
    def get(self, request, pk: int):
        return Response(_detail(request, pk))

    @extend_schema(
        operation_id="plans_update", request=PlanUpdateIn(partial=True), responses=PlanDetailOut
    )
    def patch(self, request, pk: int):
        plan = _plan(request, pk)
        data = PlanUpdateIn(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        values = {
            name: getattr(plan, name) for name in services.DETAIL_FIELDS
        } | data.validated_data
        try:
            services.plan_update_details(plan=plan, by=request.user, **values)
        except services.PlanConflict as exc:
            raise _conflict() from exc
        return Response(_detail(request, pk))


# --- One endpoint per worksheet step --------------------------------------------------------


def _scope_related(serializer: serializers.Serializer, workspace, plan=None) -> None:
    """Related rows (a channel's account, an owner) are chosen within the workspace only; a
    channel's audience and a measurement's sub-goal within the plan only."""
    for field in serializer.fields.values():
        if isinstance(field, serializers.PrimaryKeyRelatedField):
            model = field.queryset.model
            if model is SocialAccount:
                field.queryset = for_workspace(SocialAccount, workspace=workspace)
            elif model is get_user_model():
                field.queryset = model.objects.filter(memberships__workspace=workspace)
            elif model in (Audience, SubGoal):
                field.queryset = model.objects.filter(plan=plan) if plan else model.objects.none()
                field.error_messages["does_not_exist"] = _ROW_CHOICE_ERROR[model]


# A row of another plan, or of none, is refused alike: nobody learns what another plan holds.
_ROW_CHOICE_ERROR = {
    Audience: gettext_lazy(
        "Choose one of this plan's own audiences; that one is not in this plan."
    ),
    SubGoal: gettext_lazy("Choose one of this plan's own sub-goals; that one is not in this plan."),
}


def _model_serializer(model, names, *, with_id: bool = False):
    """Parse a step's values (or one row) by the model's own field definitions, everything
    optional: whether the step is complete and consistent is plan_section_save's call."""
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": [*names],
            "extra_kwargs": {name: {"required": False} for name in names},
        },
    )
    # Related rows by strict ids (fields.StrictPrimaryKeyRelatedField).
    attrs = {"Meta": meta, "serializer_related_field": StrictPrimaryKeyRelatedField}
    if with_id:
        attrs["id"] = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
        meta.fields = ["id", *names]

    def get_fields(self):
        fields = serializers.ModelSerializer.get_fields(self)
        for field in fields.values():
            field.validators = [v for v in field.validators if not hasattr(v, "queryset")]
        return fields

    attrs["get_fields"] = get_fields
    attrs["validators"] = []  # uniqueness is the database's and the service's to judge
    return type(
        f"{model.__name__}Row" if with_id else f"{model.__name__}Values",
        (serializers.ModelSerializer,),
        attrs,
    )


def _section_serializer(section: str):
    values = type(
        f"{section.title()}Values",
        (_model_serializer(StrategyPlan, SECTION_FIELDS[section]),),
        {},
    )
    items = {
        item.name: _model_serializer(item.model, item.fields, with_id=True)(
            many=True, required=False
        )
        for item in SECTION_ITEMS[section]
    }
    items_serializer = type(f"{section.title()}Items", (serializers.Serializer,), items)

    class SectionIn(serializers.Serializer):
        revision = serializers.IntegerField(
            min_value=0,
            max_value=ID_MAX,
            help_text="The step's revision as read: a step saved meanwhile is 409.",
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            request = self.context.get("request")
            if request is None:
                return  # the schema generator's instance
            workspace = request.workspace
            plan = self.context.get("plan")
            _scope_related(self.fields["values"], workspace)
            for rows in self.fields["items"].fields.values():
                _scope_related(rows.child, workspace, plan)

    SectionIn.__name__ = f"{section.title()}SectionIn"
    SectionIn._declared_fields["values"] = values(required=False)
    SectionIn._declared_fields["items"] = items_serializer(
        required=False,
        help_text="Each list replaces the step's rows: a row with an id changes that row, one "
        "without is added, a row left out is removed. A list left out is kept as it is.",
    )
    return SectionIn


def _section_view(section: str):
    section_in = _section_serializer(section)

    class PlanSection(WorkspaceAPIView):
        error_statuses = ("400", "401", "403", "404", "409", "429")

        @extend_schema(
            operation_id=f"plans_section_{section}_save",
            request=section_in,
            responses=PlanDetailOut,
            description=f"Save the “{section}” step of a draft (or a plan with changes requested).",
        )
        def put(self, request, pk: int):
            plan = _plan(request, pk)
            data = section_in(data=request.data, context={"request": request, "plan": plan})
            data.is_valid(raise_exception=True)
            raw = data.validated_data
            items = raw.get("items")
            try:
                services.plan_section_save(
                    plan=plan,
                    section=section,
                    by=request.user,
                    revision=raw["revision"],
                    values=dict(raw.get("values", {})),
                    items={name: [dict(r) for r in rows] for name, rows in items.items()}
                    if items
                    else None,
                )
            except services.PlanConflict as exc:
                raise _conflict() from exc
            return Response(_detail(request, pk))

    PlanSection.__name__ = f"PlanSection{section.title()}"
    return PlanSection


SECTION_VIEWS = {section: _section_view(section) for section in Section.values}


# --- Submit and review ----------------------------------------------------------------------


class PlanSubmit(WorkspaceAPIView):
    @extend_schema(operation_id="plans_submit", request=None, responses=PlanDetailOut)
    def post(self, request, pk: int):
        services.plan_submit(plan=_plan(request, pk), by=request.user)
        return Response(_detail(request, pk))


class CommentIn(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ApproveIn(CommentIn):
    archive_overlapping = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Archive the approved plans whose period overlaps (409 otherwise).",
    )


class VersionOut(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    number = serializers.IntegerField()
    approved_at = serializers.DateTimeField()
    approved_by = UserOut(allow_null=True)


class VersionDetailOut(VersionOut):
    content = serializers.DictField(help_text="The whole plan as approved.")


class PlanApprove(WorkspaceAPIView):
    required_role = Role.REVIEWER
    error_statuses = ("400", "401", "403", "404", "409", "429")

    @extend_schema(operation_id="plans_approve", request=ApproveIn, responses={201: VersionOut})
    def post(self, request, pk: int):
        data = ApproveIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            version = services.plan_approve(
                plan=_plan(request, pk), by=request.user, **data.validated_data
            )
        except services.PlanOverlap as exc:
            raise Conflict(
                _(
                    "Approving this plan overlaps the approved plan(s) %(plans)s: send "
                    "archive_overlapping to archive them."
                )
                % {"plans": ", ".join(f"“{p.title}”" for p in exc.plans)}
            ) from exc
        return Response(VersionOut(version).data, status=status.HTTP_201_CREATED)


class PlanRequestChanges(WorkspaceAPIView):
    required_role = Role.REVIEWER

    @extend_schema(operation_id="plans_request_changes", request=CommentIn, responses=PlanDetailOut)
    def post(self, request, pk: int):
        data = CommentIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_request_changes(
            plan=_plan(request, pk), by=request.user, **data.validated_data
        )
        return Response(_detail(request, pk))


class PlanVersions(WorkspaceAPIView):
    @extend_schema(operation_id="plans_versions", responses=VersionOut(many=True))
    def get(self, request, pk: int):
        plan = get_for_workspace_or_404(StrategyPlan, workspace=request.workspace, pk=pk)
        return self.paginate(selectors.versions_of(plan=plan), VersionOut)


class VersionDetail(WorkspaceAPIView):
    @extend_schema(operation_id="versions_read", responses=VersionDetailOut)
    def get(self, request, pk: int):
        version = get_for_workspace_or_404(
            PlanVersion.objects.select_related("approved_by"),
            workspace=request.workspace,
            via="plan__workspace",
            pk=pk,
        )
        return Response(VersionDetailOut(version).data)
