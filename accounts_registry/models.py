"""The company-owned social accounts. The registry records where credentials are kept,
never a password or a recovery code."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    X = "x", _("X (Twitter)")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    LINKEDIN_PAGE = "linkedin_page", _("LinkedIn page")
    LINKEDIN_GROUP = "linkedin_group", _("LinkedIn group")
    YOUTUBE = "youtube", _("YouTube")
    TIKTOK = "tiktok", _("TikTok")
    PINTEREST = "pinterest", _("Pinterest")
    THREADS = "threads", _("Threads")
    BLUESKY = "bluesky", _("Bluesky")
    MASTODON = "mastodon", _("Mastodon")
    VIVA_ENGAGE = "viva_engage", _("Viva Engage (Yammer)")
    BLOG = "blog", _("Blog")
    OTHER = "other", _("Other")


class SocialAccount(models.Model):
    """A social media account the company owns."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        TO_CONSOLIDATE = "to_consolidate", _("To consolidate")
        CLOSED = "closed", _("Closed")

    class TwoFactor(models.TextChoices):
        NONE = "none", _("None")
        APP = "app", _("Authenticator app")
        SMS = "sms", _("Text message")
        SECURITY_KEY = "security_key", _("Security key")
        EMAIL = "email", _("Email code")

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="social_accounts"
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=100, help_text=_("e.g. @vandijk"))
    profile_url = models.URLField(_("profile URL"), blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    business_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_social_accounts",
        verbose_name=_("business owner"),
    )
    login_email = models.EmailField(_("login email"), blank=True)
    two_factor = models.CharField(
        _("two-factor authentication"),
        max_length=20,
        choices=TwoFactor.choices,
        default=TwoFactor.NONE,
    )
    recovery_holder = models.CharField(
        _("who holds the recovery method"), max_length=200, blank=True
    )
    vault_reference = models.CharField(
        _("where the credentials are kept"),
        max_length=300,
        blank=True,
        help_text=_("A vault reference such as “1Password > Marketing > X”, never a password."),
    )
    password_changed_on = models.DateField(_("password last changed"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = _("social account")
        verbose_name_plural = _("social accounts")
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(
                "workspace", "platform", Lower("handle"), name="social_account_unique_handle"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} · {self.handle}"
