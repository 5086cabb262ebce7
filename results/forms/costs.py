from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ResultsSettings, Spend, validate_result_day

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResultsSettingsForm(forms.ModelForm):
    class Meta:
        model = ResultsSettings
        fields = ["hourly_cost"]


class SpendForm(forms.ModelForm):
    spent_on = forms.DateField(label=_("date"), widget=DATE, validators=[validate_result_day])

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"] = forms.ModelChoiceField(queryset=plans, label=_("plan"))
        self.order_fields(["plan", "spent_on", "kind", "amount", "description"])

    class Meta:
        model = Spend
        fields = ["spent_on", "kind", "amount", "description"]


class CostsFilterForm(forms.Form):
    plan = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
