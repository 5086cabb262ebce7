import datetime
import re
import zoneinfo

from django.urls import reverse
from django.utils import timezone

from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def url(workspace, **params):
    base = reverse("calendar:list", kwargs={"workspace": workspace.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_filters_by_channel_category_and_status(client, workspace, editor):
    x = SocialAccountFactory(workspace=workspace, platform="x")
    PostFactory(
        workspace=workspace, channel=x, owner=editor, category="promotional", text="Promo on X"
    )
    PostFactory(workspace=workspace, owner=editor, category="curated", text="Curated elsewhere")
    client.force_login(editor)
    html = client.get(url(workspace, channel=x.pk, category="promotional")).content.decode()
    assert "Promo on X" in html
    assert "Curated elsewhere" not in html


def test_queries_are_the_same_for_10_or_20000_posts(
    client, workspace, editor, django_assert_num_queries
):
    channel = SocialAccountFactory(workspace=workspace)
    PostFactory.create_batch(10, workspace=workspace, channel=channel, owner=editor)
    client.force_login(editor)
    client.get(url(workspace))
    with django_assert_num_queries(15) as few:
        client.get(url(workspace))
    start = datetime.datetime(2025, 1, 1, tzinfo=AMSTERDAM)
    Post.objects.bulk_create(
        Post(
            workspace=workspace,
            channel=channel,
            owner=editor,
            scheduled_at=start + datetime.timedelta(hours=2 * n),
            category="curated",
            text=f"Post {n}",
        )
        for n in range(20_000)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url(workspace)).content.decode()
    assert "Page 1 of 401" in html
    # The last page is as cheap as the first.
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url(workspace, page=401)).content.decode()
    assert "Page 401 of 401" in html


def test_the_channel_filter_offers_the_channels_with_posts_only(client, workspace, editor):
    with_posts = SocialAccountFactory(workspace=workspace, platform="x", handle="@busy")
    closed = SocialAccountFactory(
        workspace=workspace, platform="facebook", handle="@gone", status="closed"
    )
    SocialAccountFactory(workspace=workspace, platform="instagram", handle="@quiet")
    PostFactory(workspace=workspace, channel=with_posts, owner=editor)
    PostFactory(workspace=workspace, channel=closed, owner=editor, text="From before it closed")
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    select = re.search(r'<select name="channel"[^>]*>(.*?)</select>', html, re.S)[1]
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == [
        "---------",
        "Facebook · @gone",
        "X (Twitter) · @busy",
    ]
    # A closed channel's posts can still be found.
    html = client.get(url(workspace, channel=closed.pk)).content.decode()
    assert "From before it closed" in html
    assert f'<option value="{closed.pk}" selected>' in html


def test_a_row_shows_the_post_in_words_and_links_to_it(client, workspace, editor):
    post = PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2026, 11, 12, 16, 5, tzinfo=AMSTERDAM),
        category="engagement",
        status=Post.Status.READY,
        text="Which #heatpump do you have? " + "Tell us more. " * 10,
    )
    client.force_login(editor)
    html = client.get(url(workspace, category="engagement")).content.decode()
    edit = reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    back = f"/w/{workspace.slug}/calendar/list/%3Fcategory%3Dengagement"
    assert f'<a href="{edit}?next={back}">Which #heatpump do you have? Tell us more.' in html
    assert "…</a>" in html  # the text is cut at 80 characters
    assert "12 Nov 2026, 16:05" in html  # not 11/12/2026: day and month unambiguous
    assert ">Engagement</span>" in html
    assert "Ready<br>" in html
    assert "hashtags to check" in html
    assert f"<td>{editor.display_name}</td>" in html
    html = client.get(url(workspace), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "12 nov 2026, 16:05" in html
    assert "Klaar" in html


def test_a_wrong_date_is_said_at_its_field(client, workspace, editor):
    client.force_login(editor)
    html = client.get(url(workspace, start="someday")).content.decode()
    assert 'class="form-control is-invalid"' in html
    assert "Enter a valid date." in html


def test_a_post_saved_through_its_page_shows_on_the_cached_list_at_once(
    client, workspace, editor, settings
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    post = PostFactory(workspace=workspace, owner=editor, text="Before")
    client.force_login(editor)
    assert "Before" in client.get(url(workspace)).content.decode()
    edit = reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    data = {
        "channel": post.channel.pk,
        "scheduled_at": timezone.localtime(post.scheduled_at).strftime("%Y-%m-%dT%H:%M"),
        "category": post.category,
        "status": post.status,
        "text": "After",
        "owner": editor.pk,
        "revision": post.revision,
    }
    assert client.post(edit, data).status_code == 302
    html = client.get(url(workspace)).content.decode()
    assert "After" in html
    assert "Before" not in html


def test_filters_by_what_a_post_serves_and_by_words(
    client, workspace, editor, approved_plan, linkedin
):
    from content_calendar.models import Campaign

    theme = approved_plan.themes.get()
    campaign = Campaign.objects.create(workspace=workspace, name="Winter service")
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        text="Five heat pump myths",
        theme=theme,
        campaign=campaign,
    )
    PostFactory(
        workspace=workspace, channel=linkedin, owner=editor, text="Meet Sam, our apprentice"
    )
    PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        text="Open day",
        serves_note="Recruiting MYTHS",
    )
    client.force_login(editor)
    base = reverse("calendar:list", kwargs={"workspace": workspace.slug})

    def texts(query):
        return [row["text"] for row in client.get(base + query).context["rows"]]

    assert texts(f"?theme={theme.pk}") == ["Five heat pump myths"]
    assert texts(f"?campaign={campaign.pk}") == ["Five heat pump myths"]
    assert sorted(texts("?q=myths")) == ["Five heat pump myths", "Open day"]  # text or note
    assert texts("?q=heat+MYTHS") == ["Five heat pump myths"]  # every word, any case
