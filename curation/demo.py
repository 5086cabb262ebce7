"""The demo workspace's curated content: two sources read from sample feeds shipped with the
app (curation/demo_feeds/), so the inbox has items at the first start, without internet.

Their addresses are examples that no network answers, so the sources are switched off: the
periodic fetch leaves them alone. The items' dates are moved to the last days before today, as
a feed read this morning would have them."""

import datetime
from pathlib import Path

from django.utils import timezone

from content_calendar.plan_links import PlansInForce
from content_calendar.selectors import today_in

from . import parsing
from .models import Item, Source

FEEDS = Path(__file__).resolve().parent / "demo_feeds"
SOURCES = [
    # (file, feed address, the plan's theme it feeds, content type)
    (
        "installatie-nieuws.xml",
        "https://installatienieuws.example/feed.xml",
        "Warmtepomp in de praktijk",
        "application/rss+xml",
    ),
    (
        "werken-in-de-techniek.json",
        "https://werkenindetechniek.example/feed.json",
        "Werken bij Van Dijk",
        "application/feed+json",
    ),
]


def populate(*, workspace, people) -> None:
    if Source.objects.filter(workspace=workspace).exists():
        return
    owner = people.get("eva.jansen@vandijk-installatie.nl")
    plan = PlansInForce(workspace).on(today_in(workspace))
    now = timezone.now()
    for index, (file, feed_url, theme, content_type) in enumerate(SOURCES):
        feed = parsing.parse((FEEDS / file).read_bytes(), url=feed_url, content_type=content_type)
        source = Source.objects.create(
            workspace=workspace,
            name=feed.title,
            feed_url=feed_url,
            site_url=feed.site_url,
            theme=plan.named("theme", theme),
            owner=owner,
            active=False,
            fetched_at=now,
        )
        Item.objects.bulk_create(
            Item(
                source=source,
                key=entry.key,
                link=entry.link,
                title=entry.title,
                summary=entry.summary,
                # The newest yesterday, then one every three days before it; the second
                # source a day and a half behind the first.
                published_at=now - datetime.timedelta(days=1 + 3 * n, hours=2 + 36 * index),
                fetched_at=now,
            )
            for n, entry in enumerate(feed.entries)
        )
