from django.urls import path

from . import views

app_name = "workspaces"

urlpatterns = [
    path("workspaces/new/", views.workspace_create, name="create"),
    path("w/<slug:workspace>/", views.dashboard, name="dashboard"),
    path("w/<slug:workspace>/members/", views.members, name="members"),
    path("w/<slug:workspace>/members/invite/", views.member_invite, name="member_invite"),
    path("w/<slug:workspace>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("w/<slug:workspace>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "w/<slug:workspace>/invitations/<int:pk>/withdraw/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("w/<slug:workspace>/settings/", views.workspace_settings, name="settings"),
]
