"""More rules inside the reporting services' writes, found untested by the mutation run of the
rest of `reporting/services.py` (issue 19). A submission that needs an explanation names every
warning, in the reader's language, and changes nothing; a submitted value records its
warnings, who sent it and the old and new state. A save keeps every field trimmed and audits
what was entered, the unit and the version; saving the same data again writes nothing; of two
first saves at the same moment the second is refused as a conflict naming the first. A round
opens only within the plan's years, not before its period starts, once per plan and period,
and records who opened it. A correction is checked against the period before it. A batch
changes a stored value from its revision and names a row that fails by its index.

Expected values by hand from the small plan (N01: a share in %, 2 decimals, the 2024 target
2.5, reported by 县财政局; the plan runs 2024–2026, base year 2023).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation

from innocounty.audit.models import LogEntry
from innocounty.reporting import services
from innocounty.reporting.models import Round, Value

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2025, 1, 10, 9, 0, tzinfo=SHANGHAI)

# N01 2024 = 1.00 after an approved 2023 value of 3.00: (1 − 3) ÷ 3 = −66.7 %, beyond ±50 %,
# and 1.00 is below 80 % of the 2024 target 2.5 (= 2.0).
BIG_CHANGE = "与上期值 3 相比变化 -66.7%，超过 ±50%"
FAR = "与 2024 年目标 2.5 差距较大"


def _log(obj) -> list[tuple]:
    return list(obj.log_entries().order_by("pk").values_list("action", "user", "data"))


def _row(pk) -> dict:
    return Value.objects.filter(pk=pk).values().get()


def _save(round_, indicator, unit, by, data, revision=None, on_behalf=False):
    return services.value_save(
        round_=round_, indicator=indicator, unit=unit, data=data, by=by, revision=revision,
        on_behalf=on_behalf,
    )  # fmt: skip


@pytest.fixture
def approved_2023(small_plan, n01, unit_a, reporter_a, office_user):
    round_2023 = services.round_open(
        plan=small_plan, period="2023", deadline=dt.date(2024, 3, 31), by=office_user
    )
    value = _save(round_2023, n01, unit_a, reporter_a, {"value": "3.00"}).value
    value = services.value_submit(value=value, by=reporter_a)
    return services.value_approve(value=value, by=office_user)


# --- value_submit ----------------------------------------------------------------------------


def test_a_submission_with_two_warnings_needs_an_explanation_naming_both(
    round_2024, n01, unit_a, reporter_a, approved_2023
):
    value = _save(round_2024, n01, unit_a, reporter_a, {"value": "1.00"}).value
    before = _row(value.pk)
    log = _log(value)
    with pytest.raises(services.ReportingError) as excinfo:
        services.value_submit(value=value, by=reporter_a)
    assert excinfo.value.errors == {
        "explanation": [f"存在需要说明的情况（{BIG_CHANGE}；{FAR}），请先填写“异常情况说明”再报送"]
    }
    assert _row(value.pk) == before
    assert _log(value) == log


def test_the_warnings_a_submission_names_are_joined_in_the_readers_language(
    round_2024, n01, unit_a, reporter_a, approved_2023
):
    value = _save(round_2024, n01, unit_a, reporter_a, {"value": "1.00"}).value
    with translation.override("en"), pytest.raises(services.ReportingError) as excinfo:
        services.value_submit(value=value, by=reporter_a)
    assert excinfo.value.errors == {
        "explanation": [
            "Something needs explaining (Changed -66.7% from the previous value 3, more than "
            "±50%; Far from the 2024 target 2.5); fill in the explanation before submitting"
        ]
    }


def test_a_submitted_value_records_its_warnings_its_sender_and_the_old_and_new_state(
    round_2024, n01, unit_a, reporter_a, office_user, approved_2023
):
    # The office fills the value in for the unit (代填); the unit's reporter sends it.
    saved = _save(
        round_2024,
        n01,
        unit_a,
        office_user,
        {"value": "1.00", "explanation": "统计口径调整"},
        on_behalf=True,
    ).value
    assert (saved.updated_by, saved.revision) == (office_user, 1)
    with time_machine.travel(T0, tick=False):
        services.value_submit(value=saved, by=reporter_a)
    stored = Value.objects.get(pk=saved.pk)
    assert (stored.state, stored.submitted_at, stored.updated_by) == (
        "submitted",
        T0,
        reporter_a,
    )
    assert stored.warnings == [BIG_CHANGE, FAR]
    assert stored.revision == 2
    assert _log(stored)[-1] == (
        "reporting.value.submitted",
        reporter_a.pk,
        {"state": ["draft", "submitted"]},
    )


def test_a_returned_value_sent_again_records_returned_as_its_old_state(
    round_2024, n01, unit_a, reporter_a, office_user
):
    value = _save(round_2024, n01, unit_a, reporter_a, {"value": "2.60"}).value
    value = services.value_submit(value=value, by=reporter_a)
    value = services.value_return(value=value, by=office_user, reason="口径不一致")
    assert value.revision == 3
    value = _save(
        round_2024, n01, unit_a, reporter_a, {"value": "2.70"}, revision=value.revision
    ).value
    services.value_submit(value=value, by=reporter_a)
    stored = Value.objects.get(pk=value.pk)
    assert (stored.state, stored.revision, stored.value) == ("submitted", 5, Decimal("2.7"))
    assert _log(stored)[-1] == (
        "reporting.value.submitted",
        reporter_a.pk,
        {"state": ["returned", "submitted"]},
    )


def test_a_stored_value_that_no_longer_passes_the_checks_is_not_submitted(
    round_2024, n01, unit_a, reporter_a
):
    value = _save(round_2024, n01, unit_a, reporter_a, {"value": "2.55"}).value
    n01.decimals = 1  # the plan now keeps one decimal place: 2.55 has two
    n01.save()
    before = _row(value.pk)
    with pytest.raises(services.ReportingError) as excinfo:
        services.value_submit(value=value, by=reporter_a)
    assert excinfo.value.errors == {"value": ["最多保留 1 位小数"]}
    assert _row(value.pk) == before


# --- value_save ------------------------------------------------------------------------------


def test_a_new_value_keeps_every_field_trimmed_and_its_audit_entry_lists_what_was_entered(
    small_plan, round_2024, n01, unit_a, reporter_a, reporter_b
):
    entered = {
        "value": "2.60",
        "source": " 财政决算 ",
        "caliber": " 快报口径 ",
        "is_final": True,
        "note": " 待核 ",
        "explanation": "",
    }
    result = _save(round_2024, n01, unit_a, reporter_a, entered)
    changes = {
        "value": [None, "2.6"],
        "source": [None, "财政决算"],
        "caliber": [None, "快报口径"],
        "is_final": [None, True],
        "note": [None, "待核"],
    }
    assert (result.created, result.changes, result.warnings) == (True, changes, [])
    stored = Value.objects.get(pk=result.value.pk)
    assert (stored.source, stored.caliber, stored.is_final, stored.note) == (
        "财政决算",
        "快报口径",
        True,
        "待核",
    )
    assert (stored.round, stored.unit, stored.version, stored.revision) == (
        round_2024,
        unit_a,
        1,
        1,
    )
    assert _log(stored) == [
        (
            "reporting.value.created",
            reporter_a.pk,
            {"changes": changes, "unit": "县财政局", "version": 1},
        )
    ]

    # Only what was entered is listed: no empty text, no 快报 flag, no missing number.
    s01 = small_plan.indicators.get(code="S01")
    unit_b = small_plan.units.get(name="县经信局")
    bare = _save(round_2024, s01, unit_b, reporter_b, {"value": "0.480"})
    stored = Value.objects.get(pk=bare.value.pk)
    assert (stored.source, stored.caliber, stored.is_final, stored.note) == ("", "", False, "")
    assert bare.changes == {"value": [None, "0.48"]}
    assert _log(stored) == [
        (
            "reporting.value.created",
            reporter_b.pk,
            {"changes": {"value": [None, "0.48"]}, "unit": "县经信局", "version": 1},
        )
    ]


def test_a_field_left_out_of_a_later_save_is_emptied_and_the_change_audited(
    round_2024, n01, unit_a, reporter_a
):
    first = _save(
        round_2024,
        n01,
        unit_a,
        reporter_a,
        {"value": "2.60", "source": "财政决算", "caliber": "快报", "is_final": True, "note": "甲"},
    ).value
    second = _save(round_2024, n01, unit_a, reporter_a, {"value": "2.60"}, revision=first.revision)
    changes = {
        "source": ["财政决算", ""],
        "caliber": ["快报", ""],
        "is_final": [True, False],
        "note": ["甲", ""],
    }
    assert (second.created, second.changes) == (False, changes)
    stored = Value.objects.get(pk=first.pk)
    assert (stored.source, stored.caliber, stored.is_final, stored.note) == ("", "", False, "")
    assert (stored.version, stored.revision) == (1, 2)
    assert _log(stored)[-1] == (
        "reporting.value.changed",
        reporter_a.pk,
        {"changes": changes, "unit": "县财政局", "version": 1},
    )


def test_saving_the_same_value_again_returns_the_stored_row_and_its_warnings_and_writes_nothing(
    round_2024, n01, unit_a, reporter_a, approved_2023
):
    data = {"value": "1.00", "explanation": "统计口径调整"}
    first = _save(round_2024, n01, unit_a, reporter_a, data)
    assert first.warnings == [BIG_CHANGE, FAR]
    before, log = _row(first.value.pk), _log(first.value)
    again = _save(round_2024, n01, unit_a, reporter_a, data, revision=first.value.revision)
    assert again.value.pk == first.value.pk
    assert again.created is False
    assert (again.changes, again.warnings) == ({}, [BIG_CHANGE, FAR])
    assert (_row(first.value.pk), _log(first.value)) == (before, log)


@pytest.mark.parametrize("when", ["after the look-up", "after the checks"])
def test_two_first_saves_at_the_same_moment_the_second_is_refused_and_names_the_first(
    round_2024, n01, unit_a, reporter_a, monkeypatch, when
):
    from tests.conftest import _make_user

    colleague = _make_user("reporter-a2", "reporter", unit_a)
    colleague.first_name = "王五"
    colleague.save()

    def colleague_saves():
        # The colleague's first version, written by a parallel request after this save
        # found none.
        with time_machine.travel(T0, tick=False):
            Value.objects.create(
                indicator=n01,
                period="2024",
                version=1,
                round=round_2024,
                unit=unit_a,
                value=Decimal("2.5"),
                updated_by=colleague,
                revision=1,
            )

    if when == "after the look-up":
        real_check = services.value_check

        def check_after_colleague(**kwargs):
            colleague_saves()
            return real_check(**kwargs)

        monkeypatch.setattr(services, "value_check", check_after_colleague)
    else:
        real_full_clean = Value.full_clean

        def full_clean_then_colleague(self, *args, **kwargs):
            real_full_clean(self, *args, **kwargs)
            colleague_saves()

        monkeypatch.setattr(Value, "full_clean", full_clean_then_colleague)
    with pytest.raises(services.ConflictError) as excinfo:
        _save(round_2024, n01, unit_a, reporter_a, {"value": "2.60"})
    assert str(excinfo.value) == (
        "该数据已被 王五 于 2025-01-10 09:00:00 修改，您的修改未保存。请刷新页面，核对后重新填写。"
    )
    # The whole save is undone (here with the colleague's row, which in production sits in
    # the colleague's own transaction).
    assert Value.objects.count() == 0
    assert not LogEntry.objects.filter(action__startswith="reporting.value").exists()


# --- round_open ------------------------------------------------------------------------------


def _open(plan, period, deadline, by, **kwargs):
    return services.round_open(plan=plan, period=period, deadline=deadline, by=by, **kwargs)


def test_rounds_open_from_the_base_year_to_the_final_assessment_year_only(small_plan, office_user):
    # The small plan runs 2024–2026 with the base year 2023; 2026 is the final assessment.
    for year in (2023, 2026):
        _open(small_plan, str(year), dt.date(year + 1, 3, 31), office_user)
    for year in (2022, 2027):
        with pytest.raises(services.ReportingError) as excinfo:
            _open(small_plan, str(year), dt.date(year + 1, 3, 31), office_user)
        assert excinfo.value.errors == {
            "period": [
                f"报告期 {year}年 不在方案期内：只能为2023年至2026年的报告期开启填报轮次"
                "（2026年即终期评估）"
            ]
        }
    assert sorted(Round.objects.values_list("period", flat=True)) == ["2023", "2026"]

    small_plan.base_year = None  # without a base year the plan's first year is the first
    small_plan.save()
    with pytest.raises(services.ReportingError) as excinfo:
        _open(small_plan, "2023Q4", dt.date(2024, 1, 20), office_user)
    assert excinfo.value.errors == {
        "period": [
            "报告期 2023年第4季度 不在方案期内：只能为2024年至2026年的报告期开启填报轮次"
            "（2026年即终期评估）"
        ]
    }
    assert Round.objects.count() == 2


def test_a_deadline_may_be_the_periods_first_day_but_not_earlier(small_plan, office_user):
    with pytest.raises(services.ReportingError) as excinfo:
        _open(small_plan, "2025Q1", dt.date(2024, 12, 31), office_user)
    assert excinfo.value.errors == {
        "deadline": ["截止日期 2024-12-31 早于报告期开始日期 2025-01-01"]
    }
    assert Round.objects.count() == 0
    opened = _open(small_plan, "2025Q1", dt.date(2025, 1, 1), office_user)
    assert Round.objects.get(pk=opened.pk).deadline == dt.date(2025, 1, 1)


def test_a_round_opened_twice_is_refused_but_other_periods_and_plans_are_not(
    small_plan, small_plan_data, office_user
):
    from innocounty.plans.services import plan_load

    other_plan = plan_load(data=small_plan_data.model_copy(update={"key": "other-2024"})).plan
    first = _open(small_plan, "2024", dt.date(2025, 3, 31), office_user)
    log = _log(first)
    with pytest.raises(services.ReportingError) as excinfo:
        _open(small_plan, " 2024 ", dt.date(2025, 4, 30), office_user)
    assert excinfo.value.errors == {"period": ["2024年 的填报轮次已经存在"]}
    assert Round.objects.count() == 1
    assert Round.objects.get(pk=first.pk).deadline == dt.date(2025, 3, 31)
    assert _log(first) == log
    # The same period in another plan, another period in the same plan.
    _open(other_plan, "2024", dt.date(2025, 3, 31), office_user)
    _open(small_plan, "2025", dt.date(2026, 3, 31), office_user)
    assert sorted(Round.objects.values_list("plan__key", "period")) == [
        ("demo-county-2024", "2024"),
        ("demo-county-2024", "2025"),
        ("other-2024", "2024"),
    ]


def test_a_round_keeps_what_the_office_chose_and_its_opening_is_audited(
    small_plan, office_user, monkeypatch
):
    changed = []
    monkeypatch.setattr(services.plan_hooks, "plan_changed", lambda **kw: changed.append(kw))
    quarter = _open(small_plan, " 2025Q3 ", dt.date(2025, 10, 20), office_user, include_tasks=False)
    year = _open(small_plan, "2025", dt.date(2026, 3, 31), office_user)
    rows = {r.pk: r for r in Round.objects.all()}
    stored = rows[quarter.pk]
    assert (stored.plan, stored.period, stored.title, stored.deadline) == (
        small_plan,
        "2025Q3",
        "2025年第3季度填报",
        dt.date(2025, 10, 20),
    )
    assert (stored.include_tasks, stored.created_by, stored.status) == (False, office_user, "open")
    assert (rows[year.pk].title, rows[year.pk].include_tasks) == ("2025年填报", True)
    assert _log(stored) == [
        (
            "reporting.round.opened",
            office_user.pk,
            {"period": "2025Q3", "deadline": "2025-10-20"},
        )
    ]
    # The monitor's stored results of the plan go stale.
    assert changed == [{"plan_id": small_plan.pk}, {"plan_id": small_plan.pk}]


def test_a_round_opened_by_a_parallel_request_at_the_same_moment_is_refused(
    small_plan, office_user, monkeypatch
):
    real_title = services.round_title

    def parallel_opens_first(period):
        # The parallel request's round is written after this one found none, before it is
        # checked and saved: only the database's unique constraint sees it.
        Round.objects.create(
            plan=small_plan, period="2025", title="2025年填报", deadline=dt.date(2026, 3, 31)
        )
        return real_title(period)

    monkeypatch.setattr(services, "round_title", parallel_opens_first)
    with pytest.raises(services.ReportingError) as excinfo:
        _open(small_plan, "2025", dt.date(2026, 3, 31), office_user)
    assert excinfo.value.errors == {"period": ["2025年 的填报轮次已经存在"]}
    assert not LogEntry.objects.filter(action="reporting.round.opened").exists()


# --- value_context ---------------------------------------------------------------------------


def test_a_correction_is_checked_against_the_period_before_not_its_own_or_a_later_year(
    small_plan, round_2024, n01, unit_a, reporter_a, office_user, approved_2023
):
    round_2025 = _open(small_plan, "2025", dt.date(2026, 3, 31), office_user)
    approved = {}
    for round_, number in ((round_2024, "2.60"), (round_2025, "2.70")):
        value = _save(round_, n01, unit_a, reporter_a, {"value": number}).value
        value = services.value_submit(value=value, by=reporter_a)
        approved[round_.period] = services.value_approve(value=value, by=office_user)
    context = services.value_context(indicator=n01, period="2024")
    assert (context.last_approved, context.previous, context.last_period) == (
        Decimal("3"),
        Decimal("3"),
        "2023",
    )
    # A correction of 2024 to 1.00 is compared with 2023's 3.00 and the 2024 target.
    draft = services.value_correct(value=approved["2024"], by=reporter_a, reason="决算调整")
    result = _save(round_2024, n01, unit_a, reporter_a, {"value": "1.00"}, revision=draft.revision)
    assert result.warnings == [BIG_CHANGE, FAR]


# --- round_unit_values_save ------------------------------------------------------------------


def _batch(round_, unit, by, *entries):
    return services.round_unit_values_save(round_=round_, unit=unit, entries=entries, by=by)


def test_a_batch_changes_a_stored_value_from_its_revision_and_refuses_a_stale_one(
    round_2024, n01, unit_a, reporter_a
):
    with time_machine.travel(T0, tick=False):
        first = _save(round_2024, n01, unit_a, reporter_a, {"value": "2.50"}).value
    [result] = _batch(
        round_2024,
        unit_a,
        reporter_a,
        services.ValueEntry(n01, {"value": "2.60"}, stored=first, revision=first.revision),
    )
    assert (result.created, result.changes) == (False, {"value": ["2.5", "2.6"]})
    stored = Value.objects.get(pk=first.pk)
    assert (stored.value, stored.revision) == (Decimal("2.6"), 2)

    before = _row(first.pk)
    saved_at = timezone.localtime(stored.updated).strftime("%Y-%m-%d %H:%M:%S")
    with pytest.raises(services.BatchError) as excinfo:
        _batch(
            round_2024,
            unit_a,
            reporter_a,
            services.ValueEntry(n01, {"value": "2.70"}, stored=first, revision=first.revision),
        )
    assert excinfo.value.problems == {
        0: {
            "__all__": [
                f"该数据已被 reporter-a 于 {saved_at} 修改，您的修改未保存。请刷新页面，核对后重新填写。"
            ]
        }
    }
    assert _row(first.pk) == before


def test_a_batch_row_the_database_cannot_hold_is_named_by_its_index_and_nothing_is_written(
    small_plan, round_2024, n01, unit_a, reporter_a
):
    s01 = small_plan.indicators.get(code="S01")
    with pytest.raises(services.BatchError) as excinfo:
        _batch(
            round_2024,
            unit_a,
            reporter_a,
            services.ValueEntry(s01, {"value": ""}),  # an empty row: skipped
            services.ValueEntry(n01, {"value": "2.60", "source": "统" * 201}),
        )
    # 数据来源 keeps at most 200 characters (Django's message for the field's max_length).
    assert excinfo.value.problems == {
        1: {"__all__": ["确保该变量包含不超过 200 字符 (目前字符数 201)。"]}
    }
    assert Value.objects.count() == 0
    assert not LogEntry.objects.filter(action__startswith="reporting.value").exists()
