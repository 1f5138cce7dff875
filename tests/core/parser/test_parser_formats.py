"""Plans as PDF, .doc, WPS .wps and GB18030 text read like the .docx they came from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from innocounty.core.parser import ParseError, parse_file

DOCUMENTS = Path(__file__).parent / "documents"


def _same(a, b) -> None:
    left, right = a.to_contract(), b.to_contract()
    for key in ("title", "doc_number", "date", "programs", "indicators", "main_targets", "units"):
        assert left[key] == right[key], key


@pytest.mark.parametrize("name", ["tongshan-2023.pdf", "tongshan-2023.doc", "tongshan-2023.wps"])
def test_pdf_doc_and_wps_give_the_plan_of_the_docx(converted, name) -> None:
    plan = parse_file(converted[name])
    _same(plan, parse_file(converted["tongshan-2023.docx"]))
    # Checked by hand against make_tongshan_docx.py: the merged "2025年" header over two kinds.
    n06 = next(i for i in plan.indicators if i.code == "N06")
    assert [(t.year, t.kind.value, int(t.value)) for t in n06.targets] == [
        (2023, "target", 60), (2024, "target", 70), (2025, "assessment", 80), (2025, "expected", 90),
    ]  # fmt: skip
    assert n06.responsible_units == ["县科技局", "县经信局"]
    assert len(plan.tasks()) == 3


def test_a_pdf_joins_wrapped_lines_and_keeps_a_blank_number(converted) -> None:
    plan = parse_file(converted["qingshan-bullets.pdf"])
    _same(plan, parse_file(DOCUMENTS / "qingshan-bullets.txt"))
    assert any(f.kind == "blank_value" for f in plan.findings)


def test_gb18030_text_reads_like_utf8(tmp_path: Path) -> None:
    text = (DOCUMENTS / "yunxi-prose-targets.txt").read_text(encoding="utf-8")
    path = tmp_path / "yunxi-prose-targets.txt"
    path.write_bytes(text.encode("gb18030"))
    assert json.dumps(parse_file(path).to_contract(), ensure_ascii=False) == json.dumps(
        parse_file(DOCUMENTS / "yunxi-prose-targets.txt").to_contract(), ensure_ascii=False
    )


# A valid PDF with one empty page: what a scan without a text layer gives the text extractor.
EMPTY_PDF = b"""%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj
trailer<</Root 1 0 R>>
%%EOF
"""


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (EMPTY_PDF, "PDF 中没有可读取的文字（可能是扫描件）"),
        (b"%PDF-1.7\n garbage", "PDF 文件已损坏或加密"),
    ],
)
def test_pdfs_without_text_get_a_one_line_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    with pytest.raises(ParseError, match=re.escape(reason)) as info:
        parse_file(path)
    assert "\n" not in str(info.value)


def test_the_pdf_reader_without_poppler_uses_pypdf(converted, monkeypatch) -> None:
    import shutil

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "pdftotext" else real(name))
    plan = parse_file(converted["qingshan-bullets.pdf"])
    assert [t.title for t in plan.tasks()] == [
        "壮大科技型企业群体", "建设创新平台", "引进高层次人才", "加强科技特派员服务",
    ]  # fmt: skip
    assert {i.catalogue for i in plan.indicators} == {None, "N03", "N05", "N13"}


def test_a_doc_without_libreoffice_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    import shutil

    real = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name: None if name in ("soffice", "libreoffice") else real(name)
    )
    path = tmp_path / "plan.wps"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ParseError, match=re.escape("读取 .doc/.wps 需要 LibreOffice（soffice）")):
        parse_file(path)
