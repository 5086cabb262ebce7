"""Numbers and dates in the language of the reader: one style per language, no trailing zeros."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from workspaces.formatting import date_text, format_language, number
from workspaces.models import DateOrder

from ..factories import WorkspaceFactory


@pytest.mark.parametrize(
    ("value", "english", "dutch"),
    [
        (Decimal("2.00"), "2", "2"),
        (Decimal("10.00"), "10", "10"),
        (Decimal("2.50"), "2.5", "2,5"),
        (Decimal("1250.50"), "1,250.5", "1.250,5"),
        (Decimal("0.00"), "0", "0"),
        (Decimal("-3.10"), "-3.1", "-3,1"),
        ("4.00", "4", "4"),  # a snapshot keeps numbers as text
        (8, "8", "8"),
        (None, "", ""),
    ],
)
def test_numbers_drop_trailing_zeros_and_use_the_language_separator(value, english, dutch):
    with translation.override("en"):
        assert number(value) == english
    with translation.override("nl"):
        assert number(value) == dutch


def test_text_that_is_not_a_number_is_given_back():
    assert number("about ten") == "about ten"


def test_the_number_filter_needs_no_load():
    template = Template("{{ baseline|number }} → {{ target|number }}")
    context = Context({"baseline": Decimal("2.00"), "target": Decimal("10.00")})
    assert template.render(context) == "2 → 10"


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("en", "3 December 2026", "3 Dec 2026"),
        ("nl", "3 december 2026", "3 dec 2026"),
        ("en-us", "December 3, 2026", "Dec 3, 2026"),
    ],
)
def test_one_date_style_per_language(language, long, short):
    day = datetime.date(2026, 12, 3)
    with translation.override(language):
        assert date_text(day) == long
        template = Template('{{ day|date:"DATE_FORMAT" }} / {{ day|date:"SHORT_DATE_FORMAT" }}')
        assert template.render(Context({"day": day})) == f"{long} / {short}"


def test_a_moment_is_shown_in_the_given_zone():
    moment = datetime.datetime(2026, 12, 3, 13, 0, tzinfo=datetime.UTC)
    with translation.override("nl"):
        assert date_text(moment, time_zone="Europe/Amsterdam") == "3 december 2026, 14:00"


@pytest.mark.django_db
def test_only_english_follows_the_workspace_date_order():
    month_first = WorkspaceFactory(date_order=DateOrder.MONTH_DAY)
    day_first = WorkspaceFactory()
    assert day_first.date_order == DateOrder.DAY_MONTH
    assert format_language("en", month_first) == "en-us"
    assert format_language("en", day_first) == "en"
    assert format_language("nl", month_first) == "nl"
