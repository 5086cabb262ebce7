from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "user",
        "workspace",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("workspace",)
    search_fields = ("name", "prefix", "user__email")
    readonly_fields = ("token_hash", "prefix", "created_at", "last_used_at")
