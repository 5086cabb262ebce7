"""Recording check-ins: one a day, checked, all-or-nothing, from a form or a CSV file."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results.models import CheckIn
from results.services import checkins as services

from ..factories import MembershipFactory, UserFactory
from .conftest import measurable, plan_in_force
from .factories import CheckInFactory

D = datetime.date


FEB_1 = D(2026, 2, 1)


def record(goal, by, value="12", on=FEB_1, **kwargs):
    return services.check_in_record(
        sub_goal=goal, measured_on=on, value=Decimal(value), by=by, **kwargs
    )


class TestRecord:
    def test_the_same_day_again_corrects_it(self, goal, editor):
        first = record(goal, editor, "12", source="CRM")
        second = record(goal, editor, "14")
        assert first.pk == second.pk
        assert CheckIn.objects.get().value == Decimal("14")
        assert CheckIn.objects.count() == 1

    def test_it_is_taken_for_the_sub_goals_measurement(self, goal, editor):
        assert record(goal, editor).measurement == goal.measurements.get()

    @pytest.mark.parametrize("year", [1999, 2200])
    def test_a_date_outside_the_years_is_refused(self, goal, editor, year):
        with pytest.raises(ValidationError) as caught:
            record(goal, editor, on=D(year, 1, 1))
        assert caught.value.error_dict["measured_on"][0].code == "out_of_range"
        assert not CheckIn.objects.exists()

    def test_too_many_decimals_are_refused(self, goal, editor):
        with pytest.raises(ValidationError) as caught:
            record(goal, editor, value="1.234")
        assert "value" in caught.value.error_dict

    def test_a_sub_goal_of_another_workspace_is_refused(self, goal, editor, other_workspace):
        with pytest.raises(ValidationError) as caught:
            record(goal, editor, workspace=other_workspace)
        assert caught.value.error_dict["sub_goal"][0].code == "other_workspace"

    def test_a_non_member_may_not_record(self, goal):
        with pytest.raises(PermissionError):
            record(goal, UserFactory())
        assert not CheckIn.objects.exists()

    def test_moving_to_a_day_that_has_one_is_refused(self, goal, editor):
        record(goal, editor, on=D(2026, 2, 1))
        other = record(goal, editor, on=D(2026, 2, 2))
        with pytest.raises(ValidationError) as caught:
            services.check_in_update(
                check_in=other, by=editor, measured_on=D(2026, 2, 1), value=Decimal(3)
            )
        assert caught.value.error_dict["measured_on"][0].code == "day_taken"

    def test_delete(self, goal, editor):
        services.check_in_delete(check_in=record(goal, editor), by=editor)
        assert not CheckIn.objects.exists()


class TestRecordMany:
    def test_all_are_saved_and_a_day_that_has_one_is_corrected(self, workspace, plan, goal, editor):
        other = measurable(plan, "Followers")
        CheckInFactory(sub_goal=goal, measured_on=D(2026, 2, 1), value=1)
        services.check_ins_record_many(
            workspace=workspace,
            by=editor,
            measured_on=D(2026, 2, 1),
            values={goal: Decimal(20), other: Decimal("3.5")},
        )
        assert dict(CheckIn.objects.values_list("sub_goal_id", "value")) == {
            goal.pk: Decimal(20),
            other.pk: Decimal("3.5"),
        }

    def test_one_wrong_value_saves_nothing_and_names_its_sub_goal(
        self, workspace, plan, goal, editor
    ):
        other = measurable(plan, "Followers")
        with pytest.raises(ValidationError) as caught:
            services.check_ins_record_many(
                workspace=workspace,
                by=editor,
                measured_on=D(2026, 2, 1),
                values={goal: Decimal(20), other: Decimal("1.234")},
            )
        assert list(caught.value.message_dict) == [str(other.pk)]
        assert not CheckIn.objects.exists()

    def test_a_day_out_of_range_saves_nothing(self, workspace, goal, editor):
        with pytest.raises(ValidationError) as caught:
            services.check_ins_record_many(
                workspace=workspace, by=editor, measured_on=D(1990, 1, 1), values={goal: 1}
            )
        assert "measured_on" in caught.value.message_dict

    def test_a_sub_goal_of_another_workspace_saves_nothing(
        self, workspace, goal, editor, other_workspace
    ):
        stranger = MembershipFactory(workspace=other_workspace).user
        foreign = measurable(plan_in_force(workspace=other_workspace, owner=stranger))
        with pytest.raises(ValidationError):
            services.check_ins_record_many(
                workspace=workspace,
                by=editor,
                measured_on=D(2026, 2, 1),
                values={goal: Decimal(1), foreign: Decimal(2)},
            )
        assert not CheckIn.objects.exists()


def csv_bytes(text: str, bom=False) -> bytes:
    return ("\ufeff" if bom else "").encode() + text.encode()


class TestImport:
    def test_semicolons_decimal_commas_and_dutch_dates_with_a_bom(
        self, workspace, plan, goal, editor
    ):
        raw = csv_bytes(
            "Subdoel;Datum;Waarde;Bron;Notitie\n"
            "Applications via social;01-02-2026;1.234,5;CRM;januari\n"
            f"{goal.pk};2026-02-15;20;;\n",
            bom=True,
        )
        report = services.check_ins_import(workspace=workspace, by=editor, raw=raw, plan=plan)
        assert report.ok
        assert report.created == 2
        assert not CheckIn.objects.exists()  # a preview writes nothing
        report = services.check_ins_import(
            workspace=workspace, by=editor, raw=raw, plan=plan, commit=True
        )
        assert report.saved
        assert list(CheckIn.objects.values_list("measured_on", "value", "source", "note")) == [
            (D(2026, 2, 1), Decimal("1234.50"), "CRM", "januari"),
            (D(2026, 2, 15), Decimal("20.00"), "", ""),
        ]

    def test_bad_rows_change_nothing_and_each_is_reported(self, workspace, plan, goal, editor):
        CheckInFactory(sub_goal=goal, measured_on=D(2026, 1, 1), value=1)
        raw = csv_bytes(
            "sub-goal,date,value\n"
            "Applications via social,2026-01-01,5\n"  # right: would correct 1 to 5
            "Nobody's goal,2026-01-02,5\n"
            "Applications via social,31-02-2026,5\n"
            "Applications via social,2026-01-03,lots\n"
            "Applications via social,2026-01-01,6\n"  # the same day twice
        )
        report = services.check_ins_import(
            workspace=workspace, by=editor, raw=raw, plan=plan, commit=True
        )
        assert not report.saved
        assert [r.line for r in report.bad_rows] == [3, 4, 5, 6]
        assert all(len(r.errors) == 1 for r in report.bad_rows)
        assert list(CheckIn.objects.values_list("value", flat=True)) == [Decimal(1)]

    def test_a_missing_column_is_a_problem_of_the_file(self, workspace, plan, goal, editor):
        report = services.check_ins_import(
            workspace=workspace, by=editor, raw=b"sub-goal,date\nx,2026-01-01\n", plan=plan
        )
        assert report.problems
        assert not report.ok

    def test_more_rows_than_the_cap_are_refused(self, workspace, plan, goal, editor, settings):
        rows = "".join(f"{goal.pk},2026-01-01,{i}\n" for i in range(services.MAX_ROWS + 1))
        report = services.check_ins_import(
            workspace=workspace, by=editor, raw=("sub-goal,date,value\n" + rows).encode(), plan=plan
        )
        assert report.problems
        assert not report.rows

    def test_queries_do_not_grow_with_the_rows(self, workspace, plan, goal, editor):
        # Within one insert batch of the database (SQLite's holds 999 values).
        def file(n):
            days = [D(2026, 1, 1) + datetime.timedelta(days=i) for i in range(n)]
            return (
                "sub-goal,date,value\n"
                + "".join(f"{goal.pk},{d},{i}\n" for i, d in enumerate(days))
            ).encode()

        counts = []
        for n in (3, 60):
            CheckIn.objects.all().delete()
            with CaptureQueriesContext(connection) as queries:
                report = services.check_ins_import(
                    workspace=workspace, by=editor, raw=file(n), plan=plan, commit=True
                )
            assert report.saved
            assert CheckIn.objects.count() == n
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_a_changed_file_since_the_preview_writes_nothing(self, workspace, plan, goal, editor):
        raw = f"sub-goal,date,value\n{goal.pk},2026-01-01,4\n".encode()
        report = services.check_ins_import(
            workspace=workspace, by=editor, raw=raw, plan=plan, commit=True, previewed="stale"
        )
        assert report.changed_since_preview
        assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1234.5", "1234.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("12,5", "12.5"),
        ("-3", "-3"),
        ("1 234", "1234"),
    ],
)
def test_numbers_as_people_write_them(text, number):
    assert services.read_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["", "abc", "1..2", "1,2,3"])
def test_not_a_number(text):
    assert services.read_number(text) is None


def test_dates_both_ways():
    assert services.read_day("09-03-2026") == services.read_day("2026-03-09") == D(2026, 3, 9)
    assert services.read_day("03/09/26") is None
