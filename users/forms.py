import functools
import threading

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import User


class PasswordResetForm(auth_forms.PasswordResetForm):
    """The reset email is sent after the answer, in a thread of its own: sent inside the
    request, it made the answer for a known address slower than for an unknown one, which told
    a visitor which addresses have an account."""

    def send_mail(self, *args, **kwargs):
        if not settings.PASSWORD_RESET_EMAIL_IN_BACKGROUND:
            return super().send_mail(*args, **kwargs)
        send = functools.partial(super().send_mail, *args, **kwargs)
        thread = threading.Thread(target=send, name="password-reset-email", daemon=True)
        transaction.on_commit(thread.start)
        self.sending = thread
        return None


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class PreferencesForm(forms.ModelForm):
    """`kinds` are the kinds of notification a person may choose to get by email or not,
    as (key, label) pairs; the ticked ones are emailed."""

    emailed_kinds = forms.MultipleChoiceField(
        label=_("Email me these notifications"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = ["name", "language", "email_notifications", "weekly_digest"]

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emailed_kinds"].choices = list(kinds)
        muted = set(self.instance.email_muted_kinds or ())
        self.fields["emailed_kinds"].initial = [key for key, _label in kinds if key not in muted]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses the token, e.g. “BI dashboard”."),
    )
    workspace = forms.ChoiceField(label=_("Workspace"))

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].choices = [
            (m.workspace.slug, m.workspace.name) for m in memberships
        ]
