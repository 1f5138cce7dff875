"""Targets written as sentences: "(一)创新投入方面。1.2021年全社会研发经费支出不低于5200万元;…".

A plan without an indicator table usually states its targets in prose, grouped by category,
as numbered items ("2.2021年…" is item 2 and year 2021) or as "——" bullets. Each clause names
an indicator (or continues the previous one), a year (carried over until a new "YYYY年") and a
minimum value (不低于, 至少达到, 不少于, 达到…以上, 建成…以上). The reader returns one
`ProseIndicator` per indicator, with its yearly values, and a finding for every blank number.

Input is normalised text (full-width ASCII already folded to ASCII, see `reading.normalise`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from innocounty.core.parser.targets import MEASURE_UNITS, chinese_number

# The units of targets.MEASURE_UNITS, plus per-capita and energy units that prose spells more
# ways; the compound units come first so that "个/万人" is not read as "个".
UNITS = ("吨标煤/万元", "个/万人", "人年/万人", *MEASURE_UNITS)
_UNIT = "|".join(re.escape(u) for u in UNITS)
# A verb before the value; the longest first so that "至少达到" is not read as "达到".
_VALUE_VERBS = (
    "至少达到",
    "力争达到",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增加至",
    "增长到",
    "增长至",
    "保持在",
    "控制在",
    "降低到",
    "降低至",
    "下降到",
    "下降至",
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "超过",
    "突破",
    "达到",
    "增至",
    "降至",
    "达",
    "为",
    "有",
)
_VERB = "|".join(re.escape(v) for v in _VALUE_VERBS)
# Verbs that come before the indicator's name: "建成县级以上孵化器2个以上".
_LEADING_VERBS = (
    "新认定",
    "新建成",
    "累计建成",
    "累计培育",
    "建成",
    "新建",
    "培育",
    "引进",
    "新增",
    "认定",
    "创建",
    "打造",
    "组建",
    "培养",
    "引育",
    "建设",
    "争创",
    "获批",
)
_LEAD = "|".join(re.escape(v) for v in _LEADING_VERBS)
_TAIL = r"(?:以上|及以上|左右|以下|以内)?"
NUMBER = r"\d+(?:\.\d+)?"

VALUE_RE = re.compile(
    rf"^(?P<name>.*?)\s*(?P<verb>{_VERB})?\s*(?P<value>{NUMBER})\s*(?P<unit>{_UNIT})?\s*{_TAIL}"
    rf"\s*(?P<after>[\u4e00-\u9fff]{{0,12}})$"
)
LEAD_RE = re.compile(rf"^(?P<verb>{_LEAD})(?P<rest>.*)$")
LEAD_ONLY_RE = re.compile(rf"(?:{_LEAD})+")  # a name that is nothing but leading verbs
BLANK_RE = re.compile(rf"(?:{_VERB}|{_LEAD})\s*(?:\(\s*\)|_+|\s)\s*(?P<unit>{_UNIT})")
YEAR_RE = re.compile(r"(?:到|至|截至|截止)?\s*((?:19|20)\d\d)\s*年(?:底|末|内)?")
WITHIN_RE = re.compile(r"(?:力争|争取)?\s*(\d|[一二三四五六七八九十])\s*年(?:内|时间)")
CATEGORY_RE = re.compile(r"\(([一二三四五六七八九十]{1,3})\)\s*")
ITEM_RE = re.compile(r"(?:(?<=^)|(?<=[。;,:\s]))(\d{1,2})\s*[.、]\s*(?=(?:19|20)\d\d|[^\d\s.%])")
BULLET_RE = re.compile(r"——+|—-+|--+")
# Words that open a clause but are not part of an indicator's name.
_OPENERS = (
    "全市",
    "全县",
    "全区",
    "全省",
    "全州",
    "力争",
    "争取",
    "确保",
    "其中",
    "并",
    "使",
    "实现",
)
# Words that begin with a one-character opener: "并购重组企业" keeps its 并, "使用" its 使.
_OPENER_WORDS = ("并购", "并网", "并联", "使用", "使命")
# A number inside a name that is part of the name: "5G基站数".
_NAME_NUMBER = re.compile(r"\d+G")
# An item number left before the name: "(2)科技型中小企业数".
_ITEM_MARK = re.compile(r"^\(\d{1,2}\)\s*")
_NOT_NAMES = re.compile(r"^(?:目标|具体目标|主要目标|同比|比上年|较上年|年均|每年|分别)")
# A year that is compared with, not aimed at: "比2020年", "较2020年", "由2020年的8亿元",
# "与2020年相比", "高于2020年"; "力争于2024年底前" is the target year.
_COMPARED_BEFORE = re.compile(r"(?:较|比|由|从|与|相较于?|相比于?|[高低多少大小]于)\s*$")
# A clause that only compares the value before it with an earlier one ("比2020年增加100家").
_COMPARISON_CLAUSE = re.compile(r"^(?:比|较|与|相较于?|相比于?|同比)")
# "于2024年底前" (by the end of 2024): the year alone.
_BY_YEAR = re.compile(r"于\s*((?:19|20)\d\d\s*年(?:底|末)?)\s*(?:前|以前)?")
# The starting value of a change, "由2020年的8亿元增加到21亿元": not the target.
_FROM_VALUE = re.compile(rf"(?:由|从)\s*的?\s*{NUMBER}\s*(?:{_UNIT})?")


@dataclass
class ProseTarget:
    year: int
    value: Decimal
    unit: str
    text: str
    line: int


@dataclass
class ProseIndicator:
    category: str
    number: int | None
    name: str
    line: int
    targets: list[ProseTarget] = field(default_factory=list)


@dataclass
class ProseReading:
    indicators: list[ProseIndicator] = field(default_factory=list)
    blanks: list[tuple[int, str]] = field(default_factory=list)  # (line, clause)
    defaulted_years: list[tuple[int, str]] = field(default_factory=list)


def _join(lines: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """Join lines into one text, remembering where each line starts."""
    text = ""
    starts: list[tuple[int, int]] = []
    for line, part in lines:
        starts.append((len(text), line))
        text += part + "\n"
    return text, starts


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    line = starts[0][1] if starts else 0
    for start, number in starts:
        if start > offset:
            break
        line = number
    return line


_TRIM = " ,,、:;的"


def _clean_name(name: str) -> str:
    name = name.strip(_TRIM)
    changed = True
    while changed:
        changed = False
        for opener in _OPENERS:
            if (
                name.startswith(opener)
                and len(name) > len(opener) + 1
                and not name.startswith(_OPENER_WORDS)
            ):
                name, changed = name[len(opener) :].strip(_TRIM), True
    if name in _OPENERS:
        return ""  # "力争5家以上企业上市": the name follows the number
    name = _ITEM_MARK.sub("", name)
    # Leading verbs, one after another ("引进培育高层次人才"), while two characters are left.
    while (lead := LEAD_RE.match(name)) and len(lead.group("rest").strip()) >= 2:
        name = lead.group("rest").strip()
    return name.strip(_TRIM)


def _holds_number(name: str) -> bool:
    """Whether a number stands in the name: a value or a count glued into it, not a name at all
    ("3~5名能够带领企业进入产值超"); a "5G" is part of the name."""
    return re.search(r"\d", _NAME_NUMBER.sub("", name)) is not None


def _category_segments(text: str) -> list[tuple[str, int, str]]:
    """Split at "(一)…方面。" headers: (category, offset of the body, body)."""
    marks = [m for m in CATEGORY_RE.finditer(text)]
    if not marks:
        return [("", 0, text)]
    segments: list[tuple[str, int, str]] = []
    if text[: marks[0].start()].strip():
        segments.append(("", 0, text[: marks[0].start()]))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[mark.end() : end]
        head = re.match(r"^([^。:;,\d\n]{1,14}?)(?:方面|类)?(?:指标|目标)?\s*[。:;,\n]", body)
        if head and head.group(1).strip():
            category = head.group(1).strip()
            segments.append((category, mark.end() + head.end(), body[head.end() :]))
        else:
            segments.append(("", mark.end(), body))
    return segments


def _items(body: str) -> list[tuple[int | None, int, str]]:
    """Split a category's text into numbered items and "——" bullets (number, offset, text)."""
    cuts: list[tuple[int, int, int | None]] = []  # (start of text, start of marker, number)
    for match in ITEM_RE.finditer(body):
        cuts.append((match.end(), match.start(), int(match.group(1))))
    for match in BULLET_RE.finditer(body):
        cuts.append((match.end(), match.start(), None))
    cuts.sort()
    items: list[tuple[int | None, int, str]] = []
    if not cuts:
        return [(None, 0, body)]
    if body[: cuts[0][1]].strip():
        items.append((None, 0, body[: cuts[0][1]]))
    for i, (start, _, number) in enumerate(cuts):
        end = cuts[i + 1][1] if i + 1 < len(cuts) else len(body)
        items.append((number, start, body[start:end]))
    return items


def read(lines: list[tuple[int, str]], *, start_year: int | None, end_year: int) -> ProseReading:
    """Read every quantitative target in `lines` (a goal section, or bullets elsewhere)."""
    reading = ProseReading()
    text, starts = _join(lines)
    by_key: dict[tuple[str, str], ProseIndicator] = {}
    year: int | None = None
    for category, seg_offset, body in _category_segments(text):
        for number, item_offset, item in _items(body):
            last: ProseIndicator | None = None
            position = 0
            for raw in re.split(r"([。;,\n])", item):
                offset = seg_offset + item_offset + position
                position += len(raw)
                clause = raw.strip()
                if not clause or clause in "。;," or len(clause) > 300:
                    continue  # a clause of prose is short; a long run is no target
                line = _line_at(starts, offset)
                respectively = _respectively(clause)
                if respectively is not None:
                    name, pairs = respectively
                    key = (category, re.sub(r"[()\s]", "", name))
                    indicator = by_key.get(key)
                    if indicator is None:
                        indicator = ProseIndicator(category, number, name, line)
                        by_key[key] = indicator
                        reading.indicators.append(indicator)
                    for pair_year, value, unit in pairs:
                        if not any(t.year == pair_year for t in indicator.targets):
                            indicator.targets.append(
                                ProseTarget(pair_year, value, unit, clause, line)
                            )
                    year, last = pairs[-1][0], indicator
                    continue
                if _COMPARISON_CLAUSE.match(clause):
                    continue  # "比2020年增加100家": about the value before it
                found_year = None
                for year_match in YEAR_RE.finditer(clause):
                    if _COMPARED_BEFORE.search(clause[: year_match.start()]):
                        continue  # "比2020年增长20%": a comparison, not the target year
                    found_year = int(year_match.group(1))
                    break
                if found_year is not None:
                    year = found_year
                # "力争于2024年底前建成…": the year and the words around it go.
                clause_body = YEAR_RE.sub("", _BY_YEAR.sub(r"\1", clause))
                clause_body = _FROM_VALUE.sub("", clause_body)
                within = WITHIN_RE.search(clause_body)
                within_year = None
                if within:
                    span = chinese_number(within.group(1)) or int(
                        within.group(1) if within.group(1).isdigit() else 0
                    )
                    if start_year and span:
                        within_year = start_year + span - 1
                    clause_body = clause_body[: within.start()] + clause_body[within.end() :]
                if BLANK_RE.search(clause_body) and not re.search(NUMBER, clause_body):
                    reading.blanks.append((line, clause))
                    continue
                match = VALUE_RE.match(clause_body.strip())
                if not match or (match.group("after") and not match.group("unit")):
                    continue
                unit = match.group("unit") or ""
                value = Decimal(match.group("value"))
                verb = match.group("verb") or ""
                name = _clean_name(match.group("name"))
                after = match.group("after")
                if (not name or LEAD_ONLY_RE.fullmatch(name)) and len(after) >= 2:
                    name = after  # "培育3家以上上市企业": the name follows the number
                if not unit and not verb:
                    continue
                if unit == "%":
                    # "…比2020年增长20%", "年均增长10%": a growth rate, named as one.
                    name = re.sub(
                        r"(?:比|较|同比)?(?:上年)?(?:年均)?(?:增长|提高|增加)$", "增长率", name
                    )
                if _NOT_NAMES.match(name) or _holds_number(name) or len(name) > 40:
                    continue
                if not name or LEAD_ONLY_RE.fullmatch(name):
                    if last is None:
                        continue
                    indicator = last
                else:
                    key = (category, re.sub(r"[()\s]", "", name))
                    indicator = by_key.get(key)
                    if indicator is None:
                        indicator = ProseIndicator(category, number, name, line)
                        by_key[key] = indicator
                        reading.indicators.append(indicator)
                target_year = year if found_year is not None or within_year is None else None
                target_year = target_year or within_year or year
                if target_year is None:
                    target_year = end_year
                    reading.defaulted_years.append((line, clause))
                if any(t.year == target_year for t in indicator.targets):
                    # "…达到0.9%,2023年…" restates a year: keep the first reading.
                    last = indicator
                    continue
                indicator.targets.append(ProseTarget(target_year, value, unit, clause, line))
                last = indicator
    return reading


RANGE_RE = re.compile(r"((?:19|20)\d\d)\s*年?\s*[—–\-~至到]+\s*((?:19|20)\d\d)\s*年?")


PAIR_RE = re.compile(
    rf"(?:到|至)?((?:19|20)\d\d)\s*年(?:底|末)?\s*(?:{_VERB}|{_LEAD})?\s*({NUMBER})\s*({_UNIT})?{_TAIL}"
)


def _year_pairs(clause: str) -> tuple[str, list[tuple[int, Decimal, str]]] | None:
    """A name, then year-value pairs: "高新技术企业数:2023年35家、2024年42家、2025年50家"."""
    pairs = list(PAIR_RE.finditer(clause))
    if len(pairs) < 2 or pairs[0].start() < 2:
        return None
    between = [clause[a.end() : b.start()] for a, b in itertools.pairwise(pairs)]
    if any(gap.strip(" 、,;和及") for gap in between) or clause[pairs[-1].end() :].strip():
        return None
    name = _clean_name(clause[: pairs[0].start()].rstrip(" :分别为是"))
    if len(name) < 2 or _holds_number(name):
        return None
    unit = next((p.group(3) for p in pairs if p.group(3)), "")
    return name, [(int(p.group(1)), Decimal(p.group(2)), p.group(3) or unit) for p in pairs]


def _respectively(clause: str) -> tuple[str, list[tuple[int, Decimal, str]]] | None:
    """ "2021年、2022年、2023年高新技术企业数分别达到28家、34家、40家": one value a year."""
    if "分别" not in clause:
        return _year_pairs(clause)
    head, _, tail = clause.partition("分别")
    span = RANGE_RE.search(head)
    if span and int(span.group(1)) < int(span.group(2)) <= int(span.group(1)) + 10:
        years = list(range(int(span.group(1)), int(span.group(2)) + 1))
        head = head[: span.start()] + head[span.end() :]
    else:
        years = [int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", head)]
        head = YEAR_RE.sub("", head)
    values = re.findall(rf"({NUMBER})\s*({_UNIT})?", tail)
    if len(years) < 2 or len(values) != len(years):
        # "高新技术企业数分别为2023年35家、2024年42家": the years stand by their values.
        return _year_pairs(clause)
    name = _clean_name(re.sub(r"^[、和及与\s]+|[、和及与\s]+$", "", head))
    if len(name) < 2 or _holds_number(name):
        return None
    unit = next((u for _, u in values if u), "")
    return name, [(y, Decimal(v), u or unit) for y, (v, u) in zip(years, values, strict=True)]


# --- matching the national catalogue by what the name says ----------------------------------

_RD = r"(?:R&D|研发|研究与试验发展|研究与开发|科技研发)"
CATALOGUE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("N01", re.compile(r"财政(?:科学技术|科技)(?:支出|投入).*占")),
    ("N02", re.compile(rf"万名就业人员中.*{_RD}.*人员")),
    (
        "N04",
        re.compile(rf"(?:规模以上|规上)工业企业.*{_RD}?.*经费(?:支出)?占.*(?:营业|主营业务)收入"),
    ),
    ("N04", re.compile(rf"^(?:规模以上|规上)工业企业{_RD}(?:投入|经费)强度$")),
    ("N03", re.compile(rf"^(?:全社会)?{_RD}\)?经费(?:支出|投入)?(?:总额|总量)?$")),
    ("N03", re.compile(rf"^全社会.*{_RD}.*经费(?:支出|投入)?(?:总额|总量)?$")),
    ("N05", re.compile(r"^(?:国家级?)?高新技术企业(?:总数|数量|数|总量)?$")),
    ("N06", re.compile(r"^(?:国家)?科技型中小企业(?:评价入库|入库)?(?:数|数量|总数)?$")),
    ("N07", re.compile(r"创新密集区")),
    ("N08", re.compile(r"创新创业服务机构.*研究开发机构")),
    ("N09", re.compile(r"研发费用加计扣除.*(?:税收减免|减免税)")),
    ("N10", re.compile(r"^(?:县级以上|市级以上)?科技特派员(?:数|人数|数量)?$")),
    ("N11", re.compile(r"科普经费(?:筹集额|投入)?$")),
    ("N12", re.compile(r"(?:规模以上|规上)?(?:工业)?企业新产品销售收入占")),
    ("N13", re.compile(r"^(?:每)?万人(?:口)?(?:有效)?发明专利拥有量$")),
    ("N14", re.compile(r"^(?:单位|万元)(?:GDP|地区生产总值)(?:综合)?能耗")),
    ("N15", re.compile(r"新(?:登记)?(?:注册|登记)(?:市场主体|企业)(?:数|数量)?$")),
)


def catalogue_code(name: str) -> str | None:
    """The national indicator a prose name refers to, by its wording, else None."""
    compact = re.sub(r"[()\s的]", "", name)
    compact = re.sub(r"^(?:年度|当年|本年)", "", compact) if "科普" not in compact else compact
    for code, pattern in CATALOGUE_PATTERNS:
        if pattern.search(compact):
            return code
    return None
