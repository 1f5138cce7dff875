import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from innocounty.audit.models import LogEntry
from innocounty.core.periods import PeriodError
from innocounty.core.workflow import Action
from innocounty.reporting import selectors, services
from innocounty.reporting.models import Evidence, Round, TaskReport, Value

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(Value.objects.order_by("pk").values()),
        list(TaskReport.objects.order_by("pk").values()),
        LogEntry.objects.count(),
    )


def _save(round_, indicator, unit, by, revision=None, **data):
    return services.value_save(
        round_=round_, indicator=indicator, unit=unit, data=data, by=by, revision=revision
    )


# --- rounds ---


def test_the_office_opens_one_round_per_period(small_plan, office_user):
    round_ = services.round_open(
        plan=small_plan, period=" 2025Q1 ", deadline=dt.date(2025, 4, 20), by=office_user
    )
    assert (round_.period, round_.title) == ("2025Q1", "2025年第1季度填报")
    assert LogEntry.objects.filter(action="reporting.round.opened").count() == 1
    with pytest.raises(services.ReportingError, match="2025年第1季度 的填报轮次已经存在"):
        services.round_open(
            plan=small_plan, period="2025Q1", deadline=dt.date(2025, 4, 20), by=office_user
        )


def test_a_round_needs_a_valid_period_and_a_sensible_deadline(small_plan, office_user):
    with pytest.raises(PeriodError, match="无效的报告期“2025Q5”"):
        services.round_open(
            plan=small_plan, period="2025Q5", deadline=dt.date(2025, 4, 20), by=office_user
        )
    with pytest.raises(services.ReportingError, match="早于报告期开始日期"):
        services.round_open(
            plan=small_plan, period="2025", deadline=dt.date(2024, 12, 1), by=office_user
        )
    assert Round.objects.count() == 0


def test_only_the_office_opens_rounds(small_plan, reporter_a, leader_user):
    for person in (reporter_a, leader_user):
        with pytest.raises(PermissionDenied):
            services.round_open(
                plan=small_plan, period="2025", deadline=dt.date(2026, 3, 1), by=person
            )


def test_a_round_covers_the_indicators_whose_frequency_fits(small_plan, office_user, n01, s01):
    s01.frequency = "quarterly"
    s01.save()
    year = services.round_open(
        plan=small_plan, period="2024", deadline=dt.date(2025, 3, 1), by=office_user
    )
    quarter = services.round_open(
        plan=small_plan, period="2024Q3", deadline=dt.date(2024, 10, 20), by=office_user
    )
    assert list(year.indicators()) == [n01, s01]
    assert list(quarter.indicators()) == [s01]


# --- values ---


def test_a_reporter_saves_a_draft_and_the_audit_log_says_what_changed(
    round_2024, n01, unit_a, reporter_a
):
    result = _save(round_2024, n01, unit_a, reporter_a, value="2.55", source="财政决算")
    value = result.value
    assert (value.state, value.version, value.value, value.revision) == (
        "draft",
        1,
        Decimal("2.55"),
        1,
    )
    assert result.created
    second = _save(round_2024, n01, unit_a, reporter_a, revision=1, value="2.60", source="财政决算")
    assert second.changes == {"value": ["2.55", "2.6"]}
    entries = list(LogEntry.objects.filter(action__startswith="reporting.value").order_by("pk"))
    assert [e.action for e in entries] == ["reporting.value.created", "reporting.value.changed"]
    assert entries[1].data["changes"] == {"value": ["2.55", "2.6"]}
    assert entries[1].user == reporter_a


def test_saving_the_same_data_twice_writes_nothing(round_2024, n01, unit_a, reporter_a):
    _save(round_2024, n01, unit_a, reporter_a, value="2.55")
    before = _snapshot()
    result = _save(round_2024, n01, unit_a, reporter_a, revision=1, value="2.55")
    assert result.changes == {}
    assert _snapshot() == before


def test_hard_errors_are_all_reported_and_nothing_is_written(round_2024, n01, unit_a, reporter_a):
    before = _snapshot()
    with pytest.raises(services.ReportingError) as excinfo:
        _save(round_2024, n01, unit_a, reporter_a, value="-1.234")
    assert excinfo.value.errors == {
        "value": ["不能为负数", "百分比应在 0 到 100 之间", "最多保留 2 位小数"]
    }
    assert _snapshot() == before


def test_a_second_person_saving_the_same_value_is_told_and_overwrites_nothing(
    round_2024, s01, small_plan, reporter_b, office_user
):
    from tests.conftest import _make_user

    other = _make_user("reporter-kj", "reporter", small_plan.units.get(name="县科技局"))
    kj = small_plan.units.get(name="县科技局")
    unit_b = small_plan.units.get(name="县经信局")
    first = _save(round_2024, s01, unit_b, reporter_b, value="0.490").value
    # Both loaded revision 1; the colleague saves first.
    _save(round_2024, s01, kj, other, revision=first.revision, value="0.488")
    before = _snapshot()
    with pytest.raises(
        services.ConflictError, match=r"已被 reporter-kj 于 .* 修改，您的修改未保存"
    ):
        _save(round_2024, s01, unit_b, reporter_b, revision=first.revision, value="0.470")
    assert _snapshot() == before
    assert Value.objects.get().value == Decimal("0.488")


def test_a_reporter_cannot_enter_another_units_indicator(
    round_2024, n01, unit_a, unit_b, reporter_b
):
    with pytest.raises(PermissionDenied):
        _save(round_2024, n01, unit_a, reporter_b, value="2.5")
    with pytest.raises(services.ReportingError, match="“县经信局”不是该指标的责任单位"):
        _save(round_2024, n01, unit_b, reporter_b, value="2.5")
    assert Value.objects.count() == 0


def test_submitting_needs_an_explanation_when_there_are_warnings(
    round_2024, n01, unit_a, reporter_a
):
    value = _save(round_2024, n01, unit_a, reporter_a, value="1.0").value  # far below 2.5
    assert value.warnings == ["与 2024 年目标 2.5 差距较大"]
    with pytest.raises(services.ReportingError, match="请先填写“异常情况说明”再报送"):
        services.value_submit(value=value, by=reporter_a)
    assert Value.objects.get().state == "draft"
    value = _save(
        round_2024,
        n01,
        unit_a,
        reporter_a,
        revision=value.revision,
        value="1.0",
        explanation="受财政收支结构调整影响",
    ).value
    assert services.value_submit(value=value, by=reporter_a).state == "submitted"


def test_the_whole_review_cycle_keeps_every_version(
    round_2024, n01, unit_a, reporter_a, office_user
):
    value = _save(round_2024, n01, unit_a, reporter_a, value="2.55").value
    value = services.value_submit(value=value, by=reporter_a)
    with pytest.raises(services.ReportingError, match="请填写退回原因"):
        services.value_return(value=value, by=office_user, reason=" ")
    value = services.value_return(value=value, by=office_user, reason="请附决算表")
    assert (value.state, value.return_reason) == ("returned", "请附决算表")
    value = _save(round_2024, n01, unit_a, reporter_a, revision=value.revision, value="2.56").value
    value = services.value_submit(value=value, by=reporter_a)
    value = services.value_approve(value=value, by=office_user)
    assert value.state == "approved"
    assert selectors.approved_values(plan=n01.plan) == {"N01": {"2024": Decimal("2.56")}}

    # Locked: neither saving nor submitting changes it.
    with pytest.raises(services.ReportingError, match="已审核状态下不能修改"):
        _save(round_2024, n01, unit_a, reporter_a, revision=value.revision, value="2.70")
    with pytest.raises(services.ReportingError, match="请填写更正原因"):
        services.value_correct(value=value, by=reporter_a, reason="")

    new = services.value_correct(value=value, by=reporter_a, reason="决算调整")
    assert (new.version, new.state, new.value, new.correction_reason) == (
        2,
        "draft",
        Decimal("2.56"),
        "决算调整",
    )
    # Until the correction is approved, the approved version still counts.
    new = _save(round_2024, n01, unit_a, reporter_a, revision=new.revision, value="2.70").value
    assert selectors.approved_values(plan=n01.plan)["N01"]["2024"] == Decimal("2.56")
    new = services.value_approve(
        value=services.value_submit(value=new, by=reporter_a), by=office_user
    )
    assert selectors.approved_values(plan=n01.plan)["N01"]["2024"] == Decimal("2.70")
    assert list(Value.objects.order_by("version").values_list("version", "state", "value")) == [
        (1, "approved", Decimal("2.56")),
        (2, "approved", Decimal("2.70")),
    ]


def test_only_the_office_reviews(round_2024, n01, unit_a, reporter_a, leader_user):
    value = services.value_submit(
        value=_save(round_2024, n01, unit_a, reporter_a, value="2.55").value, by=reporter_a
    )
    for person in (reporter_a, leader_user):
        with pytest.raises(PermissionDenied):
            services.value_approve(value=value, by=person)


def test_a_closed_round_takes_no_more_values(round_2024, n01, unit_a, reporter_a, office_user):
    services.round_close(round_=round_2024, by=office_user)
    with pytest.raises(services.ReportingError, match="已结束，不能再修改"):
        _save(round_2024, n01, unit_a, reporter_a, value="2.55")


def test_a_stale_review_is_refused(round_2024, n01, unit_a, reporter_a, office_user):
    value = services.value_submit(
        value=_save(round_2024, n01, unit_a, reporter_a, value="2.55").value, by=reporter_a
    )
    stale = Value.objects.get(pk=value.pk)
    services.value_return(value=value, by=office_user, reason="核对")
    with pytest.raises(services.ConflictError):
        services.value_approve(value=stale, by=office_user)
    assert Value.objects.get().state == "returned"


# --- evidence ---

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"", "是空文件"),
        ("a.pdf", b"MZ\x90\x00 an exe", "不是允许的类型"),
        ("a.pdf", PNG, "内容是 PNG，与扩展名不符"),
        ("a.exe", PDF, "不是允许的类型"),
        ("a.pdf", PDF + b"x" * (21 * 1024 * 1024), "超过 20 MB"),
    ],
)
def test_evidence_is_checked_by_content_and_size(
    round_2024, n01, unit_a, reporter_a, name, content, message
):
    value = _save(round_2024, n01, unit_a, reporter_a, value="2.55").value
    with pytest.raises(services.ReportingError, match=message):
        services.evidence_add(upload=SimpleUploadedFile(name, content), by=reporter_a, value=value)
    assert Evidence.objects.count() == 0


def test_evidence_is_stored_and_logged(round_2024, n01, unit_a, reporter_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    value = _save(round_2024, n01, unit_a, reporter_a, value="2.55").value
    evidence = services.evidence_add(
        upload=SimpleUploadedFile("决算表.pdf", PDF), by=reporter_a, value=value
    )
    assert (evidence.name, evidence.extension, evidence.size) == ("决算表.pdf", "pdf", len(PDF))
    assert evidence.file.read() == PDF
    assert "决算表" not in evidence.file.name  # stored under its hash, never the user's name
    assert LogEntry.objects.filter(action="reporting.evidence.added").count() == 1


# --- task reports ---


def test_task_reports_go_through_the_same_workflow(small_plan, round_2024, reporter_a, office_user):
    task = small_plan.tasks.get(number=1)  # led by 县财政局
    unit = small_plan.units.get(name="县财政局")
    report = services.task_report_save(
        round_=round_2024,
        task=task,
        unit=unit,
        by=reporter_a,
        revision=None,
        data={"progress": "已完成年度预算安排", "percent": 60},
    )
    assert report.role == "lead"
    report = services.task_report_transition(report=report, action=Action.SUBMIT, by=reporter_a)
    report = services.task_report_transition(
        report=report, action=Action.RETURN, by=office_user, reason="请量化"
    )
    report = services.task_report_save(
        round_=round_2024,
        task=task,
        unit=unit,
        by=reporter_a,
        revision=report.revision,
        data={"progress": "已完成年度预算安排 1.2 亿元", "percent": 60},
    )
    report = services.task_report_transition(report=report, action=Action.SUBMIT, by=reporter_a)
    report = services.task_report_transition(report=report, action=Action.APPROVE, by=office_user)
    assert report.state == "approved"
    actions = list(
        LogEntry.objects.filter(action__startswith="reporting.task_report").values_list(
            "action", flat=True
        )
    )
    assert actions.count("reporting.task_report.submitted") == 2


def test_a_unit_reports_only_on_its_own_tasks(small_plan, round_2024, reporter_a):
    task = small_plan.tasks.get(number=3)  # 县经信局 only
    unit = small_plan.units.get(name="县财政局")
    with pytest.raises(services.ReportingError, match="不是任务 3 的牵头或责任单位"):
        services.task_report_save(
            round_=round_2024,
            task=task,
            unit=unit,
            by=reporter_a,
            revision=None,
            data={"progress": "x"},
        )
    with pytest.raises(services.ReportingError, match="完成进度应在 0 到 100 之间"):
        services.task_report_save(
            round_=round_2024,
            task=small_plan.tasks.get(number=1),
            unit=unit,
            by=reporter_a,
            revision=None,
            data={"progress": "x", "percent": 120},
        )
    assert TaskReport.objects.count() == 0


# --- status ---


def test_round_status_counts_units_items_and_the_chase_list(
    round_2024, n01, s01, unit_a, reporter_a, office_user
):
    value = services.value_submit(
        value=_save(round_2024, n01, unit_a, reporter_a, value="2.55").value, by=reporter_a
    )
    services.value_approve(value=value, by=office_user)
    status = selectors.round_status(
        round_=round_2024, now=selectors.deadline_end(round_2024) + dt.timedelta(days=1)
    )
    rows = {row.unit.name: row.progress for row in status.rows}
    # 县财政局: N01 + lead of task 1; 县经信局: S01 + lead of task 3; 县科技局: S01 + lead of task 2.
    assert rows["县财政局"].completeness == 0.5
    assert rows["县财政局"].overdue is True
    assert [i.key for i in rows["县财政局"].missing] == ["task:1"]
    assert [i.key for i in rows["县经信局"].missing] == ["indicator:S01", "task:3"]
    assert next(row.unit.name for row in status.chase) in ("县经信局", "县科技局")


def test_a_repeating_ratio_is_stored_to_eight_places(round_2024, n01, unit_a, reporter_a):
    value = _save(round_2024, n01, unit_a, reporter_a, numerator="1", denominator="30").value
    value.refresh_from_db()
    assert value.value == Decimal("3.33333333")


def test_the_context_is_the_last_approved_value_of_the_same_kind(
    small_plan, office_user, n01, unit_a, reporter_a
):
    small_plan.base_year = 2022  # rounds open only within the plan's years
    small_plan.save(update_fields=["base_year"])
    for period, number in (("2022", "2.0"), ("2023", "2.4")):
        round_ = services.round_open(
            plan=small_plan, period=period, deadline=dt.date(2030, 1, 1), by=office_user
        )
        value = _save(round_, n01, unit_a, reporter_a, value=number, explanation="x").value
        services.value_approve(
            value=services.value_submit(value=value, by=reporter_a), by=office_user
        )
    context = services.value_context(indicator=n01, period="2025")
    assert (context.last_approved, context.previous) == (Decimal("2.4"), None)
    context = services.value_context(indicator=n01, period="2024")
    assert (context.last_approved, context.previous, context.target) == (
        Decimal("2.4"),
        Decimal("2.4"),
        Decimal("2.5"),
    )


def test_a_correction_after_the_deadline_does_not_make_a_unit_late(
    round_2024, n01, unit_a, reporter_a, office_user
):
    value = _save(round_2024, n01, unit_a, reporter_a, value="2.55").value
    value = services.value_approve(
        value=services.value_submit(value=value, by=reporter_a), by=office_user
    )
    on_time = selectors.deadline_end(round_2024) - dt.timedelta(days=3)
    Value.objects.filter(pk=value.pk).update(submitted_at=on_time)
    value.refresh_from_db()
    corrected = services.value_correct(value=value, by=reporter_a, reason="年报更新")
    services.value_submit(value=corrected, by=reporter_a)  # now, long after the deadline
    status = selectors.round_status(round_=round_2024, now=selectors.deadline_end(round_2024))
    finance = next(row.progress for row in status.rows if row.unit.name == "县财政局")
    item = next(i for i in finance.items if i.key == "indicator:N01")
    assert item.submitted == on_time


# --- a closed round: corrections and started items run the whole workflow (issue 11, item 4)


def test_a_correction_in_a_closed_round_runs_the_whole_workflow(
    round_2024, n01, unit_a, reporter_a, office_user
):
    v1 = services.value_submit(
        value=_save(round_2024, n01, unit_a, reporter_a, value="2.55").value, by=reporter_a
    )
    v1 = services.value_approve(value=v1, by=office_user)
    services.round_close(round_=round_2024, by=office_user)
    v2 = services.value_correct(value=v1, by=reporter_a, reason="年报数")
    v2 = services.value_save(
        round_=round_2024,
        indicator=n01,
        unit=unit_a,
        data={"value": "2.61", "explanation": "年报"},
        by=reporter_a,
        revision=v2.revision,
    ).value
    v2 = services.value_submit(value=v2, by=reporter_a)
    v2 = services.value_return(value=v2, by=office_user, reason="核对")
    v2 = services.value_submit(value=v2, by=reporter_a)
    v2 = services.value_approve(value=v2, by=office_user)
    v3 = services.value_correct(value=v2, by=office_user, reason="再次更正")
    assert [(v.version, v.state, v.value) for v in Value.objects.order_by("version")] == [
        (1, "approved", Decimal("2.55")),
        (2, "approved", Decimal("2.61")),
        (3, "draft", Decimal("2.61")),
    ]
    assert v3.round == round_2024
    actions = list(
        LogEntry.objects.filter(object_id=str(v2.pk), content_type__model="value")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "reporting.value.corrected",
        "reporting.value.changed",
        "reporting.value.submitted",
        "reporting.value.returned",
        "reporting.value.submitted",
        "reporting.value.approved",
    ]


def test_a_task_report_correction_in_a_closed_round_runs_the_whole_workflow(
    round_2024, small_plan, unit_a, reporter_a, office_user
):
    task = small_plan.tasks.get(number=1)

    def save(revision, text):
        return services.task_report_save(
            round_=round_2024,
            task=task,
            unit=unit_a,
            data={"progress": text},
            by=reporter_a,
            revision=revision,
        )

    def move(report, action, by, reason=""):
        return services.task_report_transition(report=report, action=action, by=by, reason=reason)

    r1 = move(save(None, "推进中"), Action.SUBMIT, reporter_a)
    r1 = move(r1, Action.APPROVE, office_user)
    services.round_close(round_=round_2024, by=office_user)
    r2 = move(r1, Action.CORRECT, reporter_a, "补充")
    r2 = save(r2.revision, "已完成")
    r2 = move(r2, Action.SUBMIT, reporter_a)
    r2 = move(r2, Action.RETURN, office_user, "核对")
    r2 = move(save(r2.revision, "已全部完成"), Action.SUBMIT, reporter_a)
    r2 = move(r2, Action.APPROVE, office_user)
    move(r2, Action.CORRECT, office_user, "再次更正")
    rows = TaskReport.objects.order_by("version").values_list("version", "state", "progress")
    assert list(rows) == [
        (1, "approved", "推进中"),
        (2, "approved", "已全部完成"),
        (3, "draft", "已全部完成"),
    ]


def test_a_closed_round_takes_no_new_task_reports(
    round_2024, small_plan, unit_a, reporter_a, office_user
):
    services.round_close(round_=round_2024, by=office_user)
    with pytest.raises(services.ReportingError, match="已结束"):
        services.task_report_save(
            round_=round_2024,
            task=small_plan.tasks.get(number=1),
            unit=unit_a,
            data={"progress": "推进中"},
            by=reporter_a,
            revision=None,
        )
