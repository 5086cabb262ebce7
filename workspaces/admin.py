from django.contrib import admin

from .models import CompanyDomain, Invitation, Membership, Workspace


class CompanyDomainInline(admin.TabularInline):
    model = CompanyDomain
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "time_zone", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CompanyDomainInline, MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "workspace", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "workspace__name"]
    readonly_fields = ["token_hash", "accepted_by", "accepted_at"]
