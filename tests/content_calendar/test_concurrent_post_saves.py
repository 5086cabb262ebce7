"""Two people saving the same post from the same revision at the same moment, on PostgreSQL:
one wins, the other is told (PostConflict), and nothing is silently lost."""

import datetime

import pytest
from django.db import connection

from content_calendar import services
from content_calendar.models import Post

from ..concurrency import at_once
from .factories import PostFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


@pytest.mark.parametrize("rounds", range(5))
def test_two_saves_from_the_same_revision_one_wins_one_is_told(workspace, editor, reviewer, rounds):
    post = PostFactory(workspace=workspace, owner=editor, text="Before")
    opened = post.revision

    def save(person, text):
        return lambda: services.post_update(
            post=Post.objects.get(pk=post.pk), by=person, revision=opened, text=text
        )

    outcomes = at_once(save(editor, "Editor's text"), save(reviewer, "Reviewer's text"))

    saved = [o for o in outcomes if isinstance(o, Post)]
    told = [o for o in outcomes if isinstance(o, services.PostConflict)]
    assert (len(saved), len(told)) == (1, 1), outcomes
    post.refresh_from_db()
    assert post.text == saved[0].text
    assert post.revision == opened + 1
    # The one who is told sees what the other saved, to compare with their own input.
    assert told[0].post.text == saved[0].text


def test_a_move_and_an_edit_from_the_same_revision_one_wins(workspace, editor, reviewer):
    post = PostFactory(workspace=workspace, owner=editor, text="Before")
    opened = post.revision
    moved_to = (post.scheduled_at + datetime.timedelta(days=2)).date()

    outcomes = at_once(
        lambda: services.post_move(
            post=Post.objects.get(pk=post.pk), by=editor, day=moved_to, revision=opened
        ),
        lambda: services.post_update(
            post=Post.objects.get(pk=post.pk), by=reviewer, revision=opened, text="Edited"
        ),
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["Post", "PostConflict"], outcomes
    post.refresh_from_db()
    assert post.revision == opened + 1
