"""Reading the registry, and its risks, computed by the database in one query."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, StrIndex, Substr
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from workspaces.models import CompanyDomain, Membership
from workspaces.selectors import for_workspace

from .models import (
    AccessGrant,
    Handover,
    HandoverStep,
    Platform,
    RegistrySettings,
    SocialAccount,
)

DEFAULT_ROTATION_DAYS = 180


@dataclass(frozen=True)
class RiskKind:
    code: str
    label: str
    # The annotation that is true when the risk applies.
    flag: str
    # The reason in words for one account, when it says more than the label.
    describe: Callable[[SocialAccount], str] | None = None


@dataclass(frozen=True)
class AccountRisk:
    """One risk of one account, with the reason in words."""

    kind: RiskKind
    reason: str

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def label(self) -> str:
        return self.kind.label


# An active account with nothing planned in the calendar for this long is forgotten: it
# still carries the company's name, but nobody looks after it.
DORMANT_DAYS = 60


def _describe_duplicate(account: SocialAccount) -> str:
    return gettext(
        "%(count)s active accounts on %(platform)s: consolidate? One company went from 33 to 1."
    ) % {"count": account.active_on_platform, "platform": account.get_platform_display()}


RISKS = [
    RiskKind("personal_login", _("Login not on a company address"), "risk_personal_login"),
    RiskKind("no_access", _("Nobody has access registered"), "risk_no_access"),
    RiskKind("single_access", _("Only one person has access"), "risk_single_access"),
    RiskKind("no_2fa", _("No two-factor authentication"), "risk_no_2fa"),
    RiskKind("leaver_access", _("Access held by someone who left"), "risk_leaver_access"),
    RiskKind("old_password", _("Password older than the rotation period"), "risk_old_password"),
    RiskKind(
        "duplicate_platform",
        _("Several active accounts on one platform"),
        "risk_duplicate",
        _describe_duplicate,
    ),
    RiskKind("dormant", _("Nothing planned in the calendar for 60 days"), "risk_dormant"),
]
RISK_BY_CODE = {risk.code: risk for risk in RISKS}


def channel_accounts(*, workspace) -> QuerySet[SocialAccount]:
    """The accounts a plan or the calendar can use as channels: all but the closed ones."""
    return (
        for_workspace(SocialAccount, workspace=workspace)
        .exclude(status=SocialAccount.Status.CLOSED)
        .order_by("platform", "handle")
    )


def rotation_days(*, workspace) -> int:
    days = (
        RegistrySettings.objects.filter(workspace=workspace)
        .values_list("password_rotation_days", flat=True)
        .first()
    )
    return days or DEFAULT_ROTATION_DAYS


def _flag(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _active_on_platform(*, workspace) -> Case:
    """How many active accounts the workspace has on each account's platform.

    One uncorrelated count per platform, chosen by the account's platform: the database
    computes each count once for the whole query (an InitPlan on PostgreSQL, a cached
    subquery on SQLite), instead of once per account, so the cost stays flat when a
    workspace keeps hundreds of accounts on one platform.
    """
    # COUNT without GROUP BY: one row, 0 when the platform has no active account.
    count = (
        SocialAccount.objects.filter(workspace=workspace, status=SocialAccount.Status.ACTIVE)
        .order_by()
        .annotate(n=Func("pk", function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    return Case(
        *(When(platform=platform, then=count.filter(platform=platform)) for platform in Platform),
        default=0,
        output_field=IntegerField(),
    )


def _recent_or_upcoming_posts(*, since: datetime.datetime) -> Exists:
    """Whether the account has a post, not cancelled, scheduled at or after `since`.

    The posts are reached through the reverse relation (content_calendar depends on this
    app, not the other way round); the subquery runs on the posts themselves, so "not
    cancelled" and "recent" hold for the same post.
    """
    post = SocialAccount.posts.field.model
    return Exists(
        post.objects.filter(channel=OuterRef("pk"), scheduled_at__gte=since).exclude(
            status=post.Status.CANCELLED
        )
    )


def accounts_with_risks(
    *,
    workspace,
    today: datetime.date | None = None,
    rotation: int | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[SocialAccount]:
    """The workspace's accounts, each annotated with its risks (closed accounts have none).

    Everything is computed in the one query that lists the accounts, so the registry list,
    the account page and the dashboard cost the same for 10 accounts or 2,000.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    rotation = rotation if rotation is not None else rotation_days(workspace=workspace)
    active_grants = (
        AccessGrant.objects.filter(account=OuterRef("pk"), revoked_at__isnull=True)
        .order_by()
        .values("account")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # The workspace is known, so what does not depend on the account is an uncorrelated
    # subquery: computed once per query, not once per account.
    company_domains = CompanyDomain.objects.filter(workspace=workspace).values("domain")
    members = Membership.objects.filter(workspace=workspace).values("user")
    crowded_platforms = (
        SocialAccount.objects.filter(workspace=workspace, status=SocialAccount.Status.ACTIVE)
        .order_by()
        .values("platform")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("platform")
    )
    former_member_access = AccessGrant.objects.filter(
        account=OuterRef("pk"), revoked_at__isnull=True, member__isnull=False
    ).exclude(member__in=members)
    is_open = ~Q(status=SocialAccount.Status.CLOSED)
    is_active = Q(status=SocialAccount.Status.ACTIVE)
    return (
        for_workspace(SocialAccount, workspace=workspace)
        .select_related("business_owner")
        .annotate(
            login_domain=Lower(Substr("login_email", StrIndex("login_email", Value("@")) + 1))
        )
        .annotate(
            is_company_login=_flag(Q(login_domain__in=company_domains)),
            active_grant_count=Coalesce(Subquery(active_grants), 0, output_field=IntegerField()),
            active_on_platform=_active_on_platform(workspace=workspace),
            has_former_member_access=Exists(former_member_access),
            has_planned_posts=_recent_or_upcoming_posts(
                since=now - datetime.timedelta(days=DORMANT_DAYS)
            ),
        )
        .annotate(
            risk_personal_login=_flag(is_open & Q(is_company_login=False)),
            risk_no_access=_flag(is_open & Q(active_grant_count=0)),
            risk_single_access=_flag(is_open & Q(active_grant_count=1)),
            risk_no_2fa=_flag(is_open & Q(two_factor=SocialAccount.TwoFactor.NONE)),
            risk_leaver_access=_flag(is_open & Q(has_former_member_access=True)),
            risk_old_password=_flag(
                is_open
                & (
                    Q(password_changed_on__isnull=True)
                    | Q(password_changed_on__lt=today - datetime.timedelta(days=rotation))
                )
            ),
            # The same as active_on_platform > 1, without the count the words need.
            risk_duplicate=_flag(is_active & Q(platform__in=crowded_platforms)),
            risk_dormant=_flag(is_active & Q(has_planned_posts=False)),
        )
        .order_by("platform", "handle")
    )


def risks_of(account: SocialAccount) -> list[AccountRisk]:
    """The risks of an account loaded through accounts_with_risks, each with its reason in
    words (no query)."""
    return [
        AccountRisk(risk, risk.describe(account) if risk.describe else str(risk.label))
        for risk in RISKS
        if getattr(account, risk.flag, False)
    ]


def filter_accounts(
    queryset: QuerySet[SocialAccount],
    *,
    platform: str = "",
    owner: int | None = None,
    status: str = "",
    risk: str = "",
) -> QuerySet[SocialAccount]:
    if platform:
        queryset = queryset.filter(platform=platform)
    if owner:
        queryset = queryset.filter(business_owner_id=owner)
    if status:
        queryset = queryset.filter(status=status)
    if risk in RISK_BY_CODE:
        queryset = queryset.filter(**{RISK_BY_CODE[risk].flag: True})
    return queryset


def risk_summary(*, workspace) -> list[tuple[RiskKind, int]]:
    """How many accounts carry each risk, in one query."""
    return risk_summary_with_open_count(workspace=workspace)[0]


def risk_summary_with_open_count(*, workspace) -> tuple[list[tuple[RiskKind, int]], int]:
    """How many accounts carry each risk, and how many accounts are open (not closed: only
    those can carry a risk), in the same one query."""
    counts = accounts_with_risks(workspace=workspace).aggregate(
        open_accounts=Count("pk", filter=~Q(status=SocialAccount.Status.CLOSED)),
        **{risk.code: Count("pk", filter=Q(**{risk.flag: True})) for risk in RISKS},
    )
    return [(risk, counts[risk.code]) for risk in RISKS], counts["open_accounts"]


def grants_of(*, account: SocialAccount) -> QuerySet[AccessGrant]:
    return account.grants.select_related("member", "granted_by", "revoked_by").order_by(
        "revoked_at", "-granted_at"
    )


def handovers_of_workspace(*, workspace) -> QuerySet[Handover]:
    return (
        for_workspace(Handover, workspace=workspace)
        .select_related("leaver", "successor")
        .annotate(
            step_count=Count("steps"),
            done_count=Count(
                "steps",
                filter=~Q(steps__not_applicable="") | Q(steps__confirmed_at__isnull=False),
            ),
        )
    )


def late_handover_steps(*, workspace, today: datetime.date | None = None) -> QuerySet:
    """Open steps of handovers past their deadline."""
    today = today or timezone.localdate()
    return HandoverStep.objects.filter(
        handover__workspace=workspace,
        handover__completed_at__isnull=True,
        handover__deadline__lt=today,
        confirmed_at__isnull=True,
        not_applicable="",
    ).select_related("handover__leaver", "account")


# --- The account's audit history ----------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One moment in an account's history, with the values in words."""

    at: datetime.datetime
    by: Any  # the person who made the change, or None for the system
    # "registered", "changed", "granted", "revoked" or "grant_changed"
    kind: str
    # (field label, old value in words, new value in words)
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    # For the changes to a grant: who holds it, at which level.
    holder: str = ""
    level: str = ""


def _in_words(model_field, value, users: dict) -> str:
    """A recorded value as people read it: a name for a person, a label for a choice."""
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        if model_field.related_model is not get_user_model():
            return str(value)
        user = users.get(value)
        return user.display_name if user else gettext("a deleted user")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def _user_ids(model, records, pairs) -> set[int]:
    """The people named in the records or in their differences, to fetch in one query."""
    user_fields = [
        f.attname
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is get_user_model()
    ]
    ids = {getattr(record, name) for record in records for name in user_fields}
    for _newer, _older, delta in pairs:
        for change in delta.changes if delta else ():
            if change.field in user_fields or f"{change.field}_id" in user_fields:
                ids |= {change.old, change.new}
    return {pk for pk in ids if pk is not None}


def _changes(model, delta, users: dict, *, skip=()) -> list[tuple[str, str, str]]:
    order = {f.name: position for position, f in enumerate(model._meta.concrete_fields)}
    changes = []
    for change in sorted(delta.changes, key=lambda c: order.get(c.field, len(order))):
        if change.field in skip:
            continue
        model_field = model._meta.get_field(change.field)
        changes.append(
            (
                str(model_field.verbose_name),
                _in_words(model_field, change.old, users),
                _in_words(model_field, change.new, users),
            )
        )
    return changes


def account_history(*, account: SocialAccount, limit: int = 50) -> list[HistoryEntry]:
    """The account's changes and the changes to its access grants, newest first, each field
    old → new in words. Three queries, however long the history: the account's records,
    its grants' records, and the people they name."""
    newest_first = ("-history_date", "-history_id")
    account_records = list(
        account.history.select_related("history_user").order_by(*newest_first)[: limit + 1]
    )
    grant_records = list(
        AccessGrant.history.filter(account_id=account.pk)
        .select_related("history_user")
        .order_by(*newest_first)[: limit * 2]
    )
    # Each record next to the one before it (of the same grant), to see what changed.
    account_pairs = [
        (newer, older, newer.diff_against(older) if older else None)
        for newer, older in zip(account_records[:limit], [*account_records[1:], None], strict=False)
    ]
    previous: dict[int, Any] = {}
    grant_pairs = []
    for record in reversed(grant_records):
        older = previous.get(record.id)
        grant_pairs.append((record, older, record.diff_against(older) if older else None))
        previous[record.id] = record
    ids = _user_ids(SocialAccount, [], account_pairs) | _user_ids(
        AccessGrant, grant_records, grant_pairs
    )
    users = {user.pk: user for user in get_user_model().objects.filter(pk__in=ids)} if ids else {}

    entries = []
    for record, _older, delta in account_pairs:
        if record.history_type == "+":
            entries.append(HistoryEntry(record.history_date, record.history_user, "registered"))
        elif delta is not None and delta.changes:
            changes = _changes(SocialAccount, delta, users)
            entries.append(
                HistoryEntry(record.history_date, record.history_user, "changed", changes)
            )
    level_field = AccessGrant._meta.get_field("level")
    for record, older, delta in grant_pairs:
        holder = (
            _in_words(AccessGrant._meta.get_field("member"), record.member_id, users)
            if record.member_id
            else record.outside_name
        )
        common = {"holder": holder, "level": _in_words(level_field, record.level, users)}
        if record.history_type == "+":
            by = record.history_user or users.get(record.granted_by_id)
            entries.append(HistoryEntry(record.history_date, by, "granted", **common))
        elif record.history_type == "~" and record.revoked_at and not (older and older.revoked_at):
            by = record.history_user or users.get(record.revoked_by_id)
            entries.append(HistoryEntry(record.history_date, by, "revoked", **common))
        elif record.history_type == "~" and delta is not None:
            changes = _changes(AccessGrant, delta, users, skip=("revoked_at", "revoked_by"))
            if changes:
                entries.append(
                    HistoryEntry(
                        record.history_date, record.history_user, "grant_changed", changes, **common
                    )
                )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit]
