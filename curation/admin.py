from django.contrib import admin

from .models import Item, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "workspace",
        "feed_url",
        "active",
        "error_code",
        "failures",
        "fetched_at",
    ]
    list_filter = ["active", "error_code"]
    search_fields = ["name", "feed_url"]
    list_select_related = ["workspace"]
    raw_id_fields = ["workspace", "theme", "owner"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "link"]
    list_select_related = ["source"]
    raw_id_fields = ["source", "post"]
