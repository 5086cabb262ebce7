import datetime

import factory
from django.utils import timezone

from curation.models import Item, Source

from ..factories import WorkspaceFactory


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Installatie Nieuws {n}")
    feed_url = factory.Sequence(lambda n: f"https://news{n}.example/feed.xml")
    site_url = factory.Sequence(lambda n: f"https://news{n}.example/")
    # Fetched a moment ago: the periodic fetch leaves it alone in a test.
    fetched_at = factory.LazyFunction(timezone.now)
    next_fetch_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=1))


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    source = factory.SubFactory(SourceFactory)
    key = factory.Sequence(lambda n: f"item-{n}")
    link = factory.Sequence(lambda n: f"https://news.example/articles/{n}")
    title = factory.Sequence(lambda n: f"Heat pumps in winter, part {n}")
    summary = "What installers learnt this year."
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(hours=n % 1000 + 1)
    )
