from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Notification
from workspaces import services
from workspaces.models import CompanyDomain, Invitation, Membership, Role

from ..factories import MembershipFactory, UserFactory


class TestParseCompanyDomains:
    def test_normalises_case_at_signs_and_duplicates(self):
        text = "Example.NL\n@example.nl, mail.example.com;  \n"
        assert services.parse_company_domains(text) == ["example.nl", "mail.example.com"]

    def test_names_every_entry_that_is_not_a_domain(self):
        with pytest.raises(ValidationError) as exc:
            services.parse_company_domains("example.nl\nnot a domain\nlocalhost")
        message = exc.value.messages[0]
        assert "not" in message
        assert "localhost" in message
        assert "example.nl" not in message

    def test_empty_text_is_no_domains(self):
        assert services.parse_company_domains("  \n ") == []


class TestWorkspaceCreate:
    def test_creator_becomes_admin_and_gets_a_welcome(self, db):
        creator = UserFactory()
        workspace = services.workspace_create(
            name="Bakkerij Bol", creator=creator, company_domains=["bol-bakkerij.nl"]
        )
        assert workspace.slug == "bakkerij-bol"
        assert Membership.objects.get(workspace=workspace, user=creator).role == Role.ADMIN
        assert list(workspace.company_domains.values_list("domain", flat=True)) == [
            "bol-bakkerij.nl"
        ]
        welcome = Notification.objects.get(recipient=creator, workspace=workspace)
        assert "Start with why" in welcome.message

    def test_slugs_stay_unique(self, db):
        creator = UserFactory()
        first = services.workspace_create(name="Acme", creator=creator)
        second = services.workspace_create(name="Acme", creator=creator)
        assert (first.slug, second.slug) == ("acme", "acme-2")

    def test_invalid_domain_creates_nothing(self, db):
        with pytest.raises(ValidationError):
            services.workspace_create(name="Acme", creator=UserFactory(), company_domains=["x y"])
        assert not Membership.objects.exists()


class TestWorkspaceUpdate:
    def test_replaces_the_domains(self, workspace):
        CompanyDomain.objects.create(workspace=workspace, domain="old.nl")
        CompanyDomain.objects.create(workspace=workspace, domain="kept.nl")
        services.workspace_update(
            workspace=workspace,
            name="  New name ",
            time_zone="Europe/London",
            company_domains="kept.nl\nnew.nl",
        )
        workspace.refresh_from_db()
        assert workspace.name == "New name"
        assert workspace.time_zone == "Europe/London"
        assert sorted(workspace.company_domains.values_list("domain", flat=True)) == [
            "kept.nl",
            "new.nl",
        ]

    def test_unknown_time_zone_is_refused(self, workspace):
        with pytest.raises(ValidationError):
            services.workspace_update(
                workspace=workspace, name="X", time_zone="Mars/Olympus", company_domains=""
            )


@pytest.mark.django_db(transaction=True)
class TestInvitationCreate:
    def test_sends_a_link_whose_token_is_not_stored(self, workspace, admin_user):
        invitation, token = services.invitation_create(
            workspace=workspace,
            email=" New@Example.com ",
            role=Role.REVIEWER,
            invited_by=admin_user,
        )
        assert invitation.email == "new@example.com"
        assert token not in invitation.token_hash
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["new@example.com"]
        assert f"/invitations/{token}/" in mail.outbox[0].body
        assert "Van Dijk" in mail.outbox[0].subject

    def test_email_speaks_the_language_of_an_existing_user(self, workspace, admin_user):
        UserFactory(email="henk@example.com", language="nl")
        services.invitation_create(
            workspace=workspace, email="henk@example.com", role=Role.EDITOR, invited_by=admin_user
        )
        assert "uitgenodigd" in mail.outbox[0].subject

    def test_inviting_again_withdraws_the_first_link(self, workspace, admin_user):
        first, _first_token = services.invitation_create(
            workspace=workspace, email="a@example.com", role=Role.EDITOR, invited_by=admin_user
        )
        services.invitation_create(
            workspace=workspace, email="A@example.com", role=Role.ADMIN, invited_by=admin_user
        )
        first.refresh_from_db()
        assert first.revoked_at is not None
        assert Invitation.objects.filter(revoked_at__isnull=True).count() == 1

    def test_a_member_cannot_be_invited(self, workspace, admin_user, editor):
        with pytest.raises(ValidationError, match="already a member"):
            services.invitation_create(
                workspace=workspace, email=editor.email, role=Role.EDITOR, invited_by=admin_user
            )
        assert mail.outbox == []


class TestInvitationAccept:
    @pytest.fixture
    def invitation(self, workspace, admin_user):
        invitation, _token = services.invitation_create(
            workspace=workspace, email="new@example.com", role=Role.REVIEWER, invited_by=admin_user
        )
        return invitation

    def test_joins_with_the_invited_role_and_tells_the_admins(self, invitation, admin_user):
        user = UserFactory(email="NEW@example.com")
        membership = services.invitation_accept(invitation=invitation, user=user)
        assert membership.role == Role.REVIEWER
        invitation.refresh_from_db()
        assert invitation.accepted_by == user
        notice = Notification.objects.get(recipient=admin_user, kind="member_joined")
        assert "joined as reviewer" in notice.message

    def test_someone_else_cannot_use_it(self, invitation):
        with pytest.raises(ValidationError, match=r"new@example\.com"):
            services.invitation_accept(invitation=invitation, user=UserFactory())
        assert not Membership.objects.filter(role=Role.REVIEWER).exists()

    def test_works_once(self, invitation):
        user = UserFactory(email="new@example.com")
        services.invitation_accept(invitation=invitation, user=user)
        with pytest.raises(ValidationError, match="already been accepted"):
            services.invitation_accept(invitation=invitation, user=user)

    def test_expires(self, invitation):
        user = UserFactory(email="new@example.com")
        with (
            time_machine.travel(timezone.now() + timedelta(days=15)),
            pytest.raises(ValidationError, match="expired"),
        ):
            services.invitation_accept(invitation=invitation, user=user)

    def test_withdrawn_link_is_refused(self, invitation):
        services.invitation_revoke(invitation=invitation)
        invitation.refresh_from_db()
        with pytest.raises(ValidationError, match="withdrawn"):
            services.invitation_accept(
                invitation=invitation, user=UserFactory(email="new@example.com")
            )

    def test_new_user_account_is_created(self, invitation):
        membership = services.invitation_accept_as_new_user(
            invitation=invitation, name="Nina", password="x-very-long-pass", language="nl"
        )
        assert membership.user.email == "new@example.com"
        assert membership.user.language == "nl"
        assert membership.user.check_password("x-very-long-pass")


class TestMembershipChanges:
    def test_role_change_notifies_the_member(self, workspace, admin_user, editor):
        membership = Membership.objects.get(user=editor)
        services.membership_change_role(membership=membership, role=Role.REVIEWER)
        membership.refresh_from_db()
        assert membership.role == Role.REVIEWER
        assert "now reviewer" in Notification.objects.get(recipient=editor).message

    def test_the_last_admin_keeps_the_role(self, workspace, admin_user):
        membership = Membership.objects.get(user=admin_user)
        with pytest.raises(ValidationError, match="at least one admin"):
            services.membership_change_role(membership=membership, role=Role.EDITOR)
        with pytest.raises(ValidationError, match="at least one admin"):
            services.membership_remove(membership=membership)
        assert Membership.objects.get(user=admin_user).role == Role.ADMIN

    def test_an_admin_can_step_down_when_another_remains(self, workspace, admin_user):
        MembershipFactory(workspace=workspace, role=Role.ADMIN)
        membership = Membership.objects.get(user=admin_user)
        services.membership_change_role(membership=membership, role=Role.EDITOR)
        assert Membership.objects.get(user=admin_user).role == Role.EDITOR

    def test_remove(self, workspace, admin_user, editor):
        services.membership_remove(membership=Membership.objects.get(user=editor))
        assert not Membership.objects.filter(user=editor).exists()
