"""A post's images through content_calendar's images service: listed, uploaded (multipart, with
the same checks as the page's form), fetched and removed."""

from django.http import FileResponse
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from content_calendar import images
from content_calendar.models import PostImage
from workspaces.selectors import get_for_workspace_or_404

from .base import WorkspaceAPIView
from .posts import post_of


class PostImageOut(serializers.Serializer):
    id = serializers.IntegerField()
    post = serializers.IntegerField(source="post_id")
    alt_text = serializers.CharField()
    content_type = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    size = serializers.IntegerField(help_text="Bytes, as stored (re-encoded, without EXIF).")
    position = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class PostImageIn(serializers.Serializer):
    file = serializers.FileField(
        help_text="JPEG, PNG, GIF or WebP, recognised by its content; within the size limit."
    )
    alt_text = serializers.CharField(
        max_length=1000, help_text="What the image shows, for people who can't see it."
    )


def _image(request, pk: int) -> PostImage:
    return get_for_workspace_or_404(
        PostImage.objects.select_related("post__workspace"),
        workspace=request.workspace,
        pk=pk,
        via="post__workspace",
    )


class PostImages(WorkspaceAPIView):
    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="posts_images_list", responses=PostImageOut(many=True))
    def get(self, request, pk: int):
        return self.paginate(post_of(request, pk).images.all(), PostImageOut)

    @extend_schema(
        operation_id="posts_images_create",
        request={"multipart/form-data": PostImageIn},
        responses={201: PostImageOut},
    )
    def post(self, request, pk: int):
        post = post_of(request, pk)
        data = PostImageIn(data=request.data)
        data.is_valid(raise_exception=True)
        image = images.post_image_add(post=post, by=request.user, **data.validated_data)
        return Response(PostImageOut(image).data, status=status.HTTP_201_CREATED)


class PostImageDetail(WorkspaceAPIView):
    @extend_schema(operation_id="images_read", responses=PostImageOut)
    def get(self, request, pk: int):
        return Response(PostImageOut(_image(request, pk)).data)

    @extend_schema(operation_id="images_delete", responses={204: None})
    def delete(self, request, pk: int):
        images.post_image_remove(image=_image(request, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostImageFile(WorkspaceAPIView):
    """The stored bytes, with the content type found when it was uploaded."""

    @extend_schema(operation_id="images_file", responses={(200, "image/*"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        image = _image(request, pk)
        response = FileResponse(image.file.open("rb"), content_type=image.content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response
