"""The on-time rule (`core/ontime.py`), stated once per rule with rates counted by hand.

Written for the mutation run of the core (docs/en/mutation-testing.md): versions arrive in any
order, the *first* submission counts, the latest version decides whether the item is done,
each task report counts for its own task and lead unit, and only rounds whose period ends by
the as-of period count (quarters inside one year included).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from innocounty.core import schema
from innocounty.core.ontime import RoundFacts, Submission, on_time_rates

UTC = dt.UTC
PLAN = schema.Plan(
    key="p",
    title="计划",
    start_year=2023,
    end_year=2025,
    categories=["创新"],
    units=[schema.Unit(name="A"), schema.Unit(name="B")],
    programs=[
        schema.Program(
            number=1,
            title="工程",
            tasks=[
                schema.Task(number=1, title="任务一", lead_units=["A"]),
                schema.Task(number=2, title="任务二", lead_units=["B"]),
            ],
        )
    ],
    indicators=[
        schema.Indicator(
            code="Y", category="创新", number=1, name="年度指标", responsible_units=["A"]
        ),
        schema.Indicator(
            code="Q",
            category="创新",
            number=2,
            name="季度指标",
            frequency="quarterly",
            responsible_units=["B"],
        ),
    ],
)
DEADLINE = dt.datetime(2025, 1, 31, 23, 59, 59, 999999, tzinfo=UTC)
R2024 = RoundFacts(7, "2024", DEADLINE, include_tasks=True)
NOW = dt.datetime(2025, 6, 1, tzinfo=UTC)
ON_TIME = dt.datetime(2025, 1, 20, tzinfo=UTC)
LATE = dt.datetime(2025, 2, 10, tzinfo=UTC)


def rates_2024(values, task_reports=()):
    return on_time_rates(
        plan=PLAN,
        rounds=[R2024],
        values=values,
        task_reports=task_reports,
        as_of="2024",
        now=NOW,
    )


def test_the_first_submission_counts_whatever_the_order_of_the_versions():
    # Y 2024 (A): version 1 sent on time and approved, version 2 a correction sent late and
    # still submitted (done). Given newest first, the first submission is still version 1's:
    # on time. A has Y and task 1 (not reported): 1/2. B has Q 2024 (a year round collects the
    # quarterly indicator) and task 2, neither reported: 0.
    values = [
        ("Y", "2024", Submission(2, "submitted", LATE)),
        ("Y", "2024", Submission(1, "approved", ON_TIME)),
    ]
    assert rates_2024(values) == {"A": Decimal(1) / 2, "B": Decimal(0)}


def test_the_latest_version_decides_whether_the_item_is_done_whatever_the_order():
    # Version 3 (returned) is the latest, even when version 2 (submitted) is given after it:
    # Y is not done, so not on time although its first submission was.
    values = [
        ("Y", "2024", Submission(1, "submitted", ON_TIME)),
        ("Y", "2024", Submission(3, "returned", ON_TIME)),
        ("Y", "2024", Submission(2, "submitted", ON_TIME)),
    ]
    assert rates_2024(values)["A"] == Decimal(0)


def test_a_version_never_submitted_changes_no_submission_time():
    # Version 1 was a draft (never submitted), version 2 was sent on time; given newest first,
    # the draft leaves the first submission time as it is: on time, A 1/2.
    values = [
        ("Y", "2024", Submission(2, "submitted", ON_TIME)),
        ("Y", "2024", Submission(1, "draft", None)),
    ]
    assert rates_2024(values)["A"] == Decimal(1) / 2


def test_each_task_report_counts_for_its_own_task_and_lead_unit():
    # Task 1 (lead A) reported on time in round 7, task 2 (lead B) late: A 2/2 with Y on time,
    # B 1/2 with Q on time. A report of another round (8) counts for nothing here.
    values = [
        ("Y", "2024", Submission(1, "approved", ON_TIME)),
        ("Q", "2024", Submission(1, "approved", ON_TIME)),
    ]
    reports = [
        (7, 1, "A", Submission(1, "approved", ON_TIME)),
        (7, 2, "B", Submission(1, "approved", LATE)),
        (8, 2, "B", Submission(1, "approved", ON_TIME)),
    ]
    assert rates_2024(values, reports) == {"A": Decimal(1), "B": Decimal(1) / 2}


def test_a_quarter_after_the_as_of_quarter_is_not_counted_yet():
    # As of 2025Q1, only the 2025Q1 round counts, although the 2025Q2 deadline has passed:
    # B sent Q for 2025Q1 on time and nothing for 2025Q2 → 1/1.
    q1 = RoundFacts(1, "2025Q1", dt.datetime(2025, 4, 20, tzinfo=UTC), include_tasks=False)
    q2 = RoundFacts(2, "2025Q2", dt.datetime(2025, 7, 20, tzinfo=UTC), include_tasks=False)
    rates = on_time_rates(
        plan=PLAN,
        rounds=[q1, q2],
        values=[("Q", "2025Q1", Submission(1, "approved", dt.datetime(2025, 4, 1, tzinfo=UTC)))],
        task_reports=[],
        as_of="2025Q1",
        now=dt.datetime(2025, 8, 1, tzinfo=UTC),
    )
    assert rates == {"B": Decimal(1)}
