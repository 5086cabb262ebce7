"""What the plan achieved: check-ins on sub-goals, what the networks reported per post, what
the work cost, and the evaluation at a period's end that starts the next plan.

The rules these models serve are written down in docs/results.md.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The years a check-in, a spend or an evaluated period may fall in: the same slip-of-the-keyboard
# guard as the calendar's (a year 0001 stored in PostgreSQL breaks every page that reads it).
RESULT_YEARS = (2000, 2199)


def validate_result_day(value) -> None:
    first, last = RESULT_YEARS
    if isinstance(value, datetime.date) and not first <= value.year <= last:
        raise ValidationError(
            _("Choose a date between the years %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": first, "last": last},
        )


class NotificationKind:
    """The kinds of notification this app sends."""

    CHECK_IN_DUE = "check_in_due"
    SUB_GOAL_BEHIND = "sub_goal_behind"
    SUB_GOAL_MISSED = "sub_goal_missed"
    EVALUATION_DUE = "evaluation_due"
    EVALUATION_READY = "evaluation_ready"
    EVALUATION_SIGNED_OFF = "evaluation_signed_off"


class ProgressState(models.TextChoices):
    """Where a sub-goal stands (see results.progress)."""

    NOT_MEASURABLE = "not_measurable", _("Not measurable")
    NO_CHECK_IN = "no_check_in", _("No check-in yet")
    AHEAD = "ahead", _("Ahead")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    ACHIEVED = "achieved", _("Achieved")
    MISSED = "missed", _("Missed")


class Recorded(models.Model):
    """Who entered a figure and when, and its revision: raised by every change, so an edit
    opened before someone else's change is refused instead of saved over it."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class CheckIn(Recorded):
    """A value of a sub-goal's metric on a day: "42 applications on 1 March"."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="check_ins"
    )
    sub_goal = models.ForeignKey(
        "strategy.SubGoal",
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("sub-goal"),
    )
    # The measurement it was taken for, when the plan names one (its source and frequency).
    measurement = models.ForeignKey(
        "strategy.Measurement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_ins",
        verbose_name=_("measurement"),
    )
    measured_on = models.DateField(_("date"), validators=[validate_result_day])
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("e.g. LinkedIn analytics, CRM")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["measured_on", "pk"]
        constraints = [
            # One value per sub-goal and day: entering the month's figures again corrects them.
            models.UniqueConstraint(fields=["sub_goal", "measured_on"], name="check_in_one_a_day")
        ]
        indexes = [models.Index(fields=["workspace", "measured_on"], name="check_in_ws_day_idx")]

    def __str__(self) -> str:
        return f"{self.sub_goal_id}: {self.value} ({self.measured_on})"


class SubGoalState(models.Model):
    """The state a sub-goal was last seen in, so a change is told once (not every sweep)."""

    sub_goal = models.OneToOneField(
        "strategy.SubGoal", on_delete=models.CASCADE, related_name="progress_state"
    )
    state = models.CharField(max_length=20, choices=ProgressState.choices)
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sub-goal state")
        verbose_name_plural = _("sub-goal states")

    def __str__(self) -> str:
        return f"{self.sub_goal_id}: {self.state}"


class PostResult(Recorded):
    """What a network reported for one published post. A figure it did not report is empty."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported")
        API = "api", _("API")

    # The figures, in the order the pages show them.
    FIGURES = ("impressions", "reach", "reactions", "comments", "shares", "clicks", "follows")
    # What counts as engaging with a post (the engagement rate's numerator).
    ENGAGEMENTS = ("reactions", "comments", "shares", "clicks")

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="post_results"
    )
    post = models.OneToOneField(
        "content_calendar.Post", on_delete=models.CASCADE, related_name="result"
    )
    impressions = models.PositiveIntegerField(_("impressions or views"), null=True, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    reactions = models.PositiveIntegerField(_("reactions"), null=True, blank=True)
    comments = models.PositiveIntegerField(_("comments"), null=True, blank=True)
    shares = models.PositiveIntegerField(_("shares"), null=True, blank=True)
    clicks = models.PositiveIntegerField(_("clicks"), null=True, blank=True)
    follows = models.PositiveIntegerField(_("follows"), null=True, blank=True)
    # The address of the published post on the network, as its analytics export names it: a
    # later import of the same post matches it by this (docs/results.md, "Matching rows").
    permalink = models.URLField(_("permalink"), max_length=500, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )

    class Meta:
        verbose_name = _("post result")
        verbose_name_plural = _("post results")
        indexes = [
            models.Index(fields=["workspace", "permalink"], name="post_result_permalink_idx")
        ]

    def __str__(self) -> str:
        return f"{self.post_id}"

    @property
    def engagements(self) -> int | None:
        values = [getattr(self, name) for name in self.ENGAGEMENTS]
        known = [value for value in values if value is not None]
        return sum(known) if known else None

    @property
    def engagement_rate(self) -> Decimal | None:
        """Engagements per impression, as a fraction; unknown without impressions."""
        engagements = self.engagements
        if engagements is None or not self.impressions:
            return None
        return Decimal(engagements) / Decimal(self.impressions)

    @property
    def engagement_percent(self) -> Decimal | None:
        rate = self.engagement_rate
        return None if rate is None else rate * 100


class ImportMapping(models.Model):
    """The columns of a results export as the team mapped them last time, per channel."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="result_mappings"
    )
    channel = models.OneToOneField(
        "accounts_registry.SocialAccount", on_delete=models.CASCADE, related_name="result_mapping"
    )
    # {"column in our terms": "header in their file"}
    columns = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("results import mapping")
        verbose_name_plural = _("results import mappings")

    def __str__(self) -> str:
        return str(self.channel)


class ResultsSettings(models.Model):
    """What an hour of the team's time costs, for the cost of a period (one per workspace)."""

    workspace = models.OneToOneField(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="results_settings"
    )
    hourly_cost = models.DecimalField(
        _("cost of an hour of work"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Salary and overhead per hour, in euros. Empty: the time is not costed."),
    )

    class Meta:
        verbose_name = _("results settings")
        verbose_name_plural = _("results settings")

    def __str__(self) -> str:
        return str(self.workspace)


class Spend(models.Model):
    """Money spent for the plan in a period: ads, tools, other."""

    class Kind(models.TextChoices):
        ADS = "ads", _("Ads")
        TOOLS = "tools", _("Tools")
        OTHER = "other", _("Other")

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="spends"
    )
    plan = models.ForeignKey(
        "strategy.StrategyPlan", on_delete=models.CASCADE, related_name="spends"
    )
    spent_on = models.DateField(_("date"), validators=[validate_result_day])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ADS)
    description = models.CharField(_("what for"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("spend")
        verbose_name_plural = _("spends")
        ordering = ["spent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.spent_on})"


class Evaluation(models.Model):
    """The look back at a period of a plan ("herhaal"): results against targets, lessons, and
    the reviewer's sign-off. A signed-off evaluation keeps its figures as they were."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED_OFF = "signed_off", _("Signed off")

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="evaluations"
    )
    plan = models.ForeignKey(
        "strategy.StrategyPlan", on_delete=models.CASCADE, related_name="evaluations"
    )
    period_start = models.DateField(_("from"), validators=[validate_result_day])
    period_end = models.DateField(_("until"), validators=[validate_result_day])
    worked = models.TextField(_("what worked"), blank=True)
    did_not_work = models.TextField(_("what did not work"), blank=True)
    to_change = models.TextField(_("what to change"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    # The figures at sign-off (sub-goals, mix, cost), so later check-ins don't rewrite history.
    figures = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    # The plan started from this evaluation ("start the next period from this plan").
    next_plan = models.OneToOneField(
        "strategy.StrategyPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="started_from_evaluation",
    )
    # Raised by every save: two people editing the lessons never overwrite each other silently.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_end"], name="evaluation_one_per_period_end"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="evaluation_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.period_start} - {self.period_end}"
