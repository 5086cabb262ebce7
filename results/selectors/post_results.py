"""The published posts of a period with their figures, for the results pages and the API."""

import datetime

from django.db.models import QuerySet

from content_calendar.models import Post
from workspaces.selectors import for_workspace

from .what_works import published_posts


def published_with_results(
    *, workspace, start: datetime.date, end: datetime.date, channel: int | None = None
) -> QuerySet[Post]:
    """Published posts between the days, each with its result (or none), in one query."""
    posts = published_posts(workspace=workspace, start=start, end=end).select_related("result")
    if channel:
        posts = posts.filter(channel_id=channel)
    return posts


def post_with_result(*, workspace, pk: int) -> QuerySet[Post]:
    posts = for_workspace(Post, workspace=workspace).select_related("channel", "result")
    return posts.filter(pk=pk)


def result_of(post: Post):
    """The post's result, or None (without a query when it was selected with the post)."""
    try:
        return post.result
    except Post.result.RelatedObjectDoesNotExist:
        return None
