from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Role, Workspace
from .services import parse_company_domains

DOMAINS_HELP = _(
    "The email domains the company owns, one per line (for example example.com). A social "
    "account registered to an address on one of these is company-owned; any other address is "
    "a person's own."
)


class CompanyDomainsField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        value = super().clean(value)
        try:
            return parse_company_domains(value or "")
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


class WorkspaceCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the company or client"),
        max_length=120,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    company_domains = CompanyDomainsField(
        label=_("Company email domains"), required=False, help_text=DOMAINS_HELP
    )


class WorkspaceSettingsForm(forms.ModelForm):
    company_domains = CompanyDomainsField(
        label=_("Company email domains"), required=False, help_text=DOMAINS_HELP
    )

    class Meta:
        model = Workspace
        fields = ["name", "time_zone", "date_order", "allow_self_approval"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["company_domains"] = "\n".join(
                d.domain for d in self.instance.company_domains.all()
            )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class NewMemberForm(forms.Form):
    """Sign-up on an invitation: the email address is the invitation's."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
