import datetime
import re
import zoneinfo

from django.urls import reverse
from django.utils import timezone

from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def url(workspace, year=2026, month=11):
    return reverse(
        "calendar:month", kwargs={"workspace": workspace.slug, "year": year, "month": month}
    )


def test_a_grid_with_posts_labelled_by_category_and_status(client, workspace, editor):
    PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2026, 11, 12, 9, 30, tzinfo=AMSTERDAM),
        category="promotional",
        text="Open day on Saturday",
    )
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    assert "November 2026" in html
    assert "Open day on Saturday" in html
    assert ">Promotional</span>" in html  # a text label, not colour alone
    assert "09:30" in html
    assert "?date=2026-11-12" in html  # a click on a day pre-fills it
    assert url(workspace, 2026, 10) in html
    assert url(workspace, 2026, 12) in html


def test_the_index_opens_this_month(client, workspace, editor):
    client.force_login(editor)
    today = timezone.now().astimezone(AMSTERDAM).date()
    response = client.get(reverse("calendar:index", kwargs={"workspace": workspace.slug}))
    assert response.url == url(workspace, today.year, today.month)


def test_an_impossible_month_is_not_found(client, workspace, editor):
    client.force_login(editor)
    assert client.get(url(workspace, 2026, 13)).status_code == 404


def test_queries_are_the_same_for_10_or_20000_posts(
    client, workspace, editor, django_assert_num_queries
):
    channel = SocialAccountFactory(workspace=workspace)
    for day in range(1, 11):
        PostFactory(
            workspace=workspace,
            channel=channel,
            owner=editor,
            scheduled_at=datetime.datetime(2026, 11, day, 10, tzinfo=AMSTERDAM),
        )
    client.force_login(editor)
    client.get(url(workspace))
    with django_assert_num_queries(11) as few:
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
        response = client.get(url(workspace))
    assert response.status_code == 200


def test_a_busy_day_shows_four_posts_and_links_to_the_rest(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    for minute in range(6):
        PostFactory(
            workspace=workspace,
            channel=channel,
            owner=editor,
            scheduled_at=datetime.datetime(2026, 11, 18, 9, minute, tzinfo=AMSTERDAM),
            text=f"Busy post {minute}",
        )
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    agenda, grid = html.split('data-testid="agenda"')[1].split("calendar-grid")
    assert grid.count('title="Busy post') == 4
    assert agenda.count('title="Busy post') == 4  # the phone's agenda shows the same
    assert "and 2 more" in html
    assert "?start=2026-11-18&amp;end=2026-11-18" in html


def test_a_day_is_the_workspaces_day_for_what_it_shows_and_counts(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    # 18 November in Amsterdam, from 00:15 (still the 17th in UTC) to 23:45; then the 19th.
    for hour, minute in [(0, 15), (9, 0), (10, 0), (11, 0), (23, 45)]:
        PostFactory(
            workspace=workspace,
            channel=channel,
            owner=editor,
            scheduled_at=datetime.datetime(2026, 11, 18, hour, minute, tzinfo=AMSTERDAM),
            text=f"On the 18th at {hour:02}:{minute:02}",
        )
    PostFactory(
        workspace=workspace,
        channel=channel,
        owner=editor,
        scheduled_at=datetime.datetime(2026, 11, 19, 0, 10, tzinfo=AMSTERDAM),
        text="Just after midnight",
    )
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    cells = dict(re.findall(r'data-day="(\d{4}-\d\d-\d\d)">(.*?)</td>', html, re.S))
    assert re.findall(r'title="(On the 18th[^"]*)"', cells["2026-11-18"]) == [
        "On the 18th at 00:15",
        "On the 18th at 09:00",
        "On the 18th at 10:00",
        "On the 18th at 11:00",
    ]
    assert "and 1 more" in cells["2026-11-18"]
    assert "On the 18th" not in cells["2026-11-17"]
    assert 'title="Just after midnight"' in cells["2026-11-19"]
    assert "more" not in cells["2026-11-19"]


def test_a_post_shows_its_time_labels_and_links(client, workspace, editor):
    post = PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2026, 11, 12, 16, 5, tzinfo=AMSTERDAM),
        category="engagement",
        status=Post.Status.CANCELLED,
        text="Which #heatpump do you have?",
    )
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    edit = reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk})
    assert 'class="post-chip category-engagement is-cancelled" draggable="true"' in html
    assert f'data-post-move="{edit}move/" data-revision="0"' in html
    assert f'href="{edit}?next=/w/{workspace.slug}/calendar/month/2026/11/"' in html
    assert '<span class="small fw-semibold" data-post-time>16:05</span>' in html
    assert ">Engagement</span>" in html
    assert str(post.channel) in html
    assert "Cancelled · " in html
    assert "hashtags to check" in html  # nobody checked #heatpump


def test_in_dutch(client, workspace, editor):
    for minute in range(6):
        PostFactory(
            workspace=workspace,
            owner=editor,
            scheduled_at=datetime.datetime(2026, 11, 18, 9, minute, tzinfo=AMSTERDAM),
            category="promotional",
            status=Post.Status.PUBLISHED,
        )
    client.force_login(editor)
    html = client.get(url(workspace), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "november 2026" in html
    assert ">Promotioneel</span>" in html
    assert "Gepubliceerd" in html
    assert 'aria-label="Een bericht plannen op 18 november"' in html
    assert "en nog 2" in html
    assert ">ma</th>" in html


def test_a_moved_post_shows_on_the_cached_month_at_once(
    client, workspace, editor, settings, django_assert_max_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    post = PostFactory(
        workspace=workspace,
        owner=editor,
        scheduled_at=datetime.datetime(2026, 11, 12, 9, tzinfo=AMSTERDAM),
        text="Moving around",
    )
    client.force_login(editor)
    client.get(url(workspace))
    # The grid and the balance come from the cache: only the layout's queries are made.
    with django_assert_max_num_queries(6):
        html = client.get(url(workspace)).content.decode()
    assert 'data-day="2026-11-12">' in html
    cell = re.search(r'data-day="2026-11-12">(.*?)</td>', html, re.S)[1]
    assert "Moving around" in cell
    client.post(
        reverse("calendar:post_move", kwargs={"workspace": workspace.slug, "pk": post.pk}),
        {"day": "2026-11-20", "revision": post.revision},
        HTTP_ACCEPT="application/json",
    )
    html = client.get(url(workspace)).content.decode()
    assert "Moving around" not in re.search(r'data-day="2026-11-12">(.*?)</td>', html, re.S)[1]
    assert "Moving around" in re.search(r'data-day="2026-11-20">(.*?)</td>', html, re.S)[1]
    # The CSRF token the drag-and-drop script sends is this visitor's, never a cached one.
    assert "csrf-placeholder" not in html
    assert re.search(r'data-csrf-token="[A-Za-z0-9]{32,}"', html)


def test_at_phone_width_the_month_is_an_agenda_of_the_days_with_posts(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    for day, text in ((20, "Later in the month"), (3, "Early in the month")):
        PostFactory(
            workspace=workspace,
            channel=channel,
            owner=editor,
            scheduled_at=datetime.datetime(2026, 11, day, 9, tzinfo=AMSTERDAM),
            text=text,
        )
    client.force_login(editor)
    html = client.get(url(workspace)).content.decode()
    agenda = html.split('data-testid="agenda"')[1].split("</ol>")[0]
    assert agenda.count('<li class="border-bottom') == 2  # only the days with posts
    assert agenda.index("Early in the month") < agenda.index("Later in the month")
    assert "Tuesday 3 November" in agenda
    assert 'class="table-responsive d-none d-sm-block"' in html  # the grid from 576 px up
