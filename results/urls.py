from django.urls import path

from .views import checkins

app_name = "results"

urlpatterns = [
    path("", checkins.overview, name="overview"),
    path("sub-goals/<int:pk>/", checkins.sub_goal, name="sub_goal"),
    path("check-ins/", checkins.check_in_bulk, name="check_in_bulk"),
    path("check-ins/import/", checkins.check_in_import, name="check_in_import"),
    path("check-ins/<int:pk>/edit/", checkins.check_in_edit, name="check_in_edit"),
    path("check-ins/<int:pk>/delete/", checkins.check_in_delete, name="check_in_delete"),
]
