"""The objects the post results URLs point at, for the access matrix."""

from content_calendar.models import Post

from ..content_calendar.factories import PostFactory


def _published_post(workspace, user):
    return {"pk": PostFactory(workspace=workspace, status=Post.Status.PUBLISHED).pk}


URL_OBJECTS = {
    "results:post_result": _published_post,
}
