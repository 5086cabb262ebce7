from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.account_list, name="index"),
    path("new/", views.account_create, name="account_create"),
    path("import/", views.account_import, name="account_import"),
    path("export.csv", views.account_export, name="account_export"),
    path("settings/", views.registry_settings, name="settings"),
    path("<int:pk>/", views.account_detail, name="account_detail"),
    path("<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("<int:pk>/grants/add/", views.grant_add, name="grant_add"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("handovers/", views.handover_list, name="handover_list"),
    path("handovers/new/", views.handover_start, name="handover_start"),
    path("handovers/<int:pk>/", views.handover_detail, name="handover_detail"),
    path("handovers/<int:pk>/report/", views.handover_report, name="handover_report"),
    path("handovers/steps/<int:pk>/confirm/", views.handover_step_confirm, name="step_confirm"),
    path("handovers/steps/<int:pk>/undo/", views.handover_step_undo, name="step_undo"),
    path("handovers/<int:pk>/complete/", views.handover_complete, name="handover_complete"),
    path("handovers/<int:pk>/work-taker/", views.handover_work_taker, name="handover_work_taker"),
]
