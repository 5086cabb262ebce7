from django import forms
from django.forms import inlineformset_factory, modelform_factory
from django.utils.translation import gettext_lazy as _

from accounts_registry.selectors import channel_accounts
from workspaces.models import Role
from workspaces.selectors import users_with_role

from .models import (
    REALITIES,
    Audience,
    ChannelPlan,
    ContentTheme,
    Conversation,
    Measurement,
    Section,
    StrategyPlan,
    SubGoal,
    SuccessMeaning,
    TeamRole,
)
from .sections import SECTION_FIELDS, SECTION_ITEMS, ItemList
from .services import plan_details_revision

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The help under each worksheet question that the model does not give, from the domain
# (DOMAIN.md). Here rather than in the models: rewording help there costs a migration.
HELP_TEXTS: dict[type, dict[str, str]] = {
    StrategyPlan: {
        "success_meanings": _(
            "Tick what counts as success for this plan; the sub-goals make it measurable."
        ),
        "value_proposition": _("What we offer, and why customers choose us over others."),
    },
    SubGoal: {
        "category": _("What social media do for the business here, e.g. support recruiting."),
        "description": _("One concrete result, e.g. more applications from technicians."),
        "baseline": _("Where you stand now, in the metric's unit."),
        "target": _("Where you want to be by the deadline."),
        "deadline": _("When the target must be reached."),
    },
    Audience: {
        "name": _("A group you want to reach, e.g. facility managers."),
        "cares_about": _("Their questions, worries and interests."),
        "where_active": _("Where they already are, e.g. LinkedIn groups, forums, Instagram."),
        "creates_content": _(
            "Don't expect user-generated content from an audience that doesn't create."
        ),
    },
    Conversation: {
        "about": _("What these conversations are about today."),
        "suitable_channel": _("Only after the conversation: which channel suits it?"),
    },
    TeamRole: {
        "person": _("Who fills the role."),
        "routes_questions_about": _(
            "Filter and forward: which questions go to them, e.g. complaints, job applications."
        ),
        "hours_per_week": _("The time they get for it each week."),
        "within_working_hours": _("Employees won't help unless it is part of their working time."),
    },
    ContentTheme: {
        "name": _("A subject you return to, e.g. heat pumps in practice."),
        "message": _("What the audience should know and think of us on this theme."),
    },
    ChannelPlan: {
        "account": _(
            "A company-owned account from the registry. Fewer, better accounts beat many: one "
            "company went from 33 to 1."
        ),
        "purpose": _("What this channel is for, e.g. recruiting or customer service."),
        "audience": _("Which of your audiences you reach here."),
        "owner": _("Who owns and manages this channel."),
        "min_posts_per_week": _("A steady flow: the fewest posts in any week."),
        "max_posts_per_week": _("But not too much: posting too often drives the audience away."),
    },
    Measurement: {
        "kpi": _("The number that shows progress, e.g. applications via LinkedIn."),
        "sub_goal": _("The sub-goal it shows progress on."),
        "frequency": _("How often it is read and discussed."),
    },
}


class PlanDetailsForm(forms.ModelForm):
    """Title, period, reviewer and review dates of a plan, and the fingerprint of the details
    the person started from (services.plan_details_revision), so a save never silently
    replaces what someone else saved meanwhile."""

    revision = forms.CharField(widget=forms.HiddenInput, required=False)

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
        if "revision" in self.fields and not self.is_bound:
            self.initial["revision"] = plan_details_revision(self.instance)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return cleaned


class PlanCreateForm(PlanDetailsForm):
    revision = None  # a new plan has nothing to conflict with

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
                help_text=HELP_TEXTS[StrategyPlan]["success_meanings"],
            )
        for name in ("mix_promotional", "mix_curated", "mix_engagement"):
            if name in self.fields:
                self.fields[name].widget.attrs.update({"min": 0, "max": 100})
                self.fields[name].help_text = _("A whole percentage; the three add up to 100.")

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in SECTION_FIELDS[self.section]}


def step_form_class(section: str) -> type[StepForm]:
    return modelform_factory(
        StrategyPlan,
        form=StepForm,
        fields=SECTION_FIELDS[section],
        help_texts=HELP_TEXTS[StrategyPlan],
    )


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
        help_texts=HELP_TEXTS.get(item.model),
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


def _wants_delete(form) -> bool:
    field = form.fields.get(forms.formsets.DELETION_FIELD_NAME)
    if field is None:
        return False
    return bool(
        field.widget.value_from_datadict(
            form.data, form.files, form.add_prefix(forms.formsets.DELETION_FIELD_NAME)
        )
    )


def _missing_rows(formset) -> list[int]:
    """The indexes of the rows that were opened from a saved row which no longer exists:
    someone else deleted it since (or the id was tampered with)."""
    if not formset.is_bound or not formset.management_form.is_valid():
        return []
    missing = []
    for index, form in enumerate(formset.forms[: formset.initial_form_count()]):
        if form.data.get(form.add_prefix("id")) and form.instance.pk is None:
            missing.append(index)
    return missing


def gone_rows(formsets) -> dict[str, list[int]]:
    """Per formset, the rows this person still edits whose saved row someone else deleted
    (rows they ticked "Delete" themselves are no loss). Reads nothing more from the database
    than validating the formsets does."""
    gone = {}
    for formset in formsets:
        rows = [i for i in _missing_rows(formset) if not _wants_delete(formset.forms[i])]
        if rows:
            gone[formset.prefix] = rows
    return gone


def reopen_rows(data, formsets):
    """The submitted data with every row whose saved row is gone turned into a new row (kept,
    after the rows that still exist; dropped when it was ticked "Delete"), so that saving again
    adds it back instead of failing on an id that no longer exists. Returns the new data and,
    per formset, the new indexes of the rows turned into new rows."""
    data = data.copy()
    moved: dict[str, list[int]] = {}
    for formset in formsets:
        missing = _missing_rows(formset)
        if not missing:
            continue
        prefix = formset.prefix
        total, initial = formset.total_form_count(), formset.initial_form_count()
        kept_as_new = [i for i in missing if not _wants_delete(formset.forms[i])]
        order = [i for i in range(initial) if i not in missing] + kept_as_new
        order += list(range(initial, total))
        rows = {}
        for key in list(data.keys()):
            if not key.startswith(f"{prefix}-"):
                continue
            head, _sep, name = key[len(prefix) + 1 :].partition("-")
            if head.isdigit() and name:
                rows.setdefault(int(head), {})[name] = data.getlist(key)
                del data[key]
        for new_index, old_index in enumerate(order):
            for name, values in rows.get(old_index, {}).items():
                if old_index in missing and name == "id":
                    continue
                data.setlist(f"{prefix}-{new_index}-{name}", values)
        first_new = initial - len(missing)
        moved[prefix] = list(range(first_new, first_new + len(kept_as_new)))
        data[f"{prefix}-TOTAL_FORMS"] = str(len(order))
        data[f"{prefix}-INITIAL_FORMS"] = str(first_new)
    return data, moved


class CommentForm(forms.Form):
    section = forms.ChoiceField(choices=Section.choices, widget=forms.HiddenInput)
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Plan file (JSON)"))
