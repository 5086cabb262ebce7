"""`{{ amount|money }}`, `{{ fraction|percent }}` and `{{ count|figure }}` for the results
pages."""

from django import template
from django.utils.formats import number_format

from results import money as formatting

register = template.Library()


@register.filter
def money(value) -> str:
    return formatting.money(value)


@register.filter
def percent(value) -> str:
    return formatting.percent(value)


@register.filter
def figure(value) -> str:
    """A count the network reported, grouped in the reader's language (1,234 or 1.234); an
    unknown one as a dash, never as zero."""
    if value is None or value == "":
        return "—"
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
