from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one person in one workspace: shown in the inbox, and emailed.

    `key` says what the notification is about (kind, object, due date); it is unique per
    recipient, so the same reminder reaches a person once, however often a task runs.
    """

    # What the notification is about, e.g. "member_joined" or "plan_review_due". Each app names
    # its own kinds; there is no central list to extend (and no migration per new kind).
    class EmailState(models.TextChoices):
        PENDING = "pending", _("To send")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not emailed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=200)
    message = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    email_state = models.CharField(
        _("email"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # Which delivery run has taken this email (empty when none): see services.
    email_claim = models.CharField(max_length=32, blank=True, db_index=True)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    email_error = models.CharField(_("last email error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once"),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "workspace", "-created_at"], name="notification_inbox_idx"
            ),
            models.Index(
                fields=["email_state", "email_next_attempt_at"], name="notification_email_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.message[:60]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
