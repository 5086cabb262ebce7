"""Two months of the demo company's posts, with a realistic mix: mostly curated and
engagement, some promotion, one post with a hashtag still to check."""

import datetime

from django.utils import timezone

from accounts_registry.selectors import channel_accounts

from .models import Category, Post
from .selectors import workspace_zone

TEXTS = {
    Category.PROMOTIONAL: [
        "Open dag zaterdag: kom kijken hoe een warmtepomp werkt.",
        "Nieuw: onderhoudscontract voor bedrijfspanden, vaste prijs per jaar.",
    ],
    Category.CURATED: [
        "Handig overzicht van de subsidies voor verduurzaming in 2027.",
        "Goed artikel over koudemiddelen en wat de nieuwe regels betekenen.",
        "Onderzoek: zo veel besparen bedrijfspanden met slimme regeling.",
    ],
    Category.ENGAGEMENT: [
        "Vraag aan facility managers: waar loopt u tegenaan bij onderhoud?",
        "Monteurs, wat is jullie beste tip voor een koude winterochtend?",
        "Welke vraag over warmtepompen moeten wij eens beantwoorden?",
    ],
}
# Per weekday (Monday 0): which category goes out on the first two channels.
RHYTHM = {0: Category.CURATED, 1: Category.ENGAGEMENT, 3: Category.CURATED, 4: Category.PROMOTIONAL}


def populate(*, workspace, people) -> None:
    if Post.objects.filter(workspace=workspace).exists():
        return
    channels = list(channel_accounts(workspace=workspace).filter(status="active"))[:2]
    if not channels:
        return
    zone = workspace_zone(workspace)
    eva = people["eva.jansen@vandijk-installatie.nl"]
    tim = people["tim.visser@vandijk-installatie.nl"]
    today = timezone.now().astimezone(zone).date()
    # From the Monday of the first week shown in this month's calendar.
    first = today.replace(day=1)
    first -= datetime.timedelta(days=first.weekday())
    posts, counter = [], 0
    day = first
    while day < first + datetime.timedelta(days=70):
        category = RHYTHM.get(day.weekday())
        if category:
            for index, channel in enumerate(channels):
                if index and day.weekday() == 3:
                    continue  # the second channel is quieter
                texts = TEXTS[category]
                text = texts[counter % len(texts)]
                counter += 1
                moment = datetime.datetime.combine(day, datetime.time(9 + 2 * index, 0), zone)
                posts.append(
                    Post(
                        workspace=workspace,
                        channel=channel,
                        scheduled_at=moment,
                        category=category,
                        text=text,
                        owner=eva if index == 0 else tim,
                        status=Post.Status.PUBLISHED if day < today else Post.Status.DRAFT,
                    )
                )
        day += datetime.timedelta(days=1)
    posts.append(
        Post(
            workspace=workspace,
            channel=channels[0],
            scheduled_at=datetime.datetime.combine(
                today + datetime.timedelta(days=2), datetime.time(10, 0), zone
            ),
            category=Category.ENGAGEMENT,
            text="Wat vindt u van de nieuwe regels? #duurzaamheid #warmtepomp",
            owner=eva,
            status=Post.Status.DRAFT,
        )
    )
    Post.objects.bulk_create(posts)
