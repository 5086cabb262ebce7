from django.contrib import admin

from .models import CheckIn, Evaluation, ImportMapping, PostResult, ResultsSettings, Spend


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["sub_goal", "measured_on", "value", "source", "workspace"]
    list_filter = ["workspace"]
    raw_id_fields = ["sub_goal", "measurement", "recorded_by"]


@admin.register(PostResult)
class PostResultAdmin(admin.ModelAdmin):
    list_display = ["post", "impressions", "reactions", "clicks", "source", "workspace"]
    list_filter = ["workspace", "source"]
    raw_id_fields = ["post", "recorded_by"]


@admin.register(Spend)
class SpendAdmin(admin.ModelAdmin):
    list_display = ["plan", "spent_on", "kind", "amount", "workspace"]
    list_filter = ["workspace", "kind"]
    raw_id_fields = ["plan", "recorded_by"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["plan", "period_start", "period_end", "status", "workspace"]
    list_filter = ["workspace", "status"]
    raw_id_fields = ["plan", "next_plan", "created_by", "signed_off_by"]


admin.site.register(ResultsSettings)
admin.site.register(ImportMapping)
