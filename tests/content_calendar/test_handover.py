"""The calendar's part of a handover: the leaver's future, unpublished posts, listed and moved
in bulk (content_calendar.handover, registered with accounts_registry.handover_hooks)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts_registry import handover_hooks
from content_calendar import handover
from content_calendar.models import Post

from ..factories import MembershipFactory
from .factories import PostFactory


def _post(workspace, owner, *, days=3, status=Post.Status.DRAFT):
    return PostFactory(
        workspace=workspace,
        owner=owner,
        status=status,
        scheduled_at=timezone.now() + datetime.timedelta(days=days),
    )


def test_the_calendar_is_registered_with_the_handover():
    assert "content_calendar" in handover_hooks._providers


def test_only_future_unpublished_posts_of_this_workspace_are_held(workspace, other_workspace):
    leaver = MembershipFactory(workspace=workspace).user
    _post(workspace, leaver)
    _post(workspace, leaver, status=Post.Status.CANCELLED)
    _post(workspace, leaver, days=-1)
    _post(workspace, leaver, status=Post.Status.PUBLISHED)
    _post(workspace, MembershipFactory(workspace=workspace).user)
    _post(other_workspace, leaver)
    [held] = handover.held(workspace=workspace, person=leaver)
    assert held.count == 2
    assert held.words == "2 planned posts"
    assert held.link.startswith(f"/w/{workspace.slug}/calendar/list/?owner={leaver.pk}&start=")


def test_the_move_gives_them_to_the_taker_and_leaves_the_rest(workspace, other_workspace):
    leaver = MembershipFactory(workspace=workspace).user
    taker = MembershipFactory(workspace=workspace).user
    future = _post(workspace, leaver)
    past = _post(workspace, leaver, days=-1)
    published = _post(workspace, leaver, days=2, status=Post.Status.PUBLISHED)
    elsewhere = _post(other_workspace, leaver)
    [moved] = handover.move(workspace=workspace, person=leaver, to=taker, by=taker)
    assert moved.count == 1
    for post, owner in ((future, taker), (past, leaver), (published, leaver), (elsewhere, leaver)):
        post.refresh_from_db()
        assert post.owner == owner


def test_the_move_is_one_update_whatever_the_number_of_posts(workspace):
    leaver = MembershipFactory(workspace=workspace).user
    taker = MembershipFactory(workspace=workspace).user
    for _n in range(30):
        _post(workspace, leaver)
    with CaptureQueriesContext(connection) as queries:
        [moved] = handover.move(workspace=workspace, person=leaver, to=taker, by=taker)
    assert moved.count == 30
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("UPDATE")
