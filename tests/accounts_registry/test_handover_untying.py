"""A handover unties for real: each step writes what it claims to the registry, and the
handover completes only when the registry, read afresh, ties nothing to the leaver."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accounts_registry import services
from accounts_registry.models import AccessGrant, HandoverStep, NotApplicable, SocialAccount
from notifications.models import Notification
from workspaces.models import CompanyDomain

from ..factories import MembershipFactory
from .factories import AccessGrantFactory, SocialAccountFactory, confirm_step

Kind = HandoverStep.Kind
SOON = timezone.localdate() + datetime.timedelta(days=14)


@pytest.fixture
def team(workspace):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    leaver = MembershipFactory(workspace=workspace, user__name="Pieter Bakker").user
    successor = MembershipFactory(workspace=workspace, user__name="Sanne de Vries").user
    return leaver, successor


@pytest.fixture
def tied(workspace, team):
    """An account as the team found it: the leaver's Gmail as login, recovery on his own
    phone, a 2023 password, and his access."""
    leaver, _successor = team
    account = SocialAccountFactory(
        workspace=workspace,
        handle="@vandijk",
        login_email="pieter.bakker@gmail.com",
        recovery_holder="Pieter's own phone",
        two_factor=SocialAccount.TwoFactor.SMS,
        password_changed_on=datetime.date(2023, 3, 1),
        business_owner=leaver,
    )
    AccessGrantFactory(account=account, member=leaver)
    return account


def _start(workspace, reviewer, team):
    leaver, successor = team
    return services.handover_start(
        workspace=workspace, by=reviewer, leaver=leaver, successor=successor, deadline=SOON
    )


def _confirm(handover, kind, by, **facts):
    return services.handover_step_confirm(step=handover.steps.get(kind=kind), by=by, **facts)


def _code(exc) -> set[str]:
    return {e.code for errors in exc.value.error_dict.values() for e in errors}


class TestEachStepWritesWhatItClaims:
    def test_move_login_asks_for_a_company_address_and_writes_it(
        self, workspace, reviewer, team, tied
    ):
        leaver, _ = team
        handover = _start(workspace, reviewer, team)
        with pytest.raises(ValidationError) as exc:
            _confirm(handover, Kind.MOVE_LOGIN, reviewer)
        assert _code(exc) == {"required"}
        with pytest.raises(ValidationError) as exc:
            _confirm(handover, Kind.MOVE_LOGIN, reviewer, login_email="sanne@hotmail.com")
        assert _code(exc) == {"personal_address"}
        with pytest.raises(ValidationError) as exc:
            _confirm(handover, Kind.MOVE_LOGIN, reviewer, login_email=leaver.email)
        assert _code(exc) == {"leaver_address"}
        _confirm(handover, Kind.MOVE_LOGIN, reviewer, login_email="Social@VanDijk.nl")
        tied.refresh_from_db()
        assert tied.login_email == "social@vandijk.nl"
        assert tied.history.first().history_user == reviewer

    def test_change_password_writes_the_date_and_the_vault_reference(
        self, workspace, reviewer, team, tied
    ):
        handover = _start(workspace, reviewer, team)
        with pytest.raises(ValidationError) as exc:
            _confirm(handover, Kind.CHANGE_PASSWORD, reviewer)
        assert _code(exc) == {"required"}
        today = timezone.localdate()
        _confirm(
            handover,
            Kind.CHANGE_PASSWORD,
            reviewer,
            password_changed_on=today,
            vault_reference="1Password > Marketing > LinkedIn",
        )
        tied.refresh_from_db()
        assert tied.password_changed_on == today
        assert tied.vault_reference == "1Password > Marketing > LinkedIn"

    def test_move_recovery_refuses_the_leaver_and_writes_the_new_holder(
        self, workspace, reviewer, team, tied
    ):
        handover = _start(workspace, reviewer, team)
        with pytest.raises(ValidationError) as exc:
            _confirm(
                handover,
                Kind.MOVE_RECOVERY,
                reviewer,
                recovery_holder="phone of Pieter",
                two_factor="app",
            )
        assert _code(exc) == {"names_leaver"}
        _confirm(
            handover,
            Kind.MOVE_RECOVERY,
            reviewer,
            recovery_holder="the marketing phone",
            two_factor="app",
        )
        tied.refresh_from_db()
        assert (tied.recovery_holder, tied.two_factor) == ("the marketing phone", "app")

    def test_the_successors_confirmation_records_her_access(self, workspace, reviewer, team, tied):
        _, successor = team
        handover = _start(workspace, reviewer, team)
        _confirm(handover, Kind.SUCCESSOR_CONFIRMS, successor, level="owner")
        grant = AccessGrant.objects.get(account=tied, member=successor)
        assert grant.is_active
        assert grant.level == "owner"

    def test_revoke_access_ends_the_leavers_grant_on_that_account(
        self, workspace, reviewer, team, tied
    ):
        leaver, _ = team
        handover = _start(workspace, reviewer, team)
        _confirm(handover, Kind.REVOKE_ACCESS, reviewer)
        assert not AccessGrant.objects.filter(
            account=tied, member=leaver, revoked_at__isnull=True
        ).exists()


class TestCompletion:
    def _confirm_all(self, handover, reviewer, successor):
        for step in handover.steps.filter(not_applicable="", confirmed_at__isnull=True):
            by = successor if step.kind == Kind.SUCCESSOR_CONFIRMS else reviewer
            confirm_step(step=step, by=by)

    def test_completes_with_the_registry_untied(self, workspace, reviewer, team, tied):
        _leaver, successor = team
        handover = _start(workspace, reviewer, team)
        self._confirm_all(handover, reviewer, successor)
        handover.refresh_from_db()
        assert handover.is_complete
        tied.refresh_from_db()
        assert tied.login_email == "social@vandijk.nl"
        assert tied.recovery_holder == "the marketing phone"
        assert tied.password_changed_on == timezone.localdate()
        assert tied.business_owner == successor
        assert list(
            tied.grants.filter(revoked_at__isnull=True).values_list("member", flat=True)
        ) == [successor.pk]

    def test_stays_open_while_the_registry_still_ties_the_leaver(
        self, workspace, reviewer, team, tied
    ):
        leaver, successor = team
        handover = _start(workspace, reviewer, team)
        confirm_step(step=handover.steps.get(kind=Kind.MOVE_LOGIN), by=reviewer)
        # Someone puts the leaver's address back by hand before the last step.
        tied.refresh_from_db()
        services.account_update(account=tied, by=reviewer, login_email=leaver.email)
        self._confirm_all(handover, reviewer, successor)
        handover.refresh_from_db()
        assert not handover.is_complete
        told = Notification.objects.get(kind="handover_still_tied", recipient=reviewer)
        assert leaver.email in told.message
        with pytest.raises(ValidationError) as exc:
            services.handover_complete(handover=handover, by=reviewer)
        assert {e.code for e in exc.value.error_list} == {"leaver_login"}
        tied.refresh_from_db()
        services.account_update(account=tied, by=reviewer, login_email="social@vandijk.nl")
        services.handover_complete(handover=handover, by=reviewer)
        handover.refresh_from_db()
        assert handover.is_complete

    def test_what_is_still_tied_reads_in_each_recipients_language(
        self, workspace, reviewer, team, tied
    ):
        """The last step is confirmed by someone writing English; the reviewer who started
        the handover reads Dutch: the ties in her notification are in Dutch."""
        leaver, successor = team
        reviewer.language = "nl"
        reviewer.save(update_fields=["language"])
        handover = _start(workspace, reviewer, team)
        confirm_step(step=handover.steps.get(kind=Kind.MOVE_LOGIN), by=reviewer)
        tied.refresh_from_db()
        services.account_update(account=tied, by=reviewer, login_email=leaver.email)
        steps = handover.steps.filter(not_applicable="", confirmed_at__isnull=True)
        for step in steps.order_by(
            models.Case(models.When(kind=Kind.SUCCESSOR_CONFIRMS, then=1), default=0)
        ):
            confirm_step(
                step=step, by=successor if step.kind == Kind.SUCCESSOR_CONFIRMS else reviewer
            )
        dutch = Notification.objects.get(kind="handover_still_tied", recipient=reviewer).message
        english = Notification.objects.get(kind="handover_still_tied", recipient=successor).message
        assert f"De login is {leaver.email}, het eigen adres van de vertrekker." in dutch
        assert f"The login is {leaver.email}, the leaver's own address." in english
        assert "the leaver's own address" not in dutch


class TestUndo:
    def test_undo_puts_back_what_the_step_changed(self, workspace, reviewer, team, tied):
        _, successor = team
        handover = _start(workspace, reviewer, team)
        step = confirm_step(step=handover.steps.get(kind=Kind.MOVE_LOGIN), by=reviewer)
        grant_step = confirm_step(
            step=handover.steps.get(kind=Kind.SUCCESSOR_CONFIRMS), by=successor
        )
        with pytest.raises(PermissionError):
            services.handover_step_undo(step=step, by=successor)
        services.handover_step_undo(step=step, by=reviewer)
        services.handover_step_undo(step=grant_step, by=successor)
        tied.refresh_from_db()
        assert tied.login_email == "pieter.bakker@gmail.com"
        assert not tied.grants.filter(member=successor, revoked_at__isnull=True).exists()
        step.refresh_from_db()
        assert step.confirmed_at is None
        assert step.written == {}
        # The history keeps both writes, each with who did it.
        assert [h.login_email for h in tied.history.all()[:2]] == [
            "pieter.bakker@gmail.com",
            "social@vandijk.nl",
        ]

    def test_an_admin_may_undo_anyones_step(self, workspace, reviewer, admin_user, team, tied):
        handover = _start(workspace, reviewer, team)
        step = confirm_step(step=handover.steps.get(kind=Kind.CHANGE_PASSWORD), by=reviewer)
        services.handover_step_undo(step=step, by=admin_user)
        tied.refresh_from_db()
        assert tied.password_changed_on == datetime.date(2023, 3, 1)


def test_stored_reasons_become_codes_read_in_any_language(workspace, reviewer, team, tied):
    handover = _start(workspace, reviewer, team)
    step = handover.steps.get(kind=Kind.CHANGE_PASSWORD)
    HandoverStep.objects.filter(pk=step.pk).update(
        not_applicable="De login is al een adres van het bedrijf (social@vandijk.nl)."
    )
    other = handover.steps.get(kind=Kind.REVOKE_ACCESS)
    HandoverStep.objects.filter(pk=other.pk).update(not_applicable="Het account is opgeheven.")
    migration = importlib.import_module(
        "accounts_registry.migrations.0004_handover_reasons_as_codes"
    )
    migration.to_codes(django_apps, None)
    step.refresh_from_db()
    other.refresh_from_db()
    assert (step.not_applicable, step.not_applicable_params) == (
        NotApplicable.COMPANY_LOGIN,
        {"email": "social@vandijk.nl"},
    )
    assert other.not_applicable == NotApplicable.CLOSED
