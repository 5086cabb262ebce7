from django.urls import path

from .views import checkins, costs, evaluations, post_results, what_works

app_name = "results"

urlpatterns = [
    # Check-ins and where each sub-goal stands.
    path("", checkins.overview, name="overview"),
    path("sub-goals/<int:pk>/", checkins.sub_goal, name="sub_goal"),
    path("check-ins/", checkins.check_in_bulk, name="check_in_bulk"),
    path("check-ins/import/", checkins.check_in_import, name="check_in_import"),
    path("check-ins/<int:pk>/edit/", checkins.check_in_edit, name="check_in_edit"),
    path("check-ins/<int:pk>/delete/", checkins.check_in_delete, name="check_in_delete"),
    # What the networks reported per post, and what works.
    path("posts/", post_results.post_results, name="post_results"),
    path("posts/import/", post_results.post_result_import, name="post_result_import"),
    path("posts/<int:pk>/result/", post_results.post_result, name="post_result"),
    path("what-works/", what_works.what_works_page, name="what_works"),
    # Cost and ROI.
    path("settings/", costs.results_settings, name="settings"),
    path("spend/", costs.spends, name="spends"),
    path("spend/<int:pk>/delete/", costs.spend_delete, name="spend_delete"),
    path("costs/", costs.costs, name="costs"),
    # The evaluation of a period.
    path("evaluations/", evaluations.evaluations, name="evaluations"),
    path("plans/<int:pk>/evaluate/", evaluations.evaluation_start, name="evaluation_start"),
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
