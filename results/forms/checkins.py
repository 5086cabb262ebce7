from django import forms
from django.utils.translation import gettext_lazy as _

from strategy_planner.forms import check_csv_upload

from ..models import CheckIn
from ..services import checkins as services

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _value_field(**kwargs) -> forms.DecimalField:
    # Localised: a Dutch user types 1.234,5, an English one 1,234.5.
    return forms.DecimalField(
        max_digits=14,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class CheckInForm(forms.Form):
    measured_on = forms.DateField(label=_("Date"), widget=DATE)
    value = _value_field(label=_("Value"))
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=CheckIn._meta.get_field("source").help_text,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class FiguresForm(forms.Form):
    """The month's figures: one day, and a value per measurable sub-goal (empty: skipped)."""

    measured_on = forms.DateField(label=_("Date of the figures"), widget=DATE)

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
