"""Reading the registry, and its risks, computed by the database in one query."""

import datetime
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
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
from django.utils import formats, timezone, translation
from django.utils.dateformat import DateFormat, re_escaped, re_formatchars
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from workspaces.models import CompanyDomain, Membership
from workspaces.selectors import for_workspace

from .models import (
    DEFAULT_ROLE_MAILBOXES,
    AccessGrant,
    Handover,
    HandoverStep,
    NotApplicable,
    Platform,
    RegistrySettings,
    SocialAccount,
    role_mailbox_names,
)

DEFAULT_ROTATION_DAYS = 180


@dataclass(frozen=True)
class RiskKind:
    code: str
    label: str
    # The annotation that is true when the risk applies.
    flag: str
    # The reason in words for one account, when it says more than the label; given the
    # account and the words of the active language (RiskWords).
    describe: Callable[[SocialAccount, "RiskWords"], str] | None = None


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


@functools.lru_cache(maxsize=32)
def _choice_labels(choices: type, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_labels(choices: type) -> dict[str, str]:
    """The labels of a TextChoices in the active language: each translated once per language
    and process, so a page of many rows looks them up instead of scanning the choices and
    translating per row."""
    return _choice_labels(choices, translation.get_language())


def date_formatter(format_name: str) -> Callable[[datetime.date], str]:
    """Dates as the `date` template filter writes them in `format_name` (e.g.
    "SHORT_DATE_FORMAT") of the active language, with the format looked up and parsed once
    for the many dates of a page instead of once per date."""
    pieces = []
    for i, piece in enumerate(re_formatchars.split(str(formats.get_format(format_name)))):
        if i % 2:
            pieces.append((True, piece))
        elif piece:
            pieces.append((False, re_escaped.sub(r"\1", piece)))

    def format_date(value: datetime.date) -> str:
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        formatter = DateFormat(value)
        return "".join(str(getattr(formatter, p)()) if code else p for code, p in pieces)

    return format_date


class RiskWords:
    """The risks' words in the active language, translated once for all the accounts of a
    page rather than once per account."""

    def __init__(self):
        self.labels = {risk.code: str(risk.label) for risk in RISKS}
        self.platforms = choice_labels(Platform)
        self.duplicate = gettext(
            "%(count)s active accounts on %(platform)s: consolidate? One company went from 33 to 1."
        )
        self.person_ties = {
            ("login", "member"): gettext(
                "The login %(email)s is a member's own address: move it to a role mailbox "
                "such as social@."
            ),
            ("login", "outside"): gettext(
                "The login %(email)s is the address of an outside person or agency: move it "
                "to a role mailbox such as social@."
            ),
            ("login", "person"): gettext(
                "The login %(email)s looks like a person's address, not a role mailbox such "
                "as social@ (the role names are in the registry's settings)."
            ),
            ("recovery", "member"): gettext(
                "The recovery address %(email)s is a member's own address: move it to a "
                "company device or a role mailbox."
            ),
            ("recovery", "outside"): gettext(
                "The recovery address %(email)s is the address of an outside person or "
                "agency: move it to a company device or a role mailbox."
            ),
            ("recovery", "person"): gettext(
                "The recovery address %(email)s looks like a person's address, not a role "
                "mailbox (the role names are in the registry's settings)."
            ),
        }


def _describe_duplicate(account: SocialAccount, words: RiskWords) -> str:
    return words.duplicate % {
        "count": account.active_on_platform,
        "platform": words.platforms.get(account.platform, account.platform),
    }


def _describe_person_tie(what: str) -> Callable[[SocialAccount, "RiskWords"], str]:
    """Which person an address ties the account to: a member, an outside person, or
    someone whose name it looks like, rather than a role mailbox."""

    def describe(account: SocialAccount, words: "RiskWords") -> str:
        email = getattr(account, "login_email" if what == "login" else "recovery_holder")
        if getattr(account, f"{what}_is_member"):
            kind = "member"
        elif getattr(account, f"{what}_is_outside"):
            kind = "outside"
        else:
            kind = "person"
        return words.person_ties[(what, kind)] % {"email": email}

    return describe


RISKS = [
    RiskKind("personal_login", _("Login not on a company address"), "risk_personal_login"),
    RiskKind(
        "person_login",
        _("Login tied to a person"),
        "risk_person_login",
        _describe_person_tie("login"),
    ),
    RiskKind(
        "person_recovery",
        _("Recovery on a person's address"),
        "risk_person_recovery",
        _describe_person_tie("recovery"),
    ),
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


def _registry_settings(*, workspace) -> tuple[int, list[str]]:
    """The rotation period and the role mailboxes, in one query."""
    row = (
        RegistrySettings.objects.filter(workspace=workspace)
        .values_list("password_rotation_days", "role_mailboxes")
        .first()
    )
    if row is None:
        return DEFAULT_ROTATION_DAYS, role_mailbox_names(DEFAULT_ROLE_MAILBOXES)
    return row[0] or DEFAULT_ROTATION_DAYS, role_mailbox_names(row[1])


def _is_role_address(local_part, names: list[str]) -> Q:
    """Whether an address's name (before the @) is a role's: "social", "social.nl",
    "nl-marketing"; any other name looks like a person's."""
    if not names:
        return Q(pk__in=[])
    pattern = r"^(.*[._+-])?(" + "|".join(re.escape(n) for n in names) + r")([._+-].*)?$"
    return Q(**{f"{local_part}__regex": pattern})


def _address_parts(name: str) -> dict:
    at = StrIndex(name, Value("@"))
    return {
        f"{name}_local": Lower(Substr(name, 1, at - 1)),
        f"{name}_domain": Lower(Substr(name, at + 1)),
    }


def rotation_days(*, workspace) -> int:
    days = (
        RegistrySettings.objects.filter(workspace=workspace)
        .values_list("password_rotation_days", flat=True)
        .first()
    )
    return days or DEFAULT_ROTATION_DAYS


def _lower(emails: QuerySet) -> QuerySet:
    """A subquery of addresses, lower-case."""
    (name,) = emails.query.values_select
    return emails.annotate(address=Lower(name)).values("address")


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


def accounts_with_risk_flags(
    *,
    workspace,
    today: datetime.date | None = None,
    rotation: int | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[SocialAccount]:
    """The workspace's accounts with a flag per risk (closed accounts have none), computed
    by the database in the query that lists them.

    What only leads to a flag is an alias, not a column: it is written into the flags that
    use it and not selected besides, so each subquery runs once per flag that needs it, and
    on a page of 50 only for those 50 rows (PostgreSQL evaluates them after the limit).
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    configured_rotation, role_names = _registry_settings(workspace=workspace)
    rotation = rotation if rotation is not None else configured_rotation
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
    member_emails = Membership.objects.filter(workspace=workspace).values("user__email")
    outside_emails = (
        AccessGrant.objects.filter(account__workspace=workspace)
        .exclude(outside_email="")
        .values("outside_email")
    )

    def tied_to_a_person(what: str, field: str) -> Q:
        """An address that is a member's, an outside person's, or on the company's domain
        but not named after a role."""
        return (
            Q(**{f"{what}_is_member": True})
            | Q(**{f"{what}_is_outside": True})
            | (
                Q(**{f"{field}_domain__in": company_domains})
                & ~_is_role_address(f"{field}_local", role_names)
            )
        )

    return (
        for_workspace(SocialAccount, workspace=workspace)
        .select_related("business_owner")
        .alias(login_domain=Lower(Substr("login_email", StrIndex("login_email", Value("@")) + 1)))
        .annotate(is_company_login=_flag(Q(login_domain__in=company_domains)))
        .alias(
            **_address_parts("login_email"),
            **_address_parts("recovery_holder"),
            login_lower=Lower("login_email"),
            recovery_lower=Lower("recovery_holder"),
        )
        .annotate(
            # Addresses are stored lower-case by the forms and the import; compared
            # lower-case here too, so that an address typed otherwise still counts.
            login_is_member=_flag(~Q(login_email="") & Q(login_lower__in=_lower(member_emails))),
            login_is_outside=_flag(~Q(login_email="") & Q(login_lower__in=_lower(outside_emails))),
            recovery_is_member=_flag(
                Q(recovery_holder__contains="@") & Q(recovery_lower__in=_lower(member_emails))
            ),
            recovery_is_outside=_flag(
                Q(recovery_holder__contains="@") & Q(recovery_lower__in=_lower(outside_emails))
            ),
        )
        .alias(
            active_grant_count=Coalesce(Subquery(active_grants), 0, output_field=IntegerField()),
            has_former_member_access=Exists(former_member_access),
            has_planned_posts=_recent_or_upcoming_posts(
                since=now - datetime.timedelta(days=DORMANT_DAYS)
            ),
        )
        .annotate(
            risk_personal_login=_flag(is_open & Q(is_company_login=False)),
            risk_person_login=_flag(
                is_open & ~Q(login_email="") & tied_to_a_person("login", "login_email")
            ),
            risk_person_recovery=_flag(
                is_open
                & Q(recovery_holder__contains="@")
                & tied_to_a_person("recovery", "recovery_holder")
            ),
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


def accounts_with_risks(
    *,
    workspace,
    today: datetime.date | None = None,
    rotation: int | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[SocialAccount]:
    """The workspace's accounts, each annotated with its risks (closed accounts have none)
    and with how many active accounts share its platform (for the words of that risk).

    Everything is computed in the one query that lists the accounts, so a list costs the
    same for 10 accounts or 2,000.
    """
    return accounts_with_risk_flags(
        workspace=workspace, today=today, rotation=rotation, now=now
    ).annotate(active_on_platform=_active_on_platform(workspace=workspace))


def account_with_risks(*, workspace) -> QuerySet[SocialAccount]:
    """For one account (its page): accounts_with_risks, with the count of active accounts on
    its platform as a subquery on that one row, which is cheaper to build and to plan than
    one count per platform."""
    same_platform = (
        SocialAccount.objects.filter(
            workspace=workspace, status=SocialAccount.Status.ACTIVE, platform=OuterRef("platform")
        )
        .order_by()
        .annotate(n=Func("pk", function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    return accounts_with_risk_flags(workspace=workspace).annotate(
        active_on_platform=Subquery(same_platform, output_field=IntegerField())
    )


def risks_of(account: SocialAccount, words: RiskWords | None = None) -> list[AccountRisk]:
    """The risks of an account loaded through accounts_with_risks, each with its reason in
    words (no query). For many accounts, pass one RiskWords for all."""
    words = words or RiskWords()
    return [
        AccountRisk(
            risk, risk.describe(account, words) if risk.describe else words.labels[risk.code]
        )
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


@dataclass(frozen=True)
class RegistrySummary:
    """The registry in numbers: how many accounts carry each risk, how many accounts there
    are, and how many are open (not closed: only those can carry a risk)."""

    risks: list[tuple[RiskKind, int]]
    accounts: int
    open_accounts: int


def registry_summary(
    *, workspace, accounts: QuerySet[SocialAccount] | None = None
) -> RegistrySummary:
    """The registry in numbers, in one query. `accounts` is the workspace's accounts with
    their risk flags when the caller has built them already (the registry list, which also
    pages them)."""
    if accounts is None:
        accounts = accounts_with_risk_flags(workspace=workspace)
    counts = accounts.aggregate(
        accounts=Count("pk"),
        open_accounts=Count("pk", filter=~Q(status=SocialAccount.Status.CLOSED)),
        **{risk.code: Count("pk", filter=Q(**{risk.flag: True})) for risk in RISKS},
    )
    return RegistrySummary(
        risks=[(risk, counts[risk.code]) for risk in RISKS],
        accounts=counts["accounts"],
        open_accounts=counts["open_accounts"],
    )


def active_on_platforms(*, workspace) -> dict[str, int]:
    """How many active accounts the workspace has on each platform that has any (one small
    query: cheaper than counting them in the summary's)."""
    return dict(
        for_workspace(SocialAccount, workspace=workspace)
        .filter(status=SocialAccount.Status.ACTIVE)
        .order_by()
        .values_list("platform")
        .annotate(n=Count("pk"))
    )


def risk_summary(*, workspace) -> list[tuple[RiskKind, int]]:
    """How many accounts carry each risk, in one query."""
    return risk_summary_with_open_count(workspace=workspace)[0]


def risk_summary_with_open_count(*, workspace) -> tuple[list[tuple[RiskKind, int]], int]:
    """How many accounts carry each risk, and how many accounts are open (not closed: only
    those can carry a risk), in the same one query."""
    summary = registry_summary(workspace=workspace)
    return summary.risks, summary.open_accounts


def with_risks_in_words(
    accounts: Iterable[SocialAccount], *, active_on_platform: dict[str, int]
) -> list[SocialAccount]:
    """The accounts of a page, loaded with their risk flags, each given what the page shows:
    its name, its status in words and its risks in words (`.risks`); the words are
    translated once for the page, not per account."""
    words = RiskWords()
    statuses = choice_labels(SocialAccount.Status)
    accounts = list(accounts)
    for account in accounts:
        account.active_on_platform = active_on_platform.get(account.platform, 0)
        account.name = (
            f"{words.platforms.get(account.platform, account.platform)} · {account.handle}"
        )
        account.status_label = statuses.get(account.status, account.status)
        account.risks = risks_of(account, words)
    return accounts


def grants_of(*, account: SocialAccount) -> QuerySet[AccessGrant]:
    """The account's grants, active first, with the people they name (their names only)."""
    people = ("member", "granted_by", "revoked_by")
    return (
        account.grants.select_related(*people)
        .only(
            *(f.name for f in AccessGrant._meta.concrete_fields),
            *(f"{person}__{name}" for person in people for name in ("name", "email")),
        )
        # Active first on every database (PostgreSQL puts NULLs last by default).
        .order_by(F("revoked_at").asc(nulls_first=True), "-granted_at")
    )


def grants_in_words(grants: Iterable[AccessGrant]) -> list[AccessGrant]:
    """The grants of an account page, each given its level and its dates in words (`.level_label`,
    `.since`, `.revoked`), with the sentences translated once for all of them."""
    levels = choice_labels(AccessGrant.Level)
    since = gettext("since %(date)s, granted by %(name)s")
    revoked = gettext("revoked %(date)s by %(name)s")
    short_date = date_formatter("SHORT_DATE_FORMAT")

    def sentence(words: str, at: datetime.datetime, by) -> SafeString:
        date = short_date(at)
        name = by.display_name if by else "—"
        return mark_safe(words % {"date": escape(date), "name": escape(name)})

    grants = list(grants)
    for grant in grants:
        grant.level_label = levels.get(grant.level, grant.level)
        grant.since = sentence(since, grant.granted_at, grant.granted_by)
        grant.revoked = (
            sentence(revoked, grant.revoked_at, grant.revoked_by) if grant.revoked_at else ""
        )
    return grants


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


class StepRow:
    """A step of a handover as its page shows it, read as plain values: a handover of forty
    accounts has two hundred steps, and their model instances cost more than the rest of
    the page."""

    __slots__ = (
        "account",
        "account_id",
        "can_confirm",
        "confirmed_at",
        "confirmed_by",
        "confirmed_by_id",
        "confirmed_text",
        "kind",
        "kind_label",
        "not_applicable",
        "note",
        "pk",
        "undo_allowed",
    )

    # The model's own rule, on the fields read here.
    is_done = HandoverStep.is_done

    def __init__(self, **fields):
        self.confirmed_text = ""
        self.can_confirm = False
        self.undo_allowed = False
        for name, value in fields.items():
            setattr(self, name, value)


@dataclass
class StepAccount:
    """The account of a handover step, by its name."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


def handover_steps(*, handover: Handover) -> list[StepRow]:
    """The handover's steps, by account (platform, handle) and position, with their kind and
    their confirmation in words (one query)."""
    rows = handover.steps.order_by("account__platform", "account__handle", "position").values_list(
        "pk",
        "account_id",
        "account__platform",
        "account__handle",
        "kind",
        "not_applicable",
        "not_applicable_params",
        "confirmed_at",
        "confirmed_by_id",
        "confirmed_by__name",
        "confirmed_by__email",
        "note",
    )
    kinds = choice_labels(HandoverStep.Kind)
    platforms = choice_labels(Platform)
    confirmed = gettext("confirmed by %(name)s, %(date)s")
    short_datetime = date_formatter("SHORT_DATETIME_FORMAT")
    accounts: dict[int, StepAccount] = {}
    steps = []
    reasons: dict[str, str] = {}
    for row in rows:
        pk, account_id, platform, handle, kind, not_applicable, params, at = row[:8]
        confirmed_by_id, name, email, note = row[8:]
        account = accounts.get(account_id)
        if account is None:
            label = platforms.get(platform, platform)
            account = accounts[account_id] = StepAccount(account_id, f"{label} · {handle}")
        step = StepRow(
            pk=pk,
            account=account,
            account_id=account_id,
            kind=kind,
            kind_label=kinds.get(kind, kind),
            # In the reader's language: the reason is stored as a code.
            not_applicable=(
                NotApplicable.words(not_applicable, params)
                if params
                else reasons.setdefault(not_applicable, NotApplicable.words(not_applicable))
            )
            if not_applicable
            else "",
            confirmed_at=at,
            confirmed_by=name or email,
            confirmed_by_id=confirmed_by_id,
            note=note,
        )
        if at is not None:
            step.confirmed_text = mark_safe(
                confirmed
                % {"name": escape(name or email or ""), "date": escape(short_datetime(at))}
            )
        steps.append(step)
    return steps


@dataclass(frozen=True)
class Tie:
    """Something in the registry that still ties an account to a person, with its code. Its
    words are made in the active language when read, so a notification about it reads in each
    recipient's language, not in the language of whoever confirmed the last step."""

    platform: str
    handle: str
    code: str
    message: Any  # a lazy translation with %(name)s params
    params: dict = field(default_factory=dict)

    @property
    def account(self) -> str:
        return f"{Platform(self.platform).label} · {self.handle}"

    @property
    def words(self) -> str:
        return str(self.message) % self.params


class TieList:
    """What still ties accounts to the leaver, as one notification parameter: rendered in the
    recipient's language."""

    def __init__(self, ties: list[Tie]):
        self.ties = ties

    def __str__(self) -> str:
        return "; ".join(f"{t.account}: {t.words}" for t in self.ties)


def recovery_names(holder: str, person) -> bool:
    """Whether a recovery holder ("Pieter's phone", "pieter@gmail.com") names the person: by
    their email address, or by their first or last name as a whole word (titles and short
    words such as "van" or "Dr." left out)."""
    text = holder.casefold()
    if not text:
        return False
    if person.email and person.email.casefold() in text:
        return True
    words = set(re.findall(r"\w+", text))
    names = [w for w in re.findall(r"\w+", (person.name or "").casefold()) if len(w) > 2]
    names = [w for w in names if w not in NAME_TITLES]
    return bool(names) and (names[0] in words or names[-1] in words)


NAME_TITLES = {"mr", "mrs", "ms", "dr", "drs", "ing", "mevr", "dhr", "prof", "van", "der", "den"}


def company_domains_of(*, workspace) -> set[str]:
    return {
        d.casefold()
        for d in CompanyDomain.objects.filter(workspace=workspace).values_list("domain", flat=True)
    }


def is_company_address(email: str, *, domains: set[str]) -> bool:
    return "@" in email and email.rsplit("@", 1)[1].casefold() in domains


def leaver_ties(*, handover: Handover) -> list[Tie]:
    """What the registry, read afresh, still ties to the leaver, per account: a login on
    their address, or on an address that is not the company's, on an account of the
    handover; a recovery method that names them. Grants and business ownership are not
    listed: completing the handover ends and moves them. Three queries, whatever the size."""
    leaver = handover.leaver
    domains = company_domains_of(workspace=handover.workspace)
    listed = set(handover.steps.values_list("account_id", flat=True))
    accounts = (
        SocialAccount.objects.filter(workspace=handover.workspace)
        .filter(Q(pk__in=listed) | Q(login_email__iexact=leaver.email))
        .order_by("platform", "handle")
        .values_list("pk", "platform", "handle", "login_email", "recovery_holder")
    )
    ties = []
    for pk, platform, handle, login, recovery in accounts:
        if login.casefold() == leaver.email.casefold():
            ties.append(
                Tie(
                    platform,
                    handle,
                    "leaver_login",
                    _("The login is %(email)s, the leaver's own address."),
                    {"email": login},
                )
            )
        elif pk in listed and not is_company_address(login, domains=domains):
            ties.append(
                Tie(
                    platform,
                    handle,
                    "personal_login",
                    _("The login %(email)s is not a company address.")
                    if login
                    else _("No company login address is registered."),
                    {"email": login} if login else {},
                )
            )
        if recovery_names(recovery, leaver):
            ties.append(
                Tie(
                    platform,
                    handle,
                    "recovery_with_leaver",
                    _("The recovery method is still with the leaver (“%(holder)s”)."),
                    {"holder": recovery},
                )
            )
    return ties


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


@functools.cache
def _historical(model):
    """The model that records `model`'s history (django-simple-history)."""
    return model.history.model


@functools.cache
def _choices_of(model_field) -> dict:
    """A field's choices by value (their labels still lazy: translated where shown)."""
    return dict(model_field.flatchoices)


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
        return str(_choices_of(model_field).get(value, value))
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
    return _account_history(account=account, limit=limit)[0]


@dataclass(frozen=True)
class HistoryPage:
    """One page of an account's history, newest first: page 1 holds the latest changes."""

    entries: list[HistoryEntry]
    number: int
    has_older: bool

    @property
    def has_newer(self) -> bool:
        return self.number > 1


def account_history_page(
    *, account: SocialAccount, page: int = 1, per_page: int = 20
) -> HistoryPage:
    """A page of the account's history: its `per_page` latest changes, or those before, page
    by page. Three queries whichever the page; an older page reads the records of the pages
    before it too (a long history is rarely read far back)."""
    limit = page * per_page
    entries, more = _account_history(account=account, limit=limit)
    return HistoryPage(entries=entries[limit - per_page :], number=page, has_older=more)


def _account_history(*, account: SocialAccount, limit: int) -> tuple[list[HistoryEntry], bool]:
    """The latest `limit` entries of the account's history, and whether there are older ones."""
    newest_first = ("-history_date", "-history_id")
    # The historical models' own managers: `account.history` builds a manager class per use.
    account_records = list(
        _historical(SocialAccount)
        .objects.filter(id=account.pk)
        .order_by(*newest_first)[: limit + 1]
    )
    grant_records = list(
        _historical(AccessGrant)
        .objects.filter(account_id=account.pk)
        .order_by(*newest_first)[: limit * 2 + 1]
    )
    more = len(account_records) > limit or len(grant_records) > limit * 2
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
    # The people the records name, and who made each change: one query, names only.
    ids = (
        _user_ids(SocialAccount, [], account_pairs)
        | _user_ids(AccessGrant, grant_records, grant_pairs)
        | {r.history_user_id for r in [*account_records, *grant_records]}
    ) - {None}
    users = (
        {u.pk: u for u in get_user_model().objects.filter(pk__in=ids).only("name", "email")}
        if ids
        else {}
    )

    entries = []
    for record, _older, delta in account_pairs:
        if record.history_type == "+":
            entries.append(
                HistoryEntry(record.history_date, users.get(record.history_user_id), "registered")
            )
        elif delta is not None and delta.changes:
            changes = _changes(SocialAccount, delta, users)
            entries.append(
                HistoryEntry(
                    record.history_date, users.get(record.history_user_id), "changed", changes
                )
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
            by = users.get(record.history_user_id) or users.get(record.granted_by_id)
            entries.append(HistoryEntry(record.history_date, by, "granted", **common))
        elif record.history_type == "~" and record.revoked_at and not (older and older.revoked_at):
            by = users.get(record.history_user_id) or users.get(record.revoked_by_id)
            entries.append(HistoryEntry(record.history_date, by, "revoked", **common))
        elif record.history_type == "~" and delta is not None:
            changes = _changes(AccessGrant, delta, users, skip=("revoked_at", "revoked_by"))
            if changes:
                entries.append(
                    HistoryEntry(
                        record.history_date,
                        users.get(record.history_user_id),
                        "grant_changed",
                        changes,
                        **common,
                    )
                )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:limit], more or len(entries) > limit
