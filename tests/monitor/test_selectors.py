"""The engine's feed from the database: constant queries, inputs, on-time rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from innocounty.core.engine import evaluate_plan, plan_data
from innocounty.core.scorecard import TaskStatus
from innocounty.core.workflow import Action
from innocounty.monitor import selectors
from innocounty.plans.services import plan_export
from innocounty.reporting import services
from innocounty.reporting.models import TaskReport, Value
from innocounty.reporting.selectors import approved_values

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 1)


def _value(round_, indicator, unit, number, by, office, *, approve=True):
    value = services.value_save(
        round_=round_, indicator=indicator, unit=unit, data={"value": number}, by=by
    ).value
    value = services.value_submit(value=value, by=by)
    return services.value_approve(value=value, by=office) if approve else value


def _report(round_, task, unit, percent, by, office, *, approve=True):
    report = services.task_report_save(
        round_=round_,
        task=task,
        unit=unit,
        data={"progress": "推进中", "percent": percent},
        by=by,
        revision=None,
    )
    report = services.task_report_transition(report=report, action=Action.SUBMIT, by=by)
    if approve:
        report = services.task_report_transition(report=report, action=Action.APPROVE, by=office)
    return report


def _fill(plan, office, reporter_a, reporter_b, years):
    finance = plan.units.get(name="县财政局")
    industry = plan.units.get(name="县经信局")
    n01, s01 = plan.indicators.get(code="N01"), plan.indicators.get(code="S01")
    for year in years:
        round_ = services.round_open(
            plan=plan, period=str(year), deadline=dt.date(year + 1, 3, 31), by=office
        )
        _value(round_, n01, finance, "2.6", reporter_a, office)
        _value(round_, s01, industry, "0.47", reporter_b, office)
        _report(round_, plan.tasks.get(number=1), finance, 60, reporter_a, office)
        _report(round_, plan.tasks.get(number=3), industry, 30, reporter_b, office)


def test_the_snapshot_runs_a_constant_number_of_queries(
    small_plan, office_user, reporter_a, reporter_b, django_assert_num_queries
):
    with django_assert_num_queries(selectors.SNAPSHOT_QUERIES):
        empty = selectors.plan_snapshot(plan=small_plan, today=TODAY)
    _fill(small_plan, office_user, reporter_a, reporter_b, [2023, 2024])
    with django_assert_num_queries(selectors.SNAPSHOT_QUERIES):
        two = selectors.plan_snapshot(plan=small_plan, today=TODAY)
    _fill(small_plan, office_user, reporter_a, reporter_b, [2025, 2026])
    with django_assert_num_queries(selectors.SNAPSHOT_QUERIES):
        four = selectors.plan_snapshot(plan=small_plan, today=dt.date(2027, 6, 1))
    assert Value.objects.count() == 8 and TaskReport.objects.count() == 8
    assert empty.data.on_time_rates == {}
    assert two.data.on_time_rates and four.data.on_time_rates


def test_the_query_count_does_not_grow_with_a_full_demo_plan(seeded, django_assert_num_queries):
    assert Value.objects.filter(indicator__plan=seeded).count() > 80
    with django_assert_num_queries(selectors.SNAPSHOT_QUERIES):
        selectors.plan_snapshot(plan=seeded)


def test_plan_evaluation_is_the_engine_on_the_approved_values(
    small_plan, office_user, reporter_a, reporter_b
):
    _fill(small_plan, office_user, reporter_a, reporter_b, [2024])
    result = selectors.plan_evaluation(plan=small_plan, period="2024", today=TODAY)
    direct = evaluate_plan(
        plan_data(plan_export(plan=small_plan), approved_values(plan=small_plan)),
        today=TODAY,
        period="2024",
    )
    assert result.period == "2024"
    assert {c: r.status for c, r in result.indicators.items()} == {
        c: r.status for c, r in direct.indicators.items()
    }
    assert result.index == direct.index
    assert result.indicators["N01"].status.value == Decimal("2.6")


def test_task_reports_become_task_progress(small_plan, office_user, reporter_a, reporter_b):
    _fill(small_plan, office_user, reporter_a, reporter_b, [2024])
    snapshot = selectors.plan_snapshot(plan=small_plan, period="2024", today=TODAY)
    tasks = {t.number: t for t in snapshot.data.tasks}
    # The plan runs 2024–2026: a 2024 report is expected at 1/3 = 33.3 %.
    assert tasks[1].status == TaskStatus.ON_TRACK and tasks[1].percent == 60
    assert tasks[3].status == TaskStatus.BEHIND  # 30 / 33.3 = 0.9
    assert tasks[2].status == TaskStatus.NOT_REPORTED
    assert tasks[1].units == ("县财政局", "县科技局")  # lead, then responsible
    assert snapshot.reports[1].period == "2024"
    lagging = [(i.kind, i.code) for i in snapshot.evaluation.lagging]
    assert ("task", "3") in lagging and ("task", "1") not in lagging


def test_an_unapproved_report_counts_only_without_an_approved_one(
    small_plan, office_user, reporter_a, reporter_b
):
    _fill(small_plan, office_user, reporter_a, reporter_b, [2024])
    round_ = services.round_open(
        plan=small_plan, period="2025", deadline=dt.date(2026, 3, 31), by=office_user
    )
    finance = small_plan.units.get(name="县财政局")
    _report(round_, small_plan.tasks.get(number=1), finance, 90, reporter_a, office_user,
            approve=False)  # fmt: skip
    snapshot = selectors.plan_snapshot(plan=small_plan, period="2025", today=dt.date(2026, 6, 1))
    assert snapshot.reports[1].period == "2024"  # the approved 2024 report still counts


def _submitted_at(obj, day):
    type(obj).objects.filter(pk=obj.pk).update(
        submitted_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    )


def test_on_time_rates_count_the_first_submission_by_the_deadline(
    small_plan, office_user, reporter_a, reporter_b
):
    round_ = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 31), by=office_user
    )
    finance = small_plan.units.get(name="县财政局")
    industry = small_plan.units.get(name="县经信局")
    n01 = small_plan.indicators.get(code="N01")
    s01 = small_plan.indicators.get(code="S01")
    on_time = _value(round_, n01, finance, "2.6", reporter_a, office_user)
    _submitted_at(on_time, dt.date(2025, 3, 31))  # the deadline day itself is on time
    late = _value(round_, s01, industry, "0.47", reporter_b, office_user)
    _submitted_at(late, dt.date(2025, 4, 1))
    report = _report(round_, small_plan.tasks.get(number=1), finance, 60, reporter_a, office_user)
    _submitted_at(report, dt.date(2025, 3, 1))
    # A correction after the deadline does not make the first, timely submission late.
    corrected = services.value_correct(value=on_time, by=reporter_a, reason="更正")
    corrected = services.value_save(
        round_=round_, indicator=n01, unit=finance, data={"value": "2.7"}, by=reporter_a,
        revision=corrected.revision,
    ).value  # fmt: skip
    corrected = services.value_approve(
        value=services.value_submit(value=corrected, by=reporter_a), by=office_user
    )
    _submitted_at(corrected, dt.date(2025, 5, 1))

    before = selectors.plan_snapshot(plan=small_plan, today=dt.date(2025, 3, 31))
    assert before.data.on_time_rates == {}  # the deadline has not passed yet
    rates = selectors.plan_snapshot(plan=small_plan, today=dt.date(2025, 6, 1)).data.on_time_rates
    # 县财政局: N01 on time + task 1 on time; 县经信局: S01 late + task 3 not reported;
    # 县科技局: S01 late + task 2 not reported.
    assert rates == {"县财政局": Decimal(1), "县经信局": Decimal(0), "县科技局": Decimal(0)}


@pytest.mark.parametrize(
    ("status", "target", "projected", "direction", "expected"),
    [
        ("target_achieved", 10, None, "higher", True),
        ("moderate_progress", 10, 9.9, "higher", False),
        ("substantial_progress", 10, 10.0, "higher", True),
        ("moderate_progress", 0.5, 0.49, "lower", True),
        ("not_available", 10, None, "higher", None),
        ("limited_progress", None, 12.0, "higher", None),
    ],
)
def test_will_reach(status, target, projected, direction, expected):
    from innocounty.core.forecast import Assessment

    a = Assessment(
        status, None, None, projected, direction=direction,
        target=None if target is None else Decimal(str(target)),
    )  # fmt: skip
    assert selectors.will_reach(a) is expected


def test_only_single_units_are_scored_and_ranked(small_plan, office_user, reporter_a, reporter_b):
    _fill(small_plan, office_user, reporter_a, reporter_b, [2024])
    evaluation = selectors.plan_evaluation(plan=small_plan, period="2024", today=TODAY)
    ranked = {card.unit for card in evaluation.scorecards}
    assert ranked == {"县科技局", "县财政局", "县经信局"}  # not the group 各乡镇, not the office
