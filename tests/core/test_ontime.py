"""On-time rates from plain facts (pure, no database)."""

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
    units=[schema.Unit(name="A"), schema.Unit(name="B"), schema.Unit(name="C")],
    programs=[
        schema.Program(
            number=1, title="工程", tasks=[schema.Task(number=1, title="任务", lead_units=["A"])]
        )
    ],
    indicators=[
        schema.Indicator(
            code="I1", category="创新", number=1, name="年度指标", responsible_units=["A", "B"]
        ),
        schema.Indicator(
            code="I2",
            category="创新",
            number=2,
            name="季度指标",
            frequency="quarterly",
            responsible_units=["B"],
        ),
    ],
)


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, tzinfo=UTC)


R2024 = RoundFacts(1, "2024", end_of(dt.date(2025, 1, 31)), include_tasks=True)
R2025Q1 = RoundFacts(2, "2025Q1", end_of(dt.date(2025, 4, 20)), include_tasks=False)
R2025 = RoundFacts(3, "2025", end_of(dt.date(2026, 1, 31)), include_tasks=True)
NOW = dt.datetime(2025, 5, 1, tzinfo=UTC)


def at(month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=UTC)


def test_each_unit_counts_its_items_over_past_deadline_rounds():
    # Round 2024 asks A for I1 and task 1, B for I1 and I2 (a year round collects quarterly
    # indicators too); round 2025Q1 asks B for I2. Round 2025 is neither past nor in 2025Q1.
    values = [
        # I1 2024: first submitted on time; a later correction is the latest version.
        ("I1", "2024", Submission(1, "approved", at(1, 20))),
        ("I1", "2024", Submission(2, "submitted", at(3, 1))),
        # I2 2025Q1: submitted on the deadline day.
        ("I2", "2025Q1", Submission(1, "approved", at(4, 20, 23))),
        # Beyond the as-of period: never read.
        ("I1", "2025", Submission(1, "approved", at(1, 1))),
    ]
    # Task 1 in round 2024: submitted on time but returned and not submitted again.
    reports = [(1, 1, "A", Submission(1, "returned", at(1, 25)))]
    rates = on_time_rates(
        plan=PLAN,
        rounds=[R2024, R2025Q1, R2025],
        values=values,
        task_reports=reports,
        as_of="2025Q1",
        now=NOW,
    )
    # A: I1 on time, task 1 not done → 1/2. B: I1 on time, I2 2024 missing, I2 2025Q1 on time.
    assert rates == {"A": Decimal(1) / 2, "B": Decimal(2) / 3}


def test_a_submission_after_the_deadline_day_is_late_and_drafts_are_not_done():
    values = [
        ("I1", "2024", Submission(1, "approved", end_of(dt.date(2025, 1, 31)))),
        ("I2", "2024", Submission(1, "approved", dt.datetime(2025, 2, 1, tzinfo=UTC))),
    ]
    reports = [(1, 1, "A", Submission(1, "draft", None))]
    rates = on_time_rates(
        plan=PLAN, rounds=[R2024], values=values, task_reports=reports, as_of="2024", now=NOW
    )
    assert rates == {"A": Decimal(1) / 2, "B": Decimal(1) / 2}


def test_a_round_still_open_at_now_counts_for_nobody():
    now = R2024.deadline_end
    rates = on_time_rates(
        plan=PLAN, rounds=[R2024], values=[], task_reports=[], as_of="2024", now=now
    )
    assert rates == {}
