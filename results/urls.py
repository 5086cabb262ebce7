from django.urls import path

from .views import costs, evaluations

app_name = "results"

urlpatterns: list = [
    path("settings/", costs.results_settings, name="settings"),
    path("spend/", costs.spends, name="spends"),
    path("spend/<int:pk>/delete/", costs.spend_delete, name="spend_delete"),
    path("costs/", costs.costs, name="costs"),
    path("evaluations/", evaluations.evaluations, name="evaluations"),
    path("plans/<int:plan>/evaluate/", evaluations.evaluation_start, name="evaluation_start"),
    path("evaluations/<int:pk>/", evaluations.evaluation, name="evaluation"),
    path(
        "evaluations/<int:pk>/sign-off/",
        evaluations.evaluation_sign_off,
        name="evaluation_sign_off",
    ),
    path("evaluations/<int:pk>/print/", evaluations.evaluation_print, name="evaluation_print"),
    path("evaluations/<int:pk>/export/", evaluations.evaluation_export, name="evaluation_export"),
    path("evaluations/<int:pk>/next/", evaluations.evaluation_next, name="evaluation_next"),
]
