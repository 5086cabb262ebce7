from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "workspace", "kind", "email_state", "read_at"]
    list_filter = ["kind", "email_state"]
    search_fields = ["recipient__email", "message", "key"]
    list_select_related = ["recipient", "workspace"]
    readonly_fields = ["key", "created_at", "emailed_at", "email_attempts", "email_error"]
    actions = ["retry_email"]

    @admin.action(description=_("Try the email again"))
    def retry_email(self, request, queryset):
        updated = queryset.exclude(email_state=Notification.EmailState.SENT).update(
            email_state=Notification.EmailState.PENDING,
            email_attempts=0,
            email_next_attempt_at=None,
            email_claim="",
        )
        self.message_user(request, _("%(count)d emails will be tried again.") % {"count": updated})
