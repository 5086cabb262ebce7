from django.urls import path

from . import views

app_name = "curation"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("items/<int:pk>/dismiss/", views.item_dismiss, name="item_dismiss"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:pk>/", views.source_edit, name="source_edit"),
    path("sources/<int:pk>/fetch/", views.source_fetch, name="source_fetch"),
    path("sources/<int:pk>/delete/", views.source_delete, name="source_delete"),
    path("sources/import/", views.sources_import, name="sources_import"),
    path("sources/export/", views.sources_export, name="sources_export"),
]
