"""What each network takes in a post, counted as the network counts: one table.

To bring a network up to date, change its row in NETWORKS (and the date in CHECKED_ON and in
docs/calendar.md). Every check reads this table: saving a post, the live counter in the form
(the channel's options carry its row), the preview, imports and exports.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts_registry.models import Platform
from workspaces.formatting import number

CHECKED_ON = "2026-12-04"

URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
HASHTAG = re.compile(r"(?<![\w#])#\w+", re.UNICODE)


@dataclass(frozen=True)
class Network:
    name: str
    max_chars: int | None  # None: no limit that matters for planning
    # What one link in the text counts as (X shortens every link to 23 characters), or None
    # when a link counts as the characters it has.
    link_weight: int | None = None
    # X counts most characters outside Latin and common punctuation (CJK, emoji) as two.
    weighted: bool = False
    max_hashtags: int | None = None
    # Where the feed cuts the text with "… see more".
    see_more_at: int | None = None
    # Whether a link typed into the text can be clicked there (not on Instagram or TikTok).
    links_clickable: bool = True


NETWORKS: dict[str, Network] = {
    Platform.X: Network("X", 280, link_weight=23, weighted=True, see_more_at=280),
    Platform.BLUESKY: Network("Bluesky", 300),
    Platform.THREADS: Network("Threads", 500),
    Platform.MASTODON: Network("Mastodon", 500, link_weight=23),
    Platform.PINTEREST: Network("Pinterest", 500, links_clickable=False),
    Platform.INSTAGRAM: Network(
        "Instagram", 2200, max_hashtags=30, see_more_at=125, links_clickable=False
    ),
    Platform.TIKTOK: Network("TikTok", 2200, links_clickable=False, see_more_at=150),
    Platform.FACEBOOK: Network("Facebook", 63206, see_more_at=480),
    Platform.LINKEDIN_PAGE: Network("LinkedIn", 3000, see_more_at=210),
    Platform.LINKEDIN_GROUP: Network("LinkedIn", 3000, see_more_at=210),
    Platform.YOUTUBE: Network("YouTube", 5000, see_more_at=100),
    Platform.VIVA_ENGAGE: Network("Viva Engage", None),
    Platform.BLOG: Network("Blog", None),
    Platform.OTHER: Network("", None),
}

# X's weighted ranges: code points in these count one, every other counts two.
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def network_of(platform: str) -> Network:
    return NETWORKS.get(platform, NETWORKS[Platform.OTHER])


def _weight(char: str) -> int:
    point = ord(char)
    return 1 if any(low <= point <= high for low, high in _LIGHT) else 2


def text_length(platform: str, text: str) -> int:
    """The text's length as the network counts it."""
    network = network_of(platform)
    text = unicodedata.normalize("NFC", text or "")
    length = 0
    if network.link_weight is not None:
        links = URL.findall(text)
        length += network.link_weight * len(links)
        text = URL.sub("", text)
    if network.weighted:
        return length + sum(_weight(c) for c in text)
    return length + len(text)


@dataclass(frozen=True)
class Problem:
    code: str  # too_long, too_many_hashtags
    message: str

    def __str__(self) -> str:
        return self.message


def text_problems(platform: str, text: str) -> list[Problem]:
    """What the network would refuse of the text, in words of the active language."""
    network = network_of(platform)
    problems = []
    if network.max_chars is not None:
        length = text_length(platform, text)
        if length > network.max_chars:
            problems.append(
                Problem(
                    "too_long",
                    _(
                        "The text counts %(length)s characters on %(network)s, which takes at "
                        "most %(max)s: %(over)s too many."
                    )
                    % {
                        "length": number(length),
                        "network": network.name,
                        "max": number(network.max_chars),
                        "over": number(length - network.max_chars),
                    },
                )
            )
    if network.max_hashtags is not None:
        count = len(HASHTAG.findall(text or ""))
        if count > network.max_hashtags:
            problems.append(
                Problem(
                    "too_many_hashtags",
                    _("%(network)s takes at most %(max)s hashtags; the text has %(count)s.")
                    % {"network": network.name, "max": network.max_hashtags, "count": count},
                )
            )
    return problems


def preview(platform: str, text: str) -> tuple[str, bool]:
    """The text as the feed shows it before "see more", and whether it is cut."""
    cut = network_of(platform).see_more_at
    text = (text or "").strip()
    if cut is None or len(text) <= cut:
        return text, False
    return text[:cut].rstrip(), True
