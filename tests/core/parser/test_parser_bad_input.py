"""Bad input: a clear one-line Chinese reason, never a traceback."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from innocounty.core.parser import ParseError, parse_file, parse_text


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "文件为空"),
        ("blank.txt", b"  \n\n \r\n", "文件为空"),
        ("binary.txt", bytes(range(256)) * 4, "不是文本文件"),
        ("sheet.txt", None, "这是 Excel 表格"),
        ("broken.docx", b"PK\x03\x04garbage", "Word 文件已损坏"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "无法转换此文件"),
        ("scan.pdf", b"%PDF-1.7\n...", "PDF 文件"),
        (
            "novel.txt",
            "从前有座山,山里有座庙。庙里有个老和尚。\n".encode() * 50,
            "不像是一份实施方案",
        ),
        ("latin1.txt", "café crème brûlée\n".encode("latin-1") * 20, "不像是一份实施方案"),
    ],
)
def test_bad_files_give_one_line_reasons(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(_xlsx() if content is None else content)
    with pytest.raises(ParseError, match=reason) as info:
        parse_file(path)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(str(path))


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="找不到文件"):
        parse_file(tmp_path / "nope.txt")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="这是一个目录"):
        parse_file(tmp_path)


def test_a_huge_file_is_refused_by_size_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)

    def refuse(*args: object) -> bytes:
        raise AssertionError("the file must not be read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(ParseError, match=re.escape("文件过大（50.0 MB），超过上限 20.0 MB")):
        parse_file(path)


def test_the_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("一、重点任务\n1.甲。(牵头单位:市科技局)\n" * 100, encoding="utf-8")
    with pytest.raises(ParseError, match="文件过大"):
        parse_file(path, max_bytes=1000)


def test_empty_text_is_refused() -> None:
    with pytest.raises(ParseError, match="文件为空"):
        parse_text("   ")
