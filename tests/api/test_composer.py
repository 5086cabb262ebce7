"""The composer's parts through the API: campaigns, a post's approval and comments, and the
list's filters by campaign and by words."""

import pytest
from django.urls import reverse

from content_calendar.models import CalendarSettings, Campaign, Post

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory


@pytest.fixture
def linkedin(workspace):
    return SocialAccountFactory(workspace=workspace, platform="linkedin_page")


def url(name, workspace, **kwargs):
    return reverse(f"api:{name}", kwargs={"workspace": workspace.slug, **kwargs})


def test_campaigns_are_added_counted_changed_and_removed_keeping_posts(
    api_as,
    workspace,
    editor,
    linkedin,
):
    api = api_as(editor, workspace)
    response = api.post(url("campaigns", workspace), {"name": "Winter service"})
    assert response.status_code == 201
    campaign = response.json()["id"]
    PostFactory(
        workspace=workspace, channel=linkedin, owner=editor, campaign_id=campaign, text="Tip"
    )
    listed = api.get(url("campaigns", workspace)).json()["results"]
    assert [(c["name"], c["post_count"]) for c in listed] == [("Winter service", 1)]

    again = api.post(url("campaigns", workspace), {"name": "winter service"})
    assert again.status_code == 400
    assert "There is a campaign of this name already" in again.json()["errors"]["name"][0]

    changed = api.patch(url("campaign", workspace, pk=campaign), {"ends_on": "2027-02-28"})
    assert changed.json()["ends_on"] == "2027-02-28"
    assert api.delete(url("campaign", workspace, pk=campaign)).status_code == 204
    assert not Campaign.objects.exists()
    assert Post.objects.get().campaign is None


def test_the_list_filters_by_campaign_and_by_words(api_as, workspace, editor, linkedin):
    campaign = Campaign.objects.create(workspace=workspace, name="Launch")
    PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Heat pump myths")
    PostFactory(
        workspace=workspace, channel=linkedin, owner=editor, text="Launch day", campaign=campaign
    )
    api = api_as(editor, workspace)
    by_campaign = api.get(url("posts", workspace), {"campaign": campaign.pk}).json()["results"]
    by_words = api.get(url("posts", workspace), {"q": "PUMP myths"}).json()["results"]
    assert [p["text"] for p in by_campaign] == ["Launch day"]
    assert [p["text"] for p in by_words] == ["Heat pump myths"]


def test_a_reviewer_approves_and_comments_and_the_owner_cannot_approve_their_own(
    api_as,
    workspace,
    editor,
    reviewer,
    linkedin,
):
    CalendarSettings.objects.update_or_create(
        workspace=workspace, defaults={"posts_need_approval": True}
    )
    post = PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Five myths")
    ready = api_as(editor, workspace).patch(url("post", workspace, pk=post.pk), {"status": "ready"})
    assert ready.status_code == 400

    as_editor = api_as(editor, workspace)
    assert as_editor.post(url("post_approve", workspace, pk=post.pk)).status_code == 403
    own = PostFactory(workspace=workspace, channel=linkedin, owner=reviewer, text="Mine")
    as_reviewer = api_as(reviewer, workspace)
    assert as_reviewer.post(url("post_approve", workspace, pk=own.pk)).status_code == 400

    approved = as_reviewer.post(url("post_approve", workspace, pk=post.pk), {"comment": "Go."})
    assert approved.status_code == 200
    body = approved.json()
    assert (body["status"], body["approved_by"]["id"]) == ("ready", reviewer.pk)

    added = as_editor.post(url("post_comments", workspace, pk=post.pk), {"body": "Thanks!"})
    assert added.status_code == 201
    comments = as_editor.get(url("post_comments", workspace, pk=post.pk)).json()["results"]
    assert [c["body"] for c in comments] == ["Go.", "Thanks!"]
    empty = as_editor.post(url("post_comments", workspace, pk=post.pk), {"body": " "})
    assert empty.status_code == 400
