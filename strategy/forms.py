import contextlib
import functools
from collections.abc import Iterable
from html import escape as html_escape

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import inlineformset_factory, modelform_factory
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts_registry.models import Platform, SocialAccount
from accounts_registry.selectors import channel_accounts
from workspaces.formatting import number_input
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
from .snapshot import section_state

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
        "audience": _(
            "Which of this plan's audiences you reach here, as saved in the who step: an "
            "audience added there shows here once that step is saved."
        ),
        "owner": _("Who owns and manages this channel."),
        "min_posts_per_week": _("A steady flow: the fewest posts in any week."),
        "max_posts_per_week": _("But not too much: posting too often drives the audience away."),
    },
    Measurement: {
        "kpi": _("The number that shows progress, e.g. applications via LinkedIn."),
        "sub_goal": _(
            "The sub-goal it shows progress on, as saved in the why step: a sub-goal added "
            "there shows here once that step is saved."
        ),
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


OPENED_SALT = "strategy.step-opened"


def opened_token(plan: StrategyPlan, section: str) -> str:
    """The step as this person opens it, signed: sent back with the form, it tells in a
    conflict what the other person changed (snapshot.section_state)."""
    return signing.dumps(section_state(plan, section), salt=OPENED_SALT, compress=True)


def read_opened(token: str) -> dict | None:
    """The state a form was opened with, or None when the token is missing or was altered."""
    try:
        state = signing.loads(token, salt=OPENED_SALT)
    except signing.BadSignature:
        return None
    return state if isinstance(state, dict) else None


MIX_FIELDS = ("mix_promotional", "mix_curated", "mix_engagement")
MIX_TOTAL_ID = "mix-total"


class StepForm(forms.ModelForm):
    """The answers of one step, the step's revision the person started from and the step as
    they opened it."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, section: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        if not self.is_bound:
            self.initial["revision"] = self.instance.revision_of(section)
            self.initial["opened"] = opened_token(self.instance, section)
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
        for name in MIX_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {
                        "min": 0,
                        "max": 100,
                        "aria-describedby": f"id_{name}_helptext {MIX_TOTAL_ID}",
                        "data-mix": "",
                    }
                )
                self.fields[name].help_text = _("A whole percentage; the three add up to 100.")

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in SECTION_FIELDS[self.section]}

    @property
    def mix_total(self) -> int | None:
        """The three shares of the content mix added up, as typed (as saved until something
        is typed); None on the steps without the mix."""
        if not all(name in self.fields for name in MIX_FIELDS):
            return None
        total = 0
        for name in MIX_FIELDS:
            with contextlib.suppress(TypeError, ValueError):  # the field's error says so
                total += int(self[name].value())
        return total

    def mix_total_html(self) -> str:
        """The running total under the mix's fields, which describes each of them: a mix that
        is not 100 is saved with a draft (a draft may be unfinished) but says so here at once,
        without JavaScript too; static/js/mix.js keeps it up to date while typing. The
        checklist refuses to submit it."""
        total = self.mix_total
        if total is None:
            return ""
        off = total != 100
        together = _("Together: %(total)s%%.") % {"total": f"<strong data-mix-sum>{total}</strong>"}
        advice = (
            _(
                "The three must add up to 100%% before the plan can be submitted; a draft is "
                "saved as it is."
            )
            % {}
        )
        hidden = "" if off else " hidden"
        css = "text-warning-emphasis" if off else "text-success"
        return mark_safe(
            f'<p id="{MIX_TOTAL_ID}" class="small mb-3 {css}" data-mix-total aria-live="polite">'
            f"{together} <span data-mix-off{hidden}>{_esc(advice)}</span></p>"
        )


def step_form_class(section: str) -> type[StepForm]:
    return modelform_factory(
        StrategyPlan,
        form=StepForm,
        fields=SECTION_FIELDS[section],
        help_texts=HELP_TEXTS[StrategyPlan],
    )


def _esc(value) -> str:
    """Django's conditional_escape without its wrapper for lazy strings, which costs more than
    the escaping: a step escapes a few thousand values."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_escape(str(value))


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html, written out."""
    return "".join(
        f" {_esc(name)}" if value is True else f' {_esc(name)}="{_esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input_html(widget: dict) -> str:
    """django/forms/widgets/input.html (and text, number, date, hidden, checkbox …)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_esc(value)}"'
    return (
        f'<input type="{_esc(widget["type"])}" '
        f'name="{_esc(widget["name"])}"{shown}{_attrs_html(widget["attrs"])}>'
    )


def _textarea_html(widget: dict) -> str:
    value = _esc(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_esc(widget["name"])}"{_attrs_html(widget["attrs"])}>'
        f"\n{value}</textarea>"
    )


def _select_html(widget: dict) -> str | None:
    parts = [f'<select name="{_esc(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_esc(group_name)}">')
        for option in options:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None
            parts.append(
                f'\n  <option value="{_esc(option["value"])}"'
                f"{_attrs_html(option['attrs'])}>{_esc(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_WIDGET_HTML = {
    **{
        f"django/forms/widgets/{name}.html": _input_html
        for name in ("input", "text", "number", "date", "email", "url", "hidden", "checkbox")
    },
    "django/forms/widgets/textarea.html": _textarea_html,
    "django/forms/widgets/select.html": _select_html,
}


class RowRenderer(DjangoTemplates):
    """Django's form renderer, with the few widget templates of worksheet rows written out in
    Python, to the same HTML: a step holds a few hundred widgets of three templates each,
    which cost more than the rest of the page. Anything else renders from its template."""

    def render(self, template_name, context, request=None):
        write = _WIDGET_HTML.get(template_name)
        html = write(context["widget"]) if write else None
        if html is None:
            return super().render(template_name, context, request)
        return html


class RowBoundField(forms.BoundField):
    """A field of a worksheet row with Bootstrap's classes on its widget (ItemForm.as_row lays
    rows out without crispy); an error marks the widget invalid and is announced with it."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if described := attrs.get("aria-describedby"):
            # The help is written once above a formset's rows (ItemFormSet.field_help), not in
            # every row: each row's field is described by that one text.
            attrs["aria-describedby"] = described.replace(
                f"{self.auto_id}_helptext", field_help_id(self.form.prefix, self.name)
            )
        if self.errors:
            css += " is-invalid"
            described = [f"{self.auto_id}_error", *attrs.get("aria-describedby", "").split()]
            attrs["aria-describedby"] = " ".join(dict.fromkeys(described))  # each id once
        attrs["class"] = f"{widget.attrs['class']} {css}" if widget.attrs.get("class") else css
        return attrs


def _column(field: RowBoundField, kind: str) -> str:
    if kind == "textarea":
        return "col-12"
    if field.name == forms.formsets.DELETION_FIELD_NAME:
        return "col-12 small"
    if kind in ("number", "decimal", "date", "checkbox"):
        return "col-6 col-md-3"
    return "col-md-6"


def _errors_html(errors) -> str:
    return " ".join(_esc(error) for error in errors)


# (row form class, field, language) -> the field's label and help, escaped: every row of a
# formset repeats them, and translating them again for each row costs more than the rest.
_ROW_TEXTS: dict[tuple[type, str, str | None], tuple[str, str]] = {}


def _row_texts(field: RowBoundField) -> tuple[str, str]:
    key = (type(field.form), field.name, get_language())
    texts = _ROW_TEXTS.get(key)
    if texts is None:
        # Help is the developers' own text, shown as is, as Django and crispy show it.
        help_text = str(field.help_text) if field.help_text else ""
        texts = _ROW_TEXTS[key] = (_esc(field.label), help_text)
    return texts


def _note_html(field: RowBoundField) -> str:
    """Under a choice of the plan's own rows: the text typed when it was still free text and
    named none of them, until one is chosen (the row's note; see PlanRowField)."""
    note = getattr(field.field, "note", None)
    text = getattr(field.form.instance, note, "") if note else ""
    if not text:
        return ""
    message = _("Typed before it could be chosen: “%(text)s”. Choose the one it means.")
    return f'<div class="form-text">{_esc(message % {"text": text})}</div>'


def _field_html(field: RowBoundField) -> str:
    kind = field.widget_type
    auto_id = field.auto_id
    label, _help = _row_texts(field)
    widget = str(field)
    after = _note_html(field)
    if errors := field.errors:
        after += f'<div id="{auto_id}_error" class="invalid-feedback">'
        after += "".join(f"<p><strong>{_esc(e)}</strong></p>" for e in errors)
        after += field.form.error_help(field.name)
        after += "</div>"
    if kind == "checkbox":
        inner = (
            f'<div class="mb-3"><div id="div_{auto_id}" class="form-check">{widget}'
            f'<label for="{field.id_for_label}" class="form-check-label">{label}</label>'
            f"{after}</div></div>"
        )
    else:
        required = ' requiredField"' if field.field.required else '"'
        asterisk = '<span class="asteriskField">*</span>' if field.field.required else ""
        inner = (
            f'<div id="div_{auto_id}" class="mb-3"><label for="{field.id_for_label}" '
            f'class="form-label{required}>{label}{asterisk}</label>{widget}{after}</div>'
        )
    return f'<div class="{_column(field, kind)}">{inner}</div>'


class ItemForm(forms.ModelForm):
    """A row of a repeating item, e.g. one audience. Its fields are set up once per class
    (item_formset_class), not per row."""

    bound_field_class = RowBoundField
    default_renderer = RowRenderer()

    def error_help(self, name: str) -> str:
        """HTML under a field's error that says what to do about it; none by default."""
        return ""

    def as_row(self) -> str:
        """The row in Bootstrap's markup, as crispy would lay it out, written out here rather
        than through crispy's templates: a step can hold a few hundred of these fields."""
        parts = ['<div class="formset-row border rounded p-3 mb-3">']
        for field in self.hidden_fields():
            parts.append(str(field))
            if field.errors:
                parts.append(
                    f'<div class="alert alert-danger py-1 small">{_errors_html(field.errors)}</div>'
                )
        if errors := self.non_field_errors():
            parts.append(f'<div class="alert alert-danger py-1 small">{_errors_html(errors)}</div>')
        parts.append('<div class="row g-2">')
        parts.extend(_field_html(field) for field in self.visible_fields())
        parts.append("</div></div>")
        return mark_safe("".join(parts))


class SubGoalForm(ItemForm):
    """A sub-goal row: a number without the metric it counts says nothing, so the row says so
    when it is saved, not only the checklist when the plan is submitted."""

    def clean(self):
        cleaned = super().clean()
        numbers = cleaned.get("target") is not None or cleaned.get("baseline") is not None
        unfinished = numbers and not cleaned.get("metric", "").strip()
        if unfinished and "metric" not in self.errors and not cleaned.get("DELETE"):
            self.add_error(
                "metric",
                ValidationError(
                    _("Name the metric the target counts, e.g. followers on LinkedIn."),
                    code="metric_missing",
                ),
            )
        return cleaned


class SharedOptions:
    """The options of a select that every row of a formset offers, rendered to HTML once per
    request: each row's select reuses the string with only its own choice marked, instead of
    rendering one template per option per row."""

    def __init__(self, choices: Iterable[tuple[object, str]]):
        self.html = "".join(
            f'<option value="{_esc(value)}">{_esc(label)}</option>' for value, label in choices
        )

    def render(self, value) -> str:
        if value is None:
            value = ""
        tag = f'<option value="{_esc(value)}"'
        return self.html.replace(f"{tag}>", f"{tag} selected>", 1)


class SharedOptionsSelect(forms.Select):
    """A <select> whose options come from SharedOptions, pre-rendered for all rows (set by
    the form for each request)."""

    options: SharedOptions

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return mark_safe(f"<select{flatatt(attrs)}>{self.options.render(value)}</select>")


class Members:
    """The members a channel row can name as its owner (editors and above), read once per
    request for all rows and the empty template row."""

    def __init__(self, users):
        self.by_pk = {str(u.pk): u for u in users}
        self.options = SharedOptions(
            [("", "---------"), *((u.pk, u.display_name) for u in self.by_pk.values())]
        )


class MemberField(forms.Field):
    """A channel's owner: one of Members, looked up in memory (no query per row)."""

    default_error_messages = {
        "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
    }

    widget = SharedOptionsSelect
    members: Members  # set by the form for each request

    def prepare_value(self, value):
        return getattr(value, "pk", value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        user = self.members.by_pk.get(str(value))
        if user is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return user

    def has_changed(self, initial, data):
        return str(self.prepare_value(initial) or "") != str(data or "")


class PlanRows:
    """The plan's own audiences (or sub-goals) a row can choose, read once per request for all
    rows and the empty template row, from the rows the plan was loaded with."""

    def __init__(self, rows):
        self.by_pk = {str(r.pk): r for r in rows}
        self.options = SharedOptions(
            [("", "---------"), *((pk, str(r)) for pk, r in self.by_pk.items())]
        )


class PlanRowField(MemberField):
    """A choice among PlanRows, looked up in memory: an id of another plan's row (or of none)
    is refused with the field's own message."""

    note = ""  # the model field that keeps what was typed before, shown under the choice
    rows: PlanRows  # set by the form for each request

    def __init__(self, *, note: str, **kwargs):
        super().__init__(**kwargs)
        self.note = note

    def to_python(self, value):
        if value in self.empty_values:
            return None
        row = self.rows.by_pk.get(str(value))
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


def _plan_row_field(model, name: str, note: str, message) -> PlanRowField:
    return PlanRowField(
        label=capfirst(model._meta.get_field(name).verbose_name),
        help_text=HELP_TEXTS[model][name],
        required=False,
        note=note,
        error_messages={"invalid_choice": message},
    )


def _account_key(text: str) -> str:
    """An account's name as typed, made comparable: case, spacing and the dot between the
    platform and the handle do not matter."""
    return " ".join(text.replace("\N{MIDDLE DOT}", " ").split()).casefold()


class Accounts:
    """The registry accounts a channel row can use (all but the closed ones), read once per
    request for all rows and the empty template row, as three columns rather than 2,000 model
    instances. Each is named as the registry names it ("LinkedIn page · @vandijk"): the names
    fill one shared <datalist>, and a row's typed name is looked up here."""

    list_id = "channel-accounts"

    def __init__(self, *, workspace):
        # SocialAccount.__str__, with each platform's label translated once, not per account.
        platforms = {value: str(label) for value, label in Platform.choices}
        rows = channel_accounts(workspace=workspace).values_list("pk", "platform", "handle")
        # Where a row whose account is not there yet can have it registered.
        self.register_url = reverse("registry:account_create", kwargs={"workspace": workspace.slug})
        self._platforms_by_name = {_account_key(name): value for value, name in platforms.items()}
        self.rows = {
            pk: (platform, handle, f"{platforms.get(platform, platform)} \N{MIDDLE DOT} {handle}")
            for pk, platform, handle in rows
        }

    def name_of(self, pk) -> str | None:
        row = self.rows.get(pk)
        return row[2] if row else None

    @cached_property
    def _by_key(self) -> dict[str, int | None]:
        """Each account's name, and each handle that only one account has (with or without
        its "@"), made comparable; a handle that several accounts share maps to None."""
        found: dict[str, int | None] = {}
        for pk, (_platform, handle, _name) in self.rows.items():
            typed = _account_key(handle)
            for key in {typed, typed.removeprefix("@")}:
                found[key] = None if key in found else pk
        for pk, (_platform, _handle, name) in self.rows.items():
            found[_account_key(name)] = pk
        return found

    def find(self, text) -> SocialAccount | None:
        """The account a row names: by its name, by a handle only one account has, or by its
        id (what a page opened before the list became a datalist still sends)."""
        text = str(text).strip()
        pk = self._by_key.get(_account_key(text))
        if pk is None and text.isdigit() and int(text) in self.rows:
            pk = int(text)
        if pk is None:
            return None
        platform, handle, _name = self.rows[pk]
        return SocialAccount.named(pk=pk, platform=platform, handle=handle)

    def register_link(self, text) -> str:
        """The registry's form for a new account, with what was typed filled in: the handle,
        and the platform when the text begins with one's name ("Instagram · @shop")."""
        text = str(text).strip()
        platform, sep, handle = text.partition("\N{MIDDLE DOT}")
        params = {"handle": handle.strip() if sep else text}
        if sep and (value := self._platforms_by_name.get(_account_key(platform))):
            params["platform"] = value
        return f"{self.register_url}?{urlencode(params)}"

    def is_shared(self, text) -> bool:
        """Whether the text is a handle that several of the accounts have."""
        key = _account_key(str(text).strip())
        return key in self._by_key and self._by_key[key] is None

    @cached_property
    def datalist(self) -> str:
        # HTML lets an option's end tag out: 2,000 of them are 18 kB.
        options = "".join(f'<option value="{_esc(row[2])}">' for row in self.rows.values())
        return mark_safe(f'<datalist id="{self.list_id}">{options}</datalist>')


class AccountInput(forms.TextInput):
    """A text box that suggests the workspace's accounts from one <datalist> shared by every
    row: typing part of a platform or a handle narrows the 2,000 names, the arrow keys pick one.
    (A <select> per row would repeat all of them in every row.)"""

    def __init__(self, attrs=None):
        super().__init__({"list": Accounts.list_id, "autocomplete": "off", **(attrs or {})})


class AccountField(forms.Field):
    """A channel's account: a name from Accounts, as typed or picked; only this workspace's
    registry accounts are valid."""

    widget = AccountInput
    default_error_messages = {
        "unregistered": _("This account is not in the registry."),
        "shared_handle": _(
            "Several accounts have this handle: pick the one you mean from the list, with its "
            "platform."
        ),
    }

    accounts: Accounts  # set by the form for each request

    def prepare_value(self, value):
        """The name to show: a saved row's account id becomes its name; typed text stays as
        typed (an id sent by an older page is shown by its name)."""
        pk = getattr(value, "pk", value)
        if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit()):
            return self.accounts.name_of(int(pk)) or value
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        account = self.accounts.find(value)
        if account is None:
            code = "shared_handle" if self.accounts.is_shared(value) else "unregistered"
            raise ValidationError(self.error_messages[code], code=code)
        return account

    def has_changed(self, initial, data):
        if data in self.empty_values:
            return initial not in self.empty_values
        account = self.accounts.find(data)
        initial = getattr(initial, "pk", initial)
        return account is None or str(account.pk) != str(initial)


class ChannelPlanForm(ItemForm):
    """A channel row: only this workspace's accounts and members can be chosen. Both are read
    once for all rows (and the empty template row), so neither queries nor rendering grow with
    the registry times the rows."""

    account = AccountField(
        label=capfirst(ChannelPlan._meta.get_field("account").verbose_name),
        help_text=HELP_TEXTS[ChannelPlan]["account"],
    )
    owner = MemberField(
        label=capfirst(ChannelPlan._meta.get_field("owner").verbose_name),
        help_text=HELP_TEXTS[ChannelPlan]["owner"],
        required=False,
    )
    audience = _plan_row_field(
        ChannelPlan,
        "audience",
        "audience_note",
        _("Choose one of this plan's own audiences; that one is not in this plan."),
    )

    def __init__(self, *args, accounts: Accounts, members: Members, audiences: PlanRows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].accounts = accounts
        self.fields["owner"].members = members
        self.fields["owner"].widget.options = members.options
        self.fields["audience"].rows = audiences
        self.fields["audience"].widget.options = audiences.options

    def error_help(self, name: str) -> str:
        if name != "account" or not self.has_error("account", "unregistered"):
            return ""
        url = self.fields["account"].accounts.register_link(self["account"].value())
        # A new tab: this page keeps what was typed while the account is registered.
        words = _(
            "%(link)sRegister this account%(end)s (opens in a new tab), then pick it here "
            "and save again."
        ) % {
            "link": f'<a href="{_esc(url)}" target="_blank" rel="noopener">',
            "end": "</a>",
        }
        return f'<p class="mb-0">{words}</p>'

    def _get_validation_exclusions(self):
        # The account, the owner and the audience were found among this workspace's (this
        # plan's) own, read this request: the model need not look each up again per row.
        return super()._get_validation_exclusions() | {"account", "owner", "audience"}


class MeasurementForm(ItemForm):
    """A measurement row: its sub-goal is one of this plan's own, read once for all rows."""

    sub_goal = _plan_row_field(
        Measurement,
        "sub_goal",
        "sub_goal_note",
        _("Choose one of this plan's own sub-goals; that one is not in this plan."),
    )

    def __init__(self, *args, sub_goals: PlanRows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_goal"].rows = sub_goals
        self.fields["sub_goal"].widget.options = sub_goals.options

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"sub_goal"}


class DecimalInput(forms.TextInput):
    """A box for a decimal number as the language writes it: "2" and "2,5" in Dutch, not
    "2.00". A text box, not type="number": that one only takes "2.5", whatever the language."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        # What was typed and is not a number is shown back as typed.
        return number_input(value) or None


class LocalDecimalField(forms.DecimalField):
    """A decimal typed with the language's separator ("2,5" in Dutch); a point is always taken
    as the decimal point too, so nobody has to think about it."""

    widget = DecimalInput

    def to_python(self, value):
        if isinstance(value, str):
            value = formats.sanitize_separators(value.strip())
        return super().to_python(value)


def _row_formfield(model_field, **kwargs):
    if isinstance(model_field, models.DecimalField):
        kwargs.setdefault("form_class", LocalDecimalField)
    return model_field.formfield(**kwargs)


def field_help_id(form_prefix: str, name: str) -> str:
    """The id of a row field's help, shared by the rows of a formset ("channels-3" and
    "channels-__prefix__" are rows of "channels")."""
    return f"{form_prefix.rsplit('-', 1)[0]}-{name}-help"


class ItemFormSet(forms.BaseInlineFormSet):
    def field_help(self) -> list[tuple[str, str, str]]:
        """Each row field's help once for all rows (a step can have forty rows): its id, the
        field's label and the help, for the list above the rows."""
        fields = self.form.base_fields
        return [
            (field_help_id(f"{self.prefix}-0", name), field.label, field.help_text)
            for name, field in fields.items()
            if field.help_text and not field.widget.is_hidden
        ]

    def get_queryset(self):
        """The plan's rows as they were loaded with it, when they were (plan_for_step), rather
        than a query of their own."""
        if not hasattr(self, "_queryset"):
            loaded = getattr(self.instance, "_prefetched_objects_cache", {})
            name = self.fk.remote_field.get_accessor_name()
            if name in loaded:
                self._queryset = loaded[name]
        return super().get_queryset()


ROW_FORMS: dict[type, type[ItemForm]] = {
    ChannelPlan: ChannelPlanForm,
    SubGoal: SubGoalForm,
    Measurement: MeasurementForm,
}


@functools.cache
def item_formset_class(item: ItemList):
    """The formset of one repeating item, built once per process."""
    formset = inlineformset_factory(
        StrategyPlan,
        item.model,
        form=ROW_FORMS.get(item.model, ItemForm),
        formset=ItemFormSet,
        formfield_callback=_row_formfield,
        fields=item.fields,
        extra=1,
        can_delete=True,
        widgets={"deadline": DATE},
        help_texts=HELP_TEXTS.get(item.model),
    )
    for field in formset.form.base_fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 2
        if isinstance(field.widget, forms.DateInput):
            field.widget = DATE
    return formset


def _channel_form_kwargs(plan: StrategyPlan) -> dict:
    owners = users_with_role(workspace=plan.workspace, role=Role.EDITOR).order_by("name", "email")
    return {
        "accounts": Accounts(workspace=plan.workspace),
        "members": Members(owners),
        "audiences": PlanRows(plan.audiences.all()),
    }


def _form_kwargs(plan: StrategyPlan, model) -> dict:
    if model is ChannelPlan:
        return _channel_form_kwargs(plan)
    if model is Measurement:
        return {"sub_goals": PlanRows(plan.sub_goals.all())}
    return {}


def step_formsets(*, section: str, plan: StrategyPlan, data=None) -> list:
    """One formset per repeating item of the step, e.g. audiences, conversations, team."""
    formsets = []
    for item in SECTION_ITEMS[section]:
        form_kwargs = _form_kwargs(plan, item.model)
        formset = item_formset_class(item)(
            data, instance=plan, prefix=item.name, form_kwargs=form_kwargs
        )
        formset.item = item
        # The one <datalist> of account names that every channel row's box suggests from.
        formset.datalist = form_kwargs["accounts"].datalist if "accounts" in form_kwargs else ""
        formsets.append(formset)
    return formsets


def _formset_entries(formset, left_out: Iterable[int] = ()) -> list[tuple[int, dict]]:
    """(index, row) of each row formset_rows() gives the service."""
    left_out = set(left_out)
    entries = []
    for index, form in enumerate(formset.forms):
        if not form.has_changed() and form.instance.pk is None:
            continue  # the empty extra row
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if index in left_out:
            if form.instance.pk is not None:
                entries.append((index, {"id": form.instance.pk}))  # stays as it was saved
            continue
        row = {name: form.cleaned_data.get(name) for name in formset.item.fields}
        row["id"] = form.instance.pk
        entries.append((index, row))
    return entries


def formset_rows(formset, left_out: Iterable[int] = ()) -> list[dict]:
    """The rows a valid formset describes, in order, as plain data for the service. A row
    `left_out` (rows_left_out) is not saved: new, it is not added; saved before, it is kept
    as it was."""
    return [row for _index, row in _formset_entries(formset, left_out)]


# The faults of a channel row that the rest of the step can be saved without: its account is
# not one the registry has, or its handle is several accounts'. Rows an editor is still
# setting up should not hold back the policy and the other channels typed with them.
LEAVE_OUT_CODES = frozenset({"unregistered", "shared_handle"})


def rows_left_out(formsets) -> dict[str, list[int]] | None:
    """Per formset, the indexes of the rows whose only fault is their account (LEAVE_OUT_CODES):
    the step can be saved without them. None when anything else is wrong: then nothing is
    saved, as with any error."""
    left: dict[str, list[int]] = {}
    for formset in formsets:
        if formset.non_form_errors():
            return None
        for index, form in enumerate(formset.forms):
            if not form.errors or (formset.can_delete and formset._should_delete_form(form)):
                continue
            faults = form.errors.as_data()
            if set(faults) != {"account"}:
                return None
            if any(error.code not in LEAVE_OUT_CODES for error in faults["account"]):
                return None
            left.setdefault(formset.prefix, []).append(index)
    return left


def _rows_in_order(data, prefix: str, order: list[int], ids: dict[int, object]) -> None:
    """Rewrite the submitted rows of one formset in `data` in place: row `order[n]` becomes row
    n; a row in `ids` gets that id (None: none, a new row)."""
    rows: dict[int, dict[str, list]] = {}
    for key in list(data.keys()):
        if not key.startswith(f"{prefix}-"):
            continue
        head, _sep, name = key[len(prefix) + 1 :].partition("-")
        if head.isdigit() and name:
            rows.setdefault(int(head), {})[name] = data.getlist(key)
            del data[key]
    for new_index, old_index in enumerate(order):
        for name, values in rows.get(old_index, {}).items():
            if name == "id" and old_index in ids:
                continue
            data.setlist(f"{prefix}-{new_index}-{name}", values)
        if ids.get(old_index) is not None:
            data[f"{prefix}-{new_index}-id"] = str(ids[old_index])
    data[f"{prefix}-TOTAL_FORMS"] = str(len(order))


def rows_after_save(data, formsets, *, plan: StrategyPlan, left_out: dict[str, list[int]]):
    """The submitted data as the page must hold it after the step was saved without the rows
    `left_out`: every saved row by its id (a row that was new has one now, so saving again
    does not add it twice), then the rows not saved, as typed, with their errors to come.
    `plan` is the plan as saved, with the step's rows."""
    data = data.copy()
    for formset in formsets:
        entries = _formset_entries(formset, left_out.get(formset.prefix, ()))
        # The service saves the rows in the order given, each at its index (position).
        saved = sorted(getattr(plan, formset.item.name).all(), key=lambda row: row.position)
        ids = {index: row.pk for (index, _row), row in zip(entries, saved, strict=True)}
        rest = [
            index
            for index, form in enumerate(formset.forms)
            if index not in ids and not (formset.can_delete and formset._should_delete_form(form))
        ]
        ids.update(dict.fromkeys(rest))
        _rows_in_order(data, formset.prefix, [index for index, _row in entries] + rest, ids)
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(len(entries))
    return data


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
        _rows_in_order(data, prefix, order, dict.fromkeys(missing))
        first_new = initial - len(missing)
        moved[prefix] = list(range(first_new, first_new + len(kept_as_new)))
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
    again = forms.BooleanField(
        label=_("Import it again as a separate copy"),
        required=False,
        help_text=_("Only when the workspace already has this plan and you want a second one."),
    )
