"""The ideas board: idea, draft and ready as columns."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content_calendar.models import Post

from .factories import PostFactory


def board(workspace):
    return reverse("calendar:board", kwargs={"workspace": workspace.slug})


def move(post, status):
    return reverse("calendar:post_status", kwargs={"workspace": post.workspace.slug, "pk": post.pk})


def test_a_card_moves_on_by_its_button_and_back(client, workspace, editor, linkedin):
    post = PostFactory(
        workspace=workspace, channel=linkedin, owner=editor, status="idea", text="An idea"
    )
    client.force_login(editor)
    html = client.get(board(workspace)).content.decode()
    assert "An idea" in html.split('data-testid="column-idea"')[1].split("</section>")[0]
    response = client.post(
        move(post, "draft"), {"status": "draft", "revision": post.revision}, follow=True
    )
    assert "The post is moved on the board." in response.content.decode()
    post.refresh_from_db()
    assert post.status == "draft"


def test_ready_keeps_its_rules_and_says_them_as_json(client, workspace, editor, linkedin):
    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Look #warmtepomp")
    client.force_login(editor)
    response = client.post(
        move(post, "ready"), {"status": "ready"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert "nobody has checked" in response.json()["error"]
    assert Post.objects.get().status == "draft"


def test_a_stale_card_is_not_moved(client, workspace, editor, linkedin):
    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor)
    client.force_login(editor)
    response = client.post(
        move(post, "ready"),
        {"status": "ready", "revision": post.revision + 1},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert "meanwhile" in response.json()["error"]


def test_the_board_takes_the_same_queries_for_few_or_many(client, workspace, editor, linkedin):
    client.force_login(editor)
    PostFactory(workspace=workspace, channel=linkedin, owner=editor, status="idea")
    client.get(board(workspace))
    with CaptureQueriesContext(connection) as few:
        client.get(board(workspace))
    for status in ("idea", "draft", "ready") * 20:
        PostFactory(workspace=workspace, channel=linkedin, owner=editor, status=status)
    with CaptureQueriesContext(connection) as many:
        html = client.get(board(workspace)).content.decode()
    assert len(many) == len(few)
    assert html.count("board-card") >= 60
