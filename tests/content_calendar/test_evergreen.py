"""Evergreen posts, planned again as copies."""

import datetime

from django.urls import reverse

from .conftest import at
from .factories import PostFactory


def test_each_evergreen_text_once_at_its_last_date_with_a_way_to_plan_it_again(
    client, workspace, editor, linkedin
):
    for day in (3, 17):
        PostFactory(
            workspace=workspace,
            channel=linkedin,
            owner=editor,
            scheduled_at=at(datetime.date(2026, 11, day)),
            text="How a heat pump works, in five pictures",
            evergreen=True,
        )
    last = PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2026, 11, 24)),
        text="How a heat pump   works, in five pictures",
        evergreen=True,
    )
    PostFactory(workspace=workspace, channel=linkedin, owner=editor, text="Only this once")
    client.force_login(editor)
    html = client.get(reverse("calendar:evergreen", kwargs={"workspace": workspace.slug}))
    html = html.content.decode()
    assert html.count('data-testid="evergreen-post"') == 1
    assert "Only this once" not in html
    again = reverse("calendar:post_duplicate", kwargs={"workspace": workspace.slug, "pk": last.pk})
    assert again in html


def test_another_workspaces_evergreen_posts_are_not_shown(
    client, workspace, editor, other_workspace, outsider
):
    PostFactory(workspace=other_workspace, owner=outsider, text="Theirs", evergreen=True)
    client.force_login(editor)
    html = client.get(reverse("calendar:evergreen", kwargs={"workspace": workspace.slug}))
    assert "Theirs" not in html.content.decode()
