"""A removed post comes back from its history, as a draft."""

from django.urls import reverse

from content_calendar import services
from content_calendar.models import Campaign, Post
from workspaces.models import Membership

from .factories import PostFactory


def removed_page(workspace):
    return reverse("calendar:posts_deleted", kwargs={"workspace": workspace.slug})


def remove(post, by):
    pk = post.pk
    services.post_delete(post=post, by=by)
    record = Post.history.get(id=pk, history_type="-")
    return reverse(
        "calendar:post_restore",
        kwargs={"workspace": post.workspace.slug, "pk": record.history_id},
    )


def test_a_removed_post_is_back_as_a_draft_once(client, workspace, editor, linkedin):
    post = PostFactory(
        workspace=workspace, channel=linkedin, owner=editor, status="ready", text="Spring sale"
    )
    pk, when = post.pk, post.scheduled_at
    restore = remove(post, editor)
    client.force_login(editor)
    response = client.post(restore, follow=True)
    assert "The post is back in the calendar, as a draft." in response.content.decode()
    back = Post.objects.get()
    assert (back.pk, back.text, back.scheduled_at, back.status) == (
        pk,
        "Spring sale",
        when,
        "draft",
    )
    assert "Back in the calendar" in client.get(removed_page(workspace)).content.decode()

    again = client.post(restore, follow=True)
    assert "This post is back in the calendar already." in again.content.decode()
    assert Post.objects.count() == 1


def test_what_is_gone_is_left_out(client, workspace, editor, reviewer, linkedin):
    campaign = Campaign.objects.create(workspace=workspace, name="Spring")
    post = PostFactory(workspace=workspace, channel=linkedin, owner=reviewer, campaign=campaign)
    restore = remove(post, editor)
    campaign.delete()
    Membership.objects.filter(user=reviewer).delete()
    client.force_login(editor)
    client.post(restore)
    back = Post.objects.get()
    assert (back.campaign, back.owner) == (None, editor)


def test_another_workspaces_removal_is_not_found(client, workspace, editor, outsider, linkedin):
    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor)
    restore = remove(post, editor)
    client.force_login(outsider)
    other = restore.replace(f"/{workspace.slug}/", f"/{outsider.memberships.get().workspace.slug}/")
    assert client.post(other).status_code == 404
    assert not Post.objects.exists()
