"""Money as people read it: "€ 1.234,50" in Dutch, "€1,234.50" in English."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

CENTS = Decimal("0.01")


def as_decimal(value: Any) -> Decimal | None:
    """A Decimal from a Decimal, a number or the text a frozen figure keeps; None otherwise."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def money(value: Any) -> str:
    """An amount in euros with cents and the language's separators ("" for none)."""
    amount = as_decimal(value)
    if amount is None:
        return ""
    text = formats.number_format(
        amount.quantize(CENTS), decimal_pos=2, use_l10n=True, force_grouping=True
    )
    return _("€%(amount)s") % {"amount": text}


def percent(value: Any) -> str:
    """A fraction as a whole percentage: 2.5 → "250 %"."""
    amount = as_decimal(value)
    if amount is None:
        return ""
    whole = (amount * 100).quantize(Decimal(1))
    return _("%(value)s %%") % {
        "value": formats.number_format(whole, use_l10n=True, force_grouping=True)
    }
