"""The leaver's planned posts in a handover (see accounts_registry.handover_hooks).

What moves: the posts the leaver owns in the workspace whose moment is still to come and
that are not published. A published post, or one whose moment has passed, keeps its owner:
it records who wrote it."""

from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts_registry.handover_hooks import Work

from .models import Post
from .selectors import today_in

APP = "content_calendar"
POSTS = "posts"


def _future_posts(*, workspace, person):
    return Post.objects.filter(
        workspace=workspace, owner=person, scheduled_at__gt=timezone.now()
    ).exclude(status=Post.Status.PUBLISHED)


def _list_link(*, workspace, owner) -> str:
    """The calendar's list of the owner's posts from today."""
    query = urlencode({"owner": owner.pk, "start": today_in(workspace).isoformat()})
    return reverse("calendar:list", kwargs={"workspace": workspace.slug}) + "?" + query


def held(*, workspace, person) -> list[Work]:
    """The leaver's future, unpublished posts, counted (one query)."""
    count = _future_posts(workspace=workspace, person=person).count()
    return [
        Work(
            app=APP,
            kind=POSTS,
            count=count,
            link=_list_link(workspace=workspace, owner=person),
        )
    ]


def move(*, workspace, person, to, by) -> list[Work]:
    """Give the leaver's future, unpublished posts to `to` in one UPDATE. The revision goes
    up, so a form someone opened on one of these posts notices the change instead of
    writing the old owner back. Posts keep no history of their own; the handover records who
    completed it."""
    count = _future_posts(workspace=workspace, person=person).update(
        owner=to, revision=F("revision") + 1
    )
    return [Work(app=APP, kind=POSTS, count=count, link=_list_link(workspace=workspace, owner=to))]


def words(work: Work) -> str:
    return ngettext("%(count)s planned post", "%(count)s planned posts", work.count) % {
        "count": work.count_text
    }
