"""The self-evaluation report (自评报告): its numbers against the database, the engine and the
bulletin of the final year; completeness; missing data said; editing, issuing and keeping."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from docx import Document
from openpyxl import load_workbook

from innocounty.acceptance.bundle import bundle_zip
from innocounty.acceptance.document import report_docx
from innocounty.acceptance.models import SelfEvaluation
from innocounty.acceptance.selectors import SECTIONS
from innocounty.acceptance.services import (
    self_evaluation_create,
    self_evaluation_edit,
    self_evaluation_issue,
)
from innocounty.audit.models import LogEntry
from innocounty.bulletins.services import bulletin_create
from innocounty.monitor.selectors import plan_snapshot
from innocounty.plans.models import Target, Task
from innocounty.reporting.models import Evidence, TaskReport, Value
from tests.acceptance.conftest import NOW

pytestmark = pytest.mark.django_db


def _doc(report):
    return Document(io.BytesIO(report_docx(report)))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def _approved(plan) -> dict[tuple[str, str], Decimal]:
    """The latest approved version per (code, period), straight from the rows."""
    best: dict[tuple[str, str], tuple[int, Decimal]] = {}
    for v in Value.objects.filter(indicator__plan=plan, state="approved", value__isnull=False):
        key = (v.indicator.code, v.period)
        if key not in best or v.version > best[key][0]:
            best[key] = (v.version, v.value)
    return {k: v for k, (_n, v) in best.items()}


def _fmt(value: Decimal | None, decimals: int) -> str:
    # Thousands separated, at the indicator's decimals: 119,158.
    return "—" if value is None else f"{value:,.{decimals}f}"


def test_the_table_equals_the_rows_the_engine_and_the_bulletin_for_the_final_year(seeded, report):
    doc = _doc(report)
    table = doc.tables[0]
    head = [c.text for c in table.rows[0].cells]
    assert head[2:6] == ["2022年（基期）", "2023年", "2024年", "2025年"]
    rows = table.rows[1:]
    indicators = list(seeded.indicators.order_by("position"))
    assert len(rows) == len(indicators) == 21
    approved = _approved(seeded)
    bulletin = bulletin_create(plan=seeded, period="2025", now=NOW)
    by_code = {i["code"]: i for i in bulletin.snapshot["indicators"]}
    engine = plan_snapshot(plan=seeded, period="2025", today=NOW.date(), now=NOW).evaluation
    checked_met = 0
    for row, ind in zip(rows, indicators, strict=True):
        cells = [c.text for c in row.cells]
        assert cells[1].startswith(ind.name)
        final = approved.get((ind.code, "2025"))
        assert cells[5] == _fmt(final, ind.decimals)
        for column, year in ((3, "2023"), (4, "2024")):
            assert cells[column] == _fmt(approved.get((ind.code, year)), ind.decimals)
        # The same number as the bulletin of 2025 and the engine as of 2025.
        assert cells[5] == by_code[ind.code]["value"]
        assert cells[5] == _fmt(engine.indicators[ind.code].status.value, ind.decimals)
        assessment = Target.objects.filter(indicator=ind, year=2025, kind="assessment").first()
        expected = Target.objects.filter(indicator=ind, year=2025, kind="expected").first()
        if assessment is not None:
            assert cells[6] == _fmt(assessment.value, ind.decimals)
        if final is None:
            assert cells[8] == "数据未审核"
        elif assessment is not None:
            higher = ind.direction == "higher"
            met_a = final >= assessment.value if higher else final <= assessment.value
            met_e = expected is not None and (
                final >= expected.value if higher else final <= expected.value
            )
            want = "达到完成值" if met_e else ("达到考核值" if met_a else "未达考核值")
            assert cells[8] == want, (ind.name, final, assessment.value)
            checked_met += 1
    assert checked_met >= 10


def test_every_indicator_and_task_appears(seeded, report):
    doc = _doc(report)
    text = _text(doc)
    names = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    joined = "\n".join(names)
    for ind in seeded.indicators.all():
        assert ind.name in joined
    tasks = list(Task.objects.filter(plan=seeded))
    assert len(tasks) == 28
    for task in tasks:
        assert f"第{task.number}项" in text
        assert f"任务{task.number}" in joined  # the evidence annex
    for _key, head in SECTIONS:
        assert head in text
    assert "附件" in text and "佐证材料目录" in text
    # Progress joins its task line with a full-width comma (GB/T 15834), not "70%,".
    assert "%，" in text and "%," not in text


def test_missing_final_values_are_said_not_invented(seeded, report):
    approved = _approved(seeded)
    without = [i for i in seeded.indicators.all() if (i.code, "2025") not in approved]
    assert without, "the demo leaves some 2025 values unapproved"
    text = _text(_doc(report))
    assert f"另有{len(without)}项指标尚无2025年经审核数据" in text
    pending = report.snapshot["missing"]["values"]
    for ind in without:
        assert any(ind.name in line and "2025年数据" in line for line in pending)
        row = next(i for i in report.snapshot["indicators"] if i["code"] == ind.code)
        assert row["final"] == "—" and row["against_assessment"]["met"] is None


def test_a_plan_without_data_says_so(small_plan, office_user):
    report = self_evaluation_create(plan=small_plan, by=office_user)
    doc = _doc(report)
    for row in doc.tables[0].rows[1:]:
        cells = [c.text for c in row.cells]
        assert cells[2:6] == ["—"] * 4 or cells[2] != "—"  # only baselines may be known
        assert cells[-1] in ("数据未审核", "无考核值")
    text = _text(doc)
    assert "0项已有2026年经审核数据" in text
    assert "未记录已印发的工作进展通报" in text
    assert report.snapshot["score"]["materials"] == 0


def test_edit_then_issue_then_never_changes(report, office):
    self_evaluation_edit(report=report, by=office, data={"overall": "办公室改写的总体评价。"})
    report.refresh_from_db()
    assert report.paragraphs["overall"] == "办公室改写的总体评价。"
    assert "办公室改写的总体评价。" in _text(_doc(report))
    self_evaluation_issue(report=report, by=office)
    before = report_docx(SelfEvaluation.objects.get(pk=report.pk))
    with pytest.raises(ValidationError):
        self_evaluation_edit(report=report, by=office, data={"overall": "再改"})
    with pytest.raises(ValidationError):
        self_evaluation_issue(report=report, by=office)
    # New approved data after issuing does not change the issued report.
    value = Value.objects.filter(indicator__plan=report.plan, state="approved").first()
    Value.objects.filter(pk=value.pk).update(value=value.value + 1000)
    stored = SelfEvaluation.objects.get(pk=report.pk)
    assert stored.paragraphs["overall"] == "办公室改写的总体评价。"
    assert report_docx(stored) == before
    actions = list(
        LogEntry.objects.filter(object_id=str(report.pk), action__startswith="acceptance.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "acceptance.report.created",
        "acceptance.report.edited",
        "acceptance.report.issued",
    ]


def test_the_bundle_holds_report_table_and_approved_evidence(report, seeded, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    value = (
        Value.objects.filter(indicator__plan=seeded, state="approved", period="2024")
        .select_related("indicator")
        .first()
    )
    task_report = (
        TaskReport.objects.filter(round__plan=seeded, state="approved", role="lead")
        .select_related("task", "round")
        .first()
    )
    draft = Value.objects.filter(indicator__plan=seeded).exclude(state="approved").first()
    files = []
    for owner, name, body in (
        ({"value": value}, "统计年报.pdf", b"%PDF-1.4 approved value"),
        ({"task_report": task_report}, "会议纪要.pdf", b"%PDF-1.4 approved task"),
        ({"value": draft}, "草稿材料.pdf", b"%PDF-1.4 not approved"),
    ):
        e = Evidence(
            name=name, extension="pdf", content_type="application/pdf", size=len(body), **owner
        )
        e.sha256 = f"{len(files):064d}"
        e.file.save(name, ContentFile(body), save=False)
        e.save()
        files.append(e)
    fresh = self_evaluation_create(plan=seeded, now=NOW)
    archive = zipfile.ZipFile(io.BytesIO(bundle_zip(fresh)))
    names = archive.namelist()
    assert "自评报告.docx" in names and "指标完成情况表.xlsx" in names
    position = list(seeded.indicators.order_by("position")).index(value.indicator) + 1
    want = f"佐证材料/指标{position:02d}-{value.indicator.name}/2024-统计年报.pdf"
    assert archive.read(want) == b"%PDF-1.4 approved value"
    task_folder = f"佐证材料/任务{task_report.task.number:02d}-"
    task_files = [n for n in names if n.startswith(task_folder)]
    assert len(task_files) == 1 and archive.read(task_files[0]) == b"%PDF-1.4 approved task"
    assert not any("草稿材料" in n for n in names)
    sheet = load_workbook(io.BytesIO(archive.read("指标完成情况表.xlsx"))).active
    assert sheet.max_row == 1 + 21
    codes = [sheet.cell(row=r, column=2).value for r in range(2, 23)]
    assert codes == list(seeded.indicators.order_by("position").values_list("code", flat=True))
    # The annex of the report lists the approved files and not the draft.
    annex = "\n".join(c.text for r in _doc(fresh).tables[1].rows for c in r.cells)
    assert "统计年报.pdf（2024）" in annex and "会议纪要.pdf" in annex
    assert "草稿材料" not in annex


def test_the_generated_text_uses_full_width_punctuation(small_plan, office_user):
    """GB/T 15834: the platform's own Chinese sentences use ，；： (data keeps its own)."""
    import re

    report = self_evaluation_create(plan=small_plan, by=office_user)
    text = "\n".join(report.paragraphs.values())
    assert "，" in text
    assert re.findall(r"[\u4e00-\u9fff][,;:]|[,;:][\u4e00-\u9fff]", text) == []
