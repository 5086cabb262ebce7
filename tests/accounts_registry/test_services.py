import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts_registry import services
from accounts_registry.models import AccessGrant, HandoverStep, NotApplicable, SocialAccount
from accounts_registry.selectors import accounts_with_risks, handover_steps
from notifications.models import Notification
from workspaces.models import CompanyDomain, Membership

from ..factories import MembershipFactory
from .factories import AccessGrantFactory, SocialAccountFactory, confirm_step

Kind = HandoverStep.Kind
SOON = timezone.localdate() + datetime.timedelta(days=14)


class TestAccounts:
    def test_register_records_who_did_it(self, workspace, editor):
        account = services.account_create(
            workspace=workspace,
            by=editor,
            platform="instagram",
            handle=" @werkenbijvandijk ",
            login_email="Social@VanDijk.nl",
            vault_reference="1Password > Marketing > Instagram",
        )
        assert account.handle == "@werkenbijvandijk"
        assert account.login_email == "social@vandijk.nl"
        assert account.history.get().history_user == editor

    def test_a_password_is_refused_in_every_free_text_field(self, workspace, editor):
        for field in ("vault_reference", "notes", "purpose", "recovery_holder"):
            with pytest.raises(ValidationError) as exc:
                services.account_create(
                    workspace=workspace,
                    by=editor,
                    platform="x",
                    handle=f"@{field}",
                    **{field: "password: Zomer2024!"},
                )
            assert "looks like a password" in exc.value.message_dict[field][0]
        assert not SocialAccount.objects.exists()

    def test_a_handle_is_registered_once_per_platform(self, workspace, editor):
        services.account_create(workspace=workspace, by=editor, platform="x", handle="@vandijk")
        with pytest.raises(ValidationError, match="already registers"):
            services.account_create(workspace=workspace, by=editor, platform="x", handle="@VanDijk")

    def test_the_owner_must_be_a_member(self, workspace, editor, outsider):
        with pytest.raises(ValidationError, match="member of this workspace"):
            services.account_create(
                workspace=workspace, by=editor, platform="x", handle="@a", business_owner=outsider
            )

    def test_outsiders_may_not_write(self, workspace, outsider):
        with pytest.raises(PermissionError):
            services.account_create(workspace=workspace, by=outsider, platform="x", handle="@a")

    def test_changes_are_kept_in_the_history(self, workspace, editor, reviewer):
        account = services.account_create(workspace=workspace, by=editor, platform="x", handle="@a")
        services.account_update(account=account, by=reviewer, two_factor="app")
        newest, oldest = account.history.order_by("-history_date")
        assert newest.history_user == reviewer
        change = newest.diff_against(oldest).changes[0]
        assert (change.field, change.old, change.new) == ("two_factor", "none", "app")


class TestGrants:
    def test_grant_and_revoke_keep_the_history(self, workspace, editor, reviewer):
        account = SocialAccountFactory(workspace=workspace)
        grant = services.grant_add(account=account, by=editor, member=reviewer, level="owner")
        services.grant_revoke(grant=grant, by=editor)
        grant.refresh_from_db()
        assert grant.revoked_by == editor
        assert AccessGrant.objects.filter(pk=grant.pk).exists()  # revoked, not deleted

    def test_an_agency_is_named_by_name_and_email(self, workspace, editor):
        account = SocialAccountFactory(workspace=workspace)
        grant = services.grant_add(
            account=account,
            by=editor,
            outside_name="Bureau Zon",
            outside_email="Team@BureauZon.nl",
            level="editor",
        )
        assert (grant.holder, grant.outside_email) == ("Bureau Zon", "team@bureauzon.nl")

    def test_nobody_named_is_refused(self, workspace, editor):
        with pytest.raises(ValidationError, match="Choose a member"):
            services.grant_add(
                account=SocialAccountFactory(workspace=workspace), by=editor, level="editor"
            )

    def test_a_member_holds_one_active_grant(self, workspace, editor):
        account = SocialAccountFactory(workspace=workspace)
        services.grant_add(account=account, by=editor, member=editor, level="editor")
        with pytest.raises(ValidationError, match="already has access"):
            services.grant_add(account=account, by=editor, member=editor, level="owner")


@pytest.fixture
def team(workspace, reviewer, admin_user):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    leaver = MembershipFactory(workspace=workspace).user
    successor = MembershipFactory(workspace=workspace).user
    return leaver, successor


def _start(workspace, by, leaver, successor):
    return services.handover_start(
        workspace=workspace, by=by, leaver=leaver, successor=successor, deadline=SOON
    )


class TestHandoverStart:
    def test_lists_every_account_the_leaver_owns_reaches_or_is_registered_to(
        self, workspace, reviewer, team
    ):
        leaver, successor = team
        owned = SocialAccountFactory(workspace=workspace, business_owner=leaver, handle="@owned")
        reached = SocialAccountFactory(workspace=workspace, handle="@reached")
        AccessGrantFactory(account=reached, member=leaver)
        personal = SocialAccountFactory(
            workspace=workspace, handle="@personal", login_email=leaver.email
        )
        SocialAccountFactory(workspace=workspace, handle="@unrelated")
        SocialAccountFactory(workspace=workspace, handle="@closed-unrelated", status="closed")
        closed = SocialAccountFactory(
            workspace=workspace, handle="@closed", business_owner=leaver, status="closed"
        )
        handover = _start(workspace, reviewer, leaver, successor)
        accounts = set(handover.steps.values_list("account__handle", flat=True))
        assert accounts == {owned.handle, reached.handle, personal.handle, closed.handle}
        assert handover.steps.filter(account=owned).count() == 5

    def test_closed_accounts_keep_the_steps_that_untie_them(self, workspace, reviewer, team):
        leaver, successor = team
        granted = SocialAccountFactory(workspace=workspace, handle="@granted", status="closed")
        AccessGrantFactory(account=granted, member=leaver)
        personal = SocialAccountFactory(
            workspace=workspace, handle="@personal", status="closed", login_email=leaver.email
        )
        handover = _start(workspace, reviewer, leaver, successor)
        open_steps = set(
            handover.steps.filter(not_applicable="").values_list("account__handle", "kind")
        )
        assert open_steps == {("@granted", Kind.REVOKE_ACCESS), ("@personal", Kind.MOVE_LOGIN)}
        closed_reasons = set(
            handover.steps.filter(
                account__in=[granted, personal],
                kind__in=[Kind.CHANGE_PASSWORD, Kind.MOVE_RECOVERY, Kind.SUCCESSOR_CONFIRMS],
            ).values_list("not_applicable", flat=True)
        )
        assert closed_reasons == {NotApplicable.CLOSED}

    def test_a_closed_account_with_nothing_left_to_do_completes_at_once(
        self, workspace, reviewer, team
    ):
        leaver, successor = team
        closed = SocialAccountFactory(workspace=workspace, business_owner=leaver, status="closed")
        handover = _start(workspace, reviewer, leaver, successor)
        assert handover.steps.count() == 5
        assert handover.is_complete
        closed.refresh_from_db()
        assert closed.business_owner == successor

    def test_steps_that_do_not_apply_say_why(self, workspace, reviewer, team):
        leaver, successor = team
        account = SocialAccountFactory(
            workspace=workspace, business_owner=leaver, two_factor="none", recovery_holder=""
        )
        handover = _start(workspace, reviewer, leaver, successor)
        # Each reason is worded in the reader's language, whoever started the handover.
        for language, company_login, no_access in [
            ("en", "The login is already a company address (social@vandijk.nl).", "The leaver"),
            ("nl", "De login is al een adres van het bedrijf (social@vandijk.nl).", "Er is geen"),
        ]:
            with translation.override(language):
                reasons = {
                    step.kind: step.not_applicable
                    for step in handover_steps(handover=handover)
                    if step.account_id == account.pk
                }
            assert reasons[Kind.MOVE_LOGIN] == company_login
            assert reasons[Kind.REVOKE_ACCESS].startswith(no_access)
            assert reasons[Kind.CHANGE_PASSWORD] == ""
            assert reasons[Kind.SUCCESSOR_CONFIRMS] == ""

    def test_touches_only_the_workspace_it_was_started_in(
        self, workspace, other_workspace, reviewer, team
    ):
        leaver, successor = team
        Membership.objects.create(workspace=other_workspace, user=leaver, role="editor")
        here = SocialAccountFactory(workspace=workspace, business_owner=leaver)
        there = SocialAccountFactory(workspace=other_workspace, business_owner=leaver)
        AccessGrantFactory(account=there, member=leaver)
        handover = _start(workspace, reviewer, leaver, successor)
        assert set(handover.steps.values_list("account", flat=True)) == {here.pk}
        _confirm_all(handover, reviewer, successor)
        there.refresh_from_db()
        assert there.business_owner == leaver
        assert AccessGrant.objects.get(account=there).revoked_at is None

    def test_tells_the_successor_and_the_managers(self, workspace, reviewer, admin_user, team):
        leaver, successor = team
        SocialAccountFactory(workspace=workspace, business_owner=leaver)
        _start(workspace, reviewer, leaver, successor)
        told = set(
            Notification.objects.filter(kind="handover_started").values_list("recipient", flat=True)
        )
        assert told == {successor.pk, reviewer.pk, admin_user.pk}

    def test_editors_cannot_start_one(self, workspace, editor, team):
        with pytest.raises(PermissionError):
            _start(workspace, editor, *team)

    def test_one_open_handover_per_person(self, workspace, reviewer, team):
        SocialAccountFactory(workspace=workspace, business_owner=team[0])
        _start(workspace, reviewer, *team)
        with pytest.raises(ValidationError, match="already under way"):
            _start(workspace, reviewer, *team)


def _confirm_all(handover, manager, successor):
    for step in handover.steps.filter(not_applicable=""):
        by = successor if step.kind == Kind.SUCCESSOR_CONFIRMS else manager
        confirm_step(step=step, by=by)


class TestConfirmAndComplete:
    def test_the_leaver_never_confirms_their_own_steps(self, workspace, reviewer, team):
        leaver, successor = team
        Membership.objects.filter(user=leaver).update(role="admin")
        SocialAccountFactory(workspace=workspace, business_owner=leaver)
        handover = _start(workspace, reviewer, leaver, successor)
        with pytest.raises(PermissionError):
            confirm_step(step=handover.steps.first(), by=leaver)

    def test_only_the_successor_confirms_their_access_and_only_management_the_password(
        self, workspace, reviewer, team
    ):
        leaver, successor = team
        SocialAccountFactory(workspace=workspace, business_owner=leaver)
        handover = _start(workspace, reviewer, leaver, successor)
        with pytest.raises(PermissionError):
            confirm_step(step=handover.steps.get(kind=Kind.SUCCESSOR_CONFIRMS), by=reviewer)
        with pytest.raises(PermissionError):
            confirm_step(step=handover.steps.get(kind=Kind.CHANGE_PASSWORD), by=successor)

    def test_a_step_is_confirmed_once_with_who_when_and_a_note(self, workspace, reviewer, team):
        leaver, successor = team
        SocialAccountFactory(workspace=workspace, business_owner=leaver)
        handover = _start(workspace, reviewer, leaver, successor)
        step = handover.steps.get(kind=Kind.CHANGE_PASSWORD)
        step = confirm_step(step=step, by=reviewer, note="New one in the vault")
        assert (step.confirmed_by, step.note) == (reviewer, "New one in the vault")
        assert step.confirmed_at is not None
        with pytest.raises(ValidationError, match="already confirmed"):
            confirm_step(step=step, by=reviewer)

    def test_a_note_with_a_password_is_refused(self, workspace, reviewer, team):
        leaver, successor = team
        SocialAccountFactory(workspace=workspace, business_owner=leaver)
        handover = _start(workspace, reviewer, leaver, successor)
        step = handover.steps.get(kind=Kind.CHANGE_PASSWORD)
        with pytest.raises(ValidationError, match="looks like a password"):
            confirm_step(step=step, by=reviewer, note="new password: Zomer2024!")
        step.refresh_from_db()
        assert step.confirmed_at is None

    def test_the_last_confirmation_unties_everything_from_the_leaver(
        self, workspace, reviewer, team
    ):
        leaver, successor = team
        owned = SocialAccountFactory(workspace=workspace, business_owner=leaver)
        reached = SocialAccountFactory(workspace=workspace)
        AccessGrantFactory(account=owned, member=leaver)
        AccessGrantFactory(account=reached, member=leaver)
        handover = _start(workspace, reviewer, leaver, successor)
        _confirm_all(handover, reviewer, successor)
        handover.refresh_from_db()
        assert handover.is_complete
        assert not AccessGrant.objects.filter(member=leaver, revoked_at__isnull=True).exists()
        owned.refresh_from_db()
        assert owned.business_owner == successor
        # The leaver can reach nothing: no account of the workspace is theirs any more.
        reachable = accounts_with_risks(workspace=workspace).filter(business_owner=leaver)
        assert not reachable.exists()
        assert Notification.objects.filter(kind="handover_completed", recipient=successor).exists()

    def test_nothing_to_hand_over_completes_at_once(self, workspace, reviewer, team):
        handover = _start(workspace, reviewer, *team)
        assert handover.is_complete

    def test_after_completion_the_leaver_has_access_to_nothing_in_this_workspace(
        self, workspace, other_workspace, reviewer, team
    ):
        leaver, successor = team
        Membership.objects.create(workspace=other_workspace, user=leaver, role="editor")
        owned = SocialAccountFactory(workspace=workspace, business_owner=leaver)
        AccessGrantFactory(account=owned, member=leaver)
        closed = SocialAccountFactory(workspace=workspace, status="closed")
        AccessGrantFactory(account=closed, member=leaver)
        there = AccessGrantFactory(
            account=SocialAccountFactory(workspace=other_workspace), member=leaver
        )
        handover = _start(workspace, reviewer, leaver, successor)
        # Access recorded after the handover started is ended too.
        later = SocialAccountFactory(workspace=workspace, handle="@later")
        late_grant = services.grant_add(account=later, by=reviewer, member=leaver, level="editor")
        _confirm_all(handover, reviewer, successor)
        handover.refresh_from_db()
        assert handover.is_complete
        assert not AccessGrant.objects.filter(
            account__workspace=workspace, member=leaver, revoked_at__isnull=True
        ).exists()
        late_grant.refresh_from_db()
        assert (late_grant.revoked_by, late_grant.history.latest().history_user) == (
            reviewer,
            reviewer,
        )
        there.refresh_from_db()
        assert there.revoked_at is None
