"""Numbers and dates as people read them, in the active language: one place for pages, emails
and notifications, so a number or a date looks the same wherever it appears."""

import datetime
import zoneinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats, timezone, translation

# The format module of English with the month before the day (strategy_planner/formats/en_US);
# the translations are the English ones.
ENGLISH_MONTH_FIRST = "en-us"


def format_language(language: str, workspace=None) -> str:
    """The language whose formats to use for `language` in `workspace`: English follows the
    workspace's date order; every other language has one style."""
    if language == "en" and getattr(workspace, "date_order", "") == "month_day":
        return ENGLISH_MONTH_FIRST
    return language


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def _number(value: Any, *, grouping: bool) -> str:
    if value is None or value == "":
        return ""
    amount = _as_decimal(value)
    if amount is None or not amount.is_finite():
        return str(value)
    amount = amount.normalize()
    if amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))  # 1E+1 is 10
    return formats.number_format(amount, use_l10n=True, force_grouping=grouping)


def number(value: Any) -> str:
    """A number without trailing zeros, with the active language's separators: 2.00 is "2",
    1250.50 is "1,250.5" in English and "1.250,5" in Dutch. Not a number: given back as text
    (None as "")."""
    return _number(value, grouping=True)


def number_input(value: Any) -> str:
    """A number as a form's box shows it: as number(), but without thousands separators, so
    that what is shown is read back as the same number ("1250,5" in Dutch)."""
    return _number(value, grouping=False)


def date_text(value: datetime.date | datetime.datetime, *, time_zone: str | None = None) -> str:
    """A date, or a moment in `time_zone` (else the current one), in the active language's
    style for sentences: "3 December 2026", "3 december 2026, 14:00"."""
    if isinstance(value, datetime.datetime):
        zone = zoneinfo.ZoneInfo(time_zone) if time_zone else None
        if timezone.is_aware(value):
            value = timezone.localtime(value, zone)
        return formats.date_format(value, "DATETIME_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def short_day_format() -> str:
    """The active language's style for a day without its year in lists and panels: "3 Dec",
    "3 dec", "Dec 3". Django knows no such format (and its "M" capitalises the month in every
    language), so each of our format modules names it as SHORT_MONTH_DAY_FORMAT."""
    for module in formats.get_format_modules(translation.get_language()):
        style = getattr(module, "SHORT_MONTH_DAY_FORMAT", None)
        if style:
            return style
    return "j M"


def short_day(value: datetime.date | datetime.datetime) -> str:
    return formats.date_format(value, short_day_format())


def day_and_time(value: datetime.datetime) -> str:
    """A moment with its weekday, in the active language's style for tables: "Tue 2 Mar 2027
    09:00", "di 2 mrt 2027 09:00". Each of our format modules names it as
    WEEKDAY_DATETIME_FORMAT, which Django does not know."""
    for module in formats.get_format_modules(translation.get_language()):
        style = getattr(module, "WEEKDAY_DATETIME_FORMAT", None)
        if style:
            return formats.date_format(value, style)
    return formats.date_format(value, "D j M Y H:i")


def param_text(value: Any, *, time_zone: str | None = None) -> str:
    """A message parameter as text in the active language: dates and numbers in its style."""
    if isinstance(value, datetime.date):
        return date_text(value, time_zone=time_zone)
    if isinstance(value, Decimal | float):
        return number(value)
    return str(value)
