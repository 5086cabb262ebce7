"""Planned posts per channel, each promotional, curated or engagement."""

import datetime
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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
    POST_APPROVED = "post_approved"
    POST_COMMENTED = "post_commented"


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
    # What the post serves, chosen from the plan in force on its date (links, so that the
    # plan can count them). SET_NULL: a theme removed from the plan leaves its name in
    # `serves_note` (services.keep_names_of_removed) rather than losing the post.
    theme = models.ForeignKey(
        "strategy.ContentTheme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("content theme"),
    )
    sub_goal = models.ForeignKey(
        "strategy.SubGoal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("sub-goal"),
    )
    audience = models.ForeignKey(
        "strategy.Audience",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("audience"),
    )
    # What was typed when "serves" was free text and matched nothing of the plan: kept and
    # shown until a theme, sub-goal or audience is chosen, so nothing is lost.
    serves_note = models.CharField(
        _("serves, as typed before"),
        max_length=300,
        blank=True,
        help_text=_("What this post served before it was linked to the plan."),
    )
    campaign = models.ForeignKey(
        "Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("campaign"),
    )
    # Posts made by one repeat rule (weekly, monthly) share their series.
    series = models.ForeignKey(
        "PostSeries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("series"),
    )
    evergreen = models.BooleanField(
        _("evergreen"),
        default=False,
        help_text=_("Still true later: it can be planned again."),
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
    # Per-post approval, where the workspace asks for it (CalendarSettings.posts_need_approval).
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField(default=0)
    # A deleted post is kept in its history: who removed it, when, and what it said.
    history = HistoricalRecords(excluded_fields=["created_at", "revision"])

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
    def serves(self) -> str:
        """What the post serves, in words: its theme, sub-goal and audience, else the note."""
        linked = [str(row) for row in (self.theme, self.sub_goal, self.audience) if row]
        return " · ".join(linked) or self.serves_note

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
    posts_need_approval = models.BooleanField(
        _("posts need a reviewer's approval"),
        default=False,
        help_text=_("A post becomes ready only after a reviewer approved it."),
    )

    class Meta:
        verbose_name = _("calendar settings")
        verbose_name_plural = _("calendar settings")

    def __str__(self) -> str:
        return str(self.workspace)


class Campaign(models.Model):
    """A group of posts with one purpose and period: a launch, an event, a season."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="campaigns"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(
        _("starts"), null=True, blank=True, validators=[validate_planning_day]
    )
    ends_on = models.DateField(_("ends"), null=True, blank=True, validators=[validate_planning_day])

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="campaign_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The campaign ends before it starts.")})


class PostSeries(models.Model):
    """The repeat rule of a recurring post: every week or month until a date. Each
    occurrence is a post of its own (it can be moved, changed or removed alone)."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month")

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="post_series"
    )
    frequency = models.CharField(_("repeats"), max_length=10, choices=Frequency.choices)
    until = models.DateField(_("until"), validators=[validate_planning_day])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recurring series")
        verbose_name_plural = _("recurring series")

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} ({self.until})"


def post_image_path(instance: "PostImage", filename: str) -> str:
    # A random name: the uploaded name says nothing we need and may say what we don't want.
    return f"posts/{instance.post.workspace_id}/{secrets.token_hex(12)}.{instance.extension}"


class PostImage(models.Model):
    """An image attached to a post, checked by its content (not its name), with the text a
    screen reader says in its place."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    file = models.ImageField(
        _("image"), upload_to=post_image_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to="posts/thumbs/", blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=1000,
        help_text=_("What the image shows, for people who can't see it."),
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    content_type = models.CharField(max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text[:60]

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "bin")


class PostComment(models.Model):
    """A reviewer's (or planner's) remark on a post, in the post itself."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment on a post")
        verbose_name_plural = _("comments on posts")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class PostingSlot(models.Model):
    """A weekly moment a channel posts at (Tuesday 09:00), from the plan's rhythm: the
    slots of a channel number between its plan's minimum and maximum posts per week."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="posting_slots"
    )
    channel = models.ForeignKey(
        "accounts_registry.SocialAccount",
        on_delete=models.CASCADE,
        related_name="posting_slots",
        verbose_name=_("channel"),
    )
    # ISO weekday: 1 is Monday, 7 is Sunday.
    weekday = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    time = models.TimeField(_("time"))

    class Meta:
        verbose_name = _("posting slot")
        verbose_name_plural = _("posting slots")
        ordering = ["channel", "weekday", "time"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "weekday", "time"], name="posting_slot_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.weekday} {self.time:%H:%M}"

    @property
    def day_name(self) -> str:
        return str(dict(WEEKDAYS).get(self.weekday, self.weekday))
