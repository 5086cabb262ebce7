"""Reading plans: lists, the checklist that decides whether a plan may be submitted, and the
approved plan that the calendar and the background checks hold the daily work to."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts_registry.models import Platform, SocialAccount
from workspaces.selectors import for_workspace, get_for_workspace_or_404

from .models import (
    ChannelPlan,
    CommentDraft,
    PlanSubmission,
    PlanVersion,
    Section,
    StrategyPlan,
)
from .sections import SECTION_ITEMS
from .snapshot import with_sections


@dataclass(frozen=True)
class MissingItem:
    section: str
    message: str


@dataclass
class Checklist:
    """What keeps a plan from being submitted, what deserves a second look, and which steps
    are complete."""

    missing: list[MissingItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def can_submit(self) -> bool:
        return not self.missing

    def missing_in(self, section: str) -> list[MissingItem]:
        return [m for m in self.missing if m.section == section]

    def is_complete(self, section: str) -> bool:
        return not self.missing_in(section)

    @property
    def complete_count(self) -> int:
        return sum(self.is_complete(s) for s in Section.values)

    @property
    def step_count(self) -> int:
        return len(Section.values)

    @property
    def complete_share(self) -> int:
        """The steps complete as a whole percentage (for a progress bar's .pct-N class)."""
        return round(100 * self.complete_count / self.step_count)


def plan_checklist(plan: StrategyPlan) -> Checklist:
    """The submission rules, checked on a plan loaded with its sections (no queries of its own
    when it was loaded through with_sections, or with its sub-goals, audiences and channels
    prefetched as the dashboard does)."""
    result = Checklist()

    def missing(section: str, message: str) -> None:
        result.missing.append(MissingItem(section, message))

    if not plan.business_issue.strip():
        missing(Section.WHY, _("Name the business issue that social media must serve."))
    if not plan.top_goal.strip():
        missing(Section.WHY, _("Name the top business goal."))
    sub_goals = list(plan.sub_goals.all())
    if not any(g.is_measurable for g in sub_goals):
        missing(
            Section.WHY,
            _("Add at least one sub-goal with a metric, a target and a deadline."),
        )

    audiences = list(plan.audiences.all())
    if not any(a.priority for a in audiences):
        missing(Section.WHO, _("Add at least one audience with a priority."))

    if plan.mix_total != 100:
        missing(
            Section.WHAT,
            _("The content mix adds up to %(total)s%%; it must be 100%%.")
            % {"total": plan.mix_total},
        )

    channels = list(plan.channels.all())
    if not channels:
        missing(Section.HOW, _("Add at least one channel."))
    for channel in channels:
        if channel.owner_id is None:
            missing(Section.HOW, _("Give %(channel)s an owner.") % {"channel": channel.account})
        low, high = channel.min_posts_per_week, channel.max_posts_per_week
        if low is None or high is None:
            missing(
                Section.HOW,
                _("Set the posts per week (at least and at most) for %(channel)s.")
                % {"channel": channel.account},
            )
        elif low > high:
            missing(
                Section.HOW,
                _("For %(channel)s the maximum posts per week is below the minimum.")
                % {"channel": channel.account},
            )

    unanswered = [title for key, title, _q, answer in plan.reality_answers() if not answer.strip()]
    if unanswered:
        missing(
            Section.REALITY,
            _("Answer every reality: %(count)s still open.") % {"count": len(unanswered)},
        )

    if plan.mix_promotional > plan.mix_curated + plan.mix_engagement:
        result.warnings.append(
            _(
                "Promotion takes more than curated and engagement together "
                "(%(promotional)s%%). Pushing promotion backfires."
            )
            % {"promotional": plan.mix_promotional}
        )
    # Each platform's name translated once, not get_platform_display() for every channel.
    names = dict(Platform.choices)
    platforms = Counter(str(names.get(c.account.platform, c.account.platform)) for c in channels)
    for platform, count in sorted(platforms.items()):
        if count > 1:
            result.warnings.append(
                _(
                    "%(count)s channels on %(platform)s. Fewer, better accounts beat many: one "
                    "company went from 33 accounts to 1."
                )
                % {"count": count, "platform": platform}
            )
    return result


STEP_QUESTIONS = {
    Section.WHY: gettext_lazy("What is social media for? The business issue, the goals."),
    Section.WHO: gettext_lazy("Who are we, whom do we want to reach, and who does the work?"),
    Section.WHAT: gettext_lazy("What do we want to say, and in which mix?"),
    Section.HOW: gettext_lazy("Which channels, with which rules and rhythm?"),
    Section.REALITY: gettext_lazy("Does the plan hold up against the eight realities?"),
}


def plans_of_workspace(*, workspace) -> QuerySet[StrategyPlan]:
    return (
        for_workspace(StrategyPlan, workspace=workspace)
        .select_related("owner", "reviewer")
        .annotate(version_count=Count("versions"))
        .order_by("-period_start", "-pk")
    )


def plan_with_sections(*, workspace, pk: int) -> StrategyPlan:
    """A plan with every step's rows, and the version it started from (its number, not the
    whole plan that version keeps)."""
    return get_for_workspace_or_404(
        with_sections(
            StrategyPlan.objects.select_related(
                "workspace", "owner", "reviewer", "updated_by", "based_on"
            ).defer("based_on__content")
        ),
        workspace=workspace,
        pk=pk,
    )


def plan_for_step(*, workspace, pk: int, step: str) -> StrategyPlan:
    """A plan with what one worksheet step shows: the step's own rows (which its formsets
    reuse) and the rows the checklist reads, not every step's."""
    lookups = {
        "sub_goals": "sub_goals",
        "audiences": "audiences",
        "channels": Prefetch("channels", queryset=ChannelPlan.objects.select_related("account")),
    }
    for item in SECTION_ITEMS[step]:
        lookups.setdefault(item.name, item.name)
    return get_for_workspace_or_404(
        StrategyPlan.objects.select_related(
            "workspace", "owner", "reviewer", "updated_by"
        ).prefetch_related(*lookups.values()),
        workspace=workspace,
        pk=pk,
    )


def current_approved_plan(*, workspace, on: datetime.date | None = None) -> StrategyPlan | None:
    """The approved plan whose period covers the date: the reference for the calendar."""
    on = on or timezone.localdate()
    return (
        for_workspace(StrategyPlan, workspace=workspace)
        .filter(status=StrategyPlan.Status.APPROVED, period_start__lte=on, period_end__gte=on)
        .order_by("-period_start")
        .first()
    )


def calendar_follows(
    *, plan: StrategyPlan, on: datetime.date | None = None
) -> tuple[str, StrategyPlan | None]:
    """Whether the calendar follows this approved plan today: "now", "later" (its period
    has not begun) or "past" (its period is over), with the plan the calendar follows today,
    if any."""
    on = on or timezone.localdate()
    current = current_approved_plan(workspace=plan.workspace, on=on)
    if plan.period_start <= on <= plan.period_end and current == plan:
        return "now", plan
    return ("later" if plan.period_start > on else "past"), current


def overlapping_approved_plans(*, plan: StrategyPlan) -> QuerySet[StrategyPlan]:
    return for_workspace(StrategyPlan, workspace=plan.workspace).filter(
        ~Q(pk=plan.pk),
        status=StrategyPlan.Status.APPROVED,
        period_start__lte=plan.period_end,
        period_end__gte=plan.period_start,
    )


def reviews_waiting_for(*, user, workspace) -> QuerySet[StrategyPlan]:
    """Plans in review that this user is asked to review (or any reviewer, when none was
    named)."""
    return (
        for_workspace(StrategyPlan, workspace=workspace)
        .filter(status=StrategyPlan.Status.IN_REVIEW)
        .filter(Q(reviewer=user) | Q(reviewer__isnull=True))
        .exclude(owner=user, reviewer__isnull=True)
        .select_related("owner")
        .order_by("review_due", "pk")
    )


def versions_of(*, plan: StrategyPlan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("approved_by").order_by("-number")


@dataclass
class PlanTargets:
    """What the approved plan asks of the calendar: the mix, and each channel's rhythm."""

    plan: StrategyPlan | None
    mix: dict[str, int] | None
    # account id -> (at least, at most) posts per week
    channels: dict[int, tuple[int | None, int | None]]
    # account id -> the account, for the channels above
    accounts: dict = field(default_factory=dict)
    # account id -> the member who owns that channel in the plan (None when nobody does)
    owners: dict = field(default_factory=dict)


def plan_targets_for(*, workspace_ids: Iterable[int], on: datetime.date) -> dict[int, PlanTargets]:
    """The targets of each workspace's approved plan covering `on`, in two queries however
    many workspaces are asked for (the background checks ask for hundreds at once)."""
    workspace_ids = list(workspace_ids)
    plans: dict[int, StrategyPlan] = {}
    covering = (
        StrategyPlan.objects.select_related("owner")
        .filter(
            workspace_id__in=workspace_ids,
            status=StrategyPlan.Status.APPROVED,
            period_start__lte=on,
            period_end__gte=on,
        )
        .order_by("workspace_id", "-period_start", "-pk")
    )
    for plan in covering:
        # The latest-starting plan wins, as in current_approved_plan.
        plans.setdefault(plan.workspace_id, plan)
    targets = {
        pk: PlanTargets(
            plan=plan,
            mix={
                "promotional": plan.mix_promotional,
                "curated": plan.mix_curated,
                "engagement": plan.mix_engagement,
            },
            channels={},
        )
        for pk, plan in plans.items()
    }
    by_plan = {plan.pk: targets[pk] for pk, plan in plans.items()}
    # Plain rows rather than three model instances per channel: the weekly check reads tens
    # of thousands of channels, owned by a few people each.
    User = get_user_model()
    owner_fields = ("email", "name", "language", "is_active", "email_notifications")
    # Everything deciding whether a notification is emailed, or the check would email a kind
    # its owner muted.
    owner_fields += ("weekly_digest", "email_muted_kinds")
    rows = ChannelPlan.objects.filter(plan_id__in=by_plan).values_list(
        "plan_id",
        "account_id",
        "account__platform",
        "account__handle",
        "min_posts_per_week",
        "max_posts_per_week",
        "owner_id",
        *(f"owner__{name}" for name in owner_fields),
    )
    owners: dict[int, object] = {}
    for plan_id, account_id, platform, handle, minimum, maximum, owner_id, *owner in rows:
        target = by_plan[plan_id]
        target.channels[account_id] = (minimum, maximum)
        target.accounts[account_id] = SocialAccount.named(
            pk=account_id, platform=platform, handle=handle
        )
        if owner_id is not None and owner_id not in owners:
            owners[owner_id] = User(pk=owner_id, **dict(zip(owner_fields, owner, strict=True)))
        target.owners[account_id] = owners.get(owner_id)
    for pk in workspace_ids:
        targets.setdefault(pk, PlanTargets(plan=None, mix=None, channels={}))
    return targets


def plan_targets(*, workspace, on: datetime.date) -> PlanTargets:
    """The targets of the approved plan covering `on` (two queries)."""
    return plan_targets_for(workspace_ids=[workspace.pk], on=on)[workspace.pk]


def open_submission(*, plan: StrategyPlan) -> PlanSubmission | None:
    """The submission of the round now in review, if any."""
    return plan.submissions.filter(outcome=PlanSubmission.Outcome.PENDING).first()


def last_reviewed_submission(*, plan: StrategyPlan) -> PlanSubmission | None:
    """What the reviewer saw when they last asked for changes: a plan that comes back is
    compared with it."""
    return (
        plan.submissions.filter(outcome=PlanSubmission.Outcome.CHANGES_REQUESTED)
        .order_by("-number")
        .first()
    )


def comment_drafts_of(*, plan: StrategyPlan, user) -> dict[str, str]:
    """What this person typed on the review page and has not sent yet."""
    draft = CommentDraft.objects.filter(plan=plan, author=user).values_list("texts", flat=True)
    return next(iter(draft), None) or {}


def open_amendment(*, plan: StrategyPlan) -> StrategyPlan | None:
    """The draft (or plan in review) that amends this approved plan, if one is under way."""
    return (
        plan.amendments.exclude(
            status__in=[StrategyPlan.Status.APPROVED, StrategyPlan.Status.ARCHIVED]
        )
        .order_by("-pk")
        .first()
    )
