from django.urls import path

from . import views

app_name = "calendar"

urlpatterns = [
    path("", views.index, name="index"),
    path("month/<int:year>/<int:month>/", views.month, name="month"),
    path("week/<int:year>/<int:week>/", views.week, name="week"),
    # The balance panel alone, for the drag-and-drop script to refresh after a move.
    path("month/<int:year>/<int:month>/balance/", views.month_balance, name="month_balance"),
    path("week/<int:year>/<int:week>/balance/", views.week_balance, name="week_balance"),
    path("list/", views.post_list, name="list"),
    path("list/bulk/", views.posts_bulk, name="posts_bulk"),
    path("board/", views.board, name="board"),
    path("posts/<int:pk>/status/", views.post_status, name="post_status"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/move/", views.post_move, name="post_move"),
    path("posts/<int:pk>/duplicate/", views.post_duplicate, name="post_duplicate"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("posts/deleted/", views.posts_deleted, name="posts_deleted"),
    path("posts/deleted/<int:pk>/restore/", views.post_restore, name="post_restore"),
    path("posts/evergreen/", views.evergreen, name="evergreen"),
    path("posts/<int:pk>/approve/", views.post_approve, name="post_approve"),
    path("posts/<int:pk>/comment/", views.post_comment, name="post_comment"),
    path("posts/<int:pk>/images/", views.post_image_add, name="post_image_add"),
    path("images/<int:pk>/", views.post_image, name="post_image"),
    path("images/<int:pk>/thumbnail/", views.post_image_thumbnail, name="post_image_thumbnail"),
    path("images/<int:pk>/remove/", views.post_image_remove, name="post_image_remove"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_edit, name="campaign_edit"),
    path("slots/", views.slot_list, name="slots"),
    path("slots/suggest/", views.slots_suggest, name="slots_suggest"),
    path("slots/<int:pk>/remove/", views.slot_remove, name="slot_remove"),
    path("export/", views.post_export, name="export"),
    path("import/", views.post_import, name="import"),
    path("settings/", views.calendar_settings, name="settings"),
    path("settings/feed/new-address/", views.feed_regenerate, name="feed_regenerate"),
]
