from django import template

from ..forms import bootstrap_field as render_field

register = template.Library()


@register.filter
def bootstrap_field(field):
    """{{ form.field|bootstrap_field }}: the field as crispy's Bootstrap 5 layout renders it,
    built in Python (accounts_registry.forms.bootstrap_field)."""
    return render_field(field)
