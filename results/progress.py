"""Where a sub-goal stands: the expected value on a day, and ahead / on track / behind.

Plain functions of numbers and dates, so the pages, the API, the sweeps and the evaluation
all judge alike. The rule, in words, is in docs/results.md:

- The path runs in a straight line from the baseline on the plan's first day to the target on
  the sub-goal's deadline; after the deadline the expected value is the target.
- A target below the baseline means lower is better (cost per lead goes down).
- The latest check-in on or before the day counts. Reaching the target is *achieved* (at any
  time); past the deadline without it is *missed*; otherwise the latest value is compared with
  the value expected on that day: more than the tolerance better is *ahead*, more than the
  tolerance worse is *behind*, in between *on track*.
- The tolerance is 5 % of the distance from baseline to target.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .models import ProgressState

TOLERANCE = Decimal("0.05")
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Reading:
    """A check-in's value on its day (what progress needs of a CheckIn)."""

    on: datetime.date
    value: Decimal


@dataclass(frozen=True)
class Path:
    """From the baseline on `start` to the target on `deadline`."""

    baseline: Decimal
    target: Decimal
    start: datetime.date
    deadline: datetime.date

    @property
    def lower_is_better(self) -> bool:
        return self.target < self.baseline

    @property
    def distance(self) -> Decimal:
        return abs(self.target - self.baseline)

    def expected_on(self, day: datetime.date) -> Decimal:
        if day >= self.deadline:
            return self.target
        if day <= self.start:
            return self.baseline
        share = Decimal((day - self.start).days) / Decimal((self.deadline - self.start).days)
        value = self.baseline + (self.target - self.baseline) * share
        return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)

    def better_by(self, value: Decimal, than: Decimal) -> Decimal:
        """How much better `value` is than `than` (negative: worse), in the metric's units."""
        return than - value if self.lower_is_better else value - than

    def reached(self, value: Decimal) -> bool:
        return self.better_by(value, self.target) >= 0


@dataclass(frozen=True)
class Progress:
    state: str
    path: Path | None
    latest: Reading | None
    day: datetime.date
    # Filled when there is a path and a reading.
    expected: Decimal | None = None
    # Positive: better than expected; negative: worse (in the metric's units).
    gap: Decimal | None = None

    @property
    def label(self) -> str:
        return ProgressState(self.state).label

    @property
    def share_done(self) -> Decimal | None:
        """How far from baseline to target the latest value has come (0 to 1, may exceed 1)."""
        if self.path is None or self.latest is None or not self.path.distance:
            return None
        return self.path.better_by(self.latest.value, self.path.baseline) / self.path.distance


def path_of(
    *,
    baseline: Decimal | None,
    target: Decimal | None,
    start: datetime.date | None,
    deadline: datetime.date | None,
) -> Path | None:
    """The sub-goal's path, or None when an input is missing (nothing is invented)."""
    if baseline is None or target is None or start is None or deadline is None:
        return None
    return Path(baseline=baseline, target=target, start=start, deadline=max(deadline, start))


def latest_reading(readings: Iterable[Reading], day: datetime.date) -> Reading | None:
    latest = None
    for reading in readings:
        if reading.on <= day and (latest is None or reading.on >= latest.on):
            latest = reading
    return latest


def assess(*, path: Path | None, readings: Sequence[Reading], day: datetime.date) -> Progress:
    latest = latest_reading(readings, day)
    if path is None:
        return Progress(state=ProgressState.NOT_MEASURABLE, path=None, latest=latest, day=day)
    if latest is None:
        state = ProgressState.MISSED if day > path.deadline else ProgressState.NO_CHECK_IN
        return Progress(state=state, path=path, latest=None, day=day)
    expected = path.expected_on(day)
    gap = path.better_by(latest.value, expected)
    if path.reached(latest.value):
        state = ProgressState.ACHIEVED
    elif day > path.deadline:
        state = ProgressState.MISSED
    else:
        tolerance = path.distance * TOLERANCE
        if gap > tolerance:
            state = ProgressState.AHEAD
        elif gap < -tolerance:
            state = ProgressState.BEHIND
        else:
            state = ProgressState.ON_TRACK
    return Progress(state=state, path=path, latest=latest, day=day, expected=expected, gap=gap)


def number(value: Decimal) -> str:
    """A figure in the reader's language: 1.234,5 in Dutch, 1,234.5 in English."""
    value = value.normalize() if value == value.to_integral() else value
    places = 0 if value == value.to_integral() else 2
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def describe(progress: Progress, *, unit: str = "") -> str:
    """The numbers behind the state, in the reader's language ("42 of 60 applications; 48
    expected by today; behind by 6"). Plain text, for pages, emails and the API alike."""
    path, latest = progress.path, progress.latest
    if path is None:
        return _("Give the sub-goal a baseline, a target and a deadline to follow its progress.")
    params = {"target": number(path.target), "unit": unit, "deadline": date_format(path.deadline)}
    if latest is None:
        return _("No check-in yet; target %(target)s %(unit)s by %(deadline)s.") % params
    params |= {"value": number(latest.value), "on": date_format(latest.on)}
    if path.lower_is_better:
        now = _("%(value)s %(unit)s on %(on)s, target %(target)s") % params
    else:
        now = _("%(value)s of %(target)s %(unit)s on %(on)s") % params
    state = progress.state
    if state == ProgressState.ACHIEVED:
        return _("%(now)s: target reached.") % {"now": now}
    if state == ProgressState.MISSED:
        return _("%(now)s: the deadline %(deadline)s has passed.") % {
            "now": now,
            "deadline": params["deadline"],
        }
    expected = {"expected": number(progress.expected), "gap": number(abs(progress.gap))}
    if progress.day != timezone.localdate():
        # Judged on another day than today (an evaluation reads the period's last day).
        expected["day"] = date_format(progress.day)
        if state == ProgressState.AHEAD:
            tail = _("%(expected)s expected by %(day)s; ahead by %(gap)s") % expected
        elif state == ProgressState.BEHIND:
            tail = _("%(expected)s expected by %(day)s; behind by %(gap)s") % expected
        else:
            tail = _("%(expected)s expected by %(day)s; on track") % expected
    elif state == ProgressState.AHEAD:
        tail = _("%(expected)s expected by today; ahead by %(gap)s") % expected
    elif state == ProgressState.BEHIND:
        tail = _("%(expected)s expected by today; behind by %(gap)s") % expected
    else:
        tail = _("%(expected)s expected by today; on track") % expected
    return f"{now}; {tail}."
