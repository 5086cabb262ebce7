from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import PasswordResetForm

app_name = "users"

urlpatterns = [
    path("me/settings/", views.preferences, name="preferences"),
    path("me/settings/api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "me/settings/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"
    ),
    path("language/", views.language_switch, name="language"),
]

# Django's own names (login, logout, password_reset …), which its views and templates expect.
auth_urlpatterns = [
    path("auth/login/", views.LoginView.as_view(), name="login"),
    path("auth/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "auth/password/change/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "auth/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "auth/password/reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path(
        "auth/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "auth/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "auth/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
