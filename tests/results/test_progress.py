"""Where a sub-goal stands: the path from baseline to target, and the verdict with numbers."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from results import progress
from results.models import ProgressState

D = datetime.date
START, DEADLINE = D(2026, 1, 1), D(2026, 4, 11)  # 100 days


def up() -> progress.Path:
    return progress.Path(baseline=Decimal(0), target=Decimal(60), start=START, deadline=DEADLINE)


def down() -> progress.Path:
    # Cost per lead from €100 down to €50.
    return progress.Path(baseline=Decimal(100), target=Decimal(50), start=START, deadline=DEADLINE)


def at(path, value, on, day=None):
    return progress.assess(
        path=path, readings=[progress.Reading(on=on, value=Decimal(value))], day=day or on
    )


class TestExpectedValue:
    def test_a_straight_line_from_baseline_to_target(self):
        assert up().expected_on(START) == 0
        assert up().expected_on(D(2026, 2, 20)) == Decimal("30.00")  # day 50 of 100
        assert up().expected_on(DEADLINE) == 60

    def test_before_the_start_the_baseline_after_the_deadline_the_target(self):
        assert up().expected_on(D(2025, 12, 1)) == 0
        assert up().expected_on(D(2026, 9, 1)) == 60

    def test_lower_is_better_goes_down(self):
        assert down().lower_is_better
        assert down().expected_on(D(2026, 2, 20)) == Decimal("75.00")


class TestVerdict:
    @pytest.mark.parametrize(
        ("value", "state"),
        [
            ("34", ProgressState.AHEAD),  # 30 expected, tolerance 3
            ("32", ProgressState.ON_TRACK),
            ("28", ProgressState.ON_TRACK),
            ("26", ProgressState.BEHIND),
            ("60", ProgressState.ACHIEVED),
        ],
    )
    def test_higher_is_better(self, value, state):
        assert at(up(), value, D(2026, 2, 20)).state == state

    @pytest.mark.parametrize(
        ("value", "state"),
        [
            ("70", ProgressState.AHEAD),  # 75 expected, tolerance 2.5
            ("76", ProgressState.ON_TRACK),
            ("80", ProgressState.BEHIND),
            ("49", ProgressState.ACHIEVED),
        ],
    )
    def test_lower_is_better(self, value, state):
        assert at(down(), value, D(2026, 2, 20)).state == state

    def test_the_gap_says_how_far_off_in_the_metrics_units(self):
        result = at(up(), "26", D(2026, 2, 20))
        assert (result.expected, result.gap) == (Decimal("30.00"), Decimal("-4.00"))
        assert at(down(), "80", D(2026, 2, 20)).gap == Decimal("-5.00")

    def test_past_the_deadline_short_of_the_target_is_missed(self):
        assert at(up(), "55", DEADLINE, day=D(2026, 4, 12)).state == ProgressState.MISSED
        assert at(up(), "55", DEADLINE).state == ProgressState.BEHIND  # still its last day

    def test_reaching_the_target_early_is_achieved_and_stays_so(self):
        assert at(up(), "61", D(2026, 1, 15), day=D(2026, 6, 1)).state == ProgressState.ACHIEVED

    def test_the_latest_check_in_on_or_before_the_day_counts(self):
        readings = [
            progress.Reading(on=D(2026, 2, 20), value=Decimal(26)),
            progress.Reading(on=D(2026, 1, 20), value=Decimal(40)),
            progress.Reading(on=D(2026, 3, 1), value=Decimal(60)),
        ]
        result = progress.assess(path=up(), readings=readings, day=D(2026, 2, 25))
        assert result.latest.value == 26
        assert result.state == ProgressState.BEHIND

    def test_nothing_is_invented_without_inputs_or_check_ins(self):
        path = progress.path_of(baseline=None, target=Decimal(5), start=START, deadline=DEADLINE)
        assert path is None
        assert progress.assess(path=None, readings=[], day=START).state == (
            ProgressState.NOT_MEASURABLE
        )
        assert progress.assess(path=up(), readings=[], day=START).state == (
            ProgressState.NO_CHECK_IN
        )
        no_data_late = progress.assess(path=up(), readings=[], day=D(2026, 5, 1))
        assert no_data_late.state == ProgressState.MISSED


class TestDescribe:
    @time_machine.travel(datetime.datetime(2026, 1, 9, 12, tzinfo=datetime.UTC))
    def test_the_numbers_behind_the_verdict(self):
        result = at(
            progress.Path(
                baseline=Decimal(0), target=Decimal(60), start=START, deadline=D(2026, 1, 11)
            ),
            "42",
            D(2026, 1, 9),
        )
        # Day 8 of 10: 48 expected.
        assert progress.describe(result, unit="applications") == (
            "42 of 60 applications on 9 January 2026; 48 expected by today; behind by 6."
        )

    def test_judged_on_another_day_it_names_the_day(self):
        result = at(up(), "26", D(2026, 2, 20))
        assert progress.describe(result).endswith("30 expected by 20 February 2026; behind by 4.")

    @time_machine.travel(datetime.datetime(2026, 2, 20, 12, tzinfo=datetime.UTC))
    def test_judged_today_it_says_today(self):
        assert progress.describe(at(up(), "26", D(2026, 2, 20))).endswith(
            "30 expected by today; behind by 4."
        )

    @time_machine.travel(datetime.datetime(2026, 2, 20, 12, tzinfo=datetime.UTC))
    def test_lower_is_better_reads_as_a_value_against_its_target(self):
        text = progress.describe(at(down(), "80", D(2026, 2, 20)), unit="€ per lead")
        assert text.startswith("80 € per lead on 20 February 2026, target 50;")
        assert text.endswith("75 expected by today; behind by 5.")

    def test_dutch_numbers_have_a_decimal_comma(self):
        result = at(up(), "1234.5", D(2026, 2, 20))
        with translation.override("nl"):
            assert progress.number(Decimal("1234.5")) == "1.234,50"
            assert "1.234,50" in progress.describe(result)
