"""The company-owned social accounts. The registry records where credentials are kept,
never a password or a recovery code."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .secrets import refuse_secrets


class NotificationKind:
    """The kinds of notification this app sends."""

    HANDOVER_STARTED = "handover_started"
    HANDOVER_COMPLETED = "handover_completed"
    PASSWORD_ROTATION_DUE = "password_rotation_due"
    HANDOVER_LATE = "handover_late"
    HANDOVER_STILL_TIED = "handover_still_tied"


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
    # For "Other": the platform's name as the team wrote it, so that an inventory naming a
    # platform the registry does not know loses nothing.
    platform_name = models.CharField(
        _("platform's name"),
        max_length=50,
        blank=True,
        help_text=_("For “Other”: which platform, e.g. “Yahoo Pipes”."),
    )
    handle = models.CharField(_("handle"), max_length=100, help_text=_("e.g. @vandijk"))
    profile_url = models.URLField(_("profile URL"), blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=300, blank=True, validators=[refuse_secrets]
    )
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
        _("who holds the recovery method"),
        max_length=200,
        blank=True,
        validators=[refuse_secrets],
        help_text=_("A person or a company device, e.g. “the marketing phone”."),
    )
    vault_reference = models.CharField(
        _("where the credentials are kept"),
        max_length=300,
        blank=True,
        validators=[refuse_secrets],
        help_text=_("A vault reference such as “1Password > Marketing > X”, never a password."),
    )
    password_changed_on = models.DateField(_("password last changed"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    notes = models.TextField(_("notes"), blank=True, validators=[refuse_secrets])
    created_at = models.DateTimeField(_("registered"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("social account")
        verbose_name_plural = _("social accounts")
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                "platform",
                Lower("handle"),
                name="social_account_unique_handle",
                violation_error_message=_(
                    "This workspace already registers an account with this handle on this platform."
                ),
            ),
        ]

    def __str__(self) -> str:
        # Platform(...).label rather than get_platform_display(): the same words, without
        # hashing every choice each time (the weekly check names tens of thousands).
        try:
            platform = Platform(self.platform).label
        except ValueError:
            platform = self.platform
        # Read only when loaded: an account known by its name only (named()) must not cost
        # a query per "Other" account.
        name = self.__dict__.get("platform_name")
        if self.platform == Platform.OTHER and name:
            platform = name
        return f"{platform} · {self.handle}"

    @classmethod
    def named(cls, *, pk: int, platform: str, handle: str) -> "SocialAccount":
        """An account known by its name only, as read from a row of another query: cheap
        enough for the weekly check, which names tens of thousands of channels."""
        return cls.from_db(None, ["id", "platform", "handle"], [pk, platform, handle])


# Names of role mailboxes, in English and Dutch: social@, marketing@, webcare@, …
DEFAULT_ROLE_MAILBOXES = (
    "social, socialmedia, social-media, marketing, info, webcare, communications, comms, "
    "communicatie, pr, press, pers, media, news, nieuws, redactie, content, online, web, "
    "webmaster, admin, hello, hallo, contact, support, klantenservice, service, sales, "
    "verkoop, hr, jobs, vacatures, werkenbij, recruitment, recruiting, careers, events, "
    "evenementen, team, office, kantoor, secretariaat, accounts, it"
)


def role_mailbox_names(text: str) -> list[str]:
    """The role names of a workspace's setting, lower-case, without blanks."""
    return sorted({n.strip().casefold() for n in text.replace("\n", ",").split(",") if n.strip()})


class RegistrySettings(models.Model):
    """The registry's settings for one workspace."""

    workspace = models.OneToOneField(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="registry_settings"
    )
    password_rotation_days = models.PositiveSmallIntegerField(
        _("password rotation period (days)"),
        default=180,
        validators=[MinValueValidator(1)],
        help_text=_("A password older than this is shown as a risk."),
    )
    # A login on the company's domain can still be a person's (pieter@…): only an address
    # named after a role counts as the company's own.
    role_mailboxes = models.TextField(
        _("role mailboxes"),
        default=DEFAULT_ROLE_MAILBOXES,
        help_text=_(
            "The names of shared mailboxes, separated by commas (e.g. social, marketing). A "
            "login or recovery address on the company's domain whose name is none of these "
            "looks like a person's and is shown as a risk. Left empty: the standard list."
        ),
    )

    class Meta:
        verbose_name = _("registry settings")
        verbose_name_plural = _("registry settings")

    def __str__(self) -> str:
        return str(self.workspace)


class AccessGrant(models.Model):
    """Who can reach an account, at which level, since when; revoked, never deleted."""

    class Level(models.TextChoices):
        OWNER = "owner", _("Owner / admin")
        EDITOR = "editor", _("Editor")
        ANALYST = "analyst", _("Analyst")

    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="grants")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_grants",
        verbose_name=_("member"),
    )
    outside_name = models.CharField(_("outside person or agency"), max_length=200, blank=True)
    outside_email = models.EmailField(_("their email address"), blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.EDITOR)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["revoked_at", "-granted_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | ~models.Q(outside_name=""),
                name="grant_names_someone",
            ),
        ]
        indexes = [models.Index(fields=["account", "revoked_at"], name="grant_active_idx")]

    def __str__(self) -> str:
        return f"{self.holder} → {self.account}"

    @property
    def holder(self) -> str:
        if self.member_id:
            return self.member.display_name
        return self.outside_name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Handover(models.Model):
    """Untying the company's accounts from a person who leaves or changes role."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="handovers"
    )
    leaver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_as_leaver",
        verbose_name=_("who leaves"),
    )
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_as_successor",
        verbose_name=_("successor"),
    )
    deadline = models.DateField(_("deadline"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Who takes over the leaver's work in the apps above the registry (posts, channels):
    # the successor unless someone chose another member on the handover page.
    work_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who takes over the work"),
    )
    # What moved on completion, as handover_hooks.Work items: worded when read, in the
    # reader's language.
    moved_work = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["completed_at", "deadline", "-pk"]

    def __str__(self) -> str:
        return f"{self.leaver} → {self.successor}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def work_taker_id(self) -> int:
        return self.work_to_id or self.successor_id


class HandoverStep(models.Model):
    class Kind(models.TextChoices):
        MOVE_LOGIN = "move_login", _("Move the login to a company address")
        CHANGE_PASSWORD = (
            "change_password",
            _("Management changes the password, so the leaver can no longer log in"),
        )
        REVOKE_ACCESS = "revoke_access", _("Revoke the leaver's personal access")
        MOVE_RECOVERY = (
            "move_recovery",
            _("Move recovery and two-factor to the successor or a company device"),
        )
        SUCCESSOR_CONFIRMS = "successor_confirms", _("The successor confirms access")

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="steps")
    account = models.ForeignKey(SocialAccount, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("step"), max_length=30, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    # A step that does not apply is kept, with the reason, so the report shows it was considered.
    # The reason is a code (NotApplicable), put into words in the reader's language when shown;
    # any other text is a reason someone wrote and is shown as written.
    not_applicable = models.CharField(_("does not apply because"), max_length=300, blank=True)
    not_applicable_params = models.JSONField(default=dict, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True, validators=[refuse_secrets])
    # What confirming wrote to the registry: the account's fields before and after, and the
    # grant it added, so that undoing the step puts back exactly what it changed.
    written = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover step")
        verbose_name_plural = _("handover steps")
        ordering = ["account__platform", "account__handle", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["handover", "account", "kind"], name="handover_step_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.get_kind_display()}"

    @property
    def is_done(self) -> bool:
        return bool(self.not_applicable) or self.confirmed_at is not None


class NotApplicable:
    """Why a handover step does not apply, stored as a code and worded when it is read."""

    CLOSED = "closed"
    COMPANY_LOGIN = "company_login"
    NO_PERSONAL_ACCESS = "no_personal_access"
    NO_RECOVERY = "no_recovery"

    WORDS = {
        CLOSED: _("The account is closed."),
        COMPANY_LOGIN: _("The login is already a company address (%(email)s)."),
        NO_PERSONAL_ACCESS: _("The leaver has no personal access registered."),
        NO_RECOVERY: _("No two-factor authentication or recovery method is registered."),
    }

    @classmethod
    def words(cls, code: str, params: dict | None = None) -> str:
        """The reason in the active language; a reason that is no code is shown as written."""
        template = cls.WORDS.get(code)
        if template is None:
            return code
        return str(template) % {"email": "", **(params or {})}
