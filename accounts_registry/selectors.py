"""Reading the registry, and its risks, computed by the database in one query."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, StrIndex, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workspaces.models import CompanyDomain, Membership
from workspaces.selectors import for_workspace

from .models import AccessGrant, Handover, HandoverStep, RegistrySettings, SocialAccount

DEFAULT_ROTATION_DAYS = 180


@dataclass(frozen=True)
class RiskKind:
    code: str
    label: str
    # The annotation that is true when the risk applies.
    flag: str


RISKS = [
    RiskKind("personal_login", _("Login not on a company address"), "risk_personal_login"),
    RiskKind("single_access", _("Only one person has access"), "risk_single_access"),
    RiskKind("no_2fa", _("No two-factor authentication"), "risk_no_2fa"),
    RiskKind("leaver_access", _("Access held by someone who left"), "risk_leaver_access"),
    RiskKind("old_password", _("Password older than the rotation period"), "risk_old_password"),
    RiskKind("duplicate_platform", _("Several active accounts on one platform"), "risk_duplicate"),
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


def accounts_with_risks(
    *, workspace, today: datetime.date | None = None, rotation: int | None = None
) -> QuerySet[SocialAccount]:
    """The workspace's accounts, each annotated with its risks (closed accounts have none).

    Everything is computed in the one query that lists the accounts, so the registry list,
    the account page and the dashboard cost the same for 10 accounts or 2,000.
    """
    today = today or timezone.localdate()
    rotation = rotation if rotation is not None else rotation_days(workspace=workspace)
    active_grants = (
        AccessGrant.objects.filter(account=OuterRef("pk"), revoked_at__isnull=True)
        .order_by()
        .values("account")
        .annotate(n=Count("pk"))
        .values("n")
    )
    same_platform = (
        SocialAccount.objects.filter(
            workspace=OuterRef("workspace"),
            platform=OuterRef("platform"),
            status=SocialAccount.Status.ACTIVE,
        )
        .order_by()
        .values("platform")
        .annotate(n=Count("pk"))
        .values("n")
    )
    former_member_access = AccessGrant.objects.filter(
        account=OuterRef("pk"), revoked_at__isnull=True, member__isnull=False
    ).exclude(
        Exists(
            Membership.objects.filter(
                workspace=OuterRef(OuterRef("workspace")), user=OuterRef("member")
            )
        )
    )
    company_domain = CompanyDomain.objects.filter(
        workspace=OuterRef("workspace"), domain=OuterRef("login_domain")
    )
    is_open = ~Q(status=SocialAccount.Status.CLOSED)
    return (
        for_workspace(SocialAccount, workspace=workspace)
        .select_related("business_owner")
        .annotate(
            login_domain=Lower(Substr("login_email", StrIndex("login_email", Value("@")) + 1)),
            is_company_login=Exists(company_domain),
            active_grant_count=Coalesce(Subquery(active_grants), 0, output_field=IntegerField()),
            active_on_platform=Coalesce(Subquery(same_platform), 0, output_field=IntegerField()),
            has_former_member_access=Exists(former_member_access),
        )
        .annotate(
            risk_personal_login=_flag(is_open & Q(is_company_login=False)),
            risk_single_access=_flag(is_open & Q(active_grant_count__lte=1)),
            risk_no_2fa=_flag(is_open & Q(two_factor=SocialAccount.TwoFactor.NONE)),
            risk_leaver_access=_flag(is_open & Q(has_former_member_access=True)),
            risk_old_password=_flag(
                is_open
                & (
                    Q(password_changed_on__isnull=True)
                    | Q(password_changed_on__lt=today - datetime.timedelta(days=rotation))
                )
            ),
            risk_duplicate=_flag(
                Q(status=SocialAccount.Status.ACTIVE) & Q(active_on_platform__gt=1)
            ),
        )
        .order_by("platform", "handle")
    )


def risks_of(account: SocialAccount) -> list[RiskKind]:
    """The risks of an account loaded through accounts_with_risks (no query)."""
    return [risk for risk in RISKS if getattr(account, risk.flag, False)]


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
    counts = accounts_with_risks(workspace=workspace).aggregate(
        **{risk.code: Count("pk", filter=Q(**{risk.flag: True})) for risk in RISKS}
    )
    return [(risk, counts[risk.code]) for risk in RISKS]


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
