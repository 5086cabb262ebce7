"""The caller's own notifications in the workspace, through notifications' selectors and
services (someone else's notification is a 404)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from notifications import selectors, services
from workspaces.selectors import get_for_workspace_or_404

from .base import WorkspaceAPIView


class NotificationOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    message = serializers.CharField()
    link = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class NotificationFilter(serializers.Serializer):
    unread = serializers.BooleanField(required=False, help_text="Only the unread ones.")


class NotificationList(WorkspaceAPIView):
    @extend_schema(
        operation_id="notifications_list",
        parameters=[NotificationFilter],
        responses=NotificationOut(many=True),
    )
    def get(self, request):
        filters = NotificationFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        notifications = selectors.inbox(user=request.user, workspace=request.workspace)
        if filters.validated_data.get("unread"):
            notifications = notifications.filter(read_at__isnull=True)
        return self.paginate(notifications, NotificationOut)


class NotificationRead(WorkspaceAPIView):
    @extend_schema(operation_id="notifications_read", request=None, responses=NotificationOut)
    def post(self, request, pk: int):
        notification = get_for_workspace_or_404(
            selectors.inbox(user=request.user, workspace=request.workspace),
            workspace=request.workspace,
            pk=pk,
        )
        services.notification_mark_read(notification=notification)
        notification.refresh_from_db()
        return Response(NotificationOut(notification).data)


class ReadAllOut(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationReadAll(WorkspaceAPIView):
    @extend_schema(operation_id="notifications_read_all", request=None, responses=ReadAllOut)
    def post(self, request):
        count = services.notifications_mark_all_read(user=request.user, workspace=request.workspace)
        return Response({"marked": count})
