"""Each network's rules, counted as the network counts, and checked wherever a post goes."""

import datetime

import pytest
from django.urls import reverse

from content_calendar import exchange, networks
from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .conftest import at
from .factories import PostFactory


@pytest.mark.parametrize(
    ("platform", "text", "length"),
    [
        ("x", "a" * 280, 280),
        ("x", "Read this: https://example.com/" + "a" * 200, 11 + 23),  # any link counts 23
        ("x", "日本語", 6),  # CJK weighs two on X
        ("x", "🙂", 2),
        ("x", "e\u0301", 1),  # é written in two code points counts as the one it is
        ("linkedin_page", "🙂 https://example.com/a", 2 + 21),  # LinkedIn counts links as typed
        ("instagram", "日本語", 3),
    ],
)
def test_lengths_as_each_network_counts(platform, text, length):
    assert networks.text_length(platform, text) == length


def test_the_limits_at_their_edge():
    assert networks.text_problems("x", "a" * 280) == []
    (problem,) = networks.text_problems("x", "a" * 281)
    assert problem.code == "too_long"
    assert problem.message == (
        "The text counts 281 characters on X, which takes at most 280: 1 too many."
    )
    assert networks.text_problems("instagram", "a" * 2200) == []
    assert networks.text_problems("instagram", "a" * 2201)[0].code == "too_long"
    assert networks.text_problems("linkedin_page", "a" * 3000) == []
    assert networks.text_problems("linkedin_page", "a" * 3001)[0].code == "too_long"
    tags = " ".join(f"#tag{n}" for n in range(31))
    assert [p.code for p in networks.text_problems("instagram", tags)] == ["too_many_hashtags"]


def test_every_platform_has_a_row():
    from accounts_registry.models import Platform

    assert set(Platform.values) <= set(networks.NETWORKS)


@pytest.fixture
def x(workspace):
    return SocialAccountFactory(workspace=workspace, platform="x", handle="@vandijk")


def create(client, workspace, data):
    url = reverse("calendar:post_create", kwargs={"workspace": workspace.slug})
    return client.post(url, data, follow=True)


def data(channel, owner, text, status):
    return {
        "channel": channel.pk,
        "scheduled_at": "2030-12-03T10:15",
        "category": "engagement",
        "status": status,
        "text": text,
        "owner": owner.pk,
    }


def test_a_ready_x_post_that_is_too_long_is_refused_and_the_text_kept(client, workspace, editor, x):
    client.force_login(editor)
    text = "Our service contract in full: " + "a" * 433
    html = create(client, workspace, data(x, editor, text, "ready")).content.decode()
    assert "which takes at most 280: 183 too many." in html
    assert text in html
    assert not Post.objects.exists()


def test_a_draft_too_long_saves_with_a_warning(client, workspace, editor, x):
    client.force_login(editor)
    html = create(client, workspace, data(x, editor, "a" * 300, "draft")).content.decode()
    assert "The post is planned." in html
    assert "which takes at most 280: 20 too many." in html
    assert Post.objects.count() == 1


def test_the_form_counts_as_the_network_does(client, workspace, editor, x):
    post = PostFactory(
        workspace=workspace, channel=x, owner=editor, text="Hi https://example.com/x"
    )
    client.force_login(editor)
    html = client.get(
        reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    ).content.decode()
    assert 'data-network="X" data-max="280" data-link-weight="23"' in html
    assert 'data-weighted="true"' in html
    assert "26 / 280 (X)" in html
    assert "js/post_counter.js" in html


def test_the_preview_cuts_where_the_feed_says_see_more(client, workspace, editor):
    instagram = SocialAccountFactory(workspace=workspace, platform="instagram")
    post = PostFactory(workspace=workspace, channel=instagram, owner=editor, text="b" * 200)
    client.force_login(editor)
    html = client.get(
        reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    ).content.decode()
    preview = html.split('data-testid="preview"')[1].split("</div>\n      </div>")[0]
    assert "b" * 125 + "</span>" in preview
    assert "see more" in preview
    assert "data-preview-more hidden" not in preview


def test_an_import_row_too_long_for_its_network_is_refused(workspace, editor, x):
    raw = f"date,time,channel,category,text\n2030-12-03,10:00,x:@vandijk,curated,{'a' * 281}\n"
    report = exchange.posts_import(
        workspace=workspace, by=editor, raw=raw.encode(), fmt="planner", commit=True
    )
    assert not report.ok
    assert "which takes at most 280: 1 too many." in report.rows[0].errors[0]
    assert not Post.objects.exists()


def test_a_hootsuite_export_names_a_post_too_long_instead_of_writing_it(workspace, editor, x):
    day = datetime.date(2030, 12, 3)
    PostFactory(workspace=workspace, channel=x, owner=editor, scheduled_at=at(day), text="a" * 300)
    result = exchange.hootsuite_export(workspace=workspace, start=day, end=day)
    assert result.files == {}
    assert "which takes at most 280: 20 too many." in result.refused[0]
