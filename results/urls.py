from django.urls import path

from .views import post_results, what_works

app_name = "results"

urlpatterns: list = [
    path("posts/", post_results.post_results, name="post_results"),
    path("posts/import/", post_results.post_result_import, name="post_result_import"),
    path("posts/<int:pk>/result/", post_results.post_result, name="post_result"),
    path("what-works/", what_works.what_works_page, name="what_works"),
]
