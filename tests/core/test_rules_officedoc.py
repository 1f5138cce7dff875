"""The official style of our Word documents (`core/officedoc.py`), element by element.

What GB/T 9704 (党政机关公文格式) asks for, written out here by hand: A4 with 37/35/28/26 mm
margins, body in 三号 (16 pt) 仿宋 at an exact 28 pt line with a two-character first-line
indent, second-level headings in 楷体, tables in 五号 (10.5 pt), page numbers ``— N —`` in
四号 (14 pt) 宋体, outside edge of odd and even pages. Each document is built with python-docx
alone and read back from its XML. Written for the mutation run of the core
(docs/en/mutation-testing.md).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from innocounty.core.officedoc import (
    add_body,
    add_border,
    add_para,
    add_run,
    add_table,
    fill_cell,
    fixed_zip,
    format_paragraph,
    set_fonts,
    setup_page,
    shade_cell,
)


def fonts(run) -> dict[str, str]:
    """The run's four font slots, by their short name."""
    element = run._r.rPr.find(qn("w:rFonts"))
    return {name: element.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "cs", "eastAsia")}


def body_fonts(east_asia: str) -> dict[str, str]:
    latin = "Times New Roman"
    return {"ascii": latin, "hAnsi": latin, "cs": latin, "eastAsia": east_asia}


def shading(cell) -> list[dict[str, str]]:
    return [
        {key: shd.get(qn(f"w:{key}")) for key in ("val", "color", "fill")}
        for shd in cell._tc.tcPr.findall(qn("w:shd"))
    ]


# -- Runs and fonts ----------------------------------------------------------------------


def test_a_runs_fonts_are_latin_in_times_and_chinese_in_the_font_given_first_in_its_properties():
    paragraph = Document().add_paragraph()
    run = paragraph.add_run("2025年")
    run.font.size = Pt(12)  # the run's properties exist before the fonts are set
    set_fonts(run._r, "黑体")
    assert fonts(run) == body_fonts("黑体")
    # The schema puts rFonts first among a run's properties.
    assert run._r.rPr[0].tag == qn("w:rFonts")
    # Set again: the same element is rewritten, not a second one added.
    set_fonts(run._r, "楷体_GB2312", latin="Arial")
    assert len(run._r.rPr.findall(qn("w:rFonts"))) == 1
    assert fonts(run) == {
        "ascii": "Arial",
        "hAnsi": "Arial",
        "cs": "Arial",
        "eastAsia": "楷体_GB2312",
    }


def test_a_run_is_body_text_unless_told_otherwise():
    paragraph = Document().add_paragraph()
    run = add_run(paragraph, "正文")
    assert (run.text, run.font.size, run.font.bold, run.font.color.rgb) == (
        "正文",
        Pt(16),
        None,
        None,
    )
    assert fonts(run) == body_fonts("仿宋_GB2312")
    assert paragraph.runs[-1]._r is run._r
    heading = add_run(
        paragraph, "标题", "方正小标宋简体", Pt(22), bold=True, colour=RGBColor(1, 2, 3)
    )
    assert (heading.font.size, heading.font.bold, heading.font.color.rgb) == (
        Pt(22),
        True,
        RGBColor(1, 2, 3),
    )
    assert fonts(heading)["eastAsia"] == "方正小标宋简体"
    plain = add_run(paragraph, "x", bold=False, colour=None)
    assert (plain.font.bold, plain.font.color.rgb) == (None, None)


# -- Paragraphs --------------------------------------------------------------------------


def test_a_body_paragraph_has_an_exact_28_point_line_a_two_character_indent_and_no_spacing():
    paragraph = format_paragraph(Document().add_paragraph())
    pf = paragraph.paragraph_format
    assert (pf.line_spacing_rule, pf.line_spacing) == (WD_LINE_SPACING.EXACTLY, Pt(28))
    assert (pf.space_before, pf.space_after) == (Pt(0), Pt(0))
    assert pf.first_line_indent == Pt(32)
    assert pf.alignment is None  # as the style says


def test_a_paragraph_without_indent_or_exact_line_is_single_spaced_flush_and_aligned_as_asked():
    paragraph = format_paragraph(
        Document().add_paragraph(), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=None
    )
    pf = paragraph.paragraph_format
    assert (pf.line_spacing_rule, pf.line_spacing) == (WD_LINE_SPACING.SINGLE, 1.0)
    assert pf.first_line_indent == Pt(0)
    assert pf.alignment == WD_ALIGN_PARAGRAPH.CENTER
    other = format_paragraph(Document().add_paragraph(), line=Pt(20))
    assert other.paragraph_format.line_spacing == Pt(20)


def test_add_para_adds_a_formatted_paragraph_with_its_text_in_one_run():
    doc = Document()
    empty = add_para(doc)
    assert (empty.runs, empty.paragraph_format.first_line_indent) == ([], Pt(32))
    caption = add_para(
        doc, "表1", font="黑体", size=Pt(14), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    assert [r.text for r in caption.runs] == ["表1"]
    assert (caption.runs[0].font.size, fonts(caption.runs[0])["eastAsia"]) == (Pt(14), "黑体")
    pf = caption.paragraph_format
    assert (pf.first_line_indent, pf.alignment) == (Pt(0), WD_ALIGN_PARAGRAPH.CENTER)
    assert pf.line_spacing == Pt(28)
    assert [p._p for p in doc.paragraphs[-2:]] == [empty._p, caption._p]


def test_body_text_is_one_paragraph_per_line_and_a_leading_numbered_sentence_is_a_heading():
    doc = Document()
    before = len(doc.paragraphs)
    add_body(
        doc,
        "  （一）总体情况。各项指标稳步推进。\n"
        "\n"
        "(二)任务进展。\n"
        "全市研发投入持续增长。\n"
        "（三）没有句号的一行\n",
    )
    added = doc.paragraphs[before:]
    runs = [[(r.text, fonts(r)["eastAsia"]) for r in p.runs] for p in added]
    assert runs == [
        [("（一）总体情况。", "楷体_GB2312"), ("各项指标稳步推进。", "仿宋_GB2312")],
        [("(二)任务进展。", "楷体_GB2312")],
        [("全市研发投入持续增长。", "仿宋_GB2312")],
        [("（三）没有句号的一行", "仿宋_GB2312")],
    ]
    assert all(p.paragraph_format.first_line_indent == Pt(32) for p in added)
    assert all(r.font.size == Pt(16) for p in added for r in p.runs)


def test_the_separator_under_the_document_number_is_a_single_red_line():
    paragraph = Document().add_paragraph("潜创新办〔2026〕1号")
    add_border(paragraph)
    bottom = paragraph._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert {k: bottom.get(qn(f"w:{k}")) for k in ("val", "sz", "space", "color")} == {
        "val": "single",
        "sz": "12",
        "space": "1",
        "color": "C00000",
    }
    other = Document().add_paragraph()
    add_border(other, colour="000000", size=4)
    bottom = other._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (bottom.get(qn("w:color")), bottom.get(qn("w:sz"))) == ("000000", "4")


# -- Tables ------------------------------------------------------------------------------


def test_a_cell_is_filled_flat_and_single_spaced_in_the_table_size():
    table = Document().add_table(rows=1, cols=2)
    plain, bold = table.rows[0].cells
    fill_cell(plain, "研发投入")
    fill_cell(bold, "指标", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for cell, font in ((plain, "仿宋_GB2312"), (bold, "黑体")):
        (run,) = cell.paragraphs[0].runs
        assert (run.font.size, fonts(run)["eastAsia"]) == (Pt(10.5), font)
        pf = cell.paragraphs[0].paragraph_format
        assert (pf.first_line_indent, pf.line_spacing_rule) == (Pt(0), WD_LINE_SPACING.SINGLE)
    assert plain.paragraphs[0].paragraph_format.alignment is None
    assert bold.paragraphs[0].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    shade_cell(plain, "ABCDEF")
    assert shading(plain) == [{"val": "clear", "color": "auto", "fill": "ABCDEF"}]


def test_a_table_has_its_caption_a_repeating_shaded_header_and_shaded_lagging_rows():
    doc = Document()
    table = add_table(
        doc,
        "表1 指标完成情况",
        ["序号", "指标", "状态"],
        [(["1", "研发投入", "正常"], False), (["2", "高新技术企业数", "滞后"], True)],
        [15, 100, 30],
    )
    caption = doc.paragraphs[-1]
    assert caption.text == "表1 指标完成情况"
    assert caption._p.getnext() is table._tbl  # the caption sits right above its table
    assert (caption.runs[0].font.size, fonts(caption.runs[0])["eastAsia"]) == (Pt(14), "黑体")
    assert caption.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert caption.paragraph_format.first_line_indent == Pt(0)
    assert (table.style.name, table.alignment) == ("Table Grid", WD_TABLE_ALIGNMENT.CENTER)
    header, normal, lagging = table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == ["序号", "指标", "状态"]
    for cell in header.cells:
        assert fonts(cell.paragraphs[0].runs[0])["eastAsia"] == "黑体"
        assert cell.paragraphs[0].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert shading(cell) == [{"val": "clear", "color": "auto", "fill": "E7ECF3"}]
    for row in (normal, lagging):
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert row._tr.trPr.find(qn("w:tblHeader")) is None
        aligns = [c.paragraphs[0].paragraph_format.alignment for c in row.cells]
        center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
        assert aligns == [center, left, center]  # the name column reads from the left
        assert {fonts(c.paragraphs[0].runs[0])["eastAsia"] for c in row.cells} == {"仿宋_GB2312"}
    assert [c.text for c in lagging.cells] == ["2", "高新技术企业数", "滞后"]
    assert all(shading(c) == [] for c in normal.cells)
    assert all(
        shading(c) == [{"val": "clear", "color": "auto", "fill": "F8D7D3"}] for c in lagging.cells
    )
    # Fixed layout, the widths on the grid (LibreOffice) and on every cell (Word).
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert [round(c.width.mm) for c in table.columns] == [15, 100, 30]
    for row in table.rows:
        assert [round(c.width.mm) for c in row.cells] == [15, 100, 30]


def test_a_row_with_a_cell_too_many_or_too_few_is_refused():
    with pytest.raises(ValueError):
        add_table(Document(), "表", ["甲", "乙"], [(["1"], False)], [10, 10])
    with pytest.raises(ValueError):
        add_table(Document(), "表", ["甲", "乙"], [], [10])


# -- Page ----------------------------------------------------------------------------------


def page_number_parts(footer) -> list[tuple[str, str]]:
    """What each run of the footer's paragraph holds: text, field character or instruction."""
    parts = []
    for run in footer.paragraphs[0].runs:
        char = run._r.find(qn("w:fldChar"))
        instr = run._r.find(qn("w:instrText"))
        if char is not None:
            parts.append(("field", char.get(qn("w:fldCharType"))))
        elif instr is not None:
            assert instr.get(qn("xml:space")) == "preserve"
            parts.append(("instruction", instr.text))
        else:
            parts.append(("text", run.text))
        assert run.font.size == Pt(14)
        assert fonts(run)["eastAsia"] == "宋体"
    return parts


def test_the_page_is_a4_with_the_official_margins_and_body_style():
    doc = Document()
    setup_page(doc)
    section = doc.sections[0]
    geometry = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
        section.header_distance,
    ]
    assert [round(x.mm, 1) for x in geometry] == [210, 297, 37, 35, 28, 26, 15]
    # The page number sits 7 mm below the text block: 28 mm less its own 14 pt line.
    assert abs(section.footer_distance - (Mm(28) - Pt(14))) < Mm(0.1)
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    pf = normal.paragraph_format
    assert (pf.line_spacing_rule, pf.line_spacing) == (WD_LINE_SPACING.EXACTLY, Pt(28))
    assert (pf.space_before, pf.space_after) == (Pt(0), Pt(0))
    grid = doc.styles["Table Grid"].element.rPr.find(qn("w:rFonts"))
    assert grid.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert doc.settings.odd_and_even_pages_header_footer is True


def test_page_numbers_are_dashed_fields_on_the_outside_edge_of_odd_and_even_pages():
    doc = Document()
    setup_page(doc)
    section = doc.sections[0]
    expected = [
        ("text", "— "),
        ("field", "begin"),
        ("instruction", " PAGE "),
        ("field", "separate"),
        ("text", "1"),
        ("field", "end"),
        ("text", " —"),
    ]
    odd, even = section.footer, section.even_page_footer
    assert page_number_parts(odd) == expected
    assert page_number_parts(even) == expected
    odd_format = odd.paragraphs[0].paragraph_format
    even_format = even.paragraphs[0].paragraph_format
    # One character (14 pt) from the edge: right on odd pages, left on even ones.
    assert (odd_format.alignment, odd_format.right_indent, odd_format.left_indent) == (
        WD_ALIGN_PARAGRAPH.RIGHT,
        Pt(14),
        None,
    )
    assert (even_format.alignment, even_format.left_indent, even_format.right_indent) == (
        WD_ALIGN_PARAGRAPH.LEFT,
        Pt(14),
        None,
    )
    assert odd.paragraphs[0].text == "— 1 —"


# -- Reproducible bytes --------------------------------------------------------------------


def zipped(entries: list[tuple[str, bytes]], when: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return out.getvalue()


def test_a_fixed_zip_keeps_every_entry_in_order_and_fixes_its_date_mode_and_compression():
    entries = [("[Content_Types].xml", b"<Types/>" * 50), ("word/document.xml", "正文".encode())]
    fixed = fixed_zip(zipped(entries, (2026, 4, 20, 9, 30, 0)))
    with zipfile.ZipFile(io.BytesIO(fixed)) as archive:
        infos = archive.infolist()
        assert [(i.filename, archive.read(i)) for i in infos] == entries
        for info in infos:
            assert info.date_time == (2000, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.external_attr == 0o644 << 16
    # The same content written at another time gives the same bytes.
    assert fixed_zip(zipped(entries, (2025, 1, 2, 3, 4, 6))) == fixed
