"""`{{ value|number }}` and `{{ value|short_day }}`, available in every template (settings:
TEMPLATES' builtins)."""

from django import template

from workspaces.formatting import number as format_number
from workspaces.formatting import short_day as format_short_day

register = template.Library()


@register.filter
def number(value) -> str:
    """2.00 → "2", 1250.5 → "1,250.5" / "1.250,5": no trailing zeros, the language's
    separators. Machine-readable files (CSV, JSON) keep their own plain numbers."""
    return format_number(value)


@register.filter
def short_day(value) -> str:
    """A day without its year in the reader's style: "3 Dec", "3 dec", "Dec 3" ("" for none)."""
    return format_short_day(value) if value else ""
