from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..models import Evaluation


class EvaluationStartForm(forms.Form):
    period_end = forms.TypedChoiceField(label=_("Evaluate the period until"), choices=())

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["period_end"]
        field.choices = [(day.isoformat(), date_format(day)) for day in days]
        field.coerce = lambda value: next(d for d in days if d.isoformat() == value)
        field.initial = days[-1].isoformat()


class LessonsForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Evaluation
        fields = ["worked", "did_not_work", "to_change"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
