"""`{{ amount|money }}` and `{{ fraction|percent }}` for the results pages."""

from django import template

from results import money as formatting

register = template.Library()


@register.filter
def money(value) -> str:
    return formatting.money(value)


@register.filter
def percent(value) -> str:
    return formatting.percent(value)
