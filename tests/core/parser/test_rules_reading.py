"""The rules of `core/parser/reading.py`: how a plan document becomes lines. A file is refused
before it is read when it is larger than the limit (20 MiB by default; the message gives both
figures in MB with one decimal), and refused when empty or blank, missing, a directory or
unreadable. A .docx is read by what its zip holds (word/document.xml), an .xlsx (xl/workbook.xml)
or an old .xls (an OLE file naming a Workbook or Book stream) is refused as a spreadsheet, any
other zip as an archive; a .doc or .wps goes through LibreOffice, a file whose first 1024 bytes
open with "%PDF" (after blanks) through the PDF reader. Text is UTF-16 with a BOM, else UTF-8
(with or without BOM), else GB18030/GBK, else the detector's guess; a NUL in the first 8192
bytes or 1 % of control characters (other than tab, line and page breaks) in the first 20000
characters makes it binary. Lines split at \\n, \\r\\n and \\r. A .docx gives its paragraphs
(a line break splits one) and its table rows as tab-separated lines between blank lines; a cell
merged across columns is given once, a cell merged down a column in every row; a cell's
paragraphs join with "、", a "(" or "%" paragraph directly. `normalise` maps every odd space
to a plain one, drops zero-width ones and folds full-width ASCII (U+FF01 to U+FF5E) to ASCII.
Every refusal is one exact line of Chinese, prefixed by the file's path. Expected values are
worked out by hand from these rules. Written for the mutation run of the parser
(docs/en/mutation-testing.md). No database; files are built in `tmp_path`, LibreOffice and the
PDF reader are replaced by stand-ins.
"""

from __future__ import annotations

import errno
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree

from innocounty.core.parser import formats
from innocounty.core.parser.errors import ParseError
from innocounty.core.parser.reading import (
    decode_text,
    docx_lines,
    normalise,
    read_bytes,
    read_document,
)

MIB = 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of every OLE file (.doc .xls .wps)

BINARY = "不是文本文件（含二进制内容）"
BAD_DOCX = "Word 文件已损坏，无法打开"
UNKNOWN_ENCODING = "无法识别文本编码（支持 UTF-8、GB18030/GBK）"
SPREADSHEET = "这是 Excel 表格，不是方案文档（请提供 .txt 或 .docx）"


def _file(tmp_path: Path, data: bytes, name: str = "plan.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _sparse(tmp_path: Path, size: int) -> Path:
    """A file of `size` bytes on paper that takes no room on disk."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _refusal(path: Path, **kwargs: int) -> str:
    """The one-line message `read_document` refuses `path` with (its source is the path)."""
    with pytest.raises(ParseError) as info:
        read_document(path, **kwargs)
    assert info.value.source == str(path)
    assert "\n" not in str(info.value)
    return str(info.value)


def _docx(build: Callable[[docx.document.Document], object]) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_lines(build: Callable[[docx.document.Document], object]) -> list[str]:
    return docx_lines(_docx(build))


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


# --- normalise -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "space",
    [
        "\u00a0",
        "\u2000",
        "\u2002",
        "\u2003",
        "\u2004",
        "\u2007",
        "\u2008",
        "\u2009",
        "\u200a",
        "\u202f",
        "\u205f",
        "\u3000",
        "\v",
        "\f",
    ],
    ids=[
        "no-break",
        "en-quad",
        "en",
        "em",
        "three-per-em",
        "figure",
        "punctuation",
        "thin",
        "hair",
        "narrow-no-break",
        "medium-mathematical",
        "ideographic",
        "vertical-tab",
        "form-feed",
    ],
)
def test_every_odd_space_becomes_one_plain_space(space: str):
    # Rule: every space of Unicode's General Punctuation block (U+2000–U+200A, U+202F,
    # U+205F; U+2004–U+2008, U+200A, U+202F and U+205F were once left as they were),
    # no-break and ideographic spaces, \v and \f read as " ".
    assert normalise(f"牵头单位{space}市科技局") == "牵头单位 市科技局"


@pytest.mark.parametrize("zero_width", ["\u200b", "\ufeff"], ids=["zero-width", "bom"])
def test_zero_width_spaces_are_dropped(zero_width: str):
    assert normalise(f"市科技{zero_width}局") == "市科技局"


def test_full_width_ascii_folds_to_ascii_at_both_ends_of_the_range():
    # Rule: U+FF01 ! … U+FF5E ~ map to U+0021 … U+007E (0xFEE0 lower).
    assert normalise("！") == "!"
    assert normalise("～") == "~"
    assert normalise("（牵头单位：市科技局；２０２５年达到１５％，Ａｚ）") == (
        "(牵头单位:市科技局;2025年达到15%,Az)"
    )


def test_characters_just_outside_the_full_width_range_stay():
    # Rule: U+FF00 (unassigned) and U+FF5F ｟ are outside U+FF01 … U+FF5E.
    assert normalise("\uff00\uff5f") == "\uff00\uff5f"


def test_cjk_punctuation_circled_numbers_and_plain_text_stay():
    # Rule: 、。①《》“” are no full-width ASCII; a tab and a plain space are already plain.
    text = "一、重点任务。①《方案》“双创”\tA b"
    assert normalise(text) == text


# --- size, missing and unreadable files ------------------------------------------------------


def test_a_file_exactly_at_the_limit_is_read(tmp_path: Path):
    # Rule: the limit itself is allowed; only more is refused.
    path = _file(tmp_path, b"a" * 100)
    assert read_document(path, max_bytes=100) == ["a" * 100]


def test_a_file_one_byte_over_the_limit_is_refused(tmp_path: Path):
    path = _file(tmp_path, b"a" * 101)
    assert _refusal(path, max_bytes=100) == f"{path}: 文件过大（0.0 MB），超过上限 0.0 MB"


def test_the_default_limit_is_twenty_mib_inclusive(tmp_path: Path):
    # Rule: 20 × 1024 × 1024 = 20971520 bytes is read.
    assert len(read_bytes(_sparse(tmp_path, 20971520))) == 20971520


def test_one_byte_over_twenty_mib_is_refused_with_both_figures(tmp_path: Path):
    # 20971521 bytes is 20.000001 MiB: "20.0" with one decimal.
    path = _sparse(tmp_path, 20971521)
    assert _refusal(path) == f"{path}: 文件过大（20.0 MB），超过上限 20.0 MB"


def test_the_message_gives_size_and_limit_in_mib_rounded_to_one_decimal(tmp_path: Path):
    # 2.05 MiB is 2149580.8 bytes and 1.05 MiB is 1101004.8 bytes: 2149581 and 1101005 bytes
    # are just over the halves, so they round up to 2.1 and 1.1 (MiB = 1048576 bytes, not
    # 1048577, which would make them 2.049998 and 1.049999).
    path = _sparse(tmp_path, 2149581)
    assert _refusal(path, max_bytes=1101005) == f"{path}: 文件过大（2.1 MB），超过上限 1.1 MB"


def test_a_missing_file_is_named(tmp_path: Path):
    path = tmp_path / "nope.txt"
    assert _refusal(path) == f"{path}: 找不到文件"


def test_a_directory_is_refused(tmp_path: Path):
    assert _refusal(tmp_path) == f"{tmp_path}: 无法读取文件：这是一个目录"


def test_a_path_that_cannot_be_looked_up_gives_the_system_reason(tmp_path: Path):
    # Rule: an OSError other than "not found" while looking the file up gives its reason;
    # a path under a plain file fails with ENOTDIR, "Not a directory".
    path = _file(tmp_path, b"x", "plan.txt") / "inner.txt"
    assert _refusal(path) == f"{path}: 无法读取文件：Not a directory"


def test_a_file_that_cannot_be_read_gives_the_system_reason(tmp_path: Path, monkeypatch):
    # Rule: a failure while reading (after the size check) is refused with its reason.
    path = _file(tmp_path, b"x")

    def refuse(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert _refusal(path) == f"{path}: 无法读取文件：Permission denied"


@pytest.mark.parametrize("data", [b"", b" \t\r\n\n  "], ids=["empty", "blank"])
def test_an_empty_or_blank_file_is_refused(tmp_path: Path, data: bytes):
    path = _file(tmp_path, data)
    assert _refusal(path) == f"{path}: 文件为空"


# --- encodings ------------------------------------------------------------------------------

PLAN = "一、重点任务\n1.建设（牵头单位：市科技局）\n"
PLAN_LINES = ["一、重点任务", "1.建设（牵头单位：市科技局）"]


@pytest.mark.parametrize(
    "data",
    [
        PLAN.encode("utf-8"),
        b"\xef\xbb\xbf" + PLAN.encode("utf-8"),
        PLAN.encode("gb18030"),
        PLAN.encode("gbk"),
        b"\xff\xfe" + PLAN.encode("utf-16-le"),
        b"\xfe\xff" + PLAN.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_every_supported_encoding_gives_the_same_lines_as_written(tmp_path: Path, data: bytes):
    # Rule: the text comes back as written (full-width kept, BOM gone); normalising is later.
    assert read_document(_file(tmp_path, data)) == PLAN_LINES


def test_utf8_is_tried_before_gb18030():
    # "科技" in UTF-8 (E7 A7 91 E6 8A 80) is also valid GB18030, but means 科技 only as UTF-8.
    assert decode_text("科技".encode()) == "科技"


def test_gb18030_is_tried_before_any_guess():
    # "科技局" in GBK is six bytes a detector would read as Big5; GB18030 is tried first.
    assert decode_text("科技局".encode("gbk")) == "科技局"


def test_a_gb18030_four_byte_character_is_read():
    # U+3400 㐀 (CJK extension A) is outside GBK: GB18030 writes it as 81 39 EE 39.
    assert decode_text(b"\x81\x39\xee\x39") == "㐀"


def test_text_neither_utf8_nor_gb18030_goes_to_the_detector(tmp_path: Path):
    # Cyrillic in cp1251: "а " (E0 20) is no GB18030 pair, nor UTF-8.
    text = "Программа развития инноваций в районе на три года.\nЦели и задачи программы.\n"
    assert read_document(_file(tmp_path, text.encode("cp1251"))) == [
        "Программа развития инноваций в районе на три года.",
        "Цели и задачи программы.",
    ]


def test_text_no_encoding_can_read_is_refused(tmp_path: Path):
    # Every byte value 1 … 255 once: neither UTF-8 nor GB18030, and nothing a detector takes.
    path = _file(tmp_path, bytes(range(1, 256)))
    assert _refusal(path) == f"{path}: {UNKNOWN_ENCODING}"


def test_a_broken_utf16_text_is_refused_as_unknown_encoding(tmp_path: Path):
    # Rule: a UTF-16 BOM commits to UTF-16; an odd byte count cannot be UTF-16.
    path = _file(tmp_path, b"\xff\xfe" + "一、".encode("utf-16-le") + b"\x00")
    assert _refusal(path) == f"{path}: {UNKNOWN_ENCODING}"


# --- binary content and control characters -------------------------------------------------


def test_a_nul_in_the_first_8192_bytes_is_binary(tmp_path: Path):
    # Rule: byte 8191 (the last of the first 8192) holding NUL makes the file binary.
    path = _file(tmp_path, b"a" * 8191 + b"\x00" + b"a" * 1000)
    assert _refusal(path) == f"{path}: {BINARY}"


def test_a_nul_after_the_first_8192_bytes_is_only_a_control_character():
    # Rule: byte 8192 is outside the NUL check; one control in 9193 characters is text.
    data = b"a" * 8192 + b"\x00" + b"a" * 1000
    assert decode_text(data) == "a" * 8192 + "\x00" + "a" * 1000


def test_without_a_source_the_message_is_the_bare_reason():
    with pytest.raises(ParseError) as info:
        decode_text(b"\x00")
    assert str(info.value) == BINARY
    assert info.value.source == ""


def test_one_control_character_in_a_hundred_is_binary(tmp_path: Path):
    # Rule: 1 % (1 of 100) is already too many.
    path = _file(tmp_path, b"\x01" + b"a" * 99)
    assert _refusal(path) == f"{path}: {BINARY}"


def test_one_control_character_in_a_hundred_and_one_is_text():
    # Rule: 1 of 101 is under 1 %.
    assert decode_text(b"\x01" + b"a" * 100) == "\x01" + "a" * 100


def test_only_the_first_20000_characters_are_weighed():
    # Rule: 200 controls in the first 20000 characters is 1 %: binary, whatever follows.
    with pytest.raises(ParseError, match=BINARY):
        decode_text(b"\x01" * 200 + b"a" * 19800 + b"a" * 100)
    # 199 there is under 1 %; the 1000 controls after character 20000 are not counted.
    data = b"\x01" * 199 + b"a" * 19801 + b"\x01" * 1000
    assert decode_text(data) == data.decode()


def test_tab_line_and_page_breaks_are_no_control_characters():
    # Rule: \t \n \r \f \v do not count; neither does DEL (0x7F, not below 32).
    data = b"\t\n\r\f\v\x7f" * 20 + b"a"
    assert decode_text(data) == data.decode()


def test_a_guessed_text_full_of_control_characters_is_binary(tmp_path: Path):
    # Cyrillic in cp1251 with four SUB (0x1A) characters a sentence: 5 % controls.
    sentence = "Программа развития инноваций в районе на три года. Цели и задачи программы. "
    path = _file(tmp_path, ((sentence + "\x1a" * 4) * 6).encode("cp1251"))
    assert _refusal(path) == f"{path}: {BINARY}"


def test_an_empty_text_is_an_empty_string():
    # Rule: nothing to weigh is no binary content (read_document refuses it as empty first).
    assert decode_text(b"") == ""
    assert decode_text(b"\xef\xbb\xbf") == ""


# --- line splitting -------------------------------------------------------------------------


def test_lines_split_at_crlf_cr_and_lf_and_a_last_break_adds_no_line(tmp_path: Path):
    path = _file(tmp_path, "一、任务\r\n1.甲\r2.乙\n\r\n二、保障\r\n".encode())
    assert read_document(path) == ["一、任务", "1.甲", "2.乙", "", "二、保障"]


# --- zip containers: .docx, .xlsx, other zips -----------------------------------------------


def test_a_docx_is_read_by_its_content_not_its_name(tmp_path: Path):
    path = _file(tmp_path, _docx(lambda d: d.add_paragraph("一、重点任务")), "plan.txt")
    assert read_document(path) == ["一、重点任务"]


def test_an_xlsx_is_refused_as_a_spreadsheet(tmp_path: Path):
    path = _file(tmp_path, _zip("[Content_Types].xml", "xl/workbook.xml"), "plan.docx")
    assert _refusal(path) == f"{path}: {SPREADSHEET}"


def test_another_zip_is_refused_as_an_archive(tmp_path: Path):
    path = _file(tmp_path, _zip("方案.txt"), "plan.zip")
    assert _refusal(path) == f"{path}: 这是压缩包，不是方案文档"


def test_a_broken_zip_is_a_damaged_word_file(tmp_path: Path):
    path = _file(tmp_path, b"PK\x03\x04garbage", "plan.docx")
    assert _refusal(path) == f"{path}: {BAD_DOCX}"


def test_a_zip_with_a_broken_word_document_is_a_damaged_word_file(tmp_path: Path):
    # Rule: word/document.xml makes it a .docx; python-docx cannot open it: named, one line.
    path = _file(tmp_path, _zip("word/document.xml"), "plan.docx")
    assert _refusal(path) == f"{path}: {BAD_DOCX}"


def test_a_damaged_docx_without_a_source_gives_the_bare_reason():
    with pytest.raises(ParseError) as info:
        docx_lines(b"not a docx")
    assert str(info.value) == BAD_DOCX
    assert info.value.source == ""


# --- OLE files: .xls refused, .doc/.wps converted -----------------------------------------


@pytest.fixture
def converter(monkeypatch) -> list[tuple[bytes, str]]:
    """LibreOffice replaced: the conversion gives a .docx of one paragraph, calls are kept."""
    calls: list[tuple[bytes, str]] = []
    result = _docx(lambda d: d.add_paragraph("一、重点任务"))

    def convert(data: bytes, *, source: str = "", timeout: int = 120) -> bytes:
        calls.append((data, source))
        return result

    monkeypatch.setattr(formats, "office_to_docx", convert)
    return calls


def test_an_xls_naming_its_workbook_stream_anywhere_is_a_spreadsheet(tmp_path: Path, converter):
    # Rule: "Workbook" in UTF-16LE (a BIFF8 stream name) anywhere in the file, past 4096 too.
    data = OLE + b"\x00" * 5000 + "Workbook".encode("utf-16-le")
    path = _file(tmp_path, data, "plan.xls")
    assert _refusal(path) == f"{path}: {SPREADSHEET}"
    assert converter == []


def test_an_xls_with_a_book_stream_in_the_first_4096_bytes_is_a_spreadsheet(
    tmp_path: Path, converter
):
    # Rule: "Book\0" (a BIFF5 stream) counts when it ends by byte 4095: here bytes 4091-4095.
    data = OLE + b"\x00" * 4083 + b"Book\x00" + b"\x00" * 100
    assert data.index(b"Book\x00") == 4091
    path = _file(tmp_path, data, "plan.xls")
    assert _refusal(path) == f"{path}: {SPREADSHEET}"
    assert converter == []


def test_a_book_stream_past_the_first_4096_bytes_is_no_spreadsheet(tmp_path: Path, converter):
    # Rule: "Book\0" at bytes 4092-4096 is not wholly in the first 4096: the file is converted.
    data = OLE + b"\x00" * 4084 + b"Book\x00" + b"\x00" * 100
    path = _file(tmp_path, data, "plan.doc")
    assert read_document(path) == ["一、重点任务"]
    assert converter == [(data, str(path))]


def test_a_doc_is_converted_and_read_as_docx(tmp_path: Path, converter):
    data = OLE + b"\x00" * 100
    path = _file(tmp_path, data, "plan.wps")
    assert read_document(path) == ["一、重点任务"]
    assert converter == [(data, str(path))]


def test_a_damaged_conversion_is_named_by_the_original_file(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(formats, "office_to_docx", lambda data, *, source="": b"not a docx")
    path = _file(tmp_path, OLE + b"\x00" * 100, "plan.doc")
    assert _refusal(path) == f"{path}: {BAD_DOCX}"


# --- PDF ------------------------------------------------------------------------------------


@pytest.fixture
def pdf_reader(monkeypatch) -> list[tuple[bytes, str]]:
    """The PDF reader replaced: it gives one line and keeps its calls."""
    calls: list[tuple[bytes, str]] = []

    def read(data: bytes, *, source: str = "") -> list[str]:
        calls.append((data, source))
        return ["PDF 的一行"]

    monkeypatch.setattr(formats, "pdf_lines", read)
    return calls


def test_a_pdf_goes_to_the_pdf_reader_whole(tmp_path: Path, pdf_reader):
    data = b"%PDF-1.7\n1 0 obj\n"
    path = _file(tmp_path, data, "plan.txt")
    assert read_document(path) == ["PDF 的一行"]
    assert pdf_reader == [(data, str(path))]


def test_blanks_before_the_pdf_signature_are_skipped(tmp_path: Path, pdf_reader):
    data = b"\r\n \t%PDF-1.7\n"
    path = _file(tmp_path, data)
    assert read_document(path) == ["PDF 的一行"]
    assert pdf_reader == [(data, str(path))]


def test_the_pdf_signature_must_end_within_the_first_1024_bytes(tmp_path: Path, pdf_reader):
    # Rule: after 1020 line breaks "%PDF" fills bytes 1020-1023: a PDF.
    path = _file(tmp_path, b"\n" * 1020 + b"%PDF-1.7")
    assert read_document(path) == ["PDF 的一行"]
    # After 1021, its "F" is byte 1024: the file is text, 1021 empty lines and "%PDF-1.7".
    path = _file(tmp_path, b"\n" * 1021 + b"%PDF-1.7", "late.txt")
    assert read_document(path) == [""] * 1021 + ["%PDF-1.7"]
    assert len(pdf_reader) == 1


# --- .docx content --------------------------------------------------------------------------


def test_a_line_break_splits_a_paragraph_and_spaces_stay():
    def build(document):
        paragraph = document.add_paragraph("一、重点任务 建设平台")
        paragraph.add_run().add_break()
        paragraph.add_run("(牵头单位:市科技局)")
        document.add_paragraph("")

    assert _docx_lines(build) == ["一、重点任务 建设平台", "(牵头单位:市科技局)", ""]


def test_a_table_gives_one_tab_separated_line_a_row_between_blank_lines():
    def build(document):
        document.add_paragraph("前言")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "序号"
        table.cell(0, 1).text = "任务"
        table.cell(1, 0).text = "1"
        table.cell(1, 1).text = "建设平台"
        document.add_paragraph("结语")

    assert _docx_lines(build) == ["前言", "", "序号\t任务", "1\t建设平台", "", "结语"]


def test_a_cell_merged_across_columns_is_given_once_and_keeps_its_columns():
    def build(document):
        table = document.add_table(rows=1, cols=3)
        table.cell(0, 0).merge(table.cell(0, 1)).text = "重点任务"
        table.cell(0, 2).text = "牵头单位"

    assert _docx_lines(build) == ["", "重点任务\t\t牵头单位", ""]


def test_a_cell_merged_down_a_column_repeats_in_every_row():
    def build(document):
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).merge(table.cell(1, 0)).text = "科技创新"
        table.cell(0, 1).text = "建设平台"
        table.cell(1, 1).text = "培育企业"

    assert _docx_lines(build) == ["", "科技创新\t建设平台", "科技创新\t培育企业", ""]


def _one_cell(*paragraphs: str) -> list[str]:
    def build(document):
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = paragraphs[0]
        for text in paragraphs[1:]:
            cell.add_paragraph(text)

    return _docx_lines(build)


def test_a_cells_paragraphs_join_with_the_enumeration_comma_blank_ones_skipped():
    # Rule: each paragraph stripped, blank ones dropped, the rest joined with "、".
    assert _one_cell("  市科技局 ", "   ", "市财政局") == ["", "市科技局、市财政局", ""]


def test_a_cell_paragraph_opening_with_a_bracket_continues_the_one_before():
    assert _one_cell("市科技局", "(牵头)", "市财政局") == ["", "市科技局(牵头)、市财政局", ""]
    # The full-width bracket too (it was joined with "、": "市科技局、（牵头）").
    assert _one_cell("市科技局", "\uff08牵头\uff09") == ["", "市科技局\uff08牵头\uff09", ""]


def test_a_cell_paragraph_opening_with_percent_continues_the_one_before():
    assert _one_cell("85", "%") == ["", "85%", ""]


def test_a_tab_inside_a_cell_becomes_a_space():
    # Rule: the tab separates cells, so a cell's own tab is a space.
    assert _one_cell("市科技局\t市财政局") == ["", "市科技局 市财政局", ""]


def test_body_elements_other_than_paragraphs_and_tables_are_skipped():
    # Rule: only w:p and w:tbl give lines; w:sectPr and an element without a namespace do not.
    def build(document):
        document.add_paragraph("一、重点任务")
        note = etree.Element("note")
        note.text = "旁注"
        document.element.body.insert(0, note)

    assert _docx_lines(build) == ["一、重点任务"]


def test_a_comment_a_processing_instruction_or_a_foreign_p_in_the_body_is_skipped():
    # Rule: only Word's own w:p and w:tbl give lines. A comment or processing instruction has
    # no name, and <x:p> of another namespace is not a paragraph: each is skipped (they used
    # to raise AttributeError, not a ParseError).
    def build(document):
        document.add_paragraph("甲")
        body = document.element.body
        body.insert(0, etree.Comment(" x "))
        body.insert(0, etree.ProcessingInstruction("mso-application", 'progid="Word"'))
        body.insert(0, etree.Element("{urn:x}p"))

    assert _docx_lines(build) == ["甲"]
