import datetime

from django.utils import timezone

from accounts_registry.models import SocialAccount
from accounts_registry.selectors import (
    accounts_with_risks,
    filter_accounts,
    risk_summary,
    risks_of,
)
from workspaces.models import CompanyDomain, Membership

from ..factories import MembershipFactory
from .factories import AccessGrantFactory, SocialAccountFactory


def risks(workspace, account):
    loaded = accounts_with_risks(workspace=workspace).get(pk=account.pk)
    return {risk.code for risk in risks_of(loaded)}


def safe(workspace, **overrides):
    """An account with no risk: company login, two grants, 2FA, a fresh password."""
    account = SocialAccountFactory(workspace=workspace, **overrides)
    AccessGrantFactory.create_batch(2, account=account, member=None, outside_name="Backup")
    return account


def test_a_well_kept_account_has_no_risks(workspace):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    assert risks(workspace, safe(workspace)) == set()


def test_each_risk_with_its_reason(workspace, editor):
    CompanyDomain.objects.create(workspace=workspace, domain="VanDijk.nl".lower())
    personal = safe(workspace, login_email="tim@gmail.com")
    lone = SocialAccountFactory(workspace=workspace, platform="instagram")
    AccessGrantFactory(account=lone, member=editor)
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
