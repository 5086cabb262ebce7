import codecs
from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

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


# An upload is checked before anything reads it: too large, or not text at all, is refused at
# the field with what to do instead. Files saved by Excel on Windows (cp1252) are text too.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _check_csv_upload(upload, *, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(_UTF16_BOMS):
        raise ValidationError(
            _("The file is saved as UTF-16. Save it as “CSV UTF-8” and upload it again.")
        )
    if b"\x00" in head or not (_decodes(head, "utf-8") or _decodes(head, "cp1252")):
        raise ValidationError(_("This is not a CSV file (it holds binary data)."))


def _decodes(data: bytes, encoding: str) -> bool:
    # The first 8 KB may end inside a character: only what is complete has to decode.
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


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


class QuickSelect(forms.Select):
    """A <select> written in Python: the same markup as Django's, without rendering a
    template per option (50 members, 14 platforms: most of what a form cost to render)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        # As Django's template writes them: the name first, then the attributes in order.
        attributes = "".join(
            f" {key}" if value is True else f' {key}="{escape(str(value))}"'
            for key, value in attrs.items()
            if value is not False and value is not None
        )
        chosen = {"" if v is None else str(v) for v in self.format_value(value)}
        options = []
        for choice, label in self.choices:
            key = str(choice)
            selected = " selected" if key in chosen else ""
            options.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{"".join(options)}</select>')


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
        label=_("Member"), queryset=None, required=False, widget=QuickSelect
    )
    outside_name = forms.CharField(
        label=_("or an outside person or agency"), max_length=200, required=False
    )
    outside_email = forms.EmailField(label=_("their email address"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=AccessGrant.Level.choices, widget=QuickSelect
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        _member_field(self.fields["member"], workspace)


class AccountFilterForm(forms.Form):
    platform = forms.ChoiceField(
        label=_("Platform"),
        choices=[("", _("All platforms")), *Platform.choices],
        required=False,
        widget=QuickSelect,
    )
    owner = forms.ModelChoiceField(
        label=_("Business owner"),
        queryset=None,
        required=False,
        empty_label=_("Anyone"),
        widget=QuickSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *SocialAccount.Status.choices],
        required=False,
        widget=QuickSelect,
    )
    risk = forms.ChoiceField(
        label=_("Risk"),
        choices=[("", _("Any or none")), *((r.code, r.label) for r in RISKS)],
        required=False,
        widget=QuickSelect,
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        _member_field(self.fields["owner"], workspace)


class RegistrySettingsForm(forms.ModelForm):
    class Meta:
        model = RegistrySettings
        fields = ["password_rotation_days"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Registry file (CSV)"), required=False)
    # The preview sends the file's text back, so that confirming imports exactly what was
    # previewed without a second upload.
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            _check_csv_upload(upload, limit=exchange.MAX_BYTES)
        return upload


class HandoverForm(forms.Form):
    leaver = forms.ModelChoiceField(label=_("Who leaves or changes role"), queryset=None)
    successor = forms.ModelChoiceField(label=_("Successor"), queryset=None)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaver"].queryset = _members(workspace)
        self.fields["successor"].queryset = _members(workspace)


class ConfirmStepForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
