from django import forms
from django.forms import inlineformset_factory, modelform_factory
from django.utils.translation import gettext_lazy as _

from accounts_registry.selectors import channel_accounts
from workspaces.models import Role
from workspaces.selectors import users_with_role

from .models import REALITIES, ChannelPlan, Section, StrategyPlan, SuccessMeaning
from .sections import SECTION_FIELDS, SECTION_ITEMS, ItemList

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanDetailsForm(forms.ModelForm):
    """Title, period, reviewer and review dates of a plan."""

    class Meta:
        model = StrategyPlan
        fields = ["title", "period_start", "period_end", "reviewer", "review_due", "next_review_on"]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "review_due": DATE,
            "next_review_on": DATE,
        }

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        reviewer = self.fields["reviewer"]
        reviewer.queryset = users_with_role(workspace=workspace, role=Role.REVIEWER).order_by(
            "name", "email"
        )
        reviewer.empty_label = _("Any reviewer of the workspace")
        reviewer.help_text = _("The manager who reviews and approves the plan.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return cleaned


class PlanCreateForm(PlanDetailsForm):
    class Meta(PlanDetailsForm.Meta):
        fields = ["title", "period_start", "period_end", "reviewer"]


class PlanCopyForm(forms.Form):
    title = forms.CharField(label=_("Title of the new plan"), max_length=200)
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period until"), widget=DATE)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return cleaned


class StepForm(forms.ModelForm):
    """The answers of one step, and the step's revision the person started from."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, section: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        if not self.is_bound:
            self.initial["revision"] = self.instance.revision_of(section)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
            if name.startswith("reality_"):
                key = name.removeprefix("reality_")
                _key, title, question = next(r for r in REALITIES if r[0] == key)
                field.label, field.help_text = title, question
        if "success_meanings" in self.fields:
            self.fields["success_meanings"] = forms.MultipleChoiceField(
                label=_("What success means for us"),
                choices=SuccessMeaning.choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=self.instance.success_meanings,
            )
        for name in ("mix_promotional", "mix_curated", "mix_engagement"):
            if name in self.fields:
                self.fields[name].widget.attrs.update({"min": 0, "max": 100})
                self.fields[name].help_text = _("A whole percentage; the three add up to 100.")

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in SECTION_FIELDS[self.section]}


def step_form_class(section: str) -> type[StepForm]:
    return modelform_factory(StrategyPlan, form=StepForm, fields=SECTION_FIELDS[section])


class ItemForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 2
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE


class ChannelPlanForm(ItemForm):
    """A channel row: only this workspace's accounts and members can be chosen. The choices are
    read once for all rows (and the empty template row), so queries do not grow with rows."""

    def __init__(self, *args, accounts, account_choices, owners, owner_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
        self.fields["account"].choices = account_choices
        self.fields["owner"].queryset = owners
        self.fields["owner"].choices = owner_choices


def item_formset_class(item: ItemList):
    return inlineformset_factory(
        StrategyPlan,
        item.model,
        form=ChannelPlanForm if item.model is ChannelPlan else ItemForm,
        fields=item.fields,
        extra=1,
        can_delete=True,
        widgets={"deadline": DATE},
    )


def _channel_form_kwargs(plan: StrategyPlan) -> dict:
    accounts = channel_accounts(workspace=plan.workspace)
    owners = users_with_role(workspace=plan.workspace, role=Role.EDITOR).order_by("name", "email")
    return {
        "accounts": accounts,
        "account_choices": [("", "---------"), *((a.pk, str(a)) for a in accounts)],
        "owners": owners,
        "owner_choices": [("", "---------"), *((u.pk, u.display_name) for u in owners)],
    }


def step_formsets(*, section: str, plan: StrategyPlan, data=None) -> list:
    """One formset per repeating item of the step, e.g. audiences, conversations, team."""
    formsets = []
    for item in SECTION_ITEMS[section]:
        form_kwargs = _channel_form_kwargs(plan) if item.model is ChannelPlan else {}
        formset = item_formset_class(item)(
            data, instance=plan, prefix=item.name, form_kwargs=form_kwargs
        )
        formset.item = item
        formsets.append(formset)
    return formsets


def formset_rows(formset) -> list[dict]:
    """The rows a valid formset describes, in order, as plain data for the service."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue  # the empty extra row
        if formset.can_delete and formset._should_delete_form(form):
            continue
        row = {name: form.cleaned_data.get(name) for name in formset.item.fields}
        row["id"] = form.instance.pk
        rows.append(row)
    return rows


class CommentForm(forms.Form):
    section = forms.ChoiceField(choices=Section.choices, widget=forms.HiddenInput)
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Plan file (JSON)"))
