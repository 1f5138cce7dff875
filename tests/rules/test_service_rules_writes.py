"""Rules inside the reporting services' writes, found untested by the mutation run once the
writes were reachable (issue 19): each step of a task report's review records who, when and
old → new state, a refused step changes no row, the limits of 完成进度 are 0 and 100 inclusive,
a stale or superseded copy is refused, a return names its reason, a correction starts a new
version and keeps the approved one, and a unit's whole submission is approved at once and
nothing else. Expected values by hand from the small plan.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from innocounty.core.workflow import Action
from innocounty.reporting import services
from innocounty.reporting.models import Evidence, Round, TaskReport, Value

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2025, 1, 10, 9, 0, tzinfo=SHANGHAI)


def _unit(plan, name):
    return plan.units.get(name=name)


def _log(obj) -> list[tuple]:
    return list(obj.log_entries().order_by("pk").values_list("action", "user", "data"))


def _row(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


def _report(round_, number, unit_name, by, progress="预算已安排", percent=50, revision=None):
    plan = round_.plan
    return services.task_report_save(
        round_=round_,
        task=plan.tasks.get(number=number),
        unit=_unit(plan, unit_name),
        data={"progress": progress, "percent": percent},
        by=by,
        revision=revision,
    )


def _move(report, action, by, reason=None, **kwargs):
    if reason is not None:
        kwargs["reason"] = reason
    return services.task_report_transition(report=report, action=action, by=by, **kwargs)


# --- task reports ---------------------------------------------------------------------------


def test_each_step_of_a_task_reports_review_records_who_when_and_the_states(
    small_plan, round_2024, reporter_a, office_user
):
    report = _report(round_2024, 1, "县财政局", reporter_a)
    assert report.revision == 1
    with time_machine.travel(T0, tick=False):
        report = _move(report, Action.SUBMIT, reporter_a)
    stored = TaskReport.objects.get(pk=report.pk)
    assert (stored.state, stored.submitted_at, stored.reviewed_at, stored.revision) == (
        "submitted",
        T0,
        None,
        2,
    )
    later = T0 + dt.timedelta(hours=2)
    with time_machine.travel(later, tick=False):
        report = _move(report, Action.RETURN, office_user, reason=" 缺少数据来源 ")
    stored = TaskReport.objects.get(pk=report.pk)
    assert (stored.state, stored.return_reason, stored.revision) == ("returned", "缺少数据来源", 3)
    assert (stored.submitted_at, stored.reviewed_at, stored.reviewed_by) == (T0, later, office_user)

    report = _report(round_2024, 1, "县财政局", reporter_a, progress="已补充", revision=3)
    report = _move(report, Action.SUBMIT, reporter_a)
    last = T0 + dt.timedelta(days=1)
    with time_machine.travel(last, tick=False):
        report = _move(report, Action.APPROVE, office_user)
    stored = TaskReport.objects.get(pk=report.pk)
    assert (stored.state, stored.reviewed_at, stored.reviewed_by, stored.revision) == (
        "approved",
        last,
        office_user,
        6,
    )
    assert stored.return_reason == "缺少数据来源"  # an approval keeps the last return's reason

    a, office = reporter_a.pk, office_user.pk
    assert [entry for entry in _log(stored) if entry[0] != "reporting.task_report.changed"] == [
        (
            "reporting.task_report.created",
            a,
            {"changes": {"progress": [None, "预算已安排"], "percent": [None, 50]}},
        ),
        ("reporting.task_report.submitted", a, {"state": ["draft", "submitted"]}),
        (
            "reporting.task_report.returned",
            office,
            {"state": ["submitted", "returned"], "reason": "缺少数据来源"},
        ),
        ("reporting.task_report.submitted", a, {"state": ["returned", "submitted"]}),
        ("reporting.task_report.approved", office, {"state": ["submitted", "approved"]}),
    ]


def test_a_refused_task_report_step_names_what_is_missing_and_changes_no_row(
    small_plan, round_2024, reporter_a, office_user
):
    empty = _report(round_2024, 1, "县财政局", reporter_a, progress="  ")
    before = _row(TaskReport, empty.pk)
    with pytest.raises(services.ReportingError) as excinfo:
        _move(empty, Action.SUBMIT, reporter_a)
    assert excinfo.value.errors == {"progress": ["请填写进展情况"]}
    assert _row(TaskReport, empty.pk) == before

    report = _report(round_2024, 1, "县财政局", reporter_a, revision=1)
    report = _move(report, Action.SUBMIT, reporter_a)
    before = _row(TaskReport, report.pk)
    for reason in (None, "  "):  # no reason given, or only spaces
        with pytest.raises(services.ReportingError) as excinfo:
            _move(report, Action.RETURN, office_user, reason=reason)
        assert excinfo.value.errors == {"reason": ["请填写退回原因"]}
    report = _move(report, Action.APPROVE, office_user)
    before = _row(TaskReport, report.pk)
    with pytest.raises(services.ReportingError) as excinfo:
        _move(report, Action.CORRECT, reporter_a, reason=" ")
    assert excinfo.value.errors == {"reason": ["请填写更正原因"]}
    # Only the unit's reporter submits; the office may only when it says it acts for the unit.
    with pytest.raises(PermissionDenied):
        _move(report, Action.SUBMIT, office_user)
    assert _row(TaskReport, report.pk) == before
    assert TaskReport.objects.count() == 1
    actions = [action for action, _user, _data in _log(report)]
    assert actions.count("reporting.task_report.corrected") == 0


def test_a_task_report_correction_is_a_new_draft_version_and_the_approved_one_stays(
    small_plan, round_2024, reporter_a, office_user
):
    report = _report(round_2024, 1, "县财政局", reporter_a, percent=60)
    report = _move(_move(report, Action.SUBMIT, reporter_a), Action.APPROVE, office_user)
    TaskReport.objects.filter(pk=report.pk).update(is_demo=True)
    report.refresh_from_db()
    approved = _row(TaskReport, report.pk)
    new = _move(report, Action.CORRECT, office_user, reason=" 补充节点 ")
    stored = TaskReport.objects.get(pk=new.pk)
    assert stored.pk != report.pk
    assert (stored.version, stored.state, stored.revision, stored.role) == (2, "draft", 1, "lead")
    assert (stored.correction_reason, stored.updated_by, stored.is_demo) == (
        "补充节点",
        office_user,
        True,
    )
    assert (stored.progress, stored.percent) == ("预算已安排", 60)
    assert _row(TaskReport, report.pk) == approved
    assert _log(stored) == [
        (
            "reporting.task_report.corrected",
            office_user.pk,
            {"from_version": 1, "reason": "补充节点"},
        )
    ]


def test_a_superseded_task_report_is_refused_even_at_the_same_revision(
    small_plan, round_2024, reporter_a, office_user
):
    v1 = _report(round_2024, 1, "县财政局", reporter_a)
    v1 = _move(_move(v1, Action.SUBMIT, reporter_a), Action.APPROVE, office_user)
    v2 = _move(v1, Action.CORRECT, reporter_a, reason="补充")
    step = 0
    while v2.revision < v1.revision:  # the new version's revision catches up with the old one's
        step += 1
        v2 = _report(
            round_2024, 1, "县财政局", reporter_a, progress=f"补充{step}", revision=v2.revision
        )
    assert (v2.revision, v2.pk != v1.pk) == (v1.revision, True)
    with pytest.raises(services.ConflictError, match="已被 他人 于 刚才 修改"):
        _move(v1, Action.SUBMIT, reporter_a)
    assert TaskReport.objects.get(pk=v2.pk).state == "draft"


def test_a_task_reports_percent_runs_from_0_to_100_inclusive(small_plan, round_2024, reporter_a):
    report = _report(round_2024, 1, "县财政局", reporter_a, percent=0)
    assert report.percent == 0
    report = _report(round_2024, 1, "县财政局", reporter_a, percent=100, revision=report.revision)
    assert report.percent == 100
    report = _report(round_2024, 1, "县财政局", reporter_a, percent="", revision=report.revision)
    assert report.percent is None
    for wrong in (-1, 101):
        with pytest.raises(services.ReportingError) as excinfo:
            _report(round_2024, 1, "县财政局", reporter_a, percent=wrong, revision=report.revision)
        assert excinfo.value.errors == {"percent": ["完成进度应在 0 到 100 之间"]}
    assert TaskReport.objects.get(pk=report.pk).percent is None


def test_a_task_report_saved_from_a_stale_revision_is_refused_and_says_when(
    small_plan, round_2024, reporter_a
):
    report = _report(round_2024, 1, "县财政局", reporter_a)
    with time_machine.travel(T0, tick=False):
        _report(round_2024, 1, "县财政局", reporter_a, progress="第二次", revision=1)
    with time_machine.travel(T0 + dt.timedelta(hours=3), tick=False):
        with pytest.raises(services.ConflictError) as excinfo:
            _report(
                round_2024, 1, "县财政局", reporter_a, progress="第三次", revision=report.revision
            )
    assert str(excinfo.value) == (
        "该数据已被 他人 于 2025-01-10 09:00:00 修改，您的修改未保存。请刷新页面，核对后重新填写。"
    )
    assert TaskReport.objects.get(pk=report.pk).progress == "第二次"


def test_a_task_report_keeps_every_field_trimmed_and_a_missing_one_is_empty(
    small_plan, round_2024, reporter_a
):
    fields = {
        "progress": " 预算已安排 ",
        "percent": "40",
        "milestone": " 6月底前完成 ",
        "problems": " 资金到位慢 ",
        "next_steps": " 加快拨付 ",
    }
    report = services.task_report_save(
        round_=round_2024,
        task=small_plan.tasks.get(number=1),
        unit=_unit(small_plan, "县财政局"),
        data=fields,
        by=reporter_a,
        revision=None,
    )
    stored = TaskReport.objects.get(pk=report.pk)
    assert (stored.progress, stored.percent, stored.milestone) == ("预算已安排", 40, "6月底前完成")
    assert (stored.problems, stored.next_steps) == ("资金到位慢", "加快拨付")
    assert (stored.version, stored.updated_by) == (1, reporter_a)
    services.task_report_save(
        round_=round_2024,
        task=small_plan.tasks.get(number=1),
        unit=_unit(small_plan, "县财政局"),
        data={"percent": 45},
        by=reporter_a,
        revision=report.revision,
    )
    stored = TaskReport.objects.get(pk=report.pk)
    assert (stored.progress, stored.percent, stored.milestone) == ("", 45, "")
    assert (stored.problems, stored.next_steps) == ("", "")


def test_a_task_report_refusal_names_the_unit(small_plan, round_2024, reporter_a, reporter_b):
    with pytest.raises(PermissionDenied) as excinfo:
        _report(round_2024, 1, "县经信局", reporter_a)
    assert str(excinfo.value) == "您不是“县经信局”的填报员"
    with pytest.raises(services.ReportingError) as excinfo:
        _report(round_2024, 1, "县经信局", reporter_b)  # task 1 is not 县经信局's
    assert str(excinfo.value) == "“县经信局”不是任务 1 的牵头或责任单位"
    assert TaskReport.objects.count() == 0


# --- values: return, close, approve a unit at once -------------------------------------------


def _submitted(round_, code, unit_name, by, number):
    plan = round_.plan
    value = services.value_save(
        round_=round_,
        indicator=plan.indicators.get(code=code),
        unit=_unit(plan, unit_name),
        data={"value": number, "explanation": "按决算口径"},
        by=by,
    ).value
    return services.value_submit(value=value, by=by)


def test_a_return_names_its_reason_and_records_who_and_when(round_2024, reporter_a, office_user):
    value = _submitted(round_2024, "N01", "县财政局", reporter_a, "2.60")
    before = _row(Value, value.pk)
    with pytest.raises(services.ReportingError) as excinfo:
        services.value_return(value=value, by=office_user, reason="  ")
    assert excinfo.value.errors == {"reason": ["请填写退回原因"]}
    assert _row(Value, value.pk) == before
    with time_machine.travel(T0, tick=False):
        services.value_return(value=value, by=office_user, reason=" 口径不一致 ")
    stored = Value.objects.get(pk=value.pk)
    assert (stored.state, stored.return_reason, stored.reviewed_at, stored.reviewed_by) == (
        "returned",
        "口径不一致",
        T0,
        office_user,
    )
    assert stored.revision == before["revision"] + 1
    assert _log(stored)[-1] == (
        "reporting.value.returned",
        office_user.pk,
        {"state": ["submitted", "returned"], "reason": "口径不一致"},
    )


def test_a_round_is_closed_once_and_the_closing_is_audited(round_2024, office_user):
    services.round_close(round_=round_2024, by=office_user)
    services.round_close(round_=Round.objects.get(pk=round_2024.pk), by=office_user)
    assert Round.objects.get(pk=round_2024.pk).status == "closed"
    assert _log(round_2024)[1:] == [("reporting.round.closed", office_user.pk, {})]


def test_a_units_submission_is_approved_at_once_and_nothing_else(
    small_plan, round_2024, reporter_a, reporter_b, office_user
):
    round_2025 = services.round_open(
        plan=small_plan, period="2025", deadline=dt.date(2026, 3, 31), by=office_user
    )
    s01 = _submitted(round_2024, "S01", "县经信局", reporter_b, "0.480")
    later = _submitted(round_2025, "S01", "县经信局", reporter_b, "0.470")  # another round
    n01 = _submitted(round_2024, "N01", "县财政局", reporter_a, "2.60")  # another unit
    task3 = _move(_report(round_2024, 3, "县经信局", reporter_b), Action.SUBMIT, reporter_b)
    task2 = _report(round_2024, 2, "县经信局", reporter_b)  # a draft
    task1 = _move(_report(round_2024, 1, "县财政局", reporter_a), Action.SUBMIT, reporter_a)
    task3_later = _move(_report(round_2025, 3, "县经信局", reporter_b), Action.SUBMIT, reporter_b)
    unit_b = _unit(small_plan, "县经信局")

    with pytest.raises(PermissionDenied):
        services.round_unit_approve(round_=round_2024, unit=unit_b, by=reporter_b)
    assert Value.objects.get(pk=s01.pk).state == "submitted"

    assert services.round_unit_approve(round_=round_2024, unit=unit_b, by=office_user) == (1, 1)
    states = {
        "S01 2024": Value.objects.get(pk=s01.pk).state,
        "S01 2025": Value.objects.get(pk=later.pk).state,
        "N01 2024": Value.objects.get(pk=n01.pk).state,
        "task 3": TaskReport.objects.get(pk=task3.pk).state,
        "task 2": TaskReport.objects.get(pk=task2.pk).state,
        "task 1": TaskReport.objects.get(pk=task1.pk).state,
        "task 3 2025": TaskReport.objects.get(pk=task3_later.pk).state,
    }
    assert states == {
        "S01 2024": "approved",
        "S01 2025": "submitted",
        "N01 2024": "submitted",
        "task 3": "approved",
        "task 2": "draft",
        "task 1": "submitted",
        "task 3 2025": "submitted",
    }
    approval = (office_user.pk, {"state": ["submitted", "approved"]})
    assert _log(s01)[-1] == ("reporting.value.approved", *approval)
    assert _log(task3)[-1] == ("reporting.task_report.approved", *approval)
    assert services.round_unit_approve(round_=round_2024, unit=unit_b, by=office_user) == (0, 0)


def test_a_batch_error_keeps_every_message_by_field():
    error = services.BatchError({0: {"value": ["甲"]}, 2: {"value": ["乙"], "__all__": ["丙"]}})
    assert error.errors == {"value": ["甲", "乙"], "__all__": ["丙"]}
    assert error.problems == {0: {"value": ["甲"]}, 2: {"value": ["乙"], "__all__": ["丙"]}}


def test_a_value_correction_is_a_new_draft_version_and_the_approved_one_stays(
    round_2024, reporter_a, office_user
):
    value = services.value_approve(
        value=_submitted(round_2024, "N01", "县财政局", reporter_a, "2.60"), by=office_user
    )
    Value.objects.filter(pk=value.pk).update(is_demo=True)
    value.refresh_from_db()
    approved = _row(Value, value.pk)
    with pytest.raises(services.ReportingError) as excinfo:
        services.value_correct(value=value, by=reporter_a, reason=" ")
    assert excinfo.value.errors == {"reason": ["请填写更正原因"]}
    assert Value.objects.count() == 1
    new = services.value_correct(value=value, by=reporter_a, reason=" 决算数调整 ")
    stored = Value.objects.get(pk=new.pk)
    assert (stored.version, stored.state, stored.revision, stored.is_demo) == (2, "draft", 1, True)
    assert (stored.correction_reason, stored.updated_by, stored.value) == (
        "决算数调整",
        reporter_a,
        value.value,
    )
    assert _row(Value, value.pk) == approved
    assert _log(stored) == [
        (
            "reporting.value.corrected",
            reporter_a.pk,
            {"from_version": 1, "version": 2, "reason": "决算数调整"},
        )
    ]


def test_an_approval_records_who_and_when(round_2024, reporter_a, office_user):
    value = _submitted(round_2024, "N01", "县财政局", reporter_a, "2.60")
    with time_machine.travel(T0, tick=False):
        services.value_approve(value=value, by=office_user)
    stored = Value.objects.get(pk=value.pk)
    assert (stored.state, stored.reviewed_at, stored.reviewed_by) == ("approved", T0, office_user)
    assert stored.revision == value.revision + 1


# --- evidence --------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n% rule test\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _files(root) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_evidence_is_stored_under_its_hash_with_who_and_what_and_is_audited(
    small_plan, round_2024, reporter_a, media
):
    value = services.value_save(
        round_=round_2024,
        indicator=small_plan.indicators.get(code="N01"),
        unit=_unit(small_plan, "县财政局"),
        data={"value": "2.60"},
        by=reporter_a,
    ).value
    evidence = services.evidence_add(
        upload=SimpleUploadedFile("决算.pdf", PDF), by=reporter_a, value=value
    )
    digest = hashlib.sha256(PDF).hexdigest()
    stored = Evidence.objects.get(pk=evidence.pk)
    assert (stored.value_id, stored.task_report_id, stored.uploaded_by) == (
        value.pk,
        None,
        reporter_a,
    )
    assert (stored.name, stored.extension, stored.content_type) == (
        "决算.pdf",
        "pdf",
        "application/pdf",
    )
    assert (stored.size, stored.sha256) == (len(PDF), digest)
    assert _files(media) == {f"{digest}.pdf": PDF}
    assert _log(value)[-1] == (
        "reporting.evidence.added",
        reporter_a.pk,
        {"evidence": stored.pk, "name": "决算.pdf", "size": len(PDF), "sha256": digest},
    )

    report = _report(round_2024, 1, "县财政局", reporter_a)
    on_report = services.evidence_add(
        upload=SimpleUploadedFile("进展.pdf", PDF), by=reporter_a, task_report=report
    )
    assert (on_report.value_id, on_report.task_report_id) == (None, report.pk)
    with pytest.raises(services.ReportingError) as excinfo:
        services.evidence_add(upload=SimpleUploadedFile("a.pdf", PDF), by=reporter_a)
    assert str(excinfo.value) == "佐证材料必须属于一个指标值或任务进展"
    assert Evidence.objects.count() == 2


def test_evidence_of_exactly_the_size_limit_is_accepted_whole_and_one_byte_more_is_not(
    small_plan, round_2024, reporter_a, media, settings
):
    value = services.value_save(
        round_=round_2024,
        indicator=small_plan.indicators.get(code="N01"),
        unit=_unit(small_plan, "县财政局"),
        data={"value": "2.60"},
        by=reporter_a,
    ).value
    settings.EVIDENCE_MAX_BYTES = len(PDF) + 1
    bigger = PDF + b"\n"  # len(PDF) + 1 bytes: exactly the limit
    evidence = services.evidence_add(
        upload=SimpleUploadedFile("a.pdf", bigger), by=reporter_a, value=value
    )
    assert evidence.file.read() == bigger
    settings.EVIDENCE_MAX_BYTES = len(PDF)
    with pytest.raises(services.ReportingError) as excinfo:
        services.evidence_add(
            upload=SimpleUploadedFile("b.pdf", bigger), by=reporter_a, value=value
        )
    assert excinfo.value.errors == {"file": ["文件“b.pdf”超过 0 MB，请压缩后再上传"]}
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (errno.ENOSPC, "服务器磁盘空间不足，文件未保存，请联系管理员"),
        (errno.EDQUOT, "服务器磁盘空间不足，文件未保存，请联系管理员"),
        (errno.EACCES, "服务器无法保存文件，文件未保存，请联系管理员"),
    ],
)
def test_evidence_that_cannot_be_written_leaves_no_partial_file_and_no_row(
    small_plan, round_2024, reporter_a, media, monkeypatch, caplog, code, message
):
    from django.core.files.storage import FileSystemStorage

    value = services.value_save(
        round_=round_2024,
        indicator=small_plan.indicators.get(code="N01"),
        unit=_unit(small_plan, "县财政局"),
        data={"value": "2.60"},
        by=reporter_a,
    ).value
    real_save = FileSystemStorage.save

    def half_written(self, name, content, max_length=None):
        real_save(self, name, ContentFile(PDF[:10]), max_length=max_length)  # a partial file
        raise OSError(code, "fault")

    monkeypatch.setattr(FileSystemStorage, "save", half_written)
    with pytest.raises(services.ReportingError) as excinfo:
        services.evidence_add(upload=SimpleUploadedFile("a.pdf", PDF), by=reporter_a, value=value)
    assert excinfo.value.errors == {"file": [message]}
    assert _files(media) == {}
    assert Evidence.objects.count() == 0
    digest = hashlib.sha256(PDF).hexdigest()
    logged = [r.getMessage() for r in caplog.records if r.name == "innocounty.reporting.services"]
    assert len(logged) == 1
    assert logged[0].startswith("Evidence evidence/") and logged[0].endswith(
        f"/{digest[:2]}/{digest}.pdf not stored"
    )


def test_an_empty_file_is_refused_and_a_row_that_fails_leaves_no_file(
    small_plan, round_2024, reporter_a, media, monkeypatch
):
    value = services.value_save(
        round_=round_2024,
        indicator=small_plan.indicators.get(code="N01"),
        unit=_unit(small_plan, "县财政局"),
        data={"value": "2.60"},
        by=reporter_a,
    ).value
    with pytest.raises(services.ReportingError) as excinfo:
        services.evidence_add(upload=SimpleUploadedFile("a.pdf", b""), by=reporter_a, value=value)
    assert excinfo.value.errors == {"file": ["文件“a.pdf”是空文件"]}

    def refused(self, *args, **kwargs):
        raise RuntimeError("the database refused the row")

    monkeypatch.setattr(Evidence, "save", refused)
    with pytest.raises(RuntimeError):
        services.evidence_add(upload=SimpleUploadedFile("b.pdf", PDF), by=reporter_a, value=value)
    assert _files(media) == {}


def test_a_value_without_a_number_cannot_be_submitted_and_only_the_office_submits_for_a_unit(
    small_plan, round_2024, reporter_a, reporter_b
):
    value = services.value_save(
        round_=round_2024,
        indicator=small_plan.indicators.get(code="N01"),
        unit=_unit(small_plan, "县财政局"),
        data={"value": "", "source": "统计年报"},
        by=reporter_a,
    ).value
    with pytest.raises(services.ReportingError) as excinfo:
        services.value_submit(value=value, by=reporter_a)
    assert excinfo.value.errors == {"value": ["尚未填写数值，不能报送"]}
    for by in (reporter_a, reporter_b):  # a reporter never acts on a unit's behalf
        with pytest.raises(PermissionDenied):
            services.value_submit(value=value, by=by, on_behalf=True)
    assert Value.objects.get(pk=value.pk).state == "draft"
