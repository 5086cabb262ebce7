from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from api import selectors as api_selectors
from api import services as api_services
from notifications.kinds import kinds_by_group
from workspaces.revisions import leaves_content
from workspaces.selectors import memberships_of_user

from . import services
from .forms import ApiTokenForm, LoginForm, PreferencesForm
from .lockout import address_lockout_response, failures_from_address


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user)
        messages.info(
            self.request,
            _("Any API tokens you had are revoked with the old password: make new ones if needed."),
        )
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user)
        return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Before any password is checked: an address that failed too often, across accounts.
        if failures_from_address(request) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return address_lockout_response(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        # The screens follow the language the person chose before, on any browser.
        _set_language_cookie(response, form.get_user().language)
        return response


@leaves_content  # fragments are cached per language already
@require_POST
def language_switch(request):
    """Switch the interface language (Django's set_language), remembered for logged-in users."""
    response = set_language(request)
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=request.POST.get("language", ""))
    return response


@login_required
def preferences(request):
    user = request.user
    groups = kinds_by_group()
    kinds = [(kind.key, kind.label) for _group, group_kinds in groups for kind in group_kinds]
    form = PreferencesForm(request.POST or None, instance=user, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_preferences(
                user=user,
                name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
                email_notifications=form.cleaned_data["email_notifications"],
                weekly_digest=form.cleaned_data["weekly_digest"],
                choosable_kinds=[key for key, _label in kinds],
                emailed_kinds=form.cleaned_data["emailed_kinds"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            with translation.override(user.language):  # say it in the language just chosen
                messages.success(request, _("Your settings are saved."))
            response = redirect("users:preferences")
            _set_language_cookie(response, user.language)
            return response
    return render(
        request,
        "users/preferences.html",
        {"form": form, "kind_groups": groups, "emailed": set(form["emailed_kinds"].value())},
    )


@login_required
def api_tokens(request):
    """The person's API tokens: make one (its secret is shown once), see when each was used."""
    memberships = list(memberships_of_user(user=request.user))
    form = ApiTokenForm(request.POST or None, memberships=memberships)
    new_token = raw_token = None
    if request.method == "POST" and form.is_valid():
        workspace = next(
            m.workspace for m in memberships if m.workspace.slug == form.cleaned_data["workspace"]
        )
        try:
            new_token, raw_token = api_services.api_token_create(
                user=request.user, workspace=workspace, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiTokenForm(memberships=memberships)
    response = render(
        request,
        "users/api_tokens.html",
        {
            "form": form,
            "tokens": api_selectors.api_tokens_of(user=request.user),
            "new_token": new_token,
            "raw_token": raw_token,
        },
    )
    response["Cache-Control"] = "no-store"  # the page may hold a token's secret
    return response


@login_required
def api_token_revoke(request, pk: int):
    """GET asks first (changing nothing); POST revokes. Only the person's own tokens."""
    token = api_selectors.api_tokens_of(user=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    if request.method != "POST":
        return render(request, "users/api_token_revoke.html", {"token": token})
    try:
        api_services.api_token_revoke(token=token, by=request.user)
    except PermissionError as exc:
        raise PermissionDenied from exc
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("users:api_tokens")
