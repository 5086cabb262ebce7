"""Per-post approval, where the workspace asks for it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from content_calendar import services
from content_calendar.models import CalendarSettings, Post, PostComment

from .factories import PostFactory


@pytest.fixture
def asks_approval(workspace):
    CalendarSettings.objects.update_or_create(
        workspace=workspace, defaults={"posts_need_approval": True}
    )


def test_without_the_setting_a_post_is_ready_without_approval(workspace, editor, linkedin):
    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor)
    services.post_update(post=post, by=editor, status=Post.Status.READY)


def test_with_it_a_post_is_ready_only_once_a_reviewer_approved_it(
    workspace, editor, reviewer, linkedin, asks_approval
):
    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Five myths")
    with pytest.raises(ValidationError) as caught:
        services.post_update(post=post, by=editor, status=Post.Status.READY)
    assert caught.value.error_dict["status"][0].code == "needs_approval"
    approved = services.post_approve(post=post, by=reviewer, comment="Good, go.")
    assert (approved.status, approved.approved_by) == (Post.Status.READY, reviewer)
    assert PostComment.objects.get(post=post).body == "Good, go."


def test_another_text_voids_the_approval(workspace, editor, reviewer, linkedin, asks_approval):
    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Five myths")
    services.post_approve(post=post, by=reviewer)
    with pytest.raises(ValidationError):
        services.post_update(post=post, by=editor, text="Six myths")  # still ready: refused
    changed = services.post_update(post=post, by=editor, text="Six myths", status="draft")
    assert changed.approved_at is None


def test_the_owner_does_not_approve_their_own_post(workspace, reviewer, linkedin, asks_approval):
    post = PostFactory(workspace=workspace, channel=linkedin, owner=reviewer)
    with pytest.raises(ValidationError) as caught:
        services.post_approve(post=post, by=reviewer)
    assert caught.value.code == "own_post"
    workspace.allow_self_approval = True
    workspace.save()
    assert services.post_approve(post=post, by=reviewer).approved_by == reviewer


def test_the_reviewer_comments_and_approves_in_the_post(
    client, workspace, editor, reviewer, linkedin, asks_approval
):
    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Five myths")
    page = reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    comment = reverse("calendar:post_comment", kwargs={"workspace": workspace.slug, "pk": post.pk})
    approve = reverse("calendar:post_approve", kwargs={"workspace": workspace.slug, "pk": post.pk})
    client.force_login(editor)
    assert "formaction" not in client.get(page).content.decode()  # no approve for an editor
    assert client.post(approve).status_code == 403
    client.force_login(reviewer)
    client.post(comment, {"body": "Shorter, please."})
    html = client.post(approve, follow=True).content.decode()
    assert "The post is approved and ready." in html
    assert "Shorter, please." in html
    assert 'data-testid="approved"' in html
    post.refresh_from_db()
    assert post.status == Post.Status.READY


def test_the_export_marks_as_scheduled_only_approved_posts(
    workspace, editor, reviewer, linkedin, asks_approval
):
    waiting = PostFactory(workspace=workspace, channel=linkedin, owner=editor)
    approved = services.post_approve(
        post=PostFactory(workspace=workspace, channel=linkedin, owner=editor), by=reviewer
    )
    marked = services.posts_mark_scheduled(
        workspace=workspace, by=editor, post_ids=[waiting.pk, approved.pk]
    )
    assert marked == 1
    waiting.refresh_from_db()
    assert waiting.status == Post.Status.DRAFT


def test_the_owner_hears_of_the_approval_and_the_conversation_goes_round(
    workspace, editor, reviewer, linkedin, asks_approval
):
    from notifications.models import Notification

    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Five myths")
    services.post_comment_add(post=post, by=reviewer, body="Shorter, please.")
    services.post_comment_add(post=post, by=editor, body="Done: shorter now.")
    services.post_approve(post=post, by=reviewer)
    told = [(n.recipient, n.kind, n.message) for n in Notification.objects.order_by("pk")]
    assert [(who, kind) for who, kind, _ in told] == [
        (editor, "post_commented"),
        (reviewer, "post_commented"),
        (editor, "post_approved"),
    ]
    assert "Shorter, please." in told[0][2]
    assert "approved your post" in told[2][2]
    assert Notification.objects.get(kind="post_approved").link.endswith(f"/posts/{post.pk}/")
