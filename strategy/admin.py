from django.contrib import admin

from .models import PlanComment, PlanTransition, PlanVersion, StrategyPlan


@admin.register(StrategyPlan)
class StrategyPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "workspace", "status", "period_start", "period_end", "owner"]
    list_filter = ["status"]
    search_fields = ["title", "workspace__name"]
    list_select_related = ["workspace", "owner"]
    raw_id_fields = ["owner", "reviewer", "updated_by", "based_on"]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "approved_by", "approved_at"]
    list_select_related = ["plan", "approved_by"]

    def has_change_permission(self, request, obj=None):
        return False  # versions are immutable


admin.site.register(PlanComment)
admin.site.register(PlanTransition)
