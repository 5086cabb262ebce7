"""What the apps above the calendar add to planning a post.

The calendar knows nothing of the apps above it (curation imports content_calendar, never the
other way round). An app registers here, in its AppConfig.ready():

- an **origin**, something of that app a post can be planned from (an item of a feed). The post
  form opened with ``?origin=<name>:<key>`` starts from what ``initial(workspace=, key=)``
  gives (the form's initial values; {} when the key is not of that workspace), and carries the
  origin along; ``planned(post=, key=, by=)`` is called inside the transaction that plans the
  post, so the mark (an item "planned as a post") is made with it or not at all.
- a **filler** of a category, where the balance panel sends a planner whose coming weeks have
  less of that category than the plan asks: ``link()`` -> (words, URL name). It is called
  while the panel is rendered and kept in the cache with the workspace's revision, so it must
  not read the database.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Origin:
    initial: Callable
    planned: Callable


_origins: dict[str, Origin] = {}
_fillers: dict[str, Callable] = {}


def register_origin(name: str, *, initial: Callable, planned: Callable) -> None:
    _origins[name] = Origin(initial=initial, planned=planned)


def register_filler(category: str, *, link: Callable) -> None:
    _fillers[category] = link


def _parse(origin: str) -> tuple[Origin, str] | None:
    name, _sep, key = (origin or "").partition(":")
    if name not in _origins or not key:
        return None
    return _origins[name], key


def origin_initial(*, workspace, origin: str) -> dict:
    """What the post form starts from when it is opened from `origin`; {} for an origin that is
    unknown or not of this workspace."""
    found = _parse(origin)
    return found[0].initial(workspace=workspace, key=found[1]) if found else {}


def origin_planned(*, post, origin: str, by) -> None:
    found = _parse(origin)
    if found:
        found[0].planned(post=post, key=found[1], by=by)


@dataclass(frozen=True)
class FillLink:
    category: str
    words: str
    url: str


def fill_links(*, workspace, categories: list[str]) -> list[FillLink]:
    """Where to find posts of the categories the coming weeks are short of."""
    links = []
    for category in categories:
        if category in _fillers:
            words, url_name = _fillers[category]()
            links.append(
                FillLink(category, words, reverse(url_name, kwargs={"workspace": workspace.slug}))
            )
    return links
