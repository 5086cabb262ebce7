"""Bulk actions on the list: one change for the chosen posts, all or none."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content_calendar.models import Post

from .factories import PostFactory


def url(workspace):
    return reverse("calendar:posts_bulk", kwargs={"workspace": workspace.slug})


def test_the_chosen_posts_get_the_new_category_with_their_history(
    client, workspace, editor, linkedin
):
    chosen = [PostFactory(workspace=workspace, channel=linkedin, owner=editor) for _ in range(3)]
    other = PostFactory(workspace=workspace, channel=linkedin, owner=editor, category="curated")
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {"posts": [p.pk for p in chosen], "action": "category", "category": "promotional"},
        follow=True,
    )
    assert "3 posts are changed." in response.content.decode()
    assert set(
        Post.objects.filter(pk__in=[p.pk for p in chosen]).values_list("category", flat=True)
    ) == {"promotional"}
    other.refresh_from_db()
    assert other.category == "curated"
    assert chosen[0].history.count() == 2


def test_one_post_that_cannot_take_it_changes_nothing_and_is_named(
    client, workspace, editor, linkedin
):
    fine = PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Fine")
    unchecked = PostFactory(
        workspace=workspace, channel=linkedin, owner=editor, text="Look #warmtepomp"
    )
    client.force_login(editor)
    response = client.post(
        url(workspace), {"posts": [fine.pk, unchecked.pk], "action": "status", "status": "ready"}
    )
    html = response.content.decode()
    assert "Nothing was changed: 1 of the chosen posts cannot take it." in html
    refused = html.split('data-testid="bulk-refused"')[1]
    assert "Look #warmtepomp" in refused
    assert "nobody has checked" in refused
    assert set(Post.objects.values_list("status", flat=True)) == {"draft"}


def test_another_workspaces_posts_are_not_touched(
    client, workspace, editor, other_workspace, outsider
):
    theirs = PostFactory(workspace=other_workspace, owner=outsider, category="curated")
    client.force_login(editor)
    client.post(
        url(workspace), {"posts": [theirs.pk], "action": "category", "category": "promotional"}
    )
    theirs.refresh_from_db()
    assert theirs.category == "curated"


def test_removal_asks_first_then_removes_them_all(client, workspace, editor, linkedin):
    posts = [PostFactory(workspace=workspace, channel=linkedin, owner=editor) for _ in range(2)]
    client.force_login(editor)
    ids = [p.pk for p in posts]
    asked = client.post(url(workspace), {"posts": ids, "action": "delete"})
    assert "Remove 2 posts?" in asked.content.decode()
    assert Post.objects.count() == 2
    done = client.post(
        url(workspace), {"posts": ids, "action": "delete", "confirm": "True"}, follow=True
    )
    assert "2 posts are removed." in done.content.decode()
    assert not Post.objects.exists()


def test_a_change_of_many_posts_takes_the_queries_of_a_few(client, workspace, editor, linkedin):
    client.force_login(editor)

    def change(count):
        ids = [
            PostFactory(workspace=workspace, channel=linkedin, owner=editor).pk
            for _ in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            client.post(url(workspace), {"posts": ids, "action": "category", "category": "curated"})
        # The statements, without the savepoints' generated names.
        return [q["sql"][:60] for q in queries if "SAVEPOINT" not in q["sql"]]

    change(1)  # the first request of a session also saves the session
    few, many = change(3), change(60)
    # The same statements; SQLite may split the history's one insert at its limit of
    # parameters, PostgreSQL does not.
    assert set(many) == set(few)
    if connection.vendor == "postgresql":
        assert len(many) == len(few)
