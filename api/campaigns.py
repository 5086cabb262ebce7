"""Campaigns, and a post's approval and comments, through content_calendar's services."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from content_calendar import selectors, services
from content_calendar.models import Campaign
from workspaces.models import Role
from workspaces.selectors import get_for_workspace_or_404

from .base import WorkspaceAPIView
from .fields import DateField, UserOut
from .posts import PostOut, post_of


class CampaignOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    post_count = serializers.IntegerField(help_text="Its posts, cancelled ones aside.")


class CampaignIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True)
    starts_on = DateField(required=False, allow_null=True)
    ends_on = DateField(required=False, allow_null=True)


def _campaign(request, pk: int) -> Campaign:
    return get_for_workspace_or_404(
        selectors.campaigns_with_counts(workspace=request.workspace),
        workspace=request.workspace,
        pk=pk,
    )


class CampaignListCreate(WorkspaceAPIView):
    @extend_schema(operation_id="campaigns_list", responses=CampaignOut(many=True))
    def get(self, request):
        return self.paginate(
            selectors.campaigns_with_counts(workspace=request.workspace), CampaignOut
        )

    @extend_schema(
        operation_id="campaigns_create", request=CampaignIn, responses={201: CampaignOut}
    )
    def post(self, request):
        data = CampaignIn(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = services.campaign_save(
            workspace=request.workspace, by=request.user, **data.validated_data
        )
        return Response(CampaignOut(_campaign(request, campaign.pk)).data, status=201)


class CampaignDetail(WorkspaceAPIView):
    @extend_schema(operation_id="campaigns_read", responses=CampaignOut)
    def get(self, request, pk: int):
        return Response(CampaignOut(_campaign(request, pk)).data)

    @extend_schema(
        operation_id="campaigns_update", request=CampaignIn(partial=True), responses=CampaignOut
    )
    def patch(self, request, pk: int):
        campaign = _campaign(request, pk)
        data = CampaignIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.campaign_save(
            workspace=request.workspace, by=request.user, campaign=campaign, **data.validated_data
        )
        return Response(CampaignOut(_campaign(request, pk)).data)

    @extend_schema(operation_id="campaigns_delete", responses={204: None})
    def delete(self, request, pk: int):
        services.campaign_delete(campaign=_campaign(request, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- A post's approval and comments ----------------------------------------------------------


class PostCommentOut(serializers.Serializer):
    id = serializers.IntegerField()
    author = UserOut()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class PostCommentIn(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


class PostApproveIn(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class PostApprove(WorkspaceAPIView):
    """A reviewer approves the post as it is; it becomes ready (four eyes unless the workspace
    allows self-approval)."""

    required_role = Role.REVIEWER

    @extend_schema(operation_id="posts_approve", request=PostApproveIn, responses=PostOut)
    def post(self, request, pk: int):
        data = PostApproveIn(data=request.data)
        data.is_valid(raise_exception=True)
        post = services.post_approve(
            post=post_of(request, pk), by=request.user, **data.validated_data
        )
        return Response(PostOut(post_of(request, post.pk)).data)


class PostComments(WorkspaceAPIView):
    @extend_schema(operation_id="posts_comments_list", responses=PostCommentOut(many=True))
    def get(self, request, pk: int):
        return self.paginate(selectors.post_comments(post=post_of(request, pk)), PostCommentOut)

    @extend_schema(
        operation_id="posts_comments_create", request=PostCommentIn, responses={201: PostCommentOut}
    )
    def post(self, request, pk: int):
        data = PostCommentIn(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.post_comment_add(
            post=post_of(request, pk), by=request.user, **data.validated_data
        )
        return Response(PostCommentOut(comment).data, status=status.HTTP_201_CREATED)
