"""Two months of the demo company's posts, with a realistic mix: mostly curated and
engagement, some promotion, one post with a hashtag still to check."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts_registry.selectors import channel_accounts

from . import images
from .models import Campaign, Category, Post, PostingSlot, PostSeries
from .plan_links import PlansInForce
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
    plans = PlansInForce(workspace)
    campaign = Campaign.objects.create(
        workspace=workspace,
        name="Winteronderhoud",
        description="Onderhoudscontracten voor de winter, voor facility managers.",
    )
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
                plan = plans.on(day)
                posts.append(
                    Post(
                        workspace=workspace,
                        channel=channel,
                        scheduled_at=moment,
                        category=category,
                        text=text,
                        owner=eva if index == 0 else tim,
                        status=Post.Status.PUBLISHED if day < today else Post.Status.DRAFT,
                        # What it serves, from the plan in force on its day.
                        theme=plan.themes[counter % len(plan.themes)] if plan.themes else None,
                        audience=plan.audiences[0] if plan.audiences else None,
                        campaign=campaign if category == Category.PROMOTIONAL else None,
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
    posts += _weekly_question(workspace=workspace, channel=channels[0], by=eva, today=today)
    Post.objects.bulk_create(posts)
    # The rhythm as posting slots: the first channel on Monday and Thursday at 09:00, the
    # second on Tuesday at 11:00, so the calendar shows the gaps still to fill.
    PostingSlot.objects.bulk_create(
        [
            PostingSlot(workspace=workspace, channel=channels[0], weekday=1, time=NINE),
            PostingSlot(workspace=workspace, channel=channels[0], weekday=4, time=NINE),
            *(
                [PostingSlot(workspace=workspace, channel=channels[1], weekday=2, time=ELEVEN)]
                if len(channels) > 1
                else []
            ),
        ]
    )
    _images(posts, eva)


NINE, ELEVEN = datetime.time(9), datetime.time(11)
WEEKLY_QUESTION = "Woensdagvraag: wat wilt u deze week weten over uw installatie?"


def _weekly_question(*, workspace, channel, by, today) -> list[Post]:
    """A recurring post: the same question every Wednesday for eight weeks, as one series
    (Wednesday is free in RHYTHM, so it adds to the mix rather than clashing)."""
    first = today + datetime.timedelta(days=(2 - today.weekday()) % 7 or 7)
    until = first + datetime.timedelta(weeks=7)
    series = PostSeries.objects.create(
        workspace=workspace, frequency=PostSeries.Frequency.WEEKLY, until=until, created_by=by
    )
    zone = workspace_zone(workspace)
    return [
        Post(
            workspace=workspace,
            channel=channel,
            series=series,
            scheduled_at=datetime.datetime.combine(
                first + datetime.timedelta(weeks=week), datetime.time(12, 0), zone
            ),
            category=Category.ENGAGEMENT,
            text=WEEKLY_QUESTION,
            owner=by,
            status=Post.Status.DRAFT,
        )
        for week in range(8)
    ]


IMAGES = [
    ("#2e7d6b", "Een monteur controleert een warmtepomp in een technische ruimte."),
    ("#c0504d", "Affiche van de open dag, met datum en adres van de werkplaats."),
]


def _images(posts, by) -> None:
    """Two upcoming posts with an image each: drawn here (a coloured card), so the demo
    needs no files or internet."""
    upcoming = [p for p in posts if p.status == Post.Status.DRAFT][:2]
    for post, (colour, alt_text) in zip(upcoming, IMAGES, strict=False):
        out = io.BytesIO()
        Image.new("RGB", (1200, 675), colour).save(out, format="PNG")
        upload = SimpleUploadedFile("demo.png", out.getvalue(), content_type="image/png")
        images.post_image_add(post=post, by=by, file=upload, alt_text=alt_text)
