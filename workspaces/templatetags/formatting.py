"""`{{ value|number }}`, available in every template (settings: TEMPLATES' builtins)."""

from django import template

from workspaces.formatting import number as format_number

register = template.Library()


@register.filter
def number(value) -> str:
    """2.00 → "2", 1250.5 → "1,250.5" / "1.250,5": no trailing zeros, the language's
    separators. Machine-readable files (CSV, JSON) keep their own plain numbers."""
    return format_number(value)
