from django.contrib import admin
from django.urls import include, path

from content_calendar.views import feed
from users.urls import auth_urlpatterns
from workspaces.views import home, invitation_accept

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("invitations/<str:token>/", invitation_accept, name="invitation_accept"),
    path("feeds/<str:token>.ics", feed, name="calendar_feed"),
    *auth_urlpatterns,
    path("", include("users.urls")),
    path("", include("workspaces.urls")),
    path("w/<slug:workspace>/inbox/", include("notifications.urls")),
    path("w/<slug:workspace>/strategy/", include("strategy.urls")),
    path("w/<slug:workspace>/calendar/", include("content_calendar.urls")),
    path("w/<slug:workspace>/accounts/", include("accounts_registry.urls")),
    path("w/<slug:workspace>/curation/", include("curation.urls")),
    path("w/<slug:workspace>/results/", include("results.urls")),
]
