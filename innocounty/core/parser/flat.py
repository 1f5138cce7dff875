"""Documents copied from document-sharing sites: no newlines, table cells run together.

Such a text comes as one or a few very long lines: "…(人/万人)统计部门3.全社会…", with the
site's page-chunk markers ("2、") cutting into cells, line-wrap spaces inside words ("营业收 入")
and a lost "%" leaving "()". `relines` puts headings back on lines of their own, `repair` undoes
the wrap spaces and the markers, and `indicator_rows` reads an indicator system run together.
"""

from __future__ import annotations

import re

from innocounty.core.parser.table import Row, direction_of

HAN = r"[\u4e00-\u9fff]"
# A heading or annex start inside a long line: "。二、主要目标", " 附件1".
HEADING_RE = re.compile(
    r"(?:(?<=[。;:!?])|(?<=\s))(?=(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|附件\s*\d))"
    r"|(?<=实施方案|行动方案|工作方案|行动计划|指标体系)(?=\s)"
    r"|(?<=年\))(?=\s)"
    r"|(?<=[\s。])(?=\d{1,2}[.、][\u4e00-\u9fff])"
)
WRAP_SPACE_RE = re.compile(rf"(?<={HAN}) (?={HAN})")
ITEM_RE = re.compile(rf"(\d{{1,2}})\s*([.、])\s*(?={HAN})")
UNIT_RE = re.compile(r"\(([^()]{0,12})\)")
KNOWN_UNITS = (
    "%",
    "‰",
    "万元",
    "亿元",
    "元",
    "家",
    "个",
    "人",
    "件",
    "项",
    "名",
    "人/万人",
    "件/万人",
    "个/万人",
    "人年/万人",
    "吨标准煤/万元",
    "吨标煤/万元",
    "吨/万元",
    "万人",
    "平方公里",
)
CATEGORY_WORDS = re.compile(rf"({HAN}{{2,6}}(?:投入|创新|环境|绩效|指标|产出|成效|能力|基础))$")


def is_flattened(lines: list[tuple[int, str]]) -> bool:
    """Few lines, long ones: the text of a web page or a sharing site with newlines lost."""
    total = sum(len(text) for _, text in lines)
    longest = max((len(text) for _, text in lines), default=0)
    return longest >= 250 and (len(lines) <= 5 or total / max(len(lines), 1) > 400)


def repair(text: str) -> tuple[str, int]:
    """Remove line-wrap spaces between Chinese characters; return the text and how many."""
    repaired, count = WRAP_SPACE_RE.subn("", text)
    return repaired, count


def relines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Split long lines before each "一、" heading, "(一)" item and "附件N" (same line number)."""
    result: list[tuple[int, str]] = []
    for line, text in lines:
        if len(text) < 200:
            result.append((line, text))
            continue
        for part in HEADING_RE.split(text):
            if part.strip():
                result.append((line, part.strip()))
    return result


def _items(text: str) -> tuple[list[tuple[int, int, int]], list[re.Match[str]]]:
    """Item numbers in sequence (number, start, end); numbers out of sequence are page markers."""
    items: list[tuple[int, int, int]] = []
    markers: list[re.Match[str]] = []
    style = ""
    for match in ITEM_RE.finditer(text):
        number = int(match.group(1))
        expected = items[-1][0] + 1 if items else None
        if (expected is None and number <= 3) or number == expected:
            if not style:
                style = match.group(2)
            if match.group(2) == style:
                items.append((number, match.start(), match.end()))
                continue
        markers.append(match)
    return items, markers


def strip_markers(text: str) -> tuple[str, list[str]]:
    """Remove page-chunk markers ("2、" out of the item sequence) from run-together text.

    Many numbers out of sequence mean the text is not one numbered list: nothing is removed.
    """
    items, markers = _items(text)
    if not markers or len(markers) > max(3, len(items) // 2):
        return text, []
    parts: list[str] = []
    at = 0
    for marker in markers:
        parts.append(text[at : marker.start()].rstrip())
        at = marker.end()
    parts.append(text[at:])
    return "".join(parts), [m.group(0).strip() for m in markers]


def indicator_rows(text: str, line: int) -> tuple[list[Row], list[str]]:
    """Read "类别1.名称(单位)部门2.名称(单位)部门…" into rows; notes say what was repaired."""
    notes: list[str] = []
    text, markers = strip_markers(text)
    for marker in markers:
        notes.append(f"删去了切断表格的分页标记“{marker}”")
    items, _ = _items(text)
    if len(items) < 3:
        return [], []
    rows: list[Row] = []
    category = _category(text[: items[0][1]])
    for i, (number, _, end) in enumerate(items):
        stop = items[i + 1][1] if i + 1 < len(items) else len(text)
        cell = text[end:stop].strip()
        units = list(UNIT_RE.finditer(cell))
        unit_match = next(
            (
                m
                for m in reversed(units)
                if m.group(1).strip() in KNOWN_UNITS or not m.group(1).strip()
            ),
            None,
        )
        if unit_match is None:
            name, unit, rest = cell, "", ""
        else:
            name, unit = cell[: unit_match.start()].strip(), unit_match.group(1).strip()
            rest = cell[unit_match.end() :].strip()
        next_category = _category(rest)
        if next_category:
            rest = rest[: -len(next_category)].strip()
        department = rest
        direction = direction_of(department)
        if direction:
            department = re.sub(r"(正向|逆向|负向|反向)", "", department).strip()
        row = Row(line, category, number, name, unit, [], department.strip("、 "))
        row.direction = direction
        if unit_match is not None and not unit:
            row.notes.append("lost_unit")
        rows.append(row)
        if next_category:
            category = next_category
    return rows, notes


def _category(text: str) -> str:
    """The category name ending a run of text: "…统计部门企业创新" → "企业创新"."""
    text = re.sub(
        r"(一级指标|二级指标|序号|计量单位|单位|数据来源部门|数据来源|指标属性)", " ", text
    )
    match = CATEGORY_WORDS.search(text.strip())
    if not match:
        return ""
    name = match.group(1)
    for word in ("部门", "局", "委", "办"):
        if word in name:
            name = name[name.rindex(word) + len(word) :]
    return name if len(name) >= 4 else ""
