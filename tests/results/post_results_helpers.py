"""Published posts and export files shared by the post results tests."""

import datetime
import pathlib
import zoneinfo

from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory

FILES = pathlib.Path(__file__).parent / "files"
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

# The three posts every sample export in files/ reports on.
POSTS = [
    (
        datetime.datetime(2026, 2, 10, 9, 0),
        "Onze nieuwe vacature voor verpleegkundigen staat online",
    ),
    (datetime.datetime(2026, 2, 11, 12, 30), "Vijf tips voor een goed sollicitatiegesprek"),
    (datetime.datetime(2026, 2, 12, 17, 0), "Wat vind jij het mooiste aan je werk?"),
]


def sample(name: str) -> bytes:
    return (FILES / name).read_bytes()


def published_posts(workspace, owner, channel=None, status=Post.Status.PUBLISHED):
    channel = channel or SocialAccountFactory(workspace=workspace)
    posts = [
        PostFactory(
            workspace=workspace,
            channel=channel,
            owner=owner,
            status=status,
            scheduled_at=at.replace(tzinfo=AMSTERDAM),
            text=text + " #zorg",
            category="curated",
        )
        for at, text in POSTS
    ]
    return channel, posts
