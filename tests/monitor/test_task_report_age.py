"""One "which report counts" rule for status and chart; a task's status takes the age of its
latest report into account (issue 12, items 3 and 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from innocounty.core.progress import (
    ReportFacts,
    counting_by_period,
    counting_report,
    due_period,
    is_stale,
)
from innocounty.core.scorecard import TaskStatus
from innocounty.core.workflow import Action
from innocounty.monitor import selectors
from innocounty.reporting import services
from innocounty.reporting.models import Round, TaskReport


def _r(period, state, percent=50, version=1, unit="A"):
    return ReportFacts(1, period, state, version, Decimal(percent), unit, None)


def test_within_one_period_the_approved_report_counts_over_a_later_submitted_version():
    # A correction (version 2, submitted) of an approved report (version 1): the approved one
    # still counts. Compared as strings, "submitted" > "approved" picked version 2.
    reports = [_r("2024", "approved", 60, 1), _r("2024", "submitted", 90, 2)]
    assert counting_by_period(reports)["2024"].percent == 60
    assert counting_report(reports, as_of="2024").percent == 60


def test_the_chart_rule_is_the_status_rule_for_every_period():
    reports = [
        _r("2023", "approved", 30),
        _r("2023", "submitted", 35, 2),
        _r("2024", "submitted", 70),
        _r("2025", "draft", 90),
        _r("2025", "returned", 80, 1, "B"),
    ]
    by_period = counting_by_period(reports)
    assert set(by_period) == {"2023", "2024"}
    for period, chosen in by_period.items():
        same_period = [r for r in reports if r.period == period]
        assert chosen == counting_report(same_period, as_of=period)


@pytest.mark.parametrize(
    ("rounds", "as_of", "due"),
    [
        ([("2023", True), ("2024", True), ("2025", True)], "2026-10", "2025"),
        ([("2023", True), ("2024", True), ("2025", False)], "2026-10", "2024"),
        ([("2023", True), ("2024", True), ("2025", True)], "2024", "2024"),
        ([("2023", False)], "2024", None),
        ([], "2025", None),
    ],
)
def test_the_due_round_is_the_latest_past_due_one_by_the_period(rounds, as_of, due):
    assert due_period(rounds, as_of=as_of) == due


def test_a_report_older_than_the_due_round_is_stale():
    old = [_r("2023", "approved", 40), _r("2024", "approved", 70)]
    assert is_stale(old, as_of="2026-10", due="2025")
    assert not is_stale(old, as_of="2024", due="2024")
    # A draft or a returned report for the due round is no report.
    assert is_stale([*old, _r("2025", "draft"), _r("2025", "returned")], as_of="2026", due="2025")
    assert not is_stale([*old, _r("2025", "submitted")], as_of="2026", due="2025")
    assert not is_stale(old, as_of="2026", due=None)


@pytest.fixture
def world(qianjiang):
    """Task 4 reported 40 % (2023) and 70 % (2024), nothing in the closed 2025 round."""
    from innocounty.plans.demo import demo_accounts_create

    demo_accounts_create(plan=qianjiang)
    office = User.objects.get(username="office")
    task = qianjiang.tasks.get(number=4)
    lead = task.task_units.filter(role="lead").order_by("position").first().unit
    reporter = lead.users.get(username__startswith="unit")
    rounds = {}
    for year, percent in ((2023, 40), (2024, 70), (2025, None)):
        round_ = services.round_open(
            plan=qianjiang, period=str(year), deadline=dt.date(year + 1, 3, 31), by=office
        )
        rounds[year] = round_
        if percent is not None:
            report = services.task_report_save(
                round_=round_,
                task=task,
                unit=lead,
                data={"progress": "推进中", "percent": percent},
                by=reporter,
                revision=None,
            )
            report = services.task_report_transition(
                report=report, action=Action.SUBMIT, by=reporter
            )
            services.task_report_transition(report=report, action=Action.APPROVE, by=office)
        services.round_close(round_=round_, by=office)
    return qianjiang, task, lead, reporter, office, rounds


@pytest.mark.django_db
def test_a_task_without_a_report_for_the_closed_round_is_not_reported(world, client):
    plan, *_ = world
    today = dt.date(2026, 11, 29)
    snapshot = selectors.plan_snapshot(plan=plan, today=today)
    progress = {t.number: t for t in snapshot.data.tasks}
    assert progress[4].status == TaskStatus.NOT_REPORTED
    # Its last known progress is kept, with its period.
    assert (progress[4].percent, progress[4].period) == (Decimal(70), "2024")
    # As of 2024 the same report is current: 70 / 66.7 ≥ 0.95 → on track.
    as_2024 = selectors.plan_snapshot(plan=plan, period="2024", today=today)
    assert {t.number: t for t in as_2024.data.tasks}[4].status == TaskStatus.ON_TRACK

    client.force_login(User.objects.get(username="leader"))
    board = client.get(reverse("monitor:task-board", args=[plan.key]))
    counts = {str(code): n for code, _label, n in board.context["counts"]}
    # No task has a report for 2025: every one of the 28 is 未报送 on the board.
    assert counts["not_reported"] == 28
    row = next(r for _p, rows in board.context["groups"] for r in rows if r["task"].number == 4)
    assert row["status"] == "not_reported" and row["stale"]
    html = board.content.decode()
    assert "最近一次报告 2024" in html
    page = client.get(reverse("monitor:task", args=[plan.key, 4])).content.decode()
    assert 'data-testid="status">未报送<' in page
    assert "最近一次报告 2024" in page and "70%" in page


@pytest.mark.django_db
def test_a_task_reported_in_the_open_round_before_its_deadline_is_judged_on_its_last_report(
    world,
):
    plan, *_ = world
    # On 2026-02-01 the 2025 round's deadline (2026-03-31) has not passed: but it is closed.
    snapshot = selectors.plan_snapshot(plan=plan, today=dt.date(2026, 2, 1))
    assert {t.number: t for t in snapshot.data.tasks}[4].status == TaskStatus.NOT_REPORTED
    Round.objects.filter(plan=plan, period="2025").update(status=Round.Status.OPEN)
    reopened = selectors.plan_snapshot(plan=plan, today=dt.date(2026, 2, 1))
    # An open round whose deadline is still ahead is not due yet: the 2024 report counts.
    assert {t.number: t for t in reopened.data.tasks}[4].status == TaskStatus.ON_TRACK


@pytest.mark.django_db
def test_the_task_chart_plots_the_approved_report_not_a_later_submitted_correction(world, client):
    plan, task, lead, reporter, _office, rounds = world
    approved = TaskReport.objects.get(task=task, round=rounds[2024], state="approved")
    Round.objects.filter(pk=rounds[2024].pk).update(status=Round.Status.OPEN)
    correction = services.task_report_transition(
        report=approved, action=Action.CORRECT, by=reporter, reason="更正"
    )
    correction = services.task_report_save(
        round_=Round.objects.get(pk=rounds[2024].pk),
        task=task,
        unit=lead,
        data={"progress": "更正", "percent": 95},
        by=reporter,
        revision=correction.revision,
    )
    services.task_report_transition(report=correction, action=Action.SUBMIT, by=reporter)
    client.force_login(User.objects.get(username="leader"))
    response = client.get(reverse("monitor:task", args=[plan.key, 4]), {"period": "2024"})
    chart = response.context["charts"][0]
    option = chart.option if hasattr(chart, "option") else chart["option"]
    periods = option["xAxis"]["data"]
    data = dict(zip(periods, option["series"][0]["data"], strict=True))
    assert data["2024"] == 70  # the approved report, as the status uses
    assert response.context["row"]["progress"].percent == Decimal(70)
