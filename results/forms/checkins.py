import re
from decimal import Decimal

from django import forms
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _

from strategy_planner.forms import check_csv_upload

from ..models import CheckIn, validate_result_day
from ..services import checkins as services

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FigureField(forms.DecimalField):
    """A figure as the reader writes it: 1.234,5 in Dutch, 1,234.5 in English (the thousands
    separator is optional; a space is one too)."""

    def to_python(self, value):
        if isinstance(value, str):
            thousands = get_format("THOUSAND_SEPARATOR")
            decimal = get_format("DECIMAL_SEPARATOR")
            value = re.sub(r"[\s\u00a0\u202f]", "", value).replace(thousands, "")
            value = value.replace(decimal, ".")
        return super().to_python(value)

    def prepare_value(self, value):
        # A saved figure is shown as the reader writes it (14,5 in Dutch).
        if isinstance(value, Decimal):
            return number_format(
                value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
            )
        return value


def _value_field(**kwargs) -> forms.DecimalField:
    return FigureField(
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class CheckInForm(forms.Form):
    measured_on = forms.DateField(label=_("Date"), widget=DATE, validators=[validate_result_day])
    value = _value_field(label=_("Value"))
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=CheckIn._meta.get_field("source").help_text,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CheckInEditForm(CheckInForm):
    # The revision the form was opened on: a save over someone else's change is refused.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class FiguresForm(forms.Form):
    """The month's figures: one day, and a value per measurable sub-goal (empty: skipped)."""

    measured_on = forms.DateField(
        label=_("Date of the figures"), widget=DATE, validators=[validate_result_day]
    )

    def __init__(self, *args, sub_goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.sub_goals = sub_goals
        for goal in sub_goals:
            self.fields[self.field_name(goal)] = _value_field(
                label=goal.description, required=False
            )

    @staticmethod
    def field_name(goal) -> str:
        return f"value_{goal.pk}"

    def rows(self):
        """Each sub-goal with its field, for the template."""
        return [(goal, self[self.field_name(goal)]) for goal in self.sub_goals]

    def values(self) -> dict:
        return {
            goal: self.cleaned_data[self.field_name(goal)]
            for goal in self.sub_goals
            if self.cleaned_data.get(self.field_name(goal)) is not None
        }


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Check-ins file (CSV)"), required=False)
    # The preview sends the file back, so confirming imports exactly what was previewed.
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            check_csv_upload(upload, limit=services.MAX_BYTES)
        return upload
