"""The strategy plan and its worksheet sections: why → who → what → how → reality check."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind:
    """The kinds of notification this app sends."""

    PLAN_SUBMITTED = "plan_submitted"
    PLAN_CHANGES_REQUESTED = "plan_changes_requested"
    PLAN_APPROVED = "plan_approved"
    PLAN_COMMENTED = "plan_commented"
    PLAN_ARCHIVED = "plan_archived"
    PLAN_WITHDRAWN = "plan_withdrawn"
    REVIEW_OVERDUE = "plan_review_overdue"
    NEXT_REVIEW_DUE = "plan_next_review_due"


class Section(models.TextChoices):
    """The worksheet's steps, in the order the domain prescribes."""

    WHY = "why", _("Why")
    WHO = "who", _("Who")
    WHAT = "what", _("What")
    HOW = "how", _("How")
    REALITY = "reality", _("Reality check")


class SuccessMeaning(models.TextChoices):
    BRAND_PROMOTION = "brand_promotion", _("Brand promotion")
    THOUGHT_LEADERSHIP = "thought_leadership", _("Thought leadership")
    WEB_TRAFFIC = "web_traffic", _("Web traffic")
    LEAD_GENERATION = "lead_generation", _("Lead generation")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")


# The eight realities a plan must face before approval (DOMAIN.md, article 003).
REALITIES = [
    (
        "persistence",
        _("Nobody reads a new blog for months"),
        _("How will you keep going, and keep readers (a newsletter, RSS) until people come?"),
    ),
    (
        "broadcasting",
        _("An account that only broadcasts is boring"),
        _("How will the company's account talk with people instead of at them?"),
    ),
    (
        "group_spam",
        _("LinkedIn groups fill with spam without community management"),
        _("Who moderates the groups and communities you start, and how often?"),
    ),
    (
        "silent_community",
        _("An own community stays silent without top content and moderation"),
        _("What top content and moderation will keep your community alive?"),
    ),
    (
        "no_viral",
        _("A viral is never guaranteed"),
        _("What does the plan do if nothing goes viral?"),
    ),
    (
        "no_user_content",
        _("Customers won't create content unless they are creators"),
        _("Does your audience create content at all? What do you expect from them?"),
    ),
    (
        "working_time",
        _("Employees won't help unless it is part of their working time"),
        _("How much working time do the people involved get for social media?"),
    ),
    (
        "unique_value",
        _("Nobody becomes a brand's friend without value they can't get elsewhere"),
        _("What do followers get from you that they can't get anywhere else?"),
    ),
]
REALITY_KEYS = [key for key, _title, _question in REALITIES]


class StrategyPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        ARCHIVED = "archived", _("Archived")

    EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="strategy_plans"
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_strategy_plans",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_strategy_plans",
        verbose_name=_("reviewer"),
    )
    review_due = models.DateField(_("review due"), null=True, blank=True)
    next_review_on = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        help_text=_("A plan is reviewed again and again: when is it looked at next?"),
    )
    based_on = models.ForeignKey(
        "PlanVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started from"),
    )
    # An amendment is a draft of the same period that replaces this approved plan when it is
    # approved in turn; until then the calendar keeps following the plan it amends.
    amends = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    # The content of the file a plan was imported from, so the same file imported again is
    # recognised after the plan has been edited since.
    import_fingerprint = models.CharField(
        _("imported file's fingerprint"),
        max_length=64,
        blank=True,
        default="",
        editable=False,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    # Each step has its own revision, so two people on different steps never conflict, and two
    # on the same step always notice (services.plan_section_save).
    why_revision = models.PositiveIntegerField(default=0)
    who_revision = models.PositiveIntegerField(default=0)
    what_revision = models.PositiveIntegerField(default=0)
    how_revision = models.PositiveIntegerField(default=0)
    reality_revision = models.PositiveIntegerField(default=0)

    # --- Why -----------------------------------------------------------------------------
    business_issue = models.TextField(
        _("business issue"),
        blank=True,
        help_text=_(
            "Which business issue does social media serve? A recruiting problem, the load on "
            "customer service, low awareness … Social media support goals; they are never the "
            "goal itself."
        ),
    )
    top_goal = models.TextField(
        _("top business goal"),
        blank=True,
        help_text=_("The goal of the business itself, e.g. more revenue or lower costs."),
    )
    success_meanings = models.JSONField(_("what success means"), default=list, blank=True)
    success_notes = models.TextField(
        _("how success is measured"),
        blank=True,
        help_text=_(
            "Awareness and purchase intent rather than direct sales; visibility on the web; a "
            "listening dashboard that also watches competitors."
        ),
    )
    supports_marketing = models.TextField(
        _("support for other marketing"),
        blank=True,
        help_text=_("How social media support events, the newsletter, campaigns …"),
    )

    # --- Who -----------------------------------------------------------------------------
    brand = models.TextField(_("who we are"), blank=True, help_text=_("The brand, in a few words."))
    value_proposition = models.TextField(_("value proposition"), blank=True)
    desired_image = models.TextField(
        _("desired image"), blank=True, help_text=_("What should people think of us?")
    )
    key_people = models.TextField(
        _("key people and networks"),
        blank=True,
        help_text=_("Where do conversations about the brand happen, and who leads them?"),
    )
    crisis_decider = models.CharField(
        _("who decides in a crisis"),
        max_length=200,
        blank=True,
        help_text=_("With management backing: who has the last word when things go wrong?"),
    )

    # --- What ----------------------------------------------------------------------------
    core_messages = models.TextField(
        _("core messages"),
        blank=True,
        help_text=_("What should the audience know and think of us?"),
    )
    unique_value = models.TextField(
        _("value they can't get elsewhere"),
        blank=True,
        help_text=_("Why would anyone follow us? What do we offer that others don't?"),
    )
    mix_promotional = models.PositiveSmallIntegerField(
        _("promotional %"), default=0, validators=[MaxValueValidator(100)]
    )
    mix_curated = models.PositiveSmallIntegerField(
        _("curated %"), default=0, validators=[MaxValueValidator(100)]
    )
    mix_engagement = models.PositiveSmallIntegerField(
        _("engagement %"), default=0, validators=[MaxValueValidator(100)]
    )

    # --- How -----------------------------------------------------------------------------
    policy_who_may_speak = models.TextField(
        _("who may speak for the company"),
        blank=True,
        help_text=_("Employees and contractors: who may post on behalf of the company?"),
    )
    policy_hashtag_check = models.TextField(
        _("the hashtag check"),
        blank=True,
        help_text=_(
            "How is a trending hashtag checked before it is used? (A retailer's agency once "
            "tweeted about #Aurora the day after a mass shooting.)"
        ),
    )
    policy_crisis_escalation = models.TextField(
        _("crisis escalation"), blank=True, help_text=_("Who is called, in which order?")
    )
    policy_scheduling = models.TextField(
        _("scheduling and automation"),
        blank=True,
        help_text=_("Scheduling ahead is good practice; automated robo-posts are to be avoided."),
    )
    daily_watch = models.CharField(
        _("who watches the accounts every day"),
        max_length=200,
        blank=True,
        help_text=_("Someone answers questions every day."),
    )
    review_cycle = models.TextField(
        _("the review cycle"),
        blank=True,
        help_text=_(
            "Observe, listen, identify, discuss internally, streamline the information flow, "
            "improve processes, participate, give feedback, repeat: how does the team do it?"
        ),
    )

    # --- Reality check -------------------------------------------------------------------
    reality_persistence = models.TextField(blank=True)
    reality_broadcasting = models.TextField(blank=True)
    reality_group_spam = models.TextField(blank=True)
    reality_silent_community = models.TextField(blank=True)
    reality_no_viral = models.TextField(blank=True)
    reality_no_user_content = models.TextField(blank=True)
    reality_working_time = models.TextField(blank=True)
    reality_unique_value = models.TextField(blank=True)

    class Meta:
        verbose_name = _("strategy plan")
        verbose_name_plural = _("strategy plans")
        ordering = ["-period_start", "-pk"]
        indexes = [models.Index(fields=["workspace", "status"], name="plan_workspace_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        meanings = self.success_meanings
        if not isinstance(meanings, list) or set(map(str, meanings)) - set(SuccessMeaning.values):
            raise ValidationError({"success_meanings": _("Choose from the list.")})
        # One order, the list's own, so that the same choice is never seen as a change.
        self.success_meanings = [v for v in SuccessMeaning.values if v in meanings]

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def mix_total(self) -> int:
        return self.mix_promotional + self.mix_curated + self.mix_engagement

    def revision_of(self, section: str) -> int:
        return getattr(self, f"{section}_revision")

    def reality_answers(self) -> list[tuple[str, str, str, str]]:
        """(key, reality, question, the team's answer) for each of the eight realities."""
        return [
            (key, title, question, getattr(self, f"reality_{key}"))
            for key, title, question in REALITIES
        ]


def _check_same_plan(row: models.Model, name: str, message) -> None:
    """A row may only point at a row of its own plan (a channel at one of the plan's
    audiences): another plan's row, chosen in a form or through the API, is refused. Checked
    on the row that was chosen (forms, the API and imports set it), not read again per row."""
    field = row._meta.get_field(name)
    target = field.get_cached_value(row, None)
    if target is None or row.plan_id is None:
        return
    if target.plan_id != row.plan_id:
        raise ValidationError({name: message})


class PlanItem(models.Model):
    """A row of a repeating worksheet item; `position` keeps the order the team chose."""

    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class SubGoal(PlanItem):
    """A measurable sub-goal: without a metric, a target and a deadline no ROI can be shown."""

    class Category(models.TextChoices):
        NETWORK = "network", _("Grow the network")
        CONTACTS = "contacts", _("Gather contact details")
        IMAGE = "image", _("Strengthen the image")
        KNOWLEDGE_PARTNER = "knowledge_partner", _("Be the knowledge partner")
        SATISFACTION = "satisfaction", _("Raise customer satisfaction or trust")
        RECRUITING = "recruiting", _("Support recruiting")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="sub_goals")
    category = models.CharField(
        _("kind"), max_length=30, choices=Category.choices, default=Category.OTHER
    )
    description = models.CharField(_("sub-goal"), max_length=300)
    metric = models.CharField(
        _("metric"), max_length=200, blank=True, help_text=_("e.g. followers on LinkedIn")
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. %, people"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # What one unit of the metric is worth to the business (an application: €400). With it
    # the results show a return on investment; without it, only the cost per unit.
    value_per_unit = models.DecimalField(
        _("value per unit (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What one more unit is worth, e.g. an application: 400. Optional."),
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")

    def __str__(self) -> str:
        return self.description

    @property
    def is_measurable(self) -> bool:
        return bool(self.metric) and self.target is not None and self.deadline is not None


class Audience(PlanItem):
    class CreatesContent(models.TextChoices):
        YES = "yes", _("Yes, they create")
        SOME = "some", _("Some of them")
        NO = "no", _("No, they only read")
        UNKNOWN = "unknown", _("We don't know yet")

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="audiences")
    name = models.CharField(_("audience"), max_length=200)
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("1 is the most important."),
    )
    cares_about = models.TextField(_("what they care about"), blank=True)
    where_active = models.CharField(_("where they are active"), max_length=300, blank=True)
    creates_content = models.CharField(
        _("do they create content?"),
        max_length=10,
        choices=CreatesContent.choices,
        default=CreatesContent.UNKNOWN,
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["priority", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Conversation(PlanItem):
    """A conversation the company already has: channels come after the conversations."""

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="conversations")
    with_whom = models.CharField(
        _("with whom"), max_length=200, help_text=_("customers, suppliers, employees, partners …")
    )
    about = models.CharField(_("about what"), max_length=300, blank=True)
    suitable_channel = models.CharField(_("which channel suits it"), max_length=200, blank=True)

    class Meta(PlanItem.Meta):
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.with_whom


class TeamRole(PlanItem):
    """Who does the work, and how much working time they get for it."""

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="team_roles")
    role = models.CharField(
        _("role"), max_length=200, help_text=_("e.g. social media manager, webcare, recruitment")
    )
    person = models.CharField(_("who"), max_length=200, blank=True)
    routes_questions_about = models.CharField(
        _("questions routed to them"), max_length=300, blank=True
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    within_working_hours = models.BooleanField(_("within working hours"), default=True)

    class Meta(PlanItem.Meta):
        verbose_name = _("team role")
        verbose_name_plural = _("team roles")

    def __str__(self) -> str:
        return self.role


class ContentTheme(PlanItem):
    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("content theme"), max_length=200)
    message = models.TextField(_("what we want to say"), blank=True)

    class Meta(PlanItem.Meta):
        verbose_name = _("content theme")
        verbose_name_plural = _("content themes")

    def __str__(self) -> str:
        return self.name


class ChannelPlan(PlanItem):
    """A channel the plan uses: a company-owned account, with an owner and a rhythm."""

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="channels")
    account = models.ForeignKey(
        "accounts_registry.SocialAccount",
        on_delete=models.PROTECT,
        related_name="channel_plans",
        verbose_name=_("account"),
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    audience = models.ForeignKey(
        Audience,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="channels",
        verbose_name=_("for which audience"),
    )
    # What was typed when the audience was free text and matched none of the plan's
    # audiences: kept and shown on the row until an audience is chosen, so nothing is lost.
    audience_note = models.CharField(_("audience as typed before"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    min_posts_per_week = models.PositiveSmallIntegerField(
        _("at least, posts per week"), null=True, blank=True
    )
    max_posts_per_week = models.PositiveSmallIntegerField(
        _("at most, posts per week"), null=True, blank=True
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return str(self.account)

    def clean(self):
        super().clean()
        low, high = self.min_posts_per_week, self.max_posts_per_week
        # full_clean() calls clean() even when a field failed its own check, leaving the raw
        # value (a text from an import): compare numbers only.
        if isinstance(low, int) and isinstance(high, int) and low > high:
            raise ValidationError({"max_posts_per_week": _("The maximum is below the minimum.")})
        _check_same_plan(self, "audience", _("Choose one of this plan's own audiences."))
        if self.audience_id:
            self.audience_note = ""  # the chosen audience replaces what was typed before


class Measurement(PlanItem):
    """Which KPI shows progress on a sub-goal, from which source, how often."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="measurements")
    kpi = models.CharField(_("KPI"), max_length=200)
    sub_goal = models.ForeignKey(
        SubGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("for sub-goal"),
    )
    # As ChannelPlan.audience_note: a sub-goal typed before it could be chosen, unmatched.
    sub_goal_note = models.CharField(_("sub-goal as typed before"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("e.g. LinkedIn analytics, CRM")
    )
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return self.kpi

    def clean(self):
        super().clean()
        _check_same_plan(self, "sub_goal", _("Choose one of this plan's own sub-goals."))
        if self.sub_goal_id:
            self.sub_goal_note = ""


class PlanComment(models.Model):
    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(_("step"), max_length=10, choices=Section.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class PlanTransition(models.Model):
    """Who moved the plan from one status to another, when, and why."""

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=StrategyPlan.Status.choices)
    to_status = models.CharField(max_length=20, choices=StrategyPlan.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class PlanVersion(models.Model):
    """The whole plan as it was approved. Immutable: never changed after it is written."""

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["-approved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.content.get('title', '')} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A plan version is immutable.")
        super().save(*args, **kwargs)


class PlanSubmission(models.Model):
    """The whole plan as it was handed to the reviewer, so that a plan that comes back after
    changes were requested can be compared with what the reviewer saw. Immutable but for
    `outcome`, which says how the round ended."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField(_("round"))
    content = models.JSONField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_submission_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.content.get('title', '')} #{self.number}"


class CommentDraft(models.Model):
    """What one person typed on a plan's review page but has not sent yet (the review comment,
    a step's comment), kept when another button on the page is used, so nothing is lost."""

    plan = models.ForeignKey(StrategyPlan, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # {"review": "…", "<section>": "…"}
    texts = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "author"], name="comment_draft_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.plan}"
