"""Planned posts per channel, each promotional, curated or engagement."""

import datetime
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HASHTAG = re.compile(r"(?<![\w#])#(\w+)", re.UNICODE)


def hashtags_in(text: str) -> str:
    """The text's hashtags, normalised and sorted, as one string ("" when there are none)."""
    return " ".join(sorted({tag.lower() for tag in HASHTAG.findall(text or "")}))


class NotificationKind:
    """The kinds of notification this app sends."""

    POST_NOT_READY = "post_not_ready"
    HASHTAGS_UNCHECKED = "post_hashtags_unchecked"
    CHANNEL_RHYTHM = "channel_rhythm"
    CHANNEL_MIX = "channel_mix"


class Category(models.TextChoices):
    PROMOTIONAL = "promotional", _("Promotional")
    CURATED = "curated", _("Curated")
    ENGAGEMENT = "engagement", _("Engagement")


# The years a post may be planned in. A date outside them is a slip of the keyboard (0001 for
# 2001), and one before year 1 in UTC would be stored as a timestamp before the common era that
# no page could read back: the calendar, the API and the backup of the whole workspace would
# fail for everyone. Every way in (form, move, import, API) saves through full_clean, so this
# one rule guards them all; `manage.py check --database default` reports rows already outside.
POST_YEARS = (2000, 2199)


def validate_planning_day(value) -> None:
    """A post's time, or a day the calendar shows, lies within POST_YEARS."""
    first, last = POST_YEARS
    if isinstance(value, datetime.date) and not first <= value.year <= last:
        raise ValidationError(
            _("Choose a date between the years %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": first, "last": last},
        )


def in_planning_years(year: int) -> bool:
    return POST_YEARS[0] <= year <= POST_YEARS[1]


class Post(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Ready")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    # Statuses that need the hashtag check first (the #Aurora lesson).
    NEEDS_HASHTAG_CHECK = (Status.READY, Status.SCHEDULED, Status.PUBLISHED)

    # No index of its own: post_calendar_idx (workspace, scheduled_at) serves every lookup by
    # workspace, and with a second one PostgreSQL picked the lesser for the calendar's ranges.
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="posts", db_index=False
    )
    channel = models.ForeignKey(
        "accounts_registry.SocialAccount",
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("channel"),
    )
    scheduled_at = models.DateTimeField(_("date and time"), validators=[validate_planning_day])
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    serves = models.CharField(
        _("theme or sub-goal it serves"),
        max_length=300,
        blank=True,
        help_text=_("A content theme or sub-goal of the plan."),
    )
    text = models.TextField(_("text"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The hashtags that were checked, by whom and when; a change of hashtags voids the check.
    hashtags_checked = models.CharField(max_length=500, blank=True)
    hashtags_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hashtags checked by"),
    )
    hashtags_checked_at = models.DateTimeField(_("hashtags checked"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["scheduled_at", "pk"]
        indexes = [
            models.Index(fields=["workspace", "scheduled_at"], name="post_calendar_idx"),
            models.Index(fields=["channel", "scheduled_at"], name="post_channel_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def hashtags(self) -> str:
        return hashtags_in(self.text)

    @property
    def hashtag_check_pending(self) -> bool:
        tags = self.hashtags
        return bool(tags) and self.hashtags_checked != tags


class CalendarSettings(models.Model):
    """The calendar's settings for one workspace, and the secret of its iCalendar feed."""

    workspace = models.OneToOneField(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="calendar_settings"
    )
    mix_tolerance = models.PositiveSmallIntegerField(
        _("mix tolerance (percentage points)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("How far a category's share may be off the plan's target before it warns."),
    )
    feed_token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)

    class Meta:
        verbose_name = _("calendar settings")
        verbose_name_plural = _("calendar settings")

    def __str__(self) -> str:
        return str(self.workspace)
