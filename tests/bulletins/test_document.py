"""The Word bulletin, opened with python-docx and checked against the engine's own numbers."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from innocounty.bulletins import charts
from innocounty.bulletins.document import bulletin_docx
from innocounty.bulletins.services import bulletin_create
from innocounty.core.evaluation import STATUS_LABELS
from innocounty.core.forecast import format_value
from innocounty.core.officedoc import FONT_BODY, FONT_H1, FONT_TITLE
from innocounty.monitor.selectors import forecast_summary, plan_snapshot
from innocounty.reporting import services as reporting
from innocounty.reporting.models import Round
from innocounty.reporting.selectors import round_status
from tests.bulletins.conftest import NOW
from tests.ci import skip_or_fail

pytestmark = pytest.mark.django_db


def _open(content: bytes):
    return Document(io.BytesIO(content))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_every_indicator_row_matches_the_engine(bulletin):
    content, _warnings = bulletin_docx(bulletin)
    doc = _open(content)
    engine = plan_snapshot(plan=bulletin.plan, period="2025", today=NOW.date(), now=NOW)
    results = list(engine.evaluation.indicators.values())
    table = doc.tables[0]
    rows = table.rows[1:]
    assert len(rows) == len(results) == 21
    for row, result in zip(rows, results, strict=True):
        cells = [c.text for c in row.cells]
        st = result.status
        assert cells[1] == result.series.name
        assert cells[2] == result.series.unit
        assert cells[4] == format_value(st.value, result.series.decimals)
        assert cells[6] == STATUS_LABELS[st.status]
        assert cells[7] == "、".join(result.series.responsible_units)
        shaded = row.cells[0]._tc.tcPr.find(qn("w:shd"))
        lagging = st.status in ("behind", "seriously_behind")
        assert (shaded is not None) == lagging, cells


def test_the_overview_gives_the_index_the_statuses_and_the_forecast(bulletin):
    doc = _open(bulletin_docx(bulletin)[0])
    engine = plan_snapshot(plan=bulletin.plan, period="2025", today=NOW.date(), now=NOW)
    ev = engine.evaluation
    text = _text(doc)
    point = [p for p in ev.index if p.overall is not None][-1]
    assert f"综合创新指数为{point.overall:.1f}" in text
    counts = {s: 0 for s in STATUS_LABELS}
    for r in ev.indicators.values():
        counts[r.status.status] += 1
    assert f"已达标{counts['met']}项" in text
    assert f"滞后{counts['behind']}项" in text
    f = forecast_summary(ev)
    assert f"预计有{f.assessment}项指标达到考核值、{f.expected}项达到完成值" in text
    for head in ("一、总体情况", "二、指标完成情况", "三、重点任务推进情况", "四、填报情况"):
        assert head in text
    # A new bulletin carries the rectification section before the problems.
    assert "五、整改情况" in text
    assert "六、存在问题和下一步工作" in text


def test_every_late_unit_is_named(bulletin):
    doc = _open(bulletin_docx(bulletin)[0])
    status = round_status(round_=Round.objects.get(plan=bulletin.plan, period="2025"), now=NOW)
    late = [row.unit.name for row in status.rows if row.progress.overdue]
    assert late
    units_table = doc.tables[1]
    by_name = {row.cells[0].text: [c.text for c in row.cells] for row in units_table.rows[1:]}
    assert set(by_name) == {row.unit.name for row in status.rows}
    text = _text(doc)
    for name in late:
        assert by_name[name][5] == "逾期"
        assert name in text
        assert f"请{name}" in text or f"、{name}" in text


def test_lagging_items_get_a_request_to_their_units(bulletin):
    text = _text(_open(bulletin_docx(bulletin)[0]))
    for item in bulletin.snapshot["lagging"]:
        # Quotes inside a quoted name nest as single quotes (GB/T 15834).
        inner = item["name"].replace("“", "‘").replace("”", "’")
        assert f"“{inner}”" in text
    assert "请市经信局加快推进“技术改造投资占工业投资比重”指标" in text


def test_fonts_and_page_setup_follow_the_official_style(bulletin):
    doc = _open(bulletin_docx(bulletin)[0])
    section = doc.sections[0]
    # Stored in twips: compare to the tenth of a millimetre.
    setup = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(x.mm, 1) for x in setup] == [210, 297, 37, 35, 28, 26]
    normal = doc.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == FONT_BODY
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing == Pt(28)

    def east_asia(paragraph) -> str:
        return paragraph.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))

    title = next(p for p in doc.paragraphs if p.text == bulletin.title)
    assert east_asia(title) == FONT_TITLE
    assert title.runs[0].font.size == Pt(22)
    heading = next(p for p in doc.paragraphs if p.text == "一、总体情况")
    assert east_asia(heading) == FONT_H1
    second = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert east_asia(second) == "楷体_GB2312"
    assert second.runs[1]._r.rPr.rFonts.get(qn("w:eastAsia")) == FONT_BODY
    assert any(p.text == bulletin.doc_number for p in doc.paragraphs)
    assert bulletin.doc_number.startswith("潜创新办〔2026〕")
    assert doc.paragraphs[-1].text == "2026年4月20日"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml
    assert doc.settings.odd_and_even_pages_header_footer


def test_charts_are_images_when_a_cjk_font_is_installed(bulletin):
    if charts.find_cjk_font() is None:
        skip_or_fail("no CJK font installed (fonts-noto-cjk)")
    content, warnings = bulletin_docx(bulletin)
    assert warnings == []
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert len([n for n in names if n.startswith("word/media/")]) == 2
    assert charts.NO_FONT_SENTENCE not in _text(_open(content))


def test_without_a_cjk_font_there_are_no_charts_but_a_sentence_and_a_warning(bulletin, monkeypatch):
    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    content, warnings = bulletin_docx(bulletin)
    assert warnings == [charts.NO_FONT_WARNING]
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert not [n for n in names if n.startswith("word/media/")]
    assert charts.NO_FONT_SENTENCE in _text(_open(content))


def test_the_stored_bulletin_is_written_again_byte_for_byte_after_a_correction(bulletin, office):
    first, _ = bulletin_docx(bulletin)
    # A later, approved correction of a value the bulletin shows.
    value = next(
        v
        for v in (
            reporting.value_approved(indicator=i, period="2025")
            for i in bulletin.plan.indicators.order_by("position")
        )
        if v is not None
    )
    reporter = value.unit.users.exclude(username="office").first()
    corrected = reporting.value_correct(value=value, by=reporter, reason="统计年报更新")
    Round.objects.filter(pk=corrected.round_id).update(status=Round.Status.OPEN)
    corrected.round.status = Round.Status.OPEN
    new_number = (value.value * Decimal("1.5")).quantize(
        Decimal(1).scaleb(-value.indicator.decimals)
    )
    revised = reporting.value_save(
        round_=corrected.round,
        indicator=value.indicator,
        unit=corrected.unit,
        data={"value": new_number, "explanation": "年报更正"},
        by=reporter,
        revision=corrected.revision,
    ).value
    reporting.value_approve(value=reporting.value_submit(value=revised, by=reporter), by=office)

    bulletin.refresh_from_db()
    again, _ = bulletin_docx(bulletin)
    assert again == first
    # A new bulletin of the same period does show the corrected value.
    newer = bulletin_create(plan=bulletin.plan, period="2025", by=office, now=NOW)
    row = next(i for i in newer.snapshot["indicators"] if i["code"] == value.indicator.code)
    assert row["value"] == format_value(new_number, value.indicator.decimals)
    assert bulletin_docx(newer)[0] != first
    assert newer.doc_number != bulletin.doc_number


def test_a_period_without_data_gives_a_bulletin_that_says_so(qianjiang):
    bulletin = bulletin_create(plan=qianjiang, period="2023Q2", now=NOW)
    content, _ = bulletin_docx(bulletin)
    doc = _open(content)
    text = _text(doc)
    assert "暂无经审核的监测数据和任务进展，本期不作评价" in text
    assert "2023年第2季度未设填报轮次" in text
    assert len(doc.tables[0].rows) == 22
    assert all(row.cells[6].text == "无数据" for row in doc.tables[0].rows[1:])
