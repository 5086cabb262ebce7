"""Removing a post: asked first, and kept in its history."""

from django.urls import reverse

from content_calendar.models import Post

from .factories import PostFactory


def url(post):
    return reverse("calendar:post_delete", kwargs={"workspace": post.workspace.slug, "pk": post.pk})


def test_asked_first_then_removed_and_kept_in_the_history(client, workspace, editor, linkedin):
    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Spring discount")
    client.force_login(editor)
    asked = client.get(url(post)).content.decode()
    assert "Remove this post?" in asked
    assert "Spring discount" in asked
    assert Post.objects.filter(pk=post.pk).exists()  # asking removes nothing

    response = client.post(url(post), follow=True)
    assert "The post is removed. Its history keeps it." in response.content.decode()
    assert not Post.objects.filter(pk=post.pk).exists()

    removed = client.get(reverse("calendar:posts_deleted", kwargs={"workspace": workspace.slug}))
    row = removed.content.decode().split('data-testid="removed-post"')[1].split("</tr>")[0]
    assert "Spring discount" in row
    assert editor.display_name in row


def test_another_workspaces_removed_posts_are_not_listed(
    client, workspace, editor, other_workspace, outsider
):
    from content_calendar import services

    foreign = PostFactory(workspace=other_workspace, owner=outsider, text="Theirs")
    services.post_delete(post=foreign, by=outsider)
    client.force_login(editor)
    page = client.get(reverse("calendar:posts_deleted", kwargs={"workspace": workspace.slug}))
    assert "Theirs" not in page.content.decode()


def test_the_removed_posts_page_takes_the_same_queries_for_few_or_many(
    client, workspace, editor, linkedin, django_assert_num_queries
):
    from content_calendar import services

    client.force_login(editor)
    page = reverse("calendar:posts_deleted", kwargs={"workspace": workspace.slug})

    def remove(count):
        for _ in range(count):
            services.post_delete(
                post=PostFactory(workspace=workspace, channel=linkedin, owner=editor), by=editor
            )

    remove(2)
    client.get(page)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(page)
    remove(30)
    with CaptureQueriesContext(connection) as many:
        client.get(page)
    assert len(many) == len(few)


def test_the_post_page_shows_its_history(client, workspace, editor, linkedin):
    from content_calendar import services

    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor)
    services.post_update(post=post, by=editor, text="Another text")
    client.force_login(editor)
    page = client.get(
        reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    )
    history = page.content.decode().split('data-testid="post-history"')[1].split("</ul>")[0]
    assert "changed: text" in history
