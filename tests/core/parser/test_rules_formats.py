"""The rules of `core/parser/formats.py`: how a PDF's text and a .doc or .wps become what the
parser reads.

`pdftotext -layout` text is cut into blocks at blank lines. A block with a gap of three or more
spaces inside a line is part of a table; a run of such blocks becomes one tab-separated row per
block, between blank lines: every run of text (words separated by at most two spaces) lies under
the column whose start is nearest its own (starts within two characters are one column, the
first seen names it), and a block's pieces in one column join directly, or with "、" after a
unit's name (ending in 局, 委, 会, 室, 办 or 院). Any other block is paragraphs: a line joins the
one before when that one was full (at least 80 % of the block's widest line, which is at least
20 characters) and the line does not open with a number, a heading mark, "——", 附件 or a
leading-group role. In every line a space between Chinese (or Chinese punctuation) and a digit
or Latin letter is dropped, as pdftotext puts one there. Text without a single Han character is
a scan. Without pdftotext, pypdf's text is read: each page's lines, spaces collapsed, as
paragraphs. A .doc or .wps is converted by LibreOffice in a private profile inside a temporary
folder. Every failure is one line of Chinese naming the file. Expected values are worked out by
hand from these rules. Written for the mutation run of the parser (docs/en/mutation-testing.md).
No database; pdftotext, pypdf and LibreOffice are replaced by stand-ins where a rule is about
what happens around them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from innocounty.core.parser import formats
from innocounty.core.parser.errors import ParseError
from innocounty.core.parser.formats import (
    CONVERT_FAILED,
    NO_PDF_READER,
    NO_SOFFICE,
    PDF_BROKEN,
    PDF_NO_TEXT,
    layout_lines,
    office_to_docx,
    pdf_lines,
    soffice_path,
)


def at(*pieces: tuple[int, str]) -> str:
    """A line with each text starting at its column (as pdftotext lays a table out)."""
    line = ""
    for column, text in pieces:
        assert len(line) < column or not line, "pieces overlap"
        line = line.ljust(column) + text
    return line


# --- spaces pdftotext puts between Chinese and Latin or digits ---------------------------


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("到 2025 年", "到2025年"),
        ("培育 45 家", "培育45家"),
        ("占 GDP 比重", "占GDP比重"),
        ("R&D 经费", "R&D经费"),
        ("增长 15 %", "增长15%"),
        ("(一) 加强", "(一)加强"),
        ("完成 (2025年)", "完成(2025年)"),
        ("达到 .5", "达到.5"),
        ("“十四五” 2025", "“十四五”2025"),
        ("45 ,", "45,"),
        ("45 ;", "45;"),
        ("45 :", "45:"),
        ("达到: 45", "达到:45"),
        ("达到; 45", "达到;45"),
        ("达到, 45", "达到,45"),
        ("45 、", "45、"),
        ("45 。", "45。"),
        ("A )", "A)"),
        # Kept: between two Chinese words, two numbers or two Latin words.
        ("科技 局", "科技 局"),
        ("2024 2025", "2024 2025"),
        ("GDP growth", "GDP growth"),
        ("到  2025", "到  2025"),
    ],
)
def test_a_space_between_chinese_and_latin_or_digits_is_dropped(line: str, read: str) -> None:
    assert layout_lines(line) == [read]


# --- paragraphs -----------------------------------------------------------------------------

FULL = "全市研究与试验发展经费投入强度稳步提高"  # 19 characters
assert len(FULL) == 19


def test_a_full_line_is_continued_by_the_next() -> None:
    text = "\n".join([FULL + "，", "到2025年达到" + "4" * 11, "全市高新技术企业", "另起一行"])
    assert layout_lines(text) == [
        FULL + "，到2025年达到" + "4" * 11 + "全市高新技术企业",
        "另起一行",
    ]


@pytest.mark.parametrize(
    ("first", "joined"),
    [
        ("一" * 20, True),  # the widest line itself
        ("一" * 16, True),  # 80 % of 20
        ("一" * 15, False),
    ],
)
def test_a_line_is_full_from_80_percent_of_the_widest(first: str, joined: bool) -> None:
    widest = "二" * 20
    lines = layout_lines("\n".join([widest, first, "三三"]))
    expected = [widest + first + "三三"] if joined else [widest + first, "三三"]
    assert lines == expected


def test_no_line_is_full_when_the_widest_is_under_20_characters() -> None:
    line = "一" * 19
    assert layout_lines("\n".join([line, line, "二"])) == [line, line, "二"]


def test_a_full_line_counts_stripped() -> None:
    # Leading spaces do not make a line full; the widest is measured stripped too.
    assert layout_lines("\n".join(["  " + "一" * 15, "二" * 20, "三"])) == [
        "一" * 15,
        "二" * 20 + "三",
    ]


@pytest.mark.parametrize(
    "start",
    [
        "一、",
        "十二、",
        "(三)",
        "（三）",
        "1.",
        "12、",
        "3．",
        "4 .",
        "(5)",
        "（6）",
        "⑦",
        "——",
        "附件",
        "组长",
        "组  长",
        "副组长",
        "成员",
        "成 员",
        "  1.",
    ],
)
def test_a_numbered_or_marked_line_starts_a_paragraph(start: str) -> None:
    assert layout_lines("\n".join(["二" * 20, start + "内容"])) == [
        "二" * 20,
        (start + "内容").strip(),
    ]


@pytest.mark.parametrize("start", ["123.", "一是", "第一", "2025年", "（十二三四）"])
def test_other_openings_continue_the_paragraph(start: str) -> None:
    assert layout_lines("\n".join(["二" * 20, start + "内容"])) == ["二" * 20 + start + "内容"]


def test_a_blank_line_ends_a_paragraph_and_extra_blanks_change_nothing() -> None:
    text = "\n".join(["二" * 20, "", "  ", "三" * 20, "四", "", "", "五"])
    assert layout_lines(text) == ["二" * 20, "三" * 20 + "四", "五"]


# --- tables ---------------------------------------------------------------------------------


def test_a_table_block_becomes_one_row_between_blank_lines() -> None:
    text = "\n".join(
        [
            "主要指标如下",
            "",
            at((0, "指标名称"), (20, "2025年"), (30, "责任单位")),
            "",
            at((0, "高新技术企业数"), (20, "45"), (30, "县科技局")),
            at((0, "（家）"), (30, "县经信局")),
            "",
            "以上指标",
        ]
    )
    assert layout_lines(text) == [
        "主要指标如下",
        "",
        "指标名称\t2025年\t责任单位",
        "高新技术企业数（家）\t45\t县科技局、县经信局",
        "",
        "以上指标",
    ]


@pytest.mark.parametrize("ending", ["局", "委", "会", "室", "办", "院"])
def test_a_unit_name_is_followed_by_a_pause_mark(ending: str) -> None:
    text = "\n".join([at((0, "甲"), (10, "县科技" + ending)), at((10, "县经信局"))])
    assert layout_lines(text) == ["", f"甲\t县科技{ending}、县经信局", ""]


def test_other_pieces_of_a_cell_join_directly() -> None:
    text = "\n".join([at((0, "研发经费投入"), (20, "2.5")), at((0, "强度(%)"))])
    assert layout_lines(text) == ["", "研发经费投入强度(%)\t2.5", ""]


def test_two_spaces_stay_inside_a_piece_and_three_separate_columns() -> None:
    text = at((0, "一  二"), (7, "三"), (11, "四 五"))
    # "一  二" (two spaces), then three spaces before 三 and 四.
    assert layout_lines(text) == ["", "一  二\t三\t四 五", ""]


@pytest.mark.parametrize(("shift", "columns"), [(2, 3), (3, 4)])
def test_starts_within_two_characters_are_one_column(shift: int, columns: int) -> None:
    text = "\n".join(
        [
            at((0, "甲"), (10, "一"), (20, "二")),
            "",
            at((0, "乙"), (10 + shift, "三"), (20, "四")),
        ]
    )
    rows = layout_lines(text)
    assert [len(row.split("\t")) for row in rows[1:-1]] == [columns, columns]
    if columns == 3:
        assert rows == ["", "甲\t一\t二", "乙\t三\t四", ""]
    else:
        assert rows == ["", "甲\t一\t\t二", "乙\t\t三\t四", ""]


def test_a_piece_goes_to_the_nearest_column_the_first_seen_on_a_tie() -> None:
    # Columns start at 10 (seen first) and 14; a piece at 12 is two from both.
    text = "\n".join(
        [
            at((0, "甲"), (10, "一"), (20, "二")),
            "",
            at((0, "乙"), (14, "三"), (20, "四")),
            "",
            at((0, "丙"), (12, "五"), (20, "六")),
            "",
            at((0, "丁"), (13, "七"), (20, "八")),
        ]
    )
    assert layout_lines(text) == [
        "",
        "甲\t一\t\t二",
        "乙\t\t三\t四",
        "丙\t五\t\t六",
        "丁\t\t七\t八",
        "",
    ]


def test_columns_are_in_page_order_whatever_order_they_are_seen() -> None:
    text = "\n".join([at((30, "丙")), at((0, "甲"), (15, "乙"), (30, "丁"))])
    # One block, and a line whose only piece is far right: no gap in it, but the block has one.
    assert layout_lines(text) == ["", "甲\t乙\t丙丁", ""]


def test_a_table_run_ends_at_the_first_block_without_a_gap() -> None:
    text = "\n".join(
        [
            at((0, "甲"), (10, "一")),
            "",
            "正文一段",
            "",
            at((0, "乙"), (10, "二")),
        ]
    )
    assert layout_lines(text) == ["", "甲\t一", "", "正文一段", "", "乙\t二", ""]


def test_leading_spaces_alone_do_not_make_a_table() -> None:
    assert layout_lines("      （一）加强科技创新") == ["（一）加强科技创新"]


def test_spaces_are_dropped_in_table_rows_too() -> None:
    text = at((0, "到 2025 年"), (20, "45 家"))
    assert layout_lines(text) == ["", "到2025年\t45家", ""]


# --- the PDF reader -------------------------------------------------------------------------


class FakeRun:
    """A stand-in for subprocess.run that records its call and answers as told."""

    def __init__(self, *, stdout: bytes = b"", returncode: int = 0, raises=None, writes=None):
        self.stdout, self.returncode, self.raises, self.writes = stdout, returncode, raises, writes
        self.calls: list[tuple[list[str], dict]] = []

    def __call__(self, args, **kwargs):
        self.calls.append((list(args), kwargs))
        if self.raises is not None:
            raise self.raises
        if self.writes is not None:
            self.writes(args)
        return subprocess.CompletedProcess(args, self.returncode, self.stdout, b"")


@pytest.fixture
def with_pdftotext(monkeypatch):
    real = formats.shutil.which
    monkeypatch.setattr(
        formats.shutil, "which", lambda name: "/x/pdftotext" if name == "pdftotext" else real(name)
    )


@pytest.fixture
def without_pdftotext(monkeypatch):
    real = formats.shutil.which
    monkeypatch.setattr(
        formats.shutil, "which", lambda name: None if name == "pdftotext" else real(name)
    )


def test_pdftotext_is_asked_for_its_layout_in_utf8(monkeypatch, with_pdftotext) -> None:
    run = FakeRun(stdout="一、总体要求\n\n到 2025 年\n".encode())
    monkeypatch.setattr(formats.subprocess, "run", run)
    assert pdf_lines(b"%PDF-data", source="plan.pdf") == ["一、总体要求", "到2025年"]
    ((args, kwargs),) = run.calls
    assert args == ["pdftotext", "-layout", "-enc", "UTF-8", "-nopgbrk", "-", "-"]
    assert kwargs["input"] == b"%PDF-data"
    assert kwargs["capture_output"] is True
    assert kwargs["timeout"] == 60


def test_pdftotext_bytes_that_are_not_utf8_are_replaced(monkeypatch, with_pdftotext) -> None:
    monkeypatch.setattr(formats.subprocess, "run", FakeRun(stdout="规划".encode() + b"\xff"))
    assert pdf_lines(b"%PDF") == ["规划\ufffd"]


def test_a_pdf_pdftotext_refuses_is_broken(monkeypatch, with_pdftotext) -> None:
    monkeypatch.setattr(formats.subprocess, "run", FakeRun(stdout="规划".encode(), returncode=1))
    with pytest.raises(ParseError) as info:
        pdf_lines(b"%PDF", source="plan.pdf")
    assert str(info.value) == f"plan.pdf: {PDF_BROKEN}"


@pytest.mark.parametrize("text", ["", "Scanned page 1\n\n   12   \n"])
def test_a_pdf_without_chinese_text_is_a_scan(monkeypatch, with_pdftotext, text: str) -> None:
    monkeypatch.setattr(formats.subprocess, "run", FakeRun(stdout=text.encode()))
    with pytest.raises(ParseError) as info:
        pdf_lines(b"%PDF", source="plan.pdf")
    assert str(info.value) == f"plan.pdf: {PDF_NO_TEXT}"


@pytest.mark.parametrize(
    "failure", [OSError("no such file"), subprocess.TimeoutExpired("pdftotext", 60)]
)
def test_pdftotext_that_cannot_run_leaves_it_to_pypdf(
    monkeypatch, with_pdftotext, failure: Exception
) -> None:
    monkeypatch.setattr(formats.subprocess, "run", FakeRun(raises=failure))
    monkeypatch.setattr(formats, "_pypdf_pages", lambda data, *, source: ["一、总体要求"])
    assert pdf_lines(b"%PDF") == ["一、总体要求"]


def test_without_pdftotext_pypdf_gives_paragraphs_page_by_page(
    monkeypatch, without_pdftotext
) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("pdftotext is not installed")

    monkeypatch.setattr(formats.subprocess, "run", refuse)
    pages = [
        "\n".join(["二" * 20, "   三   四  ", "", "  ", "1.五"]),
        "\n".join(["六" * 20, "到 2025 年"]),
        "",
    ]
    seen = []

    def read(data: bytes, *, source: str) -> list[str]:
        seen.append((data, source))
        return pages

    monkeypatch.setattr(formats, "_pypdf_pages", read)
    # Spaces are collapsed (so no line is a table), blank lines dropped, a page's last line
    # is not continued by the next page's first.
    assert pdf_lines(b"%PDF", source="plan.pdf") == [
        "二" * 20 + "三 四",
        "1.五",
        "六" * 20 + "到2025年",
    ]
    assert seen == [(b"%PDF", "plan.pdf")]


def test_pypdf_text_without_chinese_is_a_scan(monkeypatch, without_pdftotext) -> None:
    monkeypatch.setattr(formats, "_pypdf_pages", lambda data, *, source: ["Page 1", ""])
    with pytest.raises(ParseError) as info:
        pdf_lines(b"%PDF", source="plan.pdf")
    assert str(info.value) == f"plan.pdf: {PDF_NO_TEXT}"


def test_without_pypdf_the_reason_names_both_readers(monkeypatch, without_pdftotext) -> None:
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf raises ImportError
    with pytest.raises(ParseError) as info:
        pdf_lines(b"%PDF", source="plan.pdf")
    assert str(info.value) == f"plan.pdf: {NO_PDF_READER}"


def test_a_pdf_pypdf_cannot_read_is_broken(without_pdftotext) -> None:
    with pytest.raises(ParseError) as info:
        pdf_lines(b"%PDF-1.7\n garbage", source="plan.pdf")
    assert str(info.value) == f"plan.pdf: {PDF_BROKEN}"


def test_pypdf_pages_without_text_read_as_empty(monkeypatch) -> None:
    import pypdf

    class Page:
        def __init__(self, text):
            self.text = text

        def extract_text(self):
            return self.text

    class Reader:
        def __init__(self, stream):
            assert stream.read() == b"%PDF"
            self.pages = [Page("一、总体要求"), Page(None)]

    monkeypatch.setattr(pypdf, "PdfReader", Reader)
    assert formats._pypdf_pages(b"%PDF", source="") == ["一、总体要求", ""]


# --- .doc and .wps through LibreOffice ------------------------------------------------------


def test_soffice_is_found_under_either_name(monkeypatch) -> None:
    names = {"soffice": "/usr/bin/soffice", "libreoffice": "/usr/bin/libreoffice"}
    monkeypatch.setattr(formats.shutil, "which", names.get)
    assert soffice_path() == "/usr/bin/soffice"
    del names["soffice"]
    assert soffice_path() == "/usr/bin/libreoffice"
    names.clear()
    assert soffice_path() is None


def _converts(args) -> None:
    out = Path(args[args.index("--outdir") + 1])
    out.mkdir()
    out.joinpath("plan.docx").write_bytes(b"DOCX:" + Path(args[-1]).read_bytes())


def test_a_document_is_converted_in_a_private_profile(monkeypatch) -> None:
    monkeypatch.setattr(formats, "soffice_path", lambda: "/opt/lo/soffice")
    run = FakeRun(writes=_converts)
    monkeypatch.setattr(formats.subprocess, "run", run)
    assert office_to_docx(b"OLE-bytes", source="plan.wps", timeout=7) == b"DOCX:OLE-bytes"
    ((args, kwargs),) = run.calls
    document = Path(args[-1])
    folder = document.parent
    assert document.name == "plan.doc"
    assert folder.name.startswith("innocounty-parse-")
    assert args[:-1] == [
        "/opt/lo/soffice",
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(folder / "out"),
    ]
    assert kwargs == {"capture_output": True, "timeout": 7}
    assert not folder.exists()  # the temporary folder is gone, profile and all


def test_the_conversion_waits_two_minutes_by_default(monkeypatch) -> None:
    monkeypatch.setattr(formats, "soffice_path", lambda: "soffice")
    run = FakeRun(writes=_converts)
    monkeypatch.setattr(formats.subprocess, "run", run)
    office_to_docx(b"x")
    assert run.calls[0][1]["timeout"] == 120


def test_without_libreoffice_the_reason_says_to_save_as_docx(monkeypatch) -> None:
    monkeypatch.setattr(formats, "soffice_path", lambda: None)
    run = FakeRun()
    monkeypatch.setattr(formats.subprocess, "run", run)
    with pytest.raises(ParseError) as info:
        office_to_docx(b"x", source="plan.doc")
    assert str(info.value) == f"plan.doc: {NO_SOFFICE}"
    assert run.calls == []


@pytest.mark.parametrize(
    "how",
    [
        {"raises": OSError("cannot execute")},
        {"raises": subprocess.TimeoutExpired("soffice", 120)},
        {"returncode": 0},  # ran, wrote nothing: not a document it could convert
        {"returncode": 1},
    ],
)
def test_a_failed_conversion_gives_one_reason(monkeypatch, how: dict) -> None:
    run = FakeRun(**how)
    monkeypatch.setattr(formats, "soffice_path", lambda: "soffice")
    monkeypatch.setattr(formats.subprocess, "run", run)
    with pytest.raises(ParseError) as info:
        office_to_docx(b"x", source="plan.doc")
    assert str(info.value) == f"plan.doc: {CONVERT_FAILED}"
    assert len(run.calls) == 1


def test_without_a_source_the_reason_stands_alone(monkeypatch, with_pdftotext) -> None:
    monkeypatch.setattr(formats.subprocess, "run", FakeRun(stdout=b"Page 1"))
    with pytest.raises(ParseError) as info:
        pdf_lines(b"%PDF")
    assert str(info.value) == PDF_NO_TEXT
    monkeypatch.setattr(formats, "soffice_path", lambda: None)
    with pytest.raises(ParseError) as info:
        office_to_docx(b"x")
    assert str(info.value) == NO_SOFFICE
