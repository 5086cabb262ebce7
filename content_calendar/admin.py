from django.contrib import admin

from .models import CalendarSettings, Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["scheduled_at", "channel", "category", "status", "workspace"]
    list_filter = ["category", "status"]
    search_fields = ["text", "workspace__name"]
    list_select_related = ["channel", "workspace"]
    raw_id_fields = ["channel", "owner", "hashtags_checked_by"]


admin.site.register(CalendarSettings)
