"""Quantitative sentences: the main targets of section 二 and numeric targets inside tasks."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from innocounty.core import catalogue

MEASURE_UNITS = (
    "吨标准煤/万元",
    "件/万人",
    "人/万人",
    "个百分点",
    "万元",
    "亿元",
    "万人",
    "万亩",
    "个",
    "家",
    "人",
    "名",
    "件",
    "项",
    "所",
    "座",
    "条",
    "户",
    "元",
    "%",
    "‰",
)
_UNIT_ALT = "|".join(re.escape(u) for u in MEASURE_UNITS)
_VERBS = (
    "达到",
    "达",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增加至",
    "增长到",
    "增至",
    "超过",
    "突破",
    "保持在",
    "控制在",
    "降低到",
    "降低至",
    "下降到",
    "降至",
    "不低于",
    "不少于",
    "不高于",
    "为",
)
_VERB_ALT = "|".join(re.escape(v) for v in _VERBS)
CLAUSE_RE = re.compile(
    rf"^(?P<name>[^\d]*?\D)\s*(?:{_VERB_ALT})?\s*(?P<value>\d+(?:\.\d+)?)\s*"
    rf"(?P<unit>{_UNIT_ALT})?\s*(?:以上|以下|左右|及以上)?$"
)
CHINESE_COUNT_RE = re.compile(
    r"^(?P<verb>培育|打造|建设|形成|创建)?(?P<count>[一二三四五六七八九十百零]+)大(?P<name>\S+)$"
)
YEAR_PREFIX_RE = re.compile(r"^(?:到|至|截至)?\s*((?:19|20)\d\d)\s*年(?:底|末)?\s*[,,]?\s*")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
TASK_TARGET_RE = re.compile(rf"\d+(?:\.\d+)?(?:\s*[~~-]\s*\d+)?\s*(?:{_UNIT_ALT})")
# Money units convert to the table's unit before comparing.
SCALE = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


@dataclass
class Quantity:
    text: str
    name: str
    value: Decimal
    unit: str
    year: int | None


def chinese_number(text: str) -> int | None:
    """Read Chinese numerals below a thousand: 十 → 10, 十五 → 15, 二十 → 20, 百 → 100,
    一百零五 → 105, 三百二十 → 320; None for anything else ("三五", "一百一")."""
    if "百" not in text:
        return _below_hundred(text)
    head, _, rest = text.partition("百")
    if head and head not in _CN_DIGITS:
        return None
    hundreds = _CN_DIGITS.get(head, 1) * 100
    if not rest:
        return hundreds
    if rest.startswith("零"):  # 一百零五: a single digit after 零
        ones = _CN_DIGITS.get(rest[1:])
        return None if ones is None else hundreds + ones
    if "十" not in rest:
        return None  # 一百一 (spoken for 110) is not written in a plan
    tens = _below_hundred(rest)
    return None if tens is None else hundreds + tens


def _below_hundred(text: str) -> int | None:
    """一 … 九, 十, 十五, 二十, 九十九; None for anything else."""
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    tens, ten, ones = text.partition("十")
    if not ten or (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return None
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)


def clauses(text: str) -> list[tuple[str, int | None]]:
    """Split prose into clauses, each with the year a preceding "到2025年" gives it."""
    result: list[tuple[str, int | None]] = []
    for sentence in re.split(r"[。!?]", text):
        year: int | None = None
        for raw in re.split(r"[;;,,]", sentence):
            clause = raw.strip().lstrip("—-").strip()
            match = YEAR_PREFIX_RE.match(clause)
            if match:
                year = int(match.group(1))
                clause = clause[match.end() :]
            if clause:
                result.append((clause, year))
    return result


def quantities(text: str) -> list[Quantity]:
    """Every clause that states "name … number unit" (the main-target shape)."""
    found: list[Quantity] = []
    for clause, year in clauses(text):
        match = CLAUSE_RE.match(clause)
        if match:
            name = match.group("name").strip()
            if len(name) < 2 or name in _VERBS:
                continue  # no name: a stray character, or a verb alone ("达到100家以上")
            found.append(
                Quantity(
                    clause, name, Decimal(match.group("value")), match.group("unit") or "", year
                )
            )
            continue
        count = CHINESE_COUNT_RE.match(clause)
        if count and (value := chinese_number(count.group("count"))):
            found.append(Quantity(clause, clause, Decimal(value), "", year))
    return found


WITHIN_RE = re.compile(r"^(?:力争|争取)?\s*(\d|[一二三四五六七八九十])\s*年(?:内|时间)")


def task_targets(text: str, *, start_year: int | None = None) -> list[tuple[str, int | None]]:
    """Clauses of a task that set a number to reach, e.g. "培养高技能人才60名".

    "三年内…45家以上" counts from `start_year`: its year is the third year of the plan, and
    the 3 is not a value.
    """
    found: list[tuple[str, int | None]] = []
    for clause, year in clauses(text):
        within = WITHIN_RE.match(clause)
        if year is None and within and start_year is not None:
            span = chinese_number(within.group(1)) or int(
                within.group(1) if within.group(1).isdigit() else 0
            )
            rest = clause[within.end() :]
            if span and TASK_TARGET_RE.search(rest):
                found.append((clause, start_year + span - 1))
            continue
        if year is not None and TASK_TARGET_RE.search(clause):
            found.append((clause, year))
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[()()\s]", "", name)


def match_indicator(name: str, indicators: list[tuple[str, str, str | None]]) -> str | None:
    """Return the code of the indicator a main target names (code, name, catalogue code).

    The catalogue's aliases catch the national wordings ("高新技术企业总数"); otherwise the
    closest plan indicator name wins when it is close enough.
    """
    entry = catalogue.match_loose(name)
    if entry is not None:
        for code, _, catalogue_code in indicators:
            if catalogue_code == entry.code:
                return code
    wanted = _normalise(name)
    best: tuple[float, str] | None = None
    for code, indicator_name, _ in indicators:
        candidate = _normalise(indicator_name)
        if wanted == candidate:
            return code
        ratio = difflib.SequenceMatcher(None, wanted, candidate).ratio()
        if (wanted in candidate or candidate in wanted) and min(len(wanted), len(candidate)) >= 5:
            ratio = max(ratio, 0.9)
        if ratio >= 0.8 and (best is None or ratio > best[0]):
            best = (ratio, code)
    return best[1] if best else None


def convert(value: Decimal, unit: str, to_unit: str) -> Decimal | None:
    """Convert between 元/万元/亿元; same or compatible units pass unchanged; else None."""
    if unit == to_unit or not unit or not to_unit:
        return value
    if unit in SCALE and to_unit in SCALE:
        return value * SCALE[unit] / SCALE[to_unit]
    if to_unit.startswith(unit + "/") or (unit in ("人", "名") and to_unit in ("人", "名")):
        return value  # "4.9件" against "件/万人"
    return None
