from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessGrant, Handover, HandoverStep, RegistrySettings, SocialAccount


class AccessGrantInline(admin.TabularInline):
    model = AccessGrant
    extra = 0
    raw_id_fields = ["member", "granted_by", "revoked_by"]


@admin.register(SocialAccount)
class SocialAccountAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "workspace", "status", "login_email", "two_factor"]
    list_filter = ["platform", "status", "two_factor"]
    search_fields = ["handle", "login_email", "workspace__name"]
    list_select_related = ["workspace"]
    raw_id_fields = ["business_owner"]
    inlines = [AccessGrantInline]


class HandoverStepInline(admin.TabularInline):
    model = HandoverStep
    extra = 0
    raw_id_fields = ["account", "confirmed_by"]


@admin.register(Handover)
class HandoverAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "workspace", "deadline", "completed_at"]
    list_select_related = ["workspace", "leaver", "successor"]
    raw_id_fields = ["leaver", "successor", "started_by"]
    inlines = [HandoverStepInline]


admin.site.register(RegistrySettings)
