"""Rules of the reporting services' helpers the mutation run found untested (issue 19).

Only approved versions count, and the latest of them; an action on a version that is no
longer the latest, or on a stale copy, is refused and says who saved when; a task report is
locked against the report of its own round, task and unit only. Expected values by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from innocounty.core.workflow import Action
from innocounty.reporting import services
from innocounty.reporting.models import TaskReport

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _save(round_, indicator, unit, by, value, revision=None):
    return services.value_save(
        round_=round_, indicator=indicator, unit=unit, data={"value": value}, by=by,
        revision=revision,
    ).value  # fmt: skip


def _approved(round_, indicator, unit, reporter, office, value):
    v = services.value_submit(value=_save(round_, indicator, unit, reporter, value), by=reporter)
    return services.value_approve(value=v, by=office)


def test_the_approved_value_is_the_latest_approved_version(
    round_2024, n01, s01, unit_a, reporter_a, office_user
):
    v1 = _approved(round_2024, n01, unit_a, reporter_a, office_user, "2.55")
    v2 = services.value_correct(value=v1, by=reporter_a, reason="决算调整")
    assert services.value_approved(indicator=n01, period="2024") == v1
    assert services.value_latest(indicator=n01, period="2024") == v2
    v2 = services.value_submit(value=v2, by=reporter_a)
    assert services.value_approved(indicator=n01, period="2024") == v1  # submitted: not yet
    v2 = services.value_approve(value=v2, by=office_user)
    assert services.value_approved(indicator=n01, period="2024") == v2
    assert services.value_approved(indicator=n01, period="2023") is None
    assert services.value_approved(indicator=s01, period="2024") is None
    assert services.value_latest(indicator=s01, period="2024") is None


def test_an_action_on_a_superseded_version_is_refused_even_at_the_same_revision(
    round_2024, n01, unit_a, reporter_a, office_user
):
    v1 = _approved(round_2024, n01, unit_a, reporter_a, office_user, "2.55")
    v2 = services.value_correct(value=v1, by=reporter_a, reason="决算调整")
    step = 0
    while v2.revision < v1.revision:  # the new version's revision catches up with the old one's
        step += 1
        v2 = _save(round_2024, n01, unit_a, reporter_a, f"2.{60 + step}", revision=v2.revision)
    assert (v2.revision, v2.pk != v1.pk) == (v1.revision, True)
    with pytest.raises(services.ConflictError, match="已被 reporter-a 于 20"):
        services.value_submit(value=v1, by=reporter_a)  # names who saved the latest version
    v2.refresh_from_db()
    assert v2.state == "draft"


def test_a_conflict_says_who_saved_and_when(round_2024, s01, small_plan, reporter_b):
    from tests.conftest import _make_user

    kj = small_plan.units.get(name="县科技局")
    unit_b = small_plan.units.get(name="县经信局")
    other = _make_user("reporter-kj", "reporter", kj)
    other.first_name = "王五"
    other.save()
    first = _save(round_2024, s01, unit_b, reporter_b, "0.490")
    with time_machine.travel(dt.datetime(2025, 1, 10, 9, 30, 5, tzinfo=SHANGHAI), tick=False):
        current = _save(round_2024, s01, kj, other, "0.488", revision=first.revision)
    with pytest.raises(services.ConflictError) as excinfo:
        _save(round_2024, s01, unit_b, reporter_b, "0.470", revision=first.revision)
    assert str(excinfo.value) == (
        "该数据已被 王五 于 2025-01-10 09:30:05 修改，您的修改未保存。请刷新页面，核对后重新填写。"
    )
    current.updated_by = None  # a row saved by no one known
    assert str(services._conflict(current)) == (
        "该数据已被 他人 于 2025-01-10 09:30:05 修改，您的修改未保存。请刷新页面，核对后重新填写。"
    )
    assert str(services._conflict(None)) == (
        "该数据已被 他人 于 刚才 修改，您的修改未保存。请刷新页面，核对后重新填写。"
    )


def test_reporting_errors_keep_every_message():
    assert services.ReportingError("只此一条").errors == {"__all__": ["只此一条"]}
    assert str(services.ReportingError({"value": ["甲", "乙"], "note": ["丙"]})) == "甲；乙；丙"


def test_the_catalogue_entry_gives_the_denominators_range(n01):
    n01.catalogue = "N02"  # 万名就业人员中R&D人员数: 就业人员 1 to 1000 万人
    n01.save()
    assert services.indicator_rules(n01).denominator_range == (Decimal(1), Decimal(1000))


def test_stored_numbers_keep_eight_places():
    assert services._stored(None) is None
    assert services._stored(Decimal("2.5")) == Decimal("2.5")
    assert services._stored(Decimal("0.123456789")) == Decimal("0.12345679")


def _report(round_, task, unit, by, text="进展"):
    return services.task_report_save(
        round_=round_, task=task, unit=unit, by=by, revision=None,
        data={"progress": text, "percent": 50},
    )  # fmt: skip


def test_a_task_report_is_locked_against_its_own_round_task_and_unit_only(
    small_plan, round_2024, office_user, reporter_a, reporter_b
):
    from tests.conftest import _make_user

    unit_a = small_plan.units.get(name="县财政局")
    unit_b = small_plan.units.get(name="县经信局")
    kj = small_plan.units.get(name="县科技局")
    other = _make_user("reporter-kj", "reporter", kj)
    task1, task2, task3 = (small_plan.tasks.get(number=n) for n in (1, 2, 3))
    round_2025 = services.round_open(
        plan=small_plan, period="2025", deadline=dt.date(2026, 3, 31), by=office_user
    )

    def corrected(report, by):  # approved, then corrected: its version 2 is the latest row
        report = services.task_report_transition(report=report, action=Action.SUBMIT, by=by)
        report = services.task_report_transition(
            report=report, action=Action.APPROVE, by=office_user
        )
        report = services.task_report_transition(
            report=report, action=Action.CORRECT, by=by, reason="补充"
        )
        assert report.version == 2
        return report

    early = _report(round_2024, task1, unit_a, reporter_a)
    # A later round's report of the same task and unit, at version 2.
    corrected(_report(round_2025, task1, unit_a, reporter_a), reporter_a)
    b_task2 = _report(round_2024, task2, unit_b, reporter_b)
    # The same unit's report of another task in the same round, at version 2.
    corrected(_report(round_2024, task3, unit_b, reporter_b), reporter_b)
    _report(round_2024, task2, kj, other)  # the same task, another unit
    for report, by in ((early, reporter_a), (b_task2, reporter_b)):
        done = services.task_report_transition(report=report, action=Action.SUBMIT, by=by)
        assert done.state == "submitted"
    stale = TaskReport.objects.get(pk=b_task2.pk)
    stale.revision -= 1
    with pytest.raises(services.ConflictError) as excinfo:
        services.task_report_transition(report=stale, action=Action.APPROVE, by=office_user)
    assert str(excinfo.value) == (
        "该数据已被 他人 于 刚才 修改，您的修改未保存。请刷新页面，核对后重新填写。"
    )


def test_a_value_is_checked_against_its_own_last_approved_value_and_the_years_target(
    small_plan, round_2024, n01, s01, unit_a, reporter_a, reporter_b, office_user
):
    n01.measure_type = "stock"  # a level: falling below the last approved one is worth a look
    n01.save()
    unit_b = small_plan.units.get(name="县经信局")
    round_2023 = services.round_open(
        plan=small_plan, period="2023", deadline=dt.date(2024, 3, 31), by=office_user
    )
    # Only S01 has an approved value: N01's checks must not see it.
    _approved(round_2023, s01, unit_b, reporter_b, office_user, "0.490")
    alone = services.value_context(indicator=n01, period="2024")
    assert (alone.last_approved, alone.previous, alone.last_period) == (None, None, None)
    assert (alone.previous_period, alone.target, alone.target_year) == (
        "2023",
        Decimal("2.5"),
        2024,
    )

    v1 = _approved(round_2023, n01, unit_a, reporter_a, office_user, "2.80")
    v2 = services.value_correct(value=v1, by=reporter_a, reason="核对")
    v2 = _save(round_2023, n01, unit_a, reporter_a, "3.00", revision=v2.revision)
    v2 = services.value_approve(
        value=services.value_submit(value=v2, by=reporter_a), by=office_user
    )
    v3 = services.value_correct(value=v2, by=reporter_a, reason="再核对")
    _save(round_2023, n01, unit_a, reporter_a, "9.00", revision=v3.revision)  # a draft: no count
    assert services.value_latest(indicator=n01, period="2023").version == 3
    assert services.value_latest(indicator=n01, period="2024") is None
    context = services.value_context(indicator=n01, period="2024")
    # The latest approved version of 2023 (3.00, not the first 2.80 nor the draft 9.00).
    assert (context.last_approved, context.previous, context.last_period) == (
        Decimal("3"),
        Decimal("3"),
        "2023",
    )
    # 1.00 is below 3 (a stock dropped), (1 − 3) ÷ 3 = −66.7 % (beyond ±50 %), and below
    # 80 % of the 2024 target 2.5 (= 2).
    checked = services.value_check(indicator=n01, period="2024", data={"value": "1.00"})
    assert checked.warnings == [
        "存量指标低于上次审核值 3",
        "与上期值 3 相比变化 -66.7%，超过 ±50%",
        "与 2024 年目标 2.5 差距较大",
    ]
    # Lower is better (S01): 0.600 is above 120 % of the 2024 target 0.485 (= 0.582).
    far = services.value_check(indicator=s01, period="2024", data={"value": "0.600"})
    assert far.warnings == ["与 2024 年目标 0.485 差距较大"]
    # A ratio (not a stock) may fall below its last approved 0.490: no warning for 0.400
    # ((0.4 − 0.49) ÷ 0.49 = −18 %, within ±50 %; lower is better, so not far from 0.485).
    fell = services.value_check(indicator=s01, period="2024", data={"value": "0.400"})
    assert fell.warnings == []


def test_the_target_of_a_year_is_its_target_else_its_assessment_value(n01):
    assessed = services.value_context(indicator=n01, period="2026")  # 考核值 3.0 only
    assert (assessed.target, assessed.target_year) == (Decimal("3.0"), 2026)
    none = services.value_context(indicator=n01, period="2025")
    assert (none.target, none.target_year) == (None, None)
    quarter = services.value_context(indicator=n01, period="2024Q2")  # not a year's end
    assert (quarter.target, quarter.target_year, quarter.previous_period) == (None, None, "2024Q1")


def test_a_closed_round_takes_no_new_value_and_says_which_round(
    round_2024, n01, unit_a, reporter_a, office_user
):
    services.round_close(round_=round_2024, by=office_user)
    with pytest.raises(services.ReportingError) as excinfo:
        _save(round_2024, n01, unit_a, reporter_a, "2.55")
    assert str(excinfo.value) == "填报轮次“2024年填报”已结束，不能再修改"


def test_the_audit_log_writes_whole_numbers_plainly(round_2024, n01, unit_a, reporter_a):
    first = _save(round_2024, n01, unit_a, reporter_a, "10")
    result = services.value_save(
        round_=round_2024, indicator=n01, unit=unit_a, data={"value": "20.00"}, by=reporter_a,
        revision=first.revision,
    )  # fmt: skip
    assert result.changes == {"value": ["10", "20"]}  # not 1E+1 and 2E+1


def test_the_last_approved_value_is_of_the_same_kind_of_period(
    small_plan, s01, reporter_b, office_user
):
    s01.frequency = "quarterly"  # reported every quarter and every year
    s01.save()
    unit_b = small_plan.units.get(name="县经信局")

    def round_(period, deadline):
        return services.round_open(
            plan=small_plan, period=period, deadline=deadline, by=office_user
        )

    _approved(round_("2023", dt.date(2024, 3, 31)), s01, unit_b, reporter_b, office_user, "0.490")
    _approved(round_("2023Q4", dt.date(2024, 1, 20)), s01, unit_b, reporter_b, office_user, "0.300")
    # "2023Q4" sorts after "2023": a year is compared with the last year, not its last quarter.
    year = services.value_context(indicator=s01, period="2024")
    assert (year.last_approved, year.last_period) == (Decimal("0.49"), "2023")
    quarter = services.value_context(indicator=s01, period="2024Q1")
    assert (quarter.last_approved, quarter.last_period) == (Decimal("0.3"), "2023Q4")
