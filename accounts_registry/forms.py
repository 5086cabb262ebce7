import codecs

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
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
    member = forms.ModelChoiceField(label=_("Member"), queryset=None, required=False)
    outside_name = forms.CharField(
        label=_("or an outside person or agency"), max_length=200, required=False
    )
    outside_email = forms.EmailField(label=_("their email address"), required=False)
    level = forms.ChoiceField(label=_("Level"), choices=AccessGrant.Level.choices)

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _members(workspace)


class AccountFilterForm(forms.Form):
    platform = forms.ChoiceField(
        label=_("Platform"), choices=[("", _("All platforms")), *Platform.choices], required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Business owner"), queryset=None, required=False, empty_label=_("Anyone")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *SocialAccount.Status.choices],
        required=False,
    )
    risk = forms.ChoiceField(
        label=_("Risk"),
        choices=[("", _("Any or none")), *((r.code, r.label) for r in RISKS)],
        required=False,
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _members(workspace)


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
