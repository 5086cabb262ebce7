import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

_lower = lazy(lambda text: str(text).lower(), str)


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def _default_time_zone() -> str:
    return settings.TIME_ZONE


class NotificationKind:
    """The kinds of notification this app sends."""

    WELCOME = "welcome"
    MEMBER_JOINED = "member_joined"
    ROLE_CHANGED = "role_changed"


class DateOrder(models.TextChoices):
    """How English pages and emails of a workspace write a date (Dutch has one way)."""

    DAY_MONTH = "day_month", _("Day before month (3 December 2026)")
    MONTH_DAY = "month_day", _("Month before day (December 3, 2026)")


class Workspace(models.Model):
    """A company, or one client of an agency: everything else belongs to one workspace."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=_time_zone_choices,
        default=_default_time_zone,
        help_text=_("Dates and times of this workspace are shown in this zone."),
    )
    date_order = models.CharField(
        _("dates in English"),
        max_length=10,
        choices=DateOrder.choices,
        default=DateOrder.DAY_MONTH,
        help_text=_("How English pages and emails write a date. Dutch always puts the day first."),
    )
    # Four eyes by default: whoever submitted a plan does not approve it. A team of one may
    # allow it; such an approval says so.
    allow_self_approval = models.BooleanField(
        _("a reviewer may approve a plan they submitted"),
        default=False,
        help_text=_(
            "For a team of one. Otherwise another reviewer approves; the approval says so when "
            "this is used."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Raised by every change to anything in the workspace (workspaces.revisions): cached
    # fragments of its pages are keyed by it, so a change is never served from the cache.
    content_revision = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CompanyDomain(models.Model):
    """An email domain the company owns: a login on it is a company address, not a person's."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="company_domains"
    )
    domain = models.CharField(_("domain"), max_length=253)

    class Meta:
        verbose_name = _("company email domain")
        verbose_name_plural = _("company email domains")
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("domain"), name="company_domain_unique_per_workspace"
            ),
        ]

    def __str__(self) -> str:
        return self.domain


class Role(models.TextChoices):
    # Ordered from least to most rights; each role can do what the ones before it can.
    EDITOR = "editor", _("Editor")
    REVIEWER = "reviewer", _("Reviewer")
    ADMIN = "admin", _("Admin")

    @classmethod
    def rank(cls, role: str) -> int:
        return list(cls.values).index(role)

    @classmethod
    def in_sentence(cls, role: str):
        """The role's name inside a sentence, in lower case ("You are reviewer", "Je bent
        beoordelaar"); translated when shown, like the label."""
        return _lower(cls(role).label)


ROLE_DESCRIPTIONS = {
    Role.EDITOR: _("Fills in the strategy worksheets and plans posts."),
    Role.REVIEWER: _("A manager: reviews, comments on and approves plans; can also edit."),
    Role.ADMIN: _("Manages members and the workspace's settings; can also review and edit."),
}


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.workspace} ({self.role})"

    def has_role(self, role: str) -> bool:
        return Role.rank(self.role) >= Role.rank(role)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_reviewer(self) -> bool:
        return self.has_role(Role.REVIEWER)


class Invitation(models.Model):
    """An invitation by email to join a workspace. Only a hash of the link's token is stored."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EDITOR)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per address and workspace: inviting again replaces it.
            models.UniqueConstraint(
                "workspace",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.workspace}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at
