"""A login (or a recovery address) tied to a person is a risk even on the company's domain:
an account hangs on a role mailbox in the company's name (social@), not on a person."""

from accounts_registry import services
from accounts_registry.models import RegistrySettings
from workspaces.models import CompanyDomain

from ..factories import MembershipFactory, UserFactory
from .factories import AccessGrantFactory
from .test_selectors import reasons, risks, safe


def company(workspace):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")


def test_a_persons_address_on_the_company_domain_is_flagged(workspace):
    company(workspace)
    account = safe(workspace, login_email="pieter@vandijk.nl")
    assert risks(workspace, account) == {"person_login"}
    assert reasons(workspace, account)["person_login"] == (
        "The login pieter@vandijk.nl looks like a person's address, not a role mailbox such "
        "as social@ (the role names are in the registry's settings)."
    )


def test_a_role_mailbox_is_not_flagged_in_any_spelling(workspace):
    company(workspace)
    for login, platform in [
        ("social@vandijk.nl", "x"),
        ("marketing.nl@vandijk.nl", "instagram"),
        ("nl-webcare@vandijk.nl", "facebook"),
    ]:
        account = safe(workspace, login_email=login, platform=platform)
        assert risks(workspace, account) == set(), login
    dutch = safe(workspace, login_email="communicatie@vandijk.nl", platform="youtube")
    assert risks(workspace, dutch) == set()


def test_a_members_own_address_is_flagged_and_says_so(workspace):
    company(workspace)
    MembershipFactory(workspace=workspace, user=UserFactory(email="social@vandijk.nl"))
    account = safe(workspace, login_email="social@vandijk.nl")
    assert "is a member's own address" in reasons(workspace, account)["person_login"]


def test_an_outside_persons_address_is_flagged_and_says_so(workspace):
    company(workspace)
    account = safe(workspace, login_email="info@bureau-x.nl")
    AccessGrantFactory(
        account=account, member=None, outside_name="Bureau X", outside_email="info@bureau-x.nl"
    )
    words = reasons(workspace, account)
    assert "outside person or agency" in words["person_login"]
    assert "personal_login" in words


def test_a_recovery_address_of_a_person_is_flagged(workspace):
    company(workspace)
    account = safe(workspace, recovery_holder="pieter@vandijk.nl")
    assert risks(workspace, account) == {"person_recovery"}
    assert (
        "The recovery address pieter@vandijk.nl" in reasons(workspace, account)["person_recovery"]
    )
    device = safe(workspace, platform="x", recovery_holder="the marketing phone")
    assert risks(workspace, device) == set()


def test_the_role_names_are_the_workspaces_own(workspace, admin_user):
    company(workspace)
    account = safe(workspace, login_email="kanalen@vandijk.nl")
    assert risks(workspace, account) == {"person_login"}
    services.registry_settings_update(
        workspace=workspace,
        by=admin_user,
        password_rotation_days=180,
        role_mailboxes="social, Kanalen ,\nmarketing",
    )
    assert RegistrySettings.objects.get().role_mailboxes == "kanalen, marketing, social"
    assert risks(workspace, account) == set()
    social = safe(workspace, platform="x", login_email="webcare@vandijk.nl")
    assert risks(workspace, social) == {"person_login"}  # no longer one of the names


def test_the_settings_page_edits_the_role_names(client, workspace, admin_user):
    from django.urls import reverse

    client.force_login(admin_user)
    url = reverse("registry:settings", kwargs={"workspace": workspace.slug})
    assert "role mailboxes" in client.get(url).content.decode().lower()
    client.post(url, {"password_rotation_days": 90, "role_mailboxes": "social, pers"})
    assert RegistrySettings.objects.get().role_mailboxes == "pers, social"


def test_emptied_role_names_are_the_standard_list_again(workspace, admin_user):
    services.registry_settings_update(
        workspace=workspace, by=admin_user, password_rotation_days=180, role_mailboxes=" , "
    )
    assert RegistrySettings.objects.get().role_mailboxes.startswith("accounts, admin, careers")
