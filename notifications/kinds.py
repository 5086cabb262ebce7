"""Which kinds of notification exist, so that people can choose which of them to get by email.

Notifications knows no kind itself: each app that sends notifications registers its kinds in
its AppConfig.ready(), with a label people understand and a group for the settings page. A kind
that nobody registered is still delivered (and emailed), but nobody can mute it, which is why a
test checks that every kind in the code is registered.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class KindGroup:
    """A heading on the settings page. Groups are shown by `position`, then as registered."""

    key: str
    label: str
    position: int = 100


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    group: KindGroup


# Shared by the apps whose sweeps remind people of something due or late.
REMINDERS = KindGroup("reminders", _("Reminders"), position=900)

_kinds: dict[str, Kind] = {}
_groups: dict[str, KindGroup] = {}


def register_kind(key: str, *, label: str, group: KindGroup) -> None:
    """Make `key` known: `label` (a lazy translation) names it on the settings page."""
    known = _kinds.get(key)
    if known is not None and (known.label, known.group.key) != (label, group.key):
        raise ValueError(f"The notification kind {key!r} is registered twice, differently.")
    _groups.setdefault(group.key, group)
    _kinds[key] = Kind(key=key, label=label, group=_groups[group.key])


def registered_kinds() -> dict[str, Kind]:
    return dict(_kinds)


def kinds_by_group() -> list[tuple[KindGroup, list[Kind]]]:
    """The groups in the order of the settings page, each with its kinds as registered."""
    order = list(_groups)
    groups = sorted(_groups.values(), key=lambda g: (g.position, order.index(g.key)))
    return [(g, [k for k in _kinds.values() if k.group.key == g.key]) for g in groups]
