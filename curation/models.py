"""The sources a team trusts for its curated posts, and what they published.

The rules these models serve are written down in docs/curation.md.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind:
    """The kinds of notification this app sends."""

    SOURCE_PAUSED = "source_paused"


class FetchError(models.TextChoices):
    """Why the last fetch of a source gave nothing: the code the pages translate."""

    NOT_A_FEED = "not_a_feed", _("Not a feed")
    GONE = "gone", _("Gone (410)")
    NOT_FOUND = "not_found", _("Not found (404)")
    HTTP = "http", _("The site answered with an error")
    TIMEOUT = "timeout", _("Timed out")
    TOO_BIG = "too_big", _("Too big")
    TOO_MANY_REDIRECTS = "redirects", _("Too many redirects")
    REFUSED_ADDRESS = "refused_address", _("An address the server may not fetch")
    UNREACHABLE = "unreachable", _("Unreachable")


class Source(models.Model):
    """A feed (RSS, Atom or JSON Feed) the team trusts, feeding one content theme."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="feed_sources"
    )
    name = models.CharField(_("name"), max_length=200)
    feed_url = models.URLField(_("feed address"), max_length=2000)
    site_url = models.URLField(_("site"), max_length=2000, blank=True)
    # The theme of the plan the source was added under; SET_NULL: a plan removed keeps the
    # source, and the inbox offers the theme of the same name in the plan in force.
    theme = models.ForeignKey(
        "strategy.ContentTheme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feed_sources",
        verbose_name=_("content theme"),
    )
    active = models.BooleanField(_("fetched"), default=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The conditional GET: what the site said last time, sent back so that an unchanged
    # feed costs a 304 and no parsing.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    next_fetch_at = models.DateTimeField(default=timezone.now)
    error_code = models.CharField(max_length=20, choices=FetchError.choices, blank=True)
    error_detail = models.CharField(max_length=500, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("feed_url"), name="curation_source_feed_once_per_workspace"
            )
        ]
        indexes = [models.Index(fields=["active", "next_fetch_at"])]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """One entry of a source's feed, kept 90 days, as plain text (no markup reaches a page)."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        DISMISSED = "dismissed", _("Dismissed")
        PLANNED = "planned", _("Planned as a post")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="items")
    # The feed's GUID, else its link: what makes an entry the same entry on the next fetch.
    key = models.CharField(max_length=500)
    link = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    summary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    post = models.ForeignKey(
        "content_calendar.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="curation_item_once_per_source")
        ]
        indexes = [
            models.Index(fields=["source", "status", "-published_at"]),
            # The inbox, newest first: read in this order until a page is full.
            models.Index(fields=["status", "-published_at", "-id"], name="curation_item_inbox"),
        ]

    EXCERPT = 300

    def __str__(self) -> str:
        return self.title or self.link

    @property
    def excerpt(self) -> str:
        """The summary as the inbox shows it: at most 300 characters, the last an ellipsis
        when it is cut (by slicing: the template filter costs ten times as much)."""
        if len(self.summary) <= self.EXCERPT:
            return self.summary
        return self.summary[: self.EXCERPT - 1].rstrip() + "…"
