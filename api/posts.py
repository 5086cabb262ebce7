"""The calendar's posts and the balance of a period, through content_calendar's services and
selectors."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from content_calendar import selectors, services
from content_calendar.models import Campaign, Category, Post
from strategy.models import Audience, ContentTheme, SubGoal
from workspaces.selectors import get_for_workspace_or_404

from .base import Conflict, WorkspaceAPIView
from .fields import (
    ID_MAX,
    DateField,
    DateTimeField,
    MemberField,
    StrictPrimaryKeyRelatedField,
    UserOut,
    WorkspaceAccountField,
)


@extend_schema_field(OpenApiTypes.INT)
class PlanLinkField(StrictPrimaryKeyRelatedField):
    """A theme, sub-goal or audience of one of the workspace's plans, by id; the service checks
    that it is of the plan in force on the post's date."""

    def __init__(self, *, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.filter(plan__workspace=self.context["request"].workspace)


@extend_schema_field(OpenApiTypes.INT)
class CampaignField(StrictPrimaryKeyRelatedField):
    def get_queryset(self):
        return Campaign.objects.filter(workspace=self.context["request"].workspace)


class PostOut(serializers.Serializer):
    id = serializers.IntegerField()
    channel = serializers.IntegerField(source="channel_id")
    channel_name = serializers.CharField(source="channel")
    scheduled_at = serializers.DateTimeField()
    category = serializers.ChoiceField(choices=Category.choices)
    theme = serializers.IntegerField(source="theme_id", allow_null=True)
    sub_goal = serializers.IntegerField(source="sub_goal_id", allow_null=True)
    audience = serializers.IntegerField(source="audience_id", allow_null=True)
    serves = serializers.CharField(help_text="What the post serves, in words.")
    serves_note = serializers.CharField()
    campaign = serializers.IntegerField(source="campaign_id", allow_null=True)
    evergreen = serializers.BooleanField()
    text = serializers.CharField()
    link = serializers.CharField()
    owner = UserOut()
    status = serializers.ChoiceField(choices=Post.Status.choices)
    hashtags = serializers.CharField()
    hashtags_checked_at = serializers.DateTimeField(allow_null=True)
    approved_by = UserOut(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    series = serializers.IntegerField(
        source="series_id", allow_null=True, help_text="Posts of one repeat rule share it."
    )
    revision = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class PostIn(serializers.Serializer):
    """What a post is made of. Whether the values make a valid post is the service's call."""

    channel = WorkspaceAccountField()
    scheduled_at = DateTimeField()
    category = serializers.ChoiceField(choices=Category.choices)
    theme = PlanLinkField(model=ContentTheme, required=False, allow_null=True)
    sub_goal = PlanLinkField(model=SubGoal, required=False, allow_null=True)
    audience = PlanLinkField(model=Audience, required=False, allow_null=True)
    campaign = CampaignField(required=False, allow_null=True)
    evergreen = serializers.BooleanField(required=False)
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    link = serializers.CharField(required=False, allow_blank=True)
    owner = MemberField(required=False)
    status = serializers.ChoiceField(choices=Post.Status.choices, required=False)


class PostUpdateIn(PostIn):
    revision = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=ID_MAX,
        help_text="The revision the change started from: a post saved meanwhile answers 409.",
    )


class PostFilter(serializers.Serializer):
    start = DateField(required=False, help_text="Posts on or after this day.")
    end = DateField(required=False, help_text="Posts on or before this day.")
    channel = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    status = serializers.ChoiceField(choices=Post.Status.choices, required=False)
    owner = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    theme = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    sub_goal = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    audience = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    campaign = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    q = serializers.CharField(
        required=False, max_length=200, help_text="Words in the text, link or note, case aside."
    )


def post_of(request, pk: int) -> Post:
    return get_for_workspace_or_404(
        Post.objects.select_related(
            "channel", "owner", "workspace", "theme", "sub_goal", "audience", "approved_by"
        ),
        workspace=request.workspace,
        pk=pk,
    )


class PostListCreate(WorkspaceAPIView):
    @extend_schema(operation_id="posts_list", parameters=[PostFilter], responses=PostOut(many=True))
    def get(self, request):
        filters = PostFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.paginate(
            selectors.posts_list(
                workspace=request.workspace, **filters.validated_data
            ).select_related("approved_by"),
            PostOut,
        )

    @extend_schema(operation_id="posts_create", request=PostIn, responses={201: PostOut})
    def post(self, request):
        data = PostIn(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        post = services.post_create(
            workspace=request.workspace, by=request.user, **data.validated_data
        )
        return Response(PostOut(post).data, status=status.HTTP_201_CREATED)


class PostDetail(WorkspaceAPIView):
    error_statuses = ("400", "401", "403", "404", "409", "429")

    @extend_schema(operation_id="posts_read", responses=PostOut)
    def get(self, request, pk: int):
        return Response(PostOut(post_of(request, pk)).data)

    @extend_schema(
        operation_id="posts_update", request=PostUpdateIn(partial=True), responses=PostOut
    )
    def patch(self, request, pk: int):
        post = post_of(request, pk)
        data = PostUpdateIn(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        revision = fields.pop("revision", None)
        try:
            post = services.post_update(post=post, by=request.user, revision=revision, **fields)
        except services.PostConflict as exc:
            raise _conflict() from exc
        return Response(PostOut(post).data)

    @extend_schema(operation_id="posts_delete", responses={204: None})
    def delete(self, request, pk: int):
        services.post_delete(post=post_of(request, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _conflict() -> Conflict:
    return Conflict(_("Someone else saved this post meanwhile: read it again and redo the change."))


# --- The balance ----------------------------------------------------------------------------


class BalanceQuery(serializers.Serializer):
    start = DateField()
    end = DateField()

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The end comes before the start.")})
        if (attrs["end"] - attrs["start"]).days > 366:
            raise serializers.ValidationError({"end": _("Ask for at most a year at a time.")})
        return attrs


class MixOut(serializers.Serializer):
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    shares = serializers.DictField(child=serializers.IntegerField())


class WeekCount(serializers.Serializer):
    week = serializers.DateField()
    posts = serializers.IntegerField()


class ChannelBalanceOut(serializers.Serializer):
    channel = serializers.IntegerField(source="channel.pk")
    channel_name = serializers.CharField(source="channel")
    mix = MixOut()
    per_week = serializers.SerializerMethodField()
    minimum = serializers.IntegerField(allow_null=True)
    maximum = serializers.IntegerField(allow_null=True)
    has_targets = serializers.BooleanField()
    warnings = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(WeekCount(many=True))
    def get_per_week(self, channel):
        return [{"week": w, "posts": n} for w, n in channel.per_week.items()]


class BalanceOut(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    plan = serializers.IntegerField(source="plan.pk", allow_null=True, default=None)
    target_mix = serializers.DictField(child=serializers.IntegerField(), allow_null=True)
    tolerance = serializers.IntegerField()
    total = MixOut()
    channels = ChannelBalanceOut(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


class PostBalance(WorkspaceAPIView):
    @extend_schema(operation_id="posts_balance", parameters=[BalanceQuery], responses=BalanceOut)
    def get(self, request):
        query = BalanceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        balance = selectors.balance_for_period(workspace=request.workspace, **query.validated_data)
        return Response(BalanceOut(balance).data)
