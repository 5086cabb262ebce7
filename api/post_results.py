"""Post results: the figures of the published posts, through results' services and selectors."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from content_calendar.models import Post
from results.models import PostResult
from results.selectors.post_results import post_with_result, published_with_results, result_of
from results.services.post_results import PostResultConflict, post_result_save
from workspaces.selectors import get_for_workspace_or_404

from .base import Conflict, WorkspaceAPIView
from .fields import ID_MAX, DateField

FIGURE_MAX = 2_147_483_647


class FiguresOut(serializers.Serializer):
    impressions = serializers.IntegerField(allow_null=True)
    reach = serializers.IntegerField(allow_null=True)
    reactions = serializers.IntegerField(allow_null=True)
    comments = serializers.IntegerField(allow_null=True)
    shares = serializers.IntegerField(allow_null=True)
    clicks = serializers.IntegerField(allow_null=True)
    follows = serializers.IntegerField(allow_null=True)
    permalink = serializers.CharField()
    engagement_rate = serializers.DecimalField(
        max_digits=12, decimal_places=6, allow_null=True, help_text="Engagements per impression."
    )
    source = serializers.ChoiceField(choices=PostResult.Source.choices)
    recorded_at = serializers.DateTimeField()
    revision = serializers.IntegerField()


class PostResultOut(serializers.Serializer):
    post = serializers.IntegerField(source="pk")
    channel = serializers.IntegerField(source="channel_id")
    scheduled_at = serializers.DateTimeField()
    text = serializers.CharField()
    status = serializers.ChoiceField(choices=Post.Status.choices)
    result = serializers.SerializerMethodField()

    @extend_schema_field(FiguresOut(allow_null=True))
    def get_result(self, post) -> dict | None:
        result = result_of(post)
        return None if result is None else FiguresOut(result).data


def _figure():
    return serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=FIGURE_MAX
    )


class FiguresIn(serializers.Serializer):
    """Every figure; one left out or null is unknown."""

    impressions = _figure()
    reach = _figure()
    reactions = _figure()
    comments = _figure()
    shares = _figure()
    clicks = _figure()
    follows = _figure()
    permalink = serializers.URLField(required=False, allow_blank=True, max_length=500)
    revision = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=ID_MAX,
        help_text="The revision the change started from (0: no figures yet): figures saved "
        "meanwhile answer 409.",
    )


class PostResultFilter(serializers.Serializer):
    start = DateField(
        required=False, help_text="Posts on or after this day (default: 90 days ago)."
    )
    end = DateField(required=False, help_text="Posts on or before this day (default: today).")
    channel = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)

    def validate(self, attrs):
        end = attrs.get("end") or timezone.localdate()
        start = attrs.get("start") or end - datetime.timedelta(days=89)
        if end < start:
            raise serializers.ValidationError({"end": _("The end comes before the start.")})
        return {**attrs, "start": start, "end": end}


class PostResultList(WorkspaceAPIView):
    @extend_schema(
        operation_id="post_results_list",
        parameters=[PostResultFilter],
        responses=PostResultOut(many=True),
    )
    def get(self, request):
        filters = PostResultFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.paginate(
            published_with_results(workspace=request.workspace, **filters.validated_data),
            PostResultOut,
        )


def _post(request, pk: int) -> Post:
    return get_for_workspace_or_404(
        post_with_result(workspace=request.workspace, pk=pk), workspace=request.workspace, pk=pk
    )


class PostResultDetail(WorkspaceAPIView):
    error_statuses = ("400", "401", "403", "404", "409", "429")

    @extend_schema(operation_id="post_result_read", responses=PostResultOut)
    def get(self, request, pk: int):
        return Response(PostResultOut(_post(request, pk)).data)

    @extend_schema(operation_id="post_result_update", request=FiguresIn, responses=PostResultOut)
    def put(self, request, pk: int):
        post = _post(request, pk)
        data = FiguresIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            post_result_save(post=post, by=request.user, **data.validated_data)
        except PostResultConflict as exc:
            raise Conflict(
                _("Someone else saved figures for this post meanwhile: read them again.")
            ) from exc
        return Response(PostResultOut(_post(request, pk)).data)
