import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Notification
from strategy import services
from strategy.models import PlanTransition, Section, StrategyPlan, SubGoal
from strategy.selectors import plan_checklist
from strategy.snapshot import plan_snapshot, snapshot_diff, with_sections

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory, UserFactory
from .factories import END, START, channel, complete_plan, new_plan, save, sub_goal

Status = StrategyPlan.Status


def loaded(plan):
    return with_sections(StrategyPlan.objects.filter(pk=plan.pk)).get()


class TestSectionSave:
    def test_saves_answers_and_rows_in_order(self, workspace, editor):
        plan = new_plan(workspace=workspace, owner=editor)
        plan = save(
            plan,
            Section.WHY,
            editor,
            {"business_issue": "Recruiting", "success_meanings": ["web_traffic"]},
            {"sub_goals": [sub_goal(description="First"), sub_goal(description="Second")]},
        )
        assert plan.business_issue == "Recruiting"
        assert plan.success_meanings == ["web_traffic"]
        assert [g.description for g in plan.sub_goals.all()] == ["First", "Second"]
        assert plan.why_revision == 1
        assert plan.updated_by == editor

    def test_a_sub_goal_may_say_what_one_unit_is_worth(self, workspace, editor):
        plan = new_plan(workspace=workspace, owner=editor)
        plan = save(
            plan, Section.WHY, editor, {}, {"sub_goals": [sub_goal(value_per_unit=Decimal("400"))]}
        )
        assert plan.sub_goals.get().value_per_unit == Decimal("400")
        refused = sub_goal(value_per_unit=Decimal("-1"))
        with pytest.raises(ValidationError):
            save(plan, Section.WHY, editor, {}, {"sub_goals": [refused]})
        assert plan.sub_goals.get().value_per_unit == Decimal("400")

    def test_success_meanings_keep_one_order_so_a_resave_is_no_change(self, workspace, editor):
        plan = new_plan(workspace=workspace, owner=editor)
        plan = save(
            plan, Section.WHY, editor, {"success_meanings": ["web_traffic", "brand_promotion"]}
        )
        before = plan_snapshot(loaded(plan))
        plan = save(
            plan, Section.WHY, editor, {"success_meanings": ["brand_promotion", "web_traffic"]}
        )
        assert plan.success_meanings == ["brand_promotion", "web_traffic"]
        assert snapshot_diff(before, plan_snapshot(loaded(plan))) == []

    def test_rows_are_updated_added_and_removed(self, workspace, editor):
        plan = new_plan(workspace=workspace, owner=editor)
        plan = save(
            plan, Section.WHY, editor, {}, {"sub_goals": [sub_goal(), sub_goal(description="Gone")]}
        )
        kept, gone = plan.sub_goals.all()
        plan = save(
            plan,
            Section.WHY,
            editor,
            {},
            {
                "sub_goals": [
                    sub_goal(description="New first"),
                    {**sub_goal(description="Kept, renamed"), "id": kept.pk},
                ]
            },
        )
        rows = list(plan.sub_goals.all())
        assert [g.description for g in rows] == ["New first", "Kept, renamed"]
        assert rows[1].pk == kept.pk  # the same row, so what refers to it stays valid
        assert not SubGoal.objects.filter(pk=gone.pk).exists()

    def test_a_second_save_from_the_same_starting_point_is_a_conflict(
        self, workspace, editor, reviewer
    ):
        plan = new_plan(workspace=workspace, owner=editor)
        opened_by_both = plan.revision_of(Section.WHY)
        services.plan_section_save(
            plan=plan,
            section=Section.WHY,
            by=editor,
            revision=opened_by_both,
            values={"business_issue": "Editor's words"},
        )
        with pytest.raises(services.PlanConflict) as exc:
            services.plan_section_save(
                plan=plan,
                section=Section.WHY,
                by=reviewer,
                revision=opened_by_both,
                values={"business_issue": "Reviewer's words"},
            )
        assert exc.value.plan.business_issue == "Editor's words"
        plan.refresh_from_db()
        assert plan.business_issue == "Editor's words"

    def test_two_people_on_different_steps_do_not_conflict(self, workspace, editor, reviewer):
        plan = new_plan(workspace=workspace, owner=editor)
        why, who = plan.revision_of(Section.WHY), plan.revision_of(Section.WHO)
        services.plan_section_save(
            plan=plan, section=Section.WHY, by=editor, revision=why, values={"top_goal": "A"}
        )
        services.plan_section_save(
            plan=plan, section=Section.WHO, by=reviewer, revision=who, values={"brand": "B"}
        )
        plan.refresh_from_db()
        assert (plan.top_goal, plan.brand) == ("A", "B")

    def test_invalid_rows_save_nothing(self, workspace, editor):
        plan = new_plan(workspace=workspace, owner=editor)
        with pytest.raises(ValidationError) as exc:
            save(
                plan,
                Section.WHAT,
                editor,
                {"core_messages": "Kept?", "mix_promotional": 150},
                {"themes": [{"name": ""}]},
            )
        assert "mix_promotional" in exc.value.message_dict
        assert "themes[0].name" in exc.value.message_dict
        plan.refresh_from_db()
        assert plan.core_messages == ""
        assert plan.what_revision == 0

    def test_channel_minimum_above_maximum_is_refused(self, workspace, editor):
        plan = new_plan(workspace=workspace, owner=editor)
        account = SocialAccountFactory(workspace=workspace)
        with pytest.raises(ValidationError, match="maximum is below the minimum"):
            save(
                plan,
                Section.HOW,
                editor,
                {},
                {
                    "channels": [
                        channel(account, editor, min_posts_per_week=5, max_posts_per_week=2)
                    ]
                },
            )

    def test_a_plan_in_review_is_locked(self, workspace, editor, reviewer):
        plan = complete_plan(workspace=workspace, owner=editor)
        services.plan_submit(plan=plan, by=editor)
        with pytest.raises(ValidationError, match="can't be changed"):
            save(plan, Section.WHY, editor, {"top_goal": "Sneaky"})

    def test_outsiders_may_not_write(self, workspace, editor, outsider):
        plan = new_plan(workspace=workspace, owner=editor)
        with pytest.raises(PermissionError):
            save(plan, Section.WHY, outsider, {"top_goal": "Hijack"})


class TestChecklist:
    def test_an_empty_plan_lists_everything_missing(self, workspace, editor):
        checklist = plan_checklist(loaded(new_plan(workspace=workspace, owner=editor)))
        assert not checklist.can_submit
        assert {m.section for m in checklist.missing} == set(Section.values)
        assert checklist.complete_count == 0

    def test_a_complete_plan_can_be_submitted(self, workspace, editor):
        checklist = plan_checklist(loaded(complete_plan(workspace=workspace, owner=editor)))
        assert checklist.missing == []
        assert checklist.complete_count == 5
        assert checklist.warnings == []

    def test_a_sub_goal_without_deadline_is_not_measurable(self, workspace, editor):
        plan = complete_plan(workspace=workspace, owner=editor)
        goal = plan.sub_goals.get()
        plan = save(
            plan,
            Section.WHY,
            editor,
            {},
            {"sub_goals": [{**sub_goal(deadline=None), "id": goal.pk}]},
        )
        messages = [m.message for m in plan_checklist(loaded(plan)).missing]
        assert messages == ["Add at least one sub-goal with a metric, a target and a deadline."]

    def test_mix_must_add_up_to_100(self, workspace, editor):
        plan = complete_plan(workspace=workspace, owner=editor)
        plan = save(plan, Section.WHAT, editor, {"mix_promotional": 10})
        assert [m.message for m in plan_checklist(loaded(plan)).missing] == [
            "The content mix adds up to 90%; it must be 100%."
        ]

    def test_channel_without_owner_or_rhythm(self, workspace, editor):
        plan = complete_plan(workspace=workspace, owner=editor)
        ch = plan.channels.get()
        plan = save(
            plan,
            Section.HOW,
            editor,
            {},
            {"channels": [{**channel(ch.account, None, max_posts_per_week=None), "id": ch.pk}]},
        )
        missing = [m.message for m in plan_checklist(loaded(plan)).missing]
        assert len(missing) == 2
        assert missing[0].startswith("Give ")
        assert missing[1].startswith("Set the posts per week")

    def test_unanswered_realities_are_counted(self, workspace, editor):
        plan = complete_plan(workspace=workspace, owner=editor)
        plan = save(
            plan, Section.REALITY, editor, {"reality_no_viral": " ", "reality_working_time": ""}
        )
        assert [m.message for m in plan_checklist(loaded(plan)).missing] == [
            "Answer every reality: 2 still open."
        ]

    def test_warns_about_too_much_promotion_and_duplicate_platforms(self, workspace, editor):
        plan = complete_plan(workspace=workspace, owner=editor)
        plan = save(
            plan,
            Section.WHAT,
            editor,
            {"mix_promotional": 60, "mix_curated": 20, "mix_engagement": 20},
        )
        first = plan.channels.get()
        second = SocialAccountFactory(workspace=workspace, platform=first.account.platform)
        plan = save(
            plan,
            Section.HOW,
            editor,
            {},
            {
                "channels": [
                    {**channel(first.account, editor), "id": first.pk},
                    channel(second, editor),
                ]
            },
        )
        checklist = plan_checklist(loaded(plan))
        assert checklist.can_submit  # warnings do not block
        assert len(checklist.warnings) == 2
        assert (
            "Promotion takes more than curated and engagement together (60%)"
            in checklist.warnings[0]
        )
        assert "33 accounts to 1" in checklist.warnings[1]


class TestReview:
    def test_submit_locks_sets_a_due_date_and_tells_the_reviewer(self, workspace, editor, reviewer):
        plan = complete_plan(workspace=workspace, owner=editor, reviewer=reviewer)
        plan = services.plan_submit(plan=plan, by=editor)
        assert plan.status == Status.IN_REVIEW
        assert plan.review_due == timezone.localdate() + datetime.timedelta(days=7)
        notice = Notification.objects.get(recipient=reviewer)
        assert "submitted the plan “Q1 plan” for review" in notice.message
        assert not plan.is_editable

    def test_without_a_named_reviewer_every_reviewer_is_told(
        self, workspace, editor, reviewer, admin_user
    ):
        plan = complete_plan(workspace=workspace, owner=editor)
        services.plan_submit(plan=plan, by=editor)
        assert set(
            Notification.objects.filter(kind="plan_submitted").values_list("recipient", flat=True)
        ) == {reviewer.pk, admin_user.pk}

    def test_an_incomplete_plan_cannot_be_submitted(self, workspace, editor):
        plan = new_plan(workspace=workspace, owner=editor)
        with pytest.raises(ValidationError) as exc:
            services.plan_submit(plan=plan, by=editor)
        assert "Name the business issue that social media must serve." in exc.value.messages
        plan.refresh_from_db()
        assert plan.status == Status.DRAFT

    def test_changes_need_a_comment_and_a_reviewer(self, workspace, editor, reviewer):
        plan = services.plan_submit(
            plan=complete_plan(workspace=workspace, owner=editor), by=editor
        )
        with pytest.raises(PermissionError):
            services.plan_request_changes(plan=plan, by=editor, comment="I approve of myself")
        with pytest.raises(ValidationError, match="Say what should change"):
            services.plan_request_changes(plan=plan, by=reviewer, comment="  ")
        plan = services.plan_request_changes(
            plan=plan, by=reviewer, comment="Sharper sub-goals, please."
        )
        assert plan.status == Status.CHANGES_REQUESTED
        assert plan.is_editable
        assert "Sharper sub-goals, please." in Notification.objects.get(recipient=editor).message

    def test_resubmit_after_changes(self, workspace, editor, reviewer):
        plan = services.plan_submit(
            plan=complete_plan(workspace=workspace, owner=editor), by=editor
        )
        plan = services.plan_request_changes(plan=plan, by=reviewer, comment="More")
        plan = save(plan, Section.WHY, editor, {"top_goal": "Better"})
        plan = services.plan_submit(plan=plan, by=editor)
        assert list(plan.transitions.values_list("to_status", flat=True)) == [
            Status.IN_REVIEW,
            Status.CHANGES_REQUESTED,
            Status.IN_REVIEW,
        ]

    def test_approval_keeps_an_immutable_version(self, workspace, editor, reviewer):
        plan = services.plan_submit(
            plan=complete_plan(workspace=workspace, owner=editor), by=editor
        )
        version = services.plan_approve(plan=plan, by=reviewer, comment="Good")
        plan.refresh_from_db()
        assert plan.status == Status.APPROVED
        assert plan.next_review_on > timezone.localdate()
        assert version.number == 1
        assert (
            version.content["why"]["sub_goals"][0]["description"]
            == "More applications from technicians"
        )
        assert version.content["how"]["channels"][0]["owner"] == editor.email
        with pytest.raises(ValueError, match="immutable"):
            version.save()
        assert (
            "approved “Q1 plan” (version 1)"
            in Notification.objects.get(kind="plan_approved").message
        )

    def test_editors_cannot_approve(self, workspace, editor):
        plan = services.plan_submit(
            plan=complete_plan(workspace=workspace, owner=editor), by=editor
        )
        with pytest.raises(PermissionError):
            services.plan_approve(plan=plan, by=editor)

    def test_overlapping_approval_asks_first_then_archives_the_older(
        self, workspace, editor, reviewer
    ):
        account = SocialAccountFactory(workspace=workspace)
        older = services.plan_submit(
            plan=complete_plan(workspace=workspace, owner=editor, account=account), by=editor
        )
        services.plan_approve(plan=older, by=reviewer)
        newer = complete_plan(
            workspace=workspace,
            owner=editor,
            account=account,
            title="Revised",
            start=START + datetime.timedelta(days=31),
        )
        newer = services.plan_submit(plan=newer, by=editor)
        with pytest.raises(services.PlanOverlap) as exc:
            services.plan_approve(plan=newer, by=reviewer)
        assert [p.pk for p in exc.value.plans] == [older.pk]
        newer.refresh_from_db()
        assert newer.status == Status.IN_REVIEW
        services.plan_approve(plan=newer, by=reviewer, archive_overlapping=True)
        older.refresh_from_db()
        assert older.status == Status.ARCHIVED
        assert (
            PlanTransition.objects.filter(plan=older, to_status=Status.ARCHIVED).get().comment
            == "Replaced by “Revised”."
        )

    def test_archiving_tells_the_owner_and_the_reviewers_once(
        self, workspace, editor, reviewer, admin_user
    ):
        plan = services.plan_submit(
            plan=complete_plan(workspace=workspace, owner=editor), by=editor
        )
        services.plan_approve(plan=plan, by=reviewer)
        Notification.objects.all().delete()
        services.plan_archive(plan=plan, by=reviewer)
        services.plan_archive(plan=plan, by=reviewer)  # already archived: nothing new
        told = Notification.objects.filter(kind="plan_archived")
        assert sorted(n.recipient.email for n in told) == [admin_user.email, editor.email]
        transition = PlanTransition.objects.get(plan=plan, to_status=Status.ARCHIVED)
        assert {n.key for n in told} == {f"plan-archived:transition={transition.pk}"}
        message = told.get(recipient=editor).message
        assert message == f"{reviewer.display_name} archived the plan “Q1 plan”."

    def test_approval_that_archives_an_overlapping_plan_tells_its_owner(
        self, workspace, editor, reviewer
    ):
        other_owner = MembershipFactory(workspace=workspace).user
        account = SocialAccountFactory(workspace=workspace)
        older = services.plan_submit(
            plan=complete_plan(workspace=workspace, owner=other_owner, account=account),
            by=other_owner,
        )
        services.plan_approve(plan=older, by=reviewer)
        newer = services.plan_submit(
            plan=complete_plan(workspace=workspace, owner=editor, account=account, title="Q1 v2"),
            by=editor,
        )
        services.plan_approve(plan=newer, by=reviewer, archive_overlapping=True)
        archived = Notification.objects.get(kind="plan_archived", recipient=other_owner)
        assert archived.message == (
            f"{reviewer.display_name} archived the plan “Q1 plan”: the approved plan “Q1 v2” "
            "replaces it."
        )
        assert archived.link.endswith(f"/strategy/{older.pk}/")
        assert not Notification.objects.filter(kind="plan_archived", recipient=reviewer).exists()

    def test_comment_tells_the_owner(self, workspace, editor, reviewer):
        plan = new_plan(workspace=workspace, owner=editor)
        services.plan_comment_add(
            plan=plan, by=reviewer, section=Section.WHO, body="Who decides in a crisis?"
        )
        assert (
            "commented on “Who” of “Q1 plan”" in Notification.objects.get(recipient=editor).message
        )


class TestCopyExportImport:
    def _approved(self, workspace, editor, reviewer, **kwargs):
        plan = services.plan_submit(
            plan=complete_plan(workspace=workspace, owner=editor, **kwargs), by=editor
        )
        return services.plan_approve(plan=plan, by=reviewer)

    def test_next_period_starts_from_the_approved_version(self, workspace, editor, reviewer):
        version = self._approved(workspace, editor, reviewer)
        plan = services.plan_copy(
            version=version,
            by=reviewer,
            title="Q2 plan",
            period_start=datetime.date(2026, 4, 1),
            period_end=datetime.date(2026, 6, 30),
        )
        assert plan.status == Status.DRAFT
        assert plan.based_on == version
        assert plan.owner == reviewer
        assert plan_checklist(loaded(plan)).can_submit
        diff = snapshot_diff(version.content, plan_snapshot(loaded(plan)))
        assert [d.section for d in diff] == ["plan"]  # only title and period differ

    def test_channels_on_closed_accounts_are_left_out_of_the_copy(
        self, workspace, editor, reviewer
    ):
        version = self._approved(workspace, editor, reviewer)
        account = version.plan.channels.get().account
        account.status = "closed"
        account.save()
        plan = services.plan_copy(
            version=version, by=editor, title="Q2", period_start=START, period_end=END
        )
        assert not plan.channels.exists()

    def test_export_and_import_round_trip(self, workspace, editor):
        plan = complete_plan(workspace=workspace, owner=editor)
        exported = services.plan_export(plan=plan)
        imported = services.plan_import(workspace=workspace, by=editor, raw=exported, again=True)
        assert imported.pk != plan.pk
        assert plan_snapshot(loaded(imported)) == plan_snapshot(loaded(plan))

    @pytest.mark.parametrize(
        ("raw", "problem"),
        [
            (b"\x89PNG\r\n", "not JSON"),
            (b"[1, 2]", "not a plan exported from Strategy Planner"),
            (json.dumps({"format": "other"}).encode(), "not a plan exported from Strategy Planner"),
        ],
    )
    def test_a_file_that_is_not_a_plan_is_refused(self, workspace, editor, raw, problem):
        with pytest.raises(services.PlanImportError) as exc:
            services.plan_import(workspace=workspace, by=editor, raw=raw)
        assert problem in str(exc.value)
        assert not StrategyPlan.objects.exists()

    def test_every_problem_is_reported_and_nothing_imported(
        self, workspace, other_workspace, editor
    ):
        content = json.loads(
            services.plan_export(plan=complete_plan(workspace=workspace, owner=editor))
        )
        content["period_end"] = "31-03-2026"
        content["why"]["sub_goals"][0]["deadline"] = "soon"
        content["what"]["mix_curated"] = 400
        StrategyPlan.objects.all().delete()
        outsider = UserFactory()
        from workspaces.models import Membership

        Membership.objects.create(workspace=other_workspace, user=outsider, role="editor")
        with pytest.raises(services.PlanImportError) as exc:
            services.plan_import(
                workspace=other_workspace, by=outsider, raw=json.dumps(content).encode()
            )
        where = [p.where for p in exc.value.problems]
        assert "period_end" in where
        assert "why.sub_goals[1].deadline" in where
        assert "mix_curated" in where
        assert "how.channels[1]" in where  # the account is not registered there
        assert not StrategyPlan.objects.exists()
        assert not SubGoal.objects.exists()

    def test_a_huge_file_is_refused_unread(self, workspace, editor):
        with pytest.raises(services.PlanImportError, match="larger than 2 MB"):
            services.plan_import(
                workspace=workspace, by=editor, raw=b" " * (services.IMPORT_MAX_BYTES + 1)
            )


# A value of the wrong type in an imported file, where it is, and what the problem says.
WRONG_TYPES = [
    (("title",), ["a"], "title", "Expected text."),
    (("period_start",), 20260101, "period_start", "Not a date (YYYY-MM-DD)"),
    (("why", "business_issue"), None, "business_issue", "Expected a value, not null."),
    (("why", "success_meanings"), "web_traffic", "success_meanings", "Expected a list of texts."),
    (("what", "mix_promotional"), True, "mix_promotional", "Expected a number."),
    (("what", "mix_curated"), 40.5, "mix_curated", "Expected a whole number."),
    (
        ("why", "sub_goals", 0, "deadline"),
        [1],
        "why.sub_goals[1].deadline",
        "Expected a date as text (YYYY-MM-DD).",
    ),
    (
        ("why", "sub_goals", 0, "deadline"),
        20260101,
        "why.sub_goals[1].deadline",
        "Expected a date as text (YYYY-MM-DD).",
    ),
    (
        ("why", "sub_goals", 0, "baseline"),
        {"n": 2},
        "why.sub_goals[1].baseline",
        "Expected a number.",
    ),
    (
        ("why", "sub_goals", 0, "description"),
        None,
        "why.sub_goals[1].description",
        "Expected a value, not null.",
    ),
    (
        ("who", "audiences", 0, "priority"),
        1.5,
        "who.audiences[1].priority",
        "Expected a whole number.",
    ),
    (("who", "audiences", 0, "name"), ["A", "B"], "who.audiences[1].name", "Expected text."),
    (
        ("how", "channels", 0, "account"),
        {"platform": ["linkedin_page"], "handle": "x"},
        "how.channels[1]",
        "is registered in this workspace",
    ),
    (
        ("how", "channels", 0, "owner"),
        ["editor@example.com"],
        "how.channels[1].owner",
        "Expected an email address (text).",
    ),
]


def _set_in(content, path, value):
    *parents, last = path
    for key in parents:
        content = content[key]
    content[last] = value


class TestImportTypes:
    @pytest.mark.parametrize(("path", "value", "where", "message"), WRONG_TYPES)
    def test_a_wrong_type_is_a_problem_listed_not_a_crash(
        self, workspace, editor, path, value, where, message
    ):
        content = json.loads(
            services.plan_export(plan=complete_plan(workspace=workspace, owner=editor))
        )
        _set_in(content, path, value)
        with pytest.raises(services.PlanImportError) as exc:
            services.plan_import(workspace=workspace, by=editor, raw=json.dumps(content).encode())
        assert any(p.where == where and message in p.message for p in exc.value.problems), [
            str(p) for p in exc.value.problems
        ]
        assert StrategyPlan.objects.count() == 1  # all or nothing

    def test_every_wrong_type_at_once_each_where_it_is(self, workspace, editor):
        content = json.loads(
            services.plan_export(plan=complete_plan(workspace=workspace, owner=editor))
        )
        content["who"]["team_roles"] = [{"role": "Webcare", "within_working_hours": "yes"}]
        for path, value, _where, _message in WRONG_TYPES:
            if path != ("why", "sub_goals", 0, "deadline") or value == [1]:
                _set_in(content, path, value)
        with pytest.raises(services.PlanImportError) as exc:
            services.plan_import(workspace=workspace, by=editor, raw=json.dumps(content).encode())
        where = {p.where for p in exc.value.problems}
        assert {w for _p, _v, w, _m in WRONG_TYPES} | {
            "who.team_roles[1].within_working_hours"
        } <= where
        assert StrategyPlan.objects.count() == 1
        assert SubGoal.objects.count() == 1

    def test_a_channel_without_its_account_is_a_problem(self, workspace, editor):
        content = json.loads(
            services.plan_export(plan=complete_plan(workspace=workspace, owner=editor))
        )
        del content["how"]["channels"][0]["account"]
        with pytest.raises(services.PlanImportError) as exc:
            services.plan_import(workspace=workspace, by=editor, raw=json.dumps(content).encode())
        assert [str(p) for p in exc.value.problems] == [
            "how.channels[1].account: The account is missing."
        ]

    def test_a_field_left_out_takes_its_default(self, workspace, editor):
        content = json.loads(
            services.plan_export(plan=complete_plan(workspace=workspace, owner=editor))
        )
        del content["why"]["sub_goals"][0]["unit"]
        del content["why"]["business_issue"]
        imported = services.plan_import(
            workspace=workspace, by=editor, raw=json.dumps(content).encode()
        )
        assert imported.sub_goals.get().unit == ""
        assert imported.business_issue == ""


class TestDiff:
    def test_rows_added_removed_and_changed_and_answers(self, workspace, editor, reviewer):
        plan = complete_plan(workspace=workspace, owner=editor)
        before = plan_snapshot(loaded(plan))
        goal = plan.sub_goals.get()
        plan = save(
            plan,
            Section.WHY,
            editor,
            {"top_goal": "Lower costs"},
            {
                "sub_goals": [
                    {**sub_goal(target=20), "id": goal.pk},
                    sub_goal(description="Brand new"),
                ]
            },
        )
        plan = save(plan, Section.WHAT, editor, {}, {"themes": []})
        diff = {d.section: d for d in snapshot_diff(before, plan_snapshot(loaded(plan)))}
        assert set(diff) == {"why", "what"}
        why = diff["why"]
        assert [(c.label, c.old, c.new) for c in why.changes] == [
            ("top business goal", "More revenue", "Lower costs")
        ]
        goals = why.items[0]
        assert goals.added == ["Brand new"]
        assert goals.changed[0][0] == "More applications from technicians"
        assert [(c.label, c.old, c.new) for c in goals.changed[0][1]] == [("target", "10", "20")]
        assert diff["what"].items[0].removed == ["Heat pumps in practice"]
