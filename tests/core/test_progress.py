"""The mapping from task reports to task statuses (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from innocounty.core.progress import (
    ReportFacts,
    counting_report,
    expected_percent,
    task_status,
)
from innocounty.core.scorecard import TaskStatus

PLAN = {"start_year": 2023, "end_year": 2025}


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2023", Decimal(100) / 3),
        ("2024", Decimal(200) / 3),
        ("2025", Decimal(100)),
        ("2026", Decimal(100)),
        ("2024Q2", Decimal(50)),
        ("2022", Decimal(0)),
    ],
)
def test_expected_percent_is_the_share_of_the_plan_elapsed(period, expected):
    assert expected_percent(period, **PLAN) == expected


@pytest.mark.parametrize(
    ("percent", "period", "status"),
    [
        (100, "2024", TaskStatus.COMPLETED),
        (None, "2024", TaskStatus.ON_TRACK),
        (64, "2024", TaskStatus.ON_TRACK),  # 64 / 66.7 = 0.96
        (63, "2024", TaskStatus.BEHIND),  # 0.945
        (54, "2024", TaskStatus.BEHIND),  # 0.81
        (53, "2024", TaskStatus.SERIOUSLY_BEHIND),  # 0.795
        (85, "2025", TaskStatus.BEHIND),
        (79, "2025", TaskStatus.SERIOUSLY_BEHIND),
        (0, "2022", TaskStatus.ON_TRACK),  # before the plan: nothing expected yet
        (95, "2025", TaskStatus.ON_TRACK),
    ],
)
def test_task_status_compares_the_percentage_with_the_time_elapsed(percent, period, status):
    value = None if percent is None else Decimal(percent)
    assert task_status(value, period, **PLAN) == status


def _r(period, state, percent=50, version=1, unit="A", pk=None):
    return ReportFacts(1, period, state, version, Decimal(percent), unit, pk)


def test_the_latest_approved_report_counts_over_a_later_submitted_one():
    reports = [_r("2024", "approved", 60), _r("2025", "submitted", 90)]
    assert counting_report(reports, as_of="2025").percent == 60


def test_a_submitted_report_counts_when_nothing_was_ever_approved():
    reports = [_r("2024", "submitted", 30), _r("2025", "draft", 90), _r("2025", "returned", 80)]
    assert counting_report(reports, as_of="2025").percent == 30


def test_drafts_and_returned_reports_are_not_reports():
    assert counting_report([_r("2025", "draft"), _r("2025", "returned")], as_of="2025") is None


def test_reports_after_the_as_of_period_are_ignored():
    reports = [_r("2024", "approved", 40), _r("2025", "approved", 90)]
    assert counting_report(reports, as_of="2024Q4").percent == 40
    assert counting_report(reports, as_of="2025").percent == 90


def test_the_highest_approved_version_counts():
    reports = [_r("2025", "approved", 40, version=1), _r("2025", "approved", 70, version=2)]
    assert counting_report(reports, as_of="2025").percent == 70


def test_with_several_lead_units_the_slowest_counts():
    reports = [_r("2025", "approved", 80, unit="A"), _r("2025", "approved", 45, unit="B")]
    assert counting_report(reports, as_of="2025").unit == "B"
