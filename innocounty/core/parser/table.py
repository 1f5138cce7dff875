"""Read the indicator table (附件1) into rows, whether real (tab-separated / .docx) or flattened.

A flattened table has one cell per line, as text copied from a web page gives it: the category
split over lines ("创新" / "投入"), an indicator line "1.名称单位", its values, then one line
per responsible unit. A real table has one row per line, cells separated by tabs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from innocounty.core.parser.units import looks_like_unit

NUMBER_RE = re.compile(r"^[-+]?\d+(?:\.\d+)?%?$")
MISSING_RE = re.compile(r"^(?:-|—|——|/|/|无|暂无|—-)$")
INDICATOR_RE = re.compile(r"^(\d{1,2})\s*[.、]\s*(?!\d)(\S.*)$")
YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年?")
KIND_WORDS = (
    ("baseline", ("基期值", "基期", "基数", "现状值", "基准值", "基线值", "基线")),
    ("assessment", ("考核值", "考核目标", "考核", "约束值")),
    ("expected", ("完成值", "预期值", "预期", "期望值", "力争值", "力争", "奋斗值")),
    ("target", ("目标值", "目标")),
)
UNIT_SUFFIXES = (
    "吨标准煤/万元",
    "吨标煤/万元",
    "件/万人",
    "人/万人",
    "个/万人",
    "人年/万人",
    "万元",
    "亿元",
    "%",
    "‰",
)
HEADER_END_WORDS = ("责任单位", "责任部门", "牵头单位", "牵头部门")
# The department column of an indicator system (指标体系): who supplies the number.
SOURCE_WORDS = ("数据来源", "数据提供", "提供部门", "统计部门", "责任处室")


@dataclass
class Column:
    year: int
    kind: str


@dataclass
class Row:
    line: int
    category: str
    number: int | None
    name: str
    unit: str
    values: list[Decimal | None]
    units_text: str
    notes: list[str] = field(default_factory=list)
    direction: str | None = None  # "lower" where the table says 逆向/负向


def direction_of(text: str) -> str | None:
    """Read a direction cell: 逆向/负向/越低越好 → "lower", 正向/越高越好 → "higher"."""
    if re.search(r"逆向|负向|反向|越低越好|越小越好|下降", text):
        return "lower"
    if re.search(r"正向|越高越好|越大越好", text):
        return "higher"
    return None


def to_number(text: str) -> Decimal | None:
    """Read a table value; "—", "/" and blanks are missing (None)."""
    text = text.strip().rstrip("%").replace(",", "")
    if not text or MISSING_RE.match(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None  # "NaN", "Infinity": no number


def kind_of(text: str) -> str | None:
    for kind, words in KIND_WORDS:
        if any(word in text for word in words):
            return kind
    return None


def columns_from_header(tokens: list[str]) -> list[Column]:
    """Read the value columns from header text: "2023年" "目标值" "2025年" "考核" ...

    A year without a kind word is a target; a kind word without a year takes the last year.
    """
    columns: list[Column] = []
    pending: int | None = None
    for token in tokens:
        year_match = YEAR_RE.search(token)
        kind = kind_of(token)
        if year_match:
            if pending is not None:
                columns.append(Column(pending, "target"))
            pending = int(year_match.group(1))
            if kind:
                columns.append(Column(pending, kind))
                pending = None
        elif kind and (pending is not None or columns):
            year = pending if pending is not None else columns[-1].year
            if pending is None and (year, kind) in {(c.year, c.kind) for c in columns}:
                year += 1  # "2023年 目标值 目标值": the second year's label was lost
            columns.append(Column(year, kind))
            pending = None
    if pending is not None:
        columns.append(Column(pending, "target"))
    return columns


def columns_of_cells(cells: list[str]) -> list[Column | None]:
    """The value column of each header cell of a real table, one per cell: a year with its kind
    word, or a target; a kind word alone takes the year of the cell before it (the next year
    when that year has the kind already). None for a kind word with no year before it.

    Unlike text read one cell per line (`columns_from_header`), "2025年" and "考核值" in two
    cells of one header row are two columns, each with its own values below.
    """
    columns: list[Column | None] = []
    last: Column | None = None
    for text in cells:
        year_match = YEAR_RE.search(text)
        kind = kind_of(text)
        column: Column | None = None
        if year_match:
            column = Column(int(year_match.group(1)), kind or "target")
        elif kind and last is not None:
            year = last.year
            if (year, kind) in {(c.year, c.kind) for c in columns if c is not None}:
                year += 1  # "2023年目标值 | 目标值": the second year's label was lost
            column = Column(year, kind)
        columns.append(column)
        last = column or last
    return columns


def split_unit(name: str) -> tuple[str, str]:
    """Split "年度科普经费筹集额万元" into name and unit; "(亿元)" and "(家)" too."""
    name = name.strip()
    bracket = re.search(r"\(([^()]{1,12})\)$", name)
    if bracket and not re.search(r"[\u4e00-\u9fff]{5,}", bracket.group(1)):
        inner = bracket.group(1).strip()
        if inner not in ("R&D",):
            return name[: bracket.start()].strip(), inner
    for suffix in UNIT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            return name[: -len(suffix)].strip(), suffix
    return name, ""


def flattened_rows(lines: list[tuple[int, str]]) -> tuple[list[Column], list[Row]]:
    """Read a table given one cell per line (the seed's layout)."""
    header: list[str] = []
    index = 0
    while index < len(lines):
        text = lines[index][1]
        if INDICATOR_RE.match(text):
            break
        header.append(text)
        index += 1
        if any(word in text for word in HEADER_END_WORDS):
            break
    columns = columns_from_header(header)
    rows: list[Row] = []
    fragments: list[str] = []
    current: Row | None = None
    expecting_values = False
    for line, text in lines[index:]:
        match = INDICATOR_RE.match(text)
        if match and not NUMBER_RE.match(text):
            if fragments:
                category = "".join(fragments)
                fragments = []
            else:
                category = current.category if current else ""
            current = Row(line, category, int(match.group(1)), match.group(2).strip(), "", [], "")
            rows.append(current)
            expecting_values = True
            continue
        if current is None:
            fragments.append(text)
            continue
        if NUMBER_RE.match(text) or MISSING_RE.match(text):
            if expecting_values and (not columns or len(current.values) < len(columns)):
                current.values.append(to_number(text))
                continue
        if expecting_values and not current.values:
            # A name running onto the next line, e.g. "(亿元)".
            current.name += text
            continue
        expecting_values = False
        if looks_like_unit(text) and not fragments:
            current.units_text = f"{current.units_text}、{text}" if current.units_text else text
        else:
            fragments.append(text)
    for row in rows:
        row.name, row.unit = split_unit(row.name)
    return columns, rows


def tabular_rows(lines: list[tuple[int, str]]) -> tuple[list[Column], list[Row]]:
    """Read a table given one row per line, cells separated by tabs (.docx tables, TSV)."""
    cells = [(line, [c.strip() for c in text.split("\t")]) for line, text in lines]
    header_at = next(
        (i for i, (_, row) in enumerate(cells) if any("指标" in c or "名称" in c for c in row)),
        None,
    )
    if header_at is None:
        return [], []
    header = list(cells[header_at][1])
    body_start = header_at + 1
    # A second header row ("考核值 | 完成值" under a merged "2025年") joins the first.
    if body_start < len(cells):
        second = cells[body_start][1]
        if not any(NUMBER_RE.match(c) for c in second) and any(kind_of(c) for c in second):
            header = [
                (header[i] if i < len(header) else "") + (second[i] if i < len(second) else "")
                for i in range(max(len(header), len(second)))
            ]
            body_start += 1

    def find(*words: str) -> int | None:
        for word in words:  # the first word has priority: "二级指标" before "一级指标"
            for i, text in enumerate(header):
                if word in text:
                    return i
        return None

    category_at = find("一级")
    name_at = find("二级", "指标名称", "名称", "指标")
    if name_at == category_at:
        name_at = None if category_at is None else category_at + 1
    unit_at = next(
        (i for i, t in enumerate(header) if t in ("单位", "计量单位", "计量") or "计量单位" in t),
        None,
    )
    units_at = find(*HEADER_END_WORDS, *SOURCE_WORDS)
    number_at = find("序号", "编号")
    direction_at = find("方向", "属性", "极性")
    value_at = [i for i, t in enumerate(header) if YEAR_RE.search(t) or kind_of(t)]
    value_at = [
        i
        for i in value_at
        if i not in (category_at, name_at, unit_at, units_at, number_at, direction_at)
    ]
    read = columns_of_cells([header[i] for i in value_at])
    value_at = [i for i, column in zip(value_at, read, strict=True) if column is not None]
    columns = [column for column in read if column is not None]
    rows: list[Row] = []
    category = ""
    for line, row in cells[body_start:]:
        if not any(row):
            continue

        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i] if i is not None and i < len(row) else ""

        if category_at is not None and cell(category_at):
            category = cell(category_at).replace("、", "")
        raw_name = cell(name_at)
        if not raw_name:
            continue
        match = INDICATOR_RE.match(raw_name)
        if match:
            row_number, name = int(match.group(1)), match.group(2).strip()
        else:
            row_number, name = None, raw_name
            if cell(number_at).isdigit() and 0 < int(cell(number_at)) < 1000:
                row_number = int(cell(number_at))
        unit = cell(unit_at)
        if not unit:
            name, unit = split_unit(name)
        values = [to_number(cell(i)) for i in value_at]
        parsed = Row(line, category, row_number, name, unit, values, cell(units_at))
        parsed.direction = direction_of(cell(direction_at))
        rows.append(parsed)
    return columns, rows
