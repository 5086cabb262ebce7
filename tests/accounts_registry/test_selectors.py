import datetime

import pytest
from django.db import connection
from django.template import engines
from django.utils import timezone, translation

from accounts_registry import services
from accounts_registry.models import HandoverStep, SocialAccount
from accounts_registry.selectors import (
    account_with_risks,
    accounts_with_risk_flags,
    accounts_with_risks,
    active_on_platforms,
    date_formatter,
    filter_accounts,
    grants_in_words,
    grants_of,
    handover_steps,
    registry_summary,
    risk_summary,
    risk_summary_with_open_count,
    risks_of,
    with_risks_in_words,
)
from workspaces.models import CompanyDomain, Membership

from ..content_calendar.factories import PostFactory
from ..factories import MembershipFactory
from .factories import AccessGrantFactory, SocialAccountFactory, confirm_step

NOW = timezone.now()


def risks(workspace, account):
    loaded = accounts_with_risks(workspace=workspace).get(pk=account.pk)
    return {risk.code for risk in risks_of(loaded)}


def reasons(workspace, account):
    loaded = accounts_with_risks(workspace=workspace).get(pk=account.pk)
    return {risk.code: risk.reason for risk in risks_of(loaded)}


def safe(workspace, **overrides):
    """An account with no risk: company login, two grants, 2FA, a fresh password, and a post
    planned in the calendar."""
    account = SocialAccountFactory(workspace=workspace, **overrides)
    AccessGrantFactory.create_batch(2, account=account, member=None, outside_name="Backup")
    post(account, days=3)
    return account


def post(account, *, days: float, status: str = "draft"):
    """A post on the account, `days` from now (negative: in the past)."""
    return PostFactory(
        workspace=account.workspace,
        channel=account,
        scheduled_at=NOW + datetime.timedelta(days=days),
        status=status,
    )


def test_a_well_kept_account_has_no_risks(workspace):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    assert risks(workspace, safe(workspace)) == set()


def test_each_risk_with_its_reason(workspace, editor):
    CompanyDomain.objects.create(workspace=workspace, domain="VanDijk.nl".lower())
    personal = safe(workspace, login_email="tim@gmail.com")
    lone = SocialAccountFactory(workspace=workspace, platform="instagram")
    AccessGrantFactory(account=lone, member=editor)
    post(lone, days=1)
    no_2fa = safe(workspace, platform="youtube", two_factor="none")
    old = safe(
        workspace,
        platform="tiktok",
        password_changed_on=timezone.localdate() - datetime.timedelta(days=181),
    )
    never_changed = safe(workspace, platform="threads", password_changed_on=None)
    assert risks(workspace, personal) == {"personal_login"}
    assert risks(workspace, lone) == {"single_access"}
    assert risks(workspace, no_2fa) == {"no_2fa"}
    assert risks(workspace, old) == {"old_password"}
    assert risks(workspace, never_changed) == {"old_password"}


def test_access_held_by_someone_who_left(workspace):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    account = safe(workspace)
    former = MembershipFactory(workspace=workspace).user
    AccessGrantFactory(account=account, member=former)
    assert "leaver_access" not in risks(workspace, account)
    Membership.objects.filter(user=former).delete()
    assert "leaver_access" in risks(workspace, account)


def test_several_active_accounts_on_one_platform(workspace):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    first = safe(workspace, platform="x")
    second = safe(workspace, platform="x")
    dormant = safe(workspace, platform="x", status="dormant")
    assert risks(workspace, first) == {"duplicate_platform"}
    assert risks(workspace, second) == {"duplicate_platform"}
    assert risks(workspace, dormant) == set()


def test_closed_accounts_carry_no_risks(workspace):
    closed = SocialAccountFactory(workspace=workspace, status="closed", two_factor="none")
    assert risks(workspace, closed) == set()


def test_the_rotation_period_is_the_workspaces_own(workspace):
    from accounts_registry.models import RegistrySettings

    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    account = safe(
        workspace, password_changed_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    assert risks(workspace, account) == set()
    RegistrySettings.objects.create(workspace=workspace, password_rotation_days=30)
    assert risks(workspace, account) == {"old_password"}


def test_filters_and_summary(workspace, editor):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    safe(workspace, platform="x", business_owner=editor)
    no_2fa = safe(workspace, platform="youtube", two_factor="none")
    SocialAccountFactory(workspace=workspace, status="closed")
    qs = accounts_with_risks(workspace=workspace)
    assert list(filter_accounts(qs, risk="no_2fa")) == [no_2fa]
    assert filter_accounts(qs, owner=editor.pk).get().platform == "x"
    assert filter_accounts(qs, status="closed").count() == 1
    summary = {risk.code: count for risk, count in risk_summary(workspace=workspace)}
    assert summary["no_2fa"] == 1
    assert summary["duplicate_platform"] == 0


def test_another_workspaces_domains_do_not_count(workspace, other_workspace):
    CompanyDomain.objects.create(workspace=other_workspace, domain="vandijk.nl")
    assert "personal_login" in risks(workspace, safe(workspace))
    assert SocialAccount.objects.count() == 1


def test_nobody_with_access_is_said_in_words(workspace):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    nobody = SocialAccountFactory(workspace=workspace)
    post(nobody, days=1)
    lone = SocialAccountFactory(workspace=workspace, platform="x")
    post(lone, days=1)
    AccessGrantFactory(account=lone, member=None, outside_name="Bureau Zon")
    revoked = SocialAccountFactory(workspace=workspace, platform="youtube")
    post(revoked, days=1)
    AccessGrantFactory(account=revoked, revoked_at=NOW)
    assert reasons(workspace, nobody) == {"no_access": "Nobody has access registered"}
    assert reasons(workspace, lone) == {"single_access": "Only one person has access"}
    assert reasons(workspace, revoked) == {"no_access": "Nobody has access registered"}


def test_several_accounts_on_one_platform_says_how_many(workspace, other_workspace):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    accounts = [safe(workspace, platform="instagram") for _ in range(3)]
    safe(workspace, platform="instagram", status="to_consolidate")
    safe(workspace, platform="instagram", status="closed")
    safe(other_workspace, platform="instagram")
    lone_x = safe(workspace, platform="x")
    assert reasons(workspace, accounts[0]) == {
        "duplicate_platform": (
            "3 active accounts on Instagram: consolidate? One company went from 33 to 1."
        )
    }
    loaded = {a.pk: a for a in accounts_with_risks(workspace=workspace)}
    assert {loaded[a.pk].active_on_platform for a in accounts} == {3}
    assert loaded[lone_x.pk].active_on_platform == 1
    assert not loaded[lone_x.pk].risk_duplicate


class TestDormant:
    """An active account with nothing (not cancelled) planned in the calendar for 60 days."""

    @pytest.fixture
    def account(self, workspace):
        CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
        account = SocialAccountFactory(workspace=workspace)
        AccessGrantFactory.create_batch(2, account=account, member=None, outside_name="Backup")
        return account

    def test_nothing_in_the_calendar(self, workspace, account):
        assert risks(workspace, account) == {"dormant"}
        assert reasons(workspace, account) == {
            "dormant": "Nothing planned in the calendar for 60 days"
        }

    @pytest.mark.parametrize(
        ("days", "status"),
        [(-59, "published"), (-1, "draft"), (0, "idea"), (30, "scheduled"), (400, "ready")],
    )
    def test_a_recent_or_upcoming_post_keeps_it_off_the_list(
        self, workspace, account, days, status
    ):
        post(account, days=days, status=status)
        assert "dormant" not in risks(workspace, account)

    def test_the_boundary_is_sixty_days_before_now(self, workspace, account):
        PostFactory(
            workspace=workspace,
            channel=account,
            scheduled_at=NOW - datetime.timedelta(days=60),
            status="published",
        )

        def dormant(now):
            loaded = accounts_with_risks(workspace=workspace, now=now).get(pk=account.pk)
            return loaded.risk_dormant

        assert not dormant(NOW)
        assert dormant(NOW + datetime.timedelta(seconds=1))

    def test_an_older_post_does_not_count(self, workspace, account):
        post(account, days=-61, status="published")
        assert risks(workspace, account) == {"dormant"}

    def test_a_cancelled_recent_post_alone_leaves_it_dormant(self, workspace, account):
        post(account, days=5, status="cancelled")
        post(account, days=-10, status="cancelled")
        assert risks(workspace, account) == {"dormant"}

    def test_not_cancelled_and_recent_must_hold_for_the_same_post(self, workspace, account):
        # An old post that is not cancelled and a recent one that is: still dormant.
        post(account, days=-90, status="published")
        post(account, days=2, status="cancelled")
        assert risks(workspace, account) == {"dormant"}

    def test_a_cancelled_post_does_not_hide_a_planned_one(self, workspace, account):
        post(account, days=2, status="cancelled")
        post(account, days=3, status="draft")
        assert "dormant" not in risks(workspace, account)

    def test_another_accounts_post_does_not_count(self, workspace, account):
        post(SocialAccountFactory(workspace=workspace, platform="x"), days=1)
        assert "dormant" in risks(workspace, account)

    @pytest.mark.parametrize("status", ["dormant", "to_consolidate", "closed"])
    def test_only_active_accounts(self, workspace, account, status):
        SocialAccount.objects.filter(pk=account.pk).update(status=status)
        assert "dormant" not in risks(workspace, account)

    def test_filter_and_summary(self, workspace, account):
        planned = safe(workspace, platform="x")
        qs = accounts_with_risks(workspace=workspace)
        assert list(filter_accounts(qs, risk="dormant")) == [account]
        assert planned not in filter_accounts(qs, risk="dormant")
        summary = {risk.code: count for risk, count in risk_summary(workspace=workspace)}
        assert summary["dormant"] == 1


def _database_work(fn) -> int:
    """How many SQLite virtual machine instructions `fn` costs, in thousands: a measure of
    the database's work that, unlike a stopwatch, does not depend on the machine."""
    connection.ensure_connection()
    raw = connection.connection
    counter = [0]

    def tick():
        counter[0] += 1
        return 0

    raw.set_progress_handler(tick, 1000)
    try:
        fn()
    finally:
        raw.set_progress_handler(None, 1000)
    return counter[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite instructions")
def test_the_risks_cost_the_same_per_account_however_many_share_a_platform(workspace):
    """Hundreds of accounts on one platform: the work grows with the number of accounts, not
    with its square (the per-platform count is computed once, not once per account)."""

    def add(n, start):
        SocialAccount.objects.bulk_create(
            SocialAccount(workspace=workspace, platform="x", handle=f"@bulk{start + i}")
            for i in range(n)
        )

    def work():
        return _database_work(
            lambda: (
                risk_summary(workspace=workspace),
                list(accounts_with_risks(workspace=workspace)),
            )
        )

    add(300, 0)
    small = work()
    add(300, 300)
    large = work()
    assert large < 2.5 * small, (small, large)


@pytest.fixture
def registry(workspace, other_workspace, editor):
    """A registry with a bit of every risk, and a neighbour that must not count."""
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    safe(workspace, platform="x", business_owner=editor)
    for _ in range(3):
        safe(workspace, platform="instagram", two_factor="none", login_email="tim@gmail.com")
    safe(workspace, platform="instagram", status="to_consolidate")
    lone = SocialAccountFactory(workspace=workspace, platform="youtube", password_changed_on=None)
    AccessGrantFactory(account=lone, member=MembershipFactory().user)
    SocialAccountFactory(workspace=workspace, platform="tiktok", status="closed")
    safe(other_workspace, platform="instagram")
    return workspace


def test_the_summary_counts_what_the_flags_say(registry):
    accounts = list(accounts_with_risks(workspace=registry))
    summary = registry_summary(workspace=registry)
    assert summary.risks == [
        (risk, sum(getattr(a, risk.flag) for a in accounts)) for risk, _n in summary.risks
    ]
    assert dict(risk_summary(workspace=registry)) == dict(summary.risks)
    assert risk_summary_with_open_count(workspace=registry) == (summary.risks, 6)
    assert (summary.accounts, summary.open_accounts) == (7, 6)
    assert active_on_platforms(workspace=registry) == {"x": 1, "instagram": 3, "youtube": 1}


def test_every_way_of_reading_the_risks_agrees(registry):
    """The list's flags without the per-platform counts, the account page's with its own
    count, and the API's with one count per platform: the same risks in the same words."""
    everything = {a.pk: a for a in accounts_with_risks(workspace=registry)}
    listed = with_risks_in_words(
        accounts_with_risk_flags(workspace=registry),
        active_on_platform=active_on_platforms(workspace=registry),
    )
    assert {a.pk for a in listed} == set(everything)
    for account in listed:
        expected = risks_of(everything[account.pk])
        assert [(r.code, r.reason) for r in account.risks] == [(r.code, r.reason) for r in expected]
        assert account.name == str(account)
        assert account.status_label == account.get_status_display()
        one = account_with_risks(workspace=registry).get(pk=account.pk)
        assert one.active_on_platform == everything[account.pk].active_on_platform
        assert [(r.code, r.reason) for r in risks_of(one)] == [(r.code, r.reason) for r in expected]
    duplicate = next(a for a in listed if a.platform == "instagram" and a.status == "active")
    assert "3 active accounts on Instagram: consolidate? One company went from 33 to 1." in [
        r.reason for r in duplicate.risks
    ]


def test_the_risks_in_dutch(registry):
    with translation.override("nl"):
        listed = with_risks_in_words(
            accounts_with_risk_flags(workspace=registry),
            active_on_platform=active_on_platforms(workspace=registry),
        )
        expected = {
            a.pk: [r.reason for r in risks_of(a)] for a in accounts_with_risks(workspace=registry)
        }
    assert {a.pk: [r.reason for r in a.risks] for a in listed} == expected
    reasons = {r.reason for a in listed for r in a.risks}
    assert (
        "3 actieve accounts op Instagram: samenvoegen? Eén bedrijf ging van 33 naar 1." in reasons
    )


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    "format_name", ["SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATE_FORMAT"]
)
def test_dates_read_as_the_date_filter_writes_them(language, format_name):
    template = engines["django"].from_string("{{ at|date:format_name }}")
    moments = [
        timezone.now(),
        datetime.datetime(2026, 1, 4, 0, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 7, 9, 12, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 31, 23, 59, tzinfo=datetime.UTC),
    ]
    with translation.override(language):
        written = date_formatter(format_name)
        for at in moments:
            assert written(at) == template.render({"at": at, "format_name": format_name})
        if format_name != "SHORT_DATETIME_FORMAT":
            day = datetime.date(2026, 3, 1)
            assert written(day) == template.render({"at": day, "format_name": format_name})


def test_grants_in_words(workspace, editor, reviewer):
    account = SocialAccountFactory(workspace=workspace)
    AccessGrantFactory(account=account, member=None, outside_name="Bureau <Zon>", granted_by=editor)
    AccessGrantFactory(account=account, member=reviewer, revoked_at=timezone.now(), revoked_by=None)
    active, revoked = grants_in_words(grants_of(account=account))
    day = timezone.localdate()
    today = f"{day.day} {day.strftime('%b')} {day.year}"  # "3 Dec 2026", never 12/03/2026
    assert active.level_label == "Editor"
    assert active.since == f"since {today}, granted by {editor.display_name}"
    assert active.revoked == ""
    assert revoked.revoked == f"revoked {today} by —"
    assert revoked.holder == reviewer.display_name


def test_a_handovers_steps_in_words(workspace, reviewer):
    leaver = MembershipFactory(workspace=workspace).user
    successor = MembershipFactory(workspace=workspace, user__name="Sara <Bos>").user
    SocialAccountFactory(workspace=workspace, business_owner=leaver, platform="x", handle="@b")
    SocialAccountFactory(workspace=workspace, business_owner=leaver, platform="x", handle="@a")
    handover = services.handover_start(
        workspace=workspace,
        by=reviewer,
        leaver=leaver,
        successor=successor,
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    step = handover.steps.get(account__handle="@a", kind=HandoverStep.Kind.SUCCESSOR_CONFIRMS)
    confirm_step(step=step, by=successor)
    steps = handover_steps(handover=handover)
    models = list(handover.steps.select_related("account"))  # the model's own order
    assert [s.pk for s in steps] == [m.pk for m in models]
    assert [s.is_done for s in steps] == [m.is_done for m in models]
    assert [s.kind_label for s in steps] == [m.get_kind_display() for m in models]
    assert [str(s.account) for s in steps] == [str(m.account) for m in models]
    assert steps[0].account is steps[1].account  # one per account, shared by its steps
    confirmed = next(s for s in steps if s.pk == step.pk)
    assert confirmed.confirmed_text.startswith("confirmed by Sara &lt;Bos&gt;, ")
    assert all(s.confirmed_text == "" for s in steps if s.pk != step.pk)
