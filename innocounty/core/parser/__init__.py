"""Read a plan document (实施方案, .txt or .docx) into a `Plan`.

Pure Python, no Django. `parse_file` and `parse_text` either return a valid `Plan` whose
`findings` list every repair and check (with line numbers), or raise `ParseError` with a
one-line Chinese reason. See DESIGN.md's `innocounty parse` contract.
"""

from __future__ import annotations

from pathlib import Path

from innocounty.core.parser.document import parse_lines
from innocounty.core.parser.errors import ParseError
from innocounty.core.parser.reading import DEFAULT_MAX_BYTES, read_document
from innocounty.core.schema import Plan

__all__ = ["DEFAULT_MAX_BYTES", "ParseError", "parse_file", "parse_text"]


def parse_text(text: str, *, source: str = "", punctuation: bool = True) -> Plan:
    """Parse a plan document given as text; `source` names it in messages and derives the key.

    `punctuation` restores full-width punctuation in the plan's Chinese text (with a finding).
    """
    if not text.strip():
        raise ParseError("文件为空", source=source)
    return parse_lines(text.splitlines(), source=source, punctuation=punctuation)


def parse_file(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, punctuation: bool = True
) -> Plan:
    """Parse a .txt (UTF-8 or GB18030, detected), .docx, .doc, .wps or PDF plan document.

    Files larger than `max_bytes` are refused before they are read. `punctuation` restores
    full-width punctuation in the plan's Chinese text, with a finding that says so.
    """
    path = Path(path)
    lines = read_document(path, max_bytes=max_bytes)
    if not any(line.strip() for line in lines):
        raise ParseError("文件为空", source=str(path))
    return parse_lines(lines, source=str(path), punctuation=punctuation)
