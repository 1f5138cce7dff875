"""Which task report counts, when a task is overdue for a report, and its status
(`core/progress.py`), stated once per rule with the expected report picked by hand.

Written for the mutation run of the core (docs/en/mutation-testing.md). Periods are compared
by the month they end in: 2024 (December) is after 2024Q1 (March), 2024Q4 before 2025Q1, and
an as-of period includes its own last month.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from innocounty.core.progress import (
    ReportFacts,
    counting_by_period,
    counting_report,
    due_period,
    is_stale,
    task_status,
)
from innocounty.core.scorecard import TaskStatus


def report(period, state, percent=50, *, version=1, unit="A"):
    return ReportFacts(
        4, period, state, version, None if percent is None else Decimal(percent), unit
    )


def test_the_lower_edge_of_behind_is_behind():
    # 2025 of a 2023–2025 plan: 100 % expected; 80 % ÷ 100 % = 0.80 = `serious` → 滞后, not 严重滞后.
    assert task_status(Decimal(80), "2025", start_year=2023, end_year=2025) == TaskStatus.BEHIND
    assert (
        task_status(Decimal("79.9"), "2025", start_year=2023, end_year=2025)
        == TaskStatus.SERIOUSLY_BEHIND
    )


@pytest.mark.parametrize(
    ("rounds", "as_of", "due"),
    [
        # The latest quarter ending by the as-of quarter; a later quarter is not due yet.
        ([("2025Q1", True), ("2025Q2", True), ("2025Q3", True)], "2025Q2", "2025Q2"),
        # 2025Q1 ends after 2024Q4.
        ([("2024Q4", True), ("2025Q1", True)], "2025", "2025Q1"),
        # The year 2024 ends after its first quarter (though "2024" < "2024Q1" as text).
        ([("2024Q1", True), ("2024", True)], "2024", "2024"),
        # A round whose deadline has not passed is not due, however early its period.
        ([("2024", True), ("2025", False)], "2025", "2024"),
        # The as-of period's own round is due once its deadline has passed.
        ([("2025", True)], "2025", "2025"),
        ([("2025", False)], "2025", None),
        ([], "2025", None),
    ],
)
def test_the_due_round_is_the_latest_past_due_one_ending_by_the_as_of_period(rounds, as_of, due):
    assert due_period(rounds, as_of=as_of) == due


@pytest.mark.parametrize(
    ("reports", "as_of", "due", "stale"),
    [
        # A submitted or an approved report for the due period covers it.
        ([report("2025Q1", "submitted")], "2025Q2", "2025Q1", False),
        ([report("2025Q1", "approved")], "2025Q2", "2025Q1", False),
        # So does one for a later period up to the as-of period (its last month included).
        ([report("2025Q2", "approved")], "2025Q2", "2025Q1", False),
        # Not one after the as-of period, nor one before the due period.
        ([report("2025Q3", "approved")], "2025Q2", "2025Q1", True),
        ([report("2024", "approved")], "2025Q2", "2025Q1", True),
        # Drafts and returned reports are no reports.
        ([report("2025Q1", "draft"), report("2025Q1", "returned")], "2025Q2", "2025Q1", True),
        ([], "2025Q2", "2025Q1", True),
        # Nothing due yet: never stale, with or without reports.
        ([report("2024", "approved")], "2025Q2", None, False),
        ([], "2025Q2", None, False),
    ],
)
def test_a_task_is_stale_without_a_report_for_the_due_round(reports, as_of, due, stale):
    assert is_stale(reports, as_of=as_of, due=due) is stale


def test_each_period_shows_the_report_that_counted_in_its_own_round_in_time_order():
    a_2024q2 = report("2024Q2", "approved", 30)
    a_2024 = report("2024", "approved", 60)
    correction_2024 = report("2024", "submitted", 90, version=2)  # not approved: not counted
    s_2025 = report("2025", "submitted", 70)
    draft_2026 = report("2026", "draft", 95)  # no report: no point for 2026
    chosen = counting_by_period([s_2025, draft_2026, correction_2024, a_2024, a_2024q2])
    assert list(chosen.items()) == [("2024Q2", a_2024q2), ("2024", a_2024), ("2025", s_2025)]


def test_a_report_in_words_only_counts_after_every_percentage():
    # Unit A reported no percentage, unit B 100 %: B counts (a report in words is taken as
    # above any percentage, so it never hides another unit's figure); against 40 % the 40 %.
    words = report("2025", "approved", None, unit="A")
    done = report("2025", "approved", 100, unit="B")
    slow = report("2025", "approved", 40, unit="C")
    assert counting_report([words, done], as_of="2025") is done
    assert counting_report([words, slow], as_of="2025") is slow
