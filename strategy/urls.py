from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("", views.plan_list, name="index"),
    path("new/", views.plan_create, name="plan_create"),
    path("import/", views.plan_import, name="plan_import"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/details/", views.plan_details, name="plan_details"),
    path("<int:pk>/step/<slug:step>/", views.plan_step, name="plan_step"),
    path("<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("<int:pk>/withdraw/", views.plan_withdraw, name="plan_withdraw"),
    path("<int:pk>/amend/", views.plan_amend, name="plan_amend"),
    path("<int:pk>/request-changes/", views.plan_request_changes, name="plan_request_changes"),
    path("<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("<int:pk>/archive/", views.plan_archive, name="plan_archive"),
    path("<int:pk>/comment/", views.plan_comment, name="plan_comment"),
    path("<int:pk>/compare/", views.plan_compare, name="plan_compare"),
    path("<int:pk>/print/", views.plan_print, name="plan_print"),
    path("<int:pk>/export/", views.plan_export, name="plan_export"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/copy/", views.plan_copy, name="plan_copy"),
]
