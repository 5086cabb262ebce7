"""The leaver's work in the apps above the registry, moved when their handover completes.

The registry knows nothing of posts or plans (the apps above it import the registry, never
the other way round). Each of those apps registers a provider here, in its AppConfig.ready():

- ``held(workspace=, person=)`` lists what the person still holds in that app, as ``Work``
  items (one per kind, or per plan), for the handover page;
- ``move(workspace=, person=, to=, by=)`` gives all of it to ``to`` in bulk (one UPDATE per
  kind, never a query per row), records ``by`` where the app keeps who changed something, and
  returns what moved as ``Work`` items;
- ``words(work)`` puts an item into words in the active language.

The registry calls ``move`` inside the transaction that completes the handover, so the work
moves exactly when the handover completes, or not at all.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass

from workspaces.formatting import number


@dataclass(frozen=True)
class Work:
    """Some of a person's work in one app: `count` things of one `kind`, optionally within
    something `name`d (a plan), with the page that shows them."""

    app: str
    kind: str
    count: int
    name: str = ""
    link: str = ""

    @property
    def count_text(self) -> str:
        """The count in the active language's style (1,250 / 1.250)."""
        return number(self.count)

    @property
    def words(self) -> str:
        """What this is, in the active language: "3 planned posts"."""
        provider = _providers.get(self.app)
        if provider is None:  # an app that is no longer installed: still say something
            return f"{self.count_text} {self.kind}"
        return provider.words(self)

    def __str__(self) -> str:
        return self.words

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Work":
        return cls(
            app=str(data.get("app", "")),
            kind=str(data.get("kind", "")),
            count=int(data.get("count", 0)),
            name=str(data.get("name", "")),
            link=str(data.get("link", "")),
        )


class WorkList:
    """Work items as one phrase, worded when it is shown: a notification renders its
    parameters in each recipient's language, so this is turned into text only then."""

    def __init__(self, works: list[Work]):
        self.works = list(works)

    def __str__(self) -> str:
        return "; ".join(work.words for work in self.works)


@dataclass(frozen=True)
class _Provider:
    held: Callable[..., list[Work]]
    move: Callable[..., list[Work]]
    words: Callable[[Work], str]


_providers: dict[str, _Provider] = {}


def register(
    app: str,
    *,
    held: Callable[..., list[Work]],
    move: Callable[..., list[Work]],
    words: Callable[[Work], str],
) -> None:
    """Offer the handover an app's work. Registering the same app again replaces it (ready()
    may run more than once in tests)."""
    _providers[app] = _Provider(held=held, move=move, words=words)


def held_work(*, workspace, person) -> list[Work]:
    """Everything the person still holds in the apps above the registry, each app's items in
    the order of registration; nothing counted zero."""
    works: list[Work] = []
    for provider in _providers.values():
        works.extend(w for w in provider.held(workspace=workspace, person=person) if w.count)
    return works


def move_work(*, workspace, person, to, by) -> list[Work]:
    """Give everything the person holds in this workspace to `to`; return what moved."""
    moved: list[Work] = []
    for provider in _providers.values():
        moved.extend(
            w for w in provider.move(workspace=workspace, person=person, to=to, by=by) if w.count
        )
    return moved
