"""Campaigns group posts."""

from django.urls import reverse

from content_calendar.models import Campaign, Post

from .factories import PostFactory


def test_add_a_campaign_see_its_posts_and_remove_it_keeping_them(
    client, workspace, editor, linkedin
):
    client.force_login(editor)
    url = reverse("calendar:campaigns", kwargs={"workspace": workspace.slug})
    response = client.post(url, {"name": "Winter service", "description": ""}, follow=True)
    assert "The campaign is added." in response.content.decode()
    campaign = Campaign.objects.get(workspace=workspace)
    PostFactory(workspace=workspace, channel=linkedin, owner=editor, campaign=campaign)
    html = client.get(url).content.decode()
    assert "1 post" in html
    assert f"?campaign={campaign.pk}" in html
    edit = reverse(
        "calendar:campaign_edit", kwargs={"workspace": workspace.slug, "pk": campaign.pk}
    )
    client.post(edit, {"delete": "1"})
    assert not Campaign.objects.exists()
    assert Post.objects.get().campaign is None


def test_the_same_name_twice_is_refused_and_the_form_kept(client, workspace, editor):
    Campaign.objects.create(workspace=workspace, name="Winter service")
    client.force_login(editor)
    url = reverse("calendar:campaigns", kwargs={"workspace": workspace.slug})
    response = client.post(url, {"name": "winter Service", "description": "Again"})
    assert response.status_code == 200
    assert Campaign.objects.count() == 1
    html = response.content.decode()
    assert "Again" in html
    assert "There is a campaign of this name already" in html


def test_an_end_before_the_start_is_said(client, workspace, editor):
    client.force_login(editor)
    url = reverse("calendar:campaigns", kwargs={"workspace": workspace.slug})
    response = client.post(
        url, {"name": "Spring", "starts_on": "2027-04-01", "ends_on": "2027-03-01"}
    )
    assert "The campaign ends before it starts." in response.content.decode()
