from django import forms
from django.db import models
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from strategy_planner.forms import PlainSelect, check_csv_upload
from workspaces.models import Role
from workspaces.selectors import users_with_role

from . import exchange
from .models import AccessGrant, Platform, RegistrySettings, SocialAccount
from .selectors import RISKS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _formfield(field, **kwargs):
    # A profile URL typed without a scheme is https (Django 6's default, chosen now).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _members(workspace):
    return users_with_role(workspace=workspace, role=Role.EDITOR).order_by("name", "email")


class _MemberChoices(BaseChoiceIterator):
    """A member field's options, read when they are rendered (one query, names only); the
    empty choice comes first without a query, as a ModelChoiceField's does."""

    def __init__(self, field: forms.ModelChoiceField):
        self.field = field

    def __iter__(self):
        yield ("", self.field.empty_label)
        rows = self.field.queryset.values_list("pk", "name", "email")
        yield from ((pk, name or email) for pk, name, email in rows)


def _member_field(field: forms.ModelChoiceField, workspace) -> None:
    """Members to choose from: the field checks a choice against the queryset; its options
    are names, not whole users."""
    field.queryset = _members(workspace)
    field.choices = _MemberChoices(field)


# The classes the Bootstrap 5 form layout (crispy) gives each kind of widget.
_WIDGET_CLASSES = {
    forms.Select: "select form-select",
    forms.EmailInput: "emailinput form-control",
    forms.TextInput: "textinput form-control",
}


def bootstrap_field(field: forms.BoundField) -> SafeString:
    """A field as the Bootstrap 5 layout renders it (label, widget, errors, help text), built
    in Python: for the small forms of the busiest registry pages, where the layout's nested
    templates cost more than the rest of the page."""
    widget = field.field.widget
    css = next((css for kind, css in _WIDGET_CLASSES.items() if isinstance(widget, kind)), "")
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css.strip()}
    if field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    required = field.field.required
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, e) for n, e in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            mark_safe(str(field.help_text)),
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label>'
        "{}{}{}</div>",
        field.auto_id,
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
        field.as_widget(attrs=attrs),
        errors,
        help_text,
    )


class AccountForm(forms.ModelForm):
    class Meta:
        model = SocialAccount
        formfield_callback = _formfield
        fields = [
            "platform",
            "platform_name",
            "handle",
            "profile_url",
            "purpose",
            "business_owner",
            "login_email",
            "two_factor",
            "recovery_holder",
            "vault_reference",
            "password_changed_on",
            "status",
            "notes",
        ]
        widgets = {"password_changed_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "login_email": _(
                "The address the account is registered to. A company address (e.g. "
                "social@…), never a person's own."
            ),
        }

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_owner"].queryset = _members(workspace)


class GrantForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Member"), queryset=None, required=False, widget=PlainSelect
    )
    outside_name = forms.CharField(
        label=_("or an outside person or agency"), max_length=200, required=False
    )
    outside_email = forms.EmailField(label=_("their email address"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=AccessGrant.Level.choices, widget=PlainSelect
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        _member_field(self.fields["member"], workspace)


class AccountFilterForm(forms.Form):
    platform = forms.ChoiceField(
        label=_("Platform"),
        choices=[("", _("All platforms")), *Platform.choices],
        required=False,
        widget=PlainSelect,
    )
    owner = forms.ModelChoiceField(
        label=_("Business owner"),
        queryset=None,
        required=False,
        empty_label=_("Anyone"),
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *SocialAccount.Status.choices],
        required=False,
        widget=PlainSelect,
    )
    risk = forms.ChoiceField(
        label=_("Risk"),
        choices=[("", _("Any or none")), *((r.code, r.label) for r in RISKS)],
        required=False,
        widget=PlainSelect,
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        _member_field(self.fields["owner"], workspace)


class RegistrySettingsForm(forms.ModelForm):
    class Meta:
        model = RegistrySettings
        fields = ["password_rotation_days", "role_mailboxes"]
        widgets = {"role_mailboxes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty: the standard list (see registry_settings_update).
        self.fields["role_mailboxes"].required = False


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Registry file (CSV)"), required=False)
    # The preview sends the file's text back, so that confirming imports exactly what was
    # previewed without a second upload.
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            check_csv_upload(upload, limit=exchange.MAX_BYTES)
        return upload


class HandoverForm(forms.Form):
    leaver = forms.ModelChoiceField(label=_("Who leaves or changes role"), queryset=None)
    successor = forms.ModelChoiceField(label=_("Successor"), queryset=None)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaver"].queryset = _members(workspace)
        self.fields["successor"].queryset = _members(workspace)


class WorkTakerForm(forms.Form):
    """Who takes over the leaver's posts and channels when the handover completes."""

    person = forms.ModelChoiceField(label=_("Who takes over the work"), queryset=None)

    def __init__(self, *args, takers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = takers


class ConfirmStepForm(forms.Form):
    """What confirming a step writes to the account. Which fields a step needs depends on its
    kind; the service says which are missing, so that all kinds share one form."""

    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    login_email = forms.EmailField(label=_("New company login email"), required=False)
    password_changed_on = forms.DateField(
        label=_("Password changed on"), required=False, widget=DATE
    )
    vault_reference = forms.CharField(
        label=_("Where the credentials are kept now (if it moved)"),
        max_length=300,
        required=False,
    )
    recovery_holder = forms.CharField(
        label=_("Recovery method now held by"), max_length=200, required=False
    )
    two_factor = forms.ChoiceField(
        label=_("Two-factor authentication"),
        choices=[("", "—"), *SocialAccount.TwoFactor.choices],
        required=False,
    )
    level = forms.ChoiceField(
        label=_("The successor's access level"),
        choices=AccessGrant.Level.choices,
        initial=AccessGrant.Level.EDITOR,
        required=False,
    )
