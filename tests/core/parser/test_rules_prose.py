"""The rules of `core/parser/prose.py`: how the parser reads targets written as sentences.
The text splits at "(一)…方面。" headings (the category; a heading that is no name gives no
category) and at numbered paragraphs "1." "2、" and "——" bullets (the number; an unnumbered
opening before the first one is kept); each paragraph splits into clauses at 。 ; , and line
ends, and a clause longer than 300 characters is no target. A clause names an indicator (an
opener such as 全县 力争 其中 and one leading verb such as 新增 引进 come off, never down to a
single character; a name after the number when the verb is all there is; no name continues the
indicator before it), a year ("到2025年", carried to the following clauses, never a comparison
year after 较 比 于; "三年内" counted from the plan's first year, a written year winning), and a
value with a unit or a verb (a bare number is no target; a name holding a number other than
a "5G", starting with 每年 or 年均, or longer than 40 characters is none; an item number "(2)"
before it comes off; 并 and 使 stay in 并购, 并网, 并联, 使用, 使命; a name that is only an
opener gives way to the words after the number). "高新技术企业数:2023年35家、2024年42家"
and "2021年、2022年…分别达到28家、34家" give one value a year (a span of years up to ten);
a restated year keeps the first value; a blank "有 家" is reported, not read. Each indicator
and target keeps the line its clause is on. Names match the national catalogue with brackets,
spaces, 的 and a leading 年度/当年/本年 ignored.

The sentences are the seed plan's (潜江) and the test documents' (云溪, 青山), normalised to
half-width punctuation as the parser reads them, or written like them; every expected value is
worked out by hand from these rules. Written for the mutation run of the parser
(docs/en/mutation-testing.md). Pure: no database, no file but the seed plan and documents.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from innocounty.core.parser.prose import (
    ProseReading,
    _clean_name,
    _line_at,
    _respectively,
    _year_pairs,
    catalogue_code,
    read,
)
from innocounty.core.parser.reading import normalise

D = Decimal
DOCUMENTS = Path(__file__).parent / "documents"
SEED = Path(__file__).parents[3] / "plans" / "qianjiang-2023.source.txt"

Row = tuple[str, int | None, str, int, list[tuple[int, Decimal, str, int]]]


def _file_lines(path: Path, *numbers: int) -> list[tuple[int, str]]:
    """Lines of a document as the parser reads them: normalised, numbered from 1."""
    text = path.read_text(encoding="utf-8").splitlines()
    return [(n, normalise(text[n - 1]).strip()) for n in numbers]


def _read(
    lines: list[tuple[int, str]] | str, start: int | None = 2023, end: int = 2025
) -> ProseReading:
    if isinstance(lines, str):
        lines = [(1, lines)]
    return read(lines, start_year=start, end_year=end)


def _rows(reading: ProseReading) -> list[Row]:
    return [
        (
            i.category,
            i.number,
            i.name,
            i.line,
            [(t.year, t.value, t.unit, t.line) for t in i.targets],
        )
        for i in reading.indicators
    ]


def _targets(reading: ProseReading) -> dict[str, list[tuple[int, Decimal, str]]]:
    return {i.name: [(t.year, t.value, t.unit) for t in i.targets] for i in reading.indicators}


# --- the seed plan and the test documents --------------------------------------------------


def test_the_seed_plan_bullets_give_every_named_value_on_its_own_line():
    # Rule: each "——" paragraph (no number, no category) is read clause by clause; the year of
    # "到2025年" carries to the clauses after it; every indicator and target keeps its line.
    lines = _file_lines(SEED, 54, 56, 58, 60, 62)
    y = 2025
    assert _rows(_read(lines)) == [
        ("", None, "本级财政科学技术支出占当年本级财政一般公共预算支出比重", 54, [(y, D("3.1"), "%", 54)]),
        ("", None, "规模以上工业企业研究与试验发展经费支出占主营业务收入的比值", 54, [(y, D("1.8"), "%", 54)]),
        ("", None, "万名就业人员中研究与试验发展(R&D)人员数", 54, [(y, D(240), "人", 54)]),
        ("", None, "全社会研究与试验发展(R&D)经费支出", 54, [(y, D(21), "亿元", 54)]),
        ("", None, "科技型中小企业数量", 56, [(y, D(300), "家", 56)]),
        ("", None, "高新技术企业总数", 56, [(y, D(180), "家", 56)]),
        ("", None, "省级以上专精特新小巨人企业", 56, [(y, D(80), "家", 56)]),
        ("", None, "创新创业服务机构及研究开发机构数", 58, [(y, D(95), "个", 58)]),
        ("", None, "创新密集区数", 58, [(y, D(11), "个", 58)]),
        ("", None, "企业享受研发费用加计扣除优惠政策获得的税收减免额", 58, [(y, D(8), "亿元", 58)]),
        ("", None, "年度科普经费筹集额", 58, [(y, D(2100), "万元", 58)]),
        ("", None, "县级以上科技特派员", 58, [(y, D(300), "人", 58)]),
        ("", None, "光电子信息产业产值", 60, [(y, D(300), "亿元", 60)]),
        ("", None, "高新技术产业增加值占GDP比重", 60, [(y, D(20), "%", 60)]),
        ("", None, "技术改造投资占工业投资比重", 60, [(y, D(60), "%", 60)]),
        ("", None, "战略性新兴产业增加值占规上工业增加值比重", 60, [(y, D(32), "%", 60)]),
        # No verb, but a unit: still a target.
        ("", None, "万元GDP综合能耗", 60, [(y, D("0.48"), "吨标准煤/万元", 60)]),
        ("", None, "规模以上企业新产品销售收入占主营业务收入比重", 62, [(y, D(25), "%", 62)]),
        ("", None, "万人发明专利拥有量", 62, [(y, D("4.9"), "件", 62)]),
        ("", None, "当年新注册企业数", 62, [(y, D(4200), "家", 62)]),
        ("", None, "年转化科技成果", 62, [(y, D(50), "项", 62)]),
        ("", None, "技术市场合同成交额年均增速", 62, [(y, D(10), "%", 62)]),
        ("", None, "潜江龙虾区域公用品牌价值", 62, [(y, D(430), "亿元", 62)]),
    ]  # fmt: skip


def test_the_yunxi_goals_give_categories_item_numbers_and_lines():
    # Rule: "(一)创新投入方面。" names the category of what follows; "1." "2. " are the item
    # numbers; a clause without a name continues the indicator before it; the opening line
    # (line 11, no value) gives nothing. Values stay as written (0.7亿元, no conversion here).
    lines = _file_lines(DOCUMENTS / "yunxi-prose-targets.txt", 11, 12, 13, 14, 15)
    reading = _read(lines, 2021, 2023)
    assert _rows(reading) == [
        ("创新投入", 1, "全社会研发经费支出", 12, [(2021, D(5200), "万元", 12), (2022, D(6000), "万元", 12), (2023, D("0.7"), "亿元", 12)]),
        ("创新投入", 2, "本级财政科学技术支出占当年本级财政一般公共预算支出比重", 12, [(2021, D("0.75"), "%", 12), (2022, D("0.9"), "%", 12), (2023, D("1.2"), "%", 12)]),
        ("企业创新", 3, "高新技术企业数", 13, [(2021, D(28), "家", 13), (2022, D(34), "家", 13)]),
        ("企业创新", 3, "科技型中小企业评价入库数", 13, [(2021, D(40), "家", 13), (2022, D(55), "家", 13)]),
        ("企业创新", 4, "规模以上工业企业研发经费支出占营业收入比重", 13, [(2023, D("1.5"), "%", 13)]),
        # "建成…2个以上": the leading verb comes off; "2023年建成3个以上" continues it.
        ("创新环境", 5, "县级以上科技企业孵化器", 14, [(2022, D(2), "个", 14), (2023, D(3), "个", 14)]),
        ("创新环境", 6, "县级以上科技特派员", 14, [(2021, D(60), "人", 14)]),
        ("创新绩效", 7, "万人发明专利拥有量", 15, [(2023, D("3.5"), "件", 15)]),
        ("创新绩效", 7, "万元GDP综合能耗", 15, [(2023, D("0.52"), "吨标准煤/万元", 15)]),
    ]  # fmt: skip
    assert (reading.blanks, reading.defaulted_years) == ([], [])


def test_no_lines_give_an_empty_reading():
    reading = _read([])
    assert (reading.indicators, reading.blanks, reading.defaulted_years) == ([], [], [])


def test_a_clause_that_starts_a_line_is_on_that_line():
    # Rule: the clause after a line end starts at the first character of the next line and is
    # read on that line, not the one before; the year of the line before carries over.
    lines = [(5, "到2025年,全县创新能力明显增强。"), (6, "高新技术企业数达到50家。")]
    assert _rows(_read(lines)) == [("", None, "高新技术企业数", 6, [(2025, D(50), "家", 6)])]


def test_line_at_reads_the_last_line_started_at_or_before_an_offset():
    # Rule: a line's first character is on that line; the character before is on the line
    # before; an offset before the first line is on the first line; no lines give line 0.
    starts = [(0, 54), (120, 56)]
    assert _line_at(starts, 119) == 54
    assert _line_at(starts, 120) == 56
    assert _line_at([(5, 54)], 0) == 54
    assert _line_at([], 0) == 0


# --- categories and items ------------------------------------------------------------------


def test_text_before_the_first_category_has_no_category():
    # Rule: the opening before "(一)" is read too, with category "" (it has no heading).
    lines = [
        (52, "到2025年,全市高新技术企业总数达180家以上,具体目标如下:"),
        (53, "(一)创新投入方面。全社会研发经费支出达21亿元。"),
    ]
    assert _rows(_read(lines)) == [
        ("", None, "高新技术企业总数", 52, [(2025, D(180), "家", 52)]),
        ("创新投入", None, "全社会研发经费支出", 53, [(2025, D(21), "亿元", 53)]),
    ]


def test_a_category_mark_without_a_heading_gives_no_category():
    # Rule: "(一)到2025年,…" starts with no heading (a year's digits cannot be one): the text
    # after the mark is read with category "".
    lines = [
        (20, "(一)到2025年,全社会研发经费支出达21亿元。"),
        (21, "(二)到2025年,高新技术企业总数达180家以上。"),
    ]
    assert _rows(_read(lines)) == [
        ("", None, "全社会研发经费支出", 20, [(2025, D(21), "亿元", 20)]),
        ("", None, "高新技术企业总数", 21, [(2025, D(180), "家", 21)]),
    ]


def test_an_unnumbered_opening_before_item_1_is_read_and_gives_its_year():
    # Rule: under a heading, the sentence before "1." (here on its own line, after the
    # heading's line end) is an item without a number; its year carries into items 1 and 2.
    lines = [
        (30, "(一)创新投入方面。"),
        (31, "到2025年,全社会研究与试验发展(R&D)经费支出达21亿元,其中:"),
        (32, "1.本级财政科学技术支出占当年本级财政一般公共预算支出比重达3.1%以上;"),
        (33, "2.规模以上工业企业研究与试验发展经费支出占主营业务收入的比值达1.8%以上。"),
    ]
    reading = _read(lines)
    assert _rows(reading) == [
        ("创新投入", None, "全社会研究与试验发展(R&D)经费支出", 31, [(2025, D(21), "亿元", 31)]),
        ("创新投入", 1, "本级财政科学技术支出占当年本级财政一般公共预算支出比重", 32, [(2025, D("3.1"), "%", 32)]),
        ("创新投入", 2, "规模以上工业企业研究与试验发展经费支出占主营业务收入的比值", 33, [(2025, D("1.8"), "%", 33)]),
    ]  # fmt: skip
    assert reading.defaulted_years == []


def test_each_item_ends_where_the_next_begins_and_the_last_at_the_end():
    # Rule: item 3 ends at "4."; every clause of item 4, the last, carries number 4.
    text = (
        "(二)企业创新方面。3.2021年高新技术企业数达到28家;"
        "4.2023年规模以上工业企业研发经费支出占营业收入比重达到1.5%以上,"
        "科技型中小企业评价入库数不少于55家。"
    )
    assert _rows(_read([(13, text)], 2021, 2023)) == [
        ("企业创新", 3, "高新技术企业数", 13, [(2021, D(28), "家", 13)]),
        ("企业创新", 4, "规模以上工业企业研发经费支出占营业收入比重", 13, [(2023, D("1.5"), "%", 13)]),
        ("企业创新", 4, "科技型中小企业评价入库数", 13, [(2023, D(55), "家", 13)]),
    ]  # fmt: skip


# --- values given respectively and year-value lists ---------------------------------------

RD = "全社会研究与试验发展(R&D)经费支出"


def test_a_respectively_list_then_the_same_name_again_is_one_indicator():
    # Rule: "2021年、2022年…分别达到…" gives one value a year; the same name read again in a
    # plain clause (brackets and all) is the same indicator; its category, item number and
    # line are those of the first clause.
    text = (
        f"(一)创新投入方面。1.2021年、2022年{RD}分别达到5200万元、6000万元,"
        f"2023年{RD}不低于7000万元。"
    )
    assert _rows(_read([(12, text)], 2021, 2023)) == [
        ("创新投入", 1, RD, 12, [(2021, D(5200), "万元", 12), (2022, D(6000), "万元", 12), (2023, D(7000), "万元", 12)]),
    ]  # fmt: skip


def test_a_plain_clause_then_a_respectively_list_of_the_same_name_is_one_indicator():
    # Rule: a respectively list adds its years to the indicator a clause before has named.
    text = (
        f"(一)创新投入方面。1.{RD}2021年不低于5200万元,"
        f"2022年、2023年{RD}分别不低于6000万元、7000万元。"
    )
    assert _rows(_read([(12, text)], 2021, 2023)) == [
        ("创新投入", 1, RD, 12, [(2021, D(5200), "万元", 12), (2022, D(6000), "万元", 12), (2023, D(7000), "万元", 12)]),
    ]  # fmt: skip


def test_names_that_differ_only_in_brackets_or_spaces_are_one_indicator():
    # Rule: "(R&D)" and "R&D", "R&D 经费" and "R&D经费" name the same indicator; the name
    # is the one read first.
    text = (
        "全社会研究与试验发展(R&D)经费支出2024年达到3亿元,"
        "全社会研究与试验发展R&D经费支出2025年达到3.5亿元,"
        "全社会研究与试验发展R&D 经费支出2026年达到4亿元"
    )
    assert _targets(_read(text, 2024, 2026)) == {
        "全社会研究与试验发展(R&D)经费支出": [(2024, D(3), "亿元"), (2025, D("3.5"), "亿元"), (2026, D(4), "亿元")]
    }  # fmt: skip


def test_a_respectively_list_of_years_joined_by_he_loses_the_he():
    # Rule: "2024年和2025年…": the 和 left between the years and the name is no part of it.
    text = "2024年和2025年高新技术企业数分别达到42家、50家"
    assert _targets(_read(text, 2024, 2025)) == {
        "高新技术企业数": [(2024, D(42), "家"), (2025, D(50), "家")]
    }


def test_a_respectively_list_with_more_values_than_years_is_not_read():
    # Rule: values are paired with years one to one; three values for two years is no list.
    assert _respectively("2024年、2025年高新技术企业数分别达到42家、50家、60家") is None
    assert _read("2024年、2025年高新技术企业数分别达到42家、50家、60家").indicators == []


def test_a_respectively_value_without_a_unit_takes_the_unit_written_once():
    # Rule: "分别达到42、50家": the unit written on one value is every value's.
    assert _respectively("2024年、2025年高新技术企业数分别达到42、50家") == (
        "高新技术企业数",
        [(2024, D(42), "家"), (2025, D(50), "家")],
    )


def test_a_respectively_list_without_any_unit_has_the_empty_unit():
    assert _respectively("2024年、2025年综合科技创新水平指数分别达到65、68") == (
        "综合科技创新水平指数",
        [(2024, D(65), ""), (2025, D(68), "")],
    )


def test_a_respectively_list_takes_a_name_of_two_characters():
    # Rule: the name of a respectively list may be as short as two characters.
    assert _respectively("2024年、2025年产值分别达到100亿元、120亿元") == (
        "产值",
        [(2024, D(100), "亿元"), (2025, D(120), "亿元")],
    )


def test_a_respectively_list_whose_name_holds_a_number_is_none():
    # Rule: "在现有35家的基础上、高新技术企业数" holds a number: it is no name.
    assert _respectively("在现有35家的基础上2024年、2025年高新技术企业数分别达到42家、50家") is None


ELEVEN = "、".join(str(v) for v in range(100, 210, 10))  # 100、110、…、200: eleven values


def test_a_span_of_ten_years_gives_eleven_years():
    # Rule: "2020—2030年…分别" spans at most ten years: here 2030 = 2020 + 10, still in.
    assert ELEVEN.count("、") == 10
    text = f"2020—2030年科技特派员人数分别达到{ELEVEN}人"
    assert _targets(_read(text, 2020, 2030)) == {
        "科技特派员人数": [(2020 + k, D(100 + 10 * k), "人") for k in range(11)]
    }


def test_a_span_of_eleven_years_is_no_list_of_years():
    # Rule: 2031 = 2020 + 11 is beyond ten years: no list, even with twelve values.
    text = f"2020—2031年科技特派员人数分别达到{ELEVEN}、210人"
    assert _respectively(text) is None
    assert _read(text, 2020, 2031).indicators == []


def test_two_year_value_pairs_after_a_name_are_a_list():
    # Rule: "name:YYYY年 value、YYYY年 value" with two pairs or more gives one value a year.
    text = "高新技术企业数:2024年42家、2025年50家"
    assert _targets(_read(text, 2024, 2025)) == {
        "高新技术企业数": [(2024, D(42), "家"), (2025, D(50), "家")]
    }


def test_a_year_value_list_takes_a_name_of_two_characters():
    # Rule: the name before the first pair may be as short as two characters.
    text = "产值2024年100亿元、2025年120亿元"
    assert _targets(_read(text, 2024, 2025)) == {
        "产值": [(2024, D(100), "亿元"), (2025, D(120), "亿元")]
    }


def test_a_year_value_list_drops_the_wei_before_its_first_year():
    # Rule: "…数为2023年35家、…": the 为 (like : 是 分别) ending the name comes off.
    text = "高新技术企业数为2023年35家、2024年42家、2025年50家"
    assert _targets(_read(text)) == {
        "高新技术企业数": [(2023, D(35), "家"), (2024, D(42), "家"), (2025, D(50), "家")]
    }


def test_year_value_pairs_joined_by_other_words_are_no_list():
    # Rule: between two pairs only 、 , ; 和 及 and spaces may stand; "由2020年8亿元增加到
    # 2025年21亿元" is a baseline and a target, not two targets.
    assert _year_pairs("全社会研发经费支出由2020年8亿元增加到2025年21亿元") is None


def test_a_year_value_list_whose_name_holds_a_number_is_none():
    # Rule: a name holding a number is no name: here the first year's value is glued into it.
    assert _year_pairs("2023年高新技术企业35家、2024年42家、2025年50家") is None


def test_a_year_value_pair_without_a_unit_takes_the_unit_written_once():
    text = "高新技术企业数:2023年35、2024年42、2025年50家"
    assert _targets(_read(text)) == {
        "高新技术企业数": [(2023, D(35), "家"), (2024, D(42), "家"), (2025, D(50), "家")]
    }


def test_a_year_value_list_without_any_unit_has_the_empty_unit():
    text = "综合科技创新水平指数:2024年65、2025年68"
    assert _targets(_read(text, 2024, 2025)) == {
        "综合科技创新水平指数": [(2024, D(65), ""), (2025, D(68), "")]
    }


# --- the year of a clause ------------------------------------------------------------------


def test_a_year_after_bi_is_a_comparison_not_the_target_year():
    # Rule: "比2020年增长20%": 2020 is the base of the comparison; the year stays 2023, from
    # the clause before; a growth in % is named as a growth rate.
    text = "(二)创新绩效方面。3.到2023年,当年新注册企业数比2020年增长20%。"
    assert _rows(_read([(15, text)], 2021, 2023)) == [
        ("创新绩效", 3, "当年新注册企业数增长率", 15, [(2023, D(20), "%", 15)])
    ]


def test_a_year_after_jiao_is_a_comparison_not_the_target_year():
    text = "到2023年,当年新注册企业数较2020年增长20%"
    assert _targets(_read(text, 2021, 2023)) == {"当年新注册企业数增长率": [(2023, D(20), "%")]}


def test_a_year_after_yu_is_a_comparison_not_the_target_year():
    # Rule: "相较于2020年": 于 before the year marks a comparison too (only the year is checked).
    reading = _read("到2023年,当年新注册企业数相较于2020年增长20%", 2021, 2023)
    assert [(t.year, t.value) for i in reading.indicators for t in i.targets] == [(2023, D(20))]


def test_a_comparison_year_at_the_start_of_a_clause_does_not_change_the_year():
    # Rule: "比2020年…" opening its clause (比 is its first character) still does not set
    # the year: the next clause keeps 2025.
    text = "到2025年,高新技术企业总数达180家以上,比2020年增长50%,科技型中小企业数量达300家以上"
    found = _targets(_read(text))
    assert found["高新技术企业总数"] == [(2025, D(180), "家")]
    assert found["科技型中小企业数量"] == [(2025, D(300), "家")]


def test_a_comparison_year_does_not_stop_the_search_for_the_year_of_the_clause():
    # Rule: after "较2020年" the clause's own "2025年" is its year and carries on; the clause
    # itself is no target (its name holds "20%").
    text = (
        "2024年高新技术企业总数达到150家;当年新注册企业数较2020年增长20%、2025年达到4200家,"
        "科技型中小企业数量达到300家以上"
    )
    assert _targets(_read(text, 2024, 2026))["科技型中小企业数量"] == [(2025, D(300), "家")]


def test_within_three_years_counts_from_the_plan_first_year():
    # Rule: "三年内" in a 2024–2026 plan is 2024 + 3 − 1 = 2026, whatever year was carried.
    text = "——到2025年,高新技术企业数达到60家;三年内认定市级科技企业孵化器45家以上"
    assert _targets(_read(text, 2024, 2026)) == {
        "高新技术企业数": [(2025, D(60), "家")],
        "市级科技企业孵化器": [(2026, D(45), "家")],
    }


def test_within_years_written_in_digits_counts_the_same():
    text = "——到2025年,高新技术企业数达到60家;3年内认定市级科技企业孵化器45家以上"
    assert _targets(_read(text, 2024, 2026))["市级科技企业孵化器"] == [(2026, D(45), "家")]


def test_a_written_year_wins_over_within_years():
    # Rule: "力争三年内到2025年底…" in a 2024–2026 plan: the written 2025, not 2026.
    text = "力争三年内到2025年底全县高新技术企业总数达到180家"
    assert _targets(_read(text, 2024, 2026)) == {"高新技术企业总数": [(2025, D(180), "家")]}


def test_within_years_without_a_first_year_falls_back_to_the_last_year():
    # Rule: with no first year known, "三年内" cannot be counted: the target falls to the
    # plan's last year, and the clause is listed as read without a year.
    clause = "三年内认定市级科技企业孵化器45家以上"
    reading = _read([(9, clause)], None, 2026)
    assert _targets(reading) == {"市级科技企业孵化器": [(2026, D(45), "家")]}
    assert reading.defaulted_years == [(9, clause)]


# --- blanks and long clauses ---------------------------------------------------------------


def test_a_blank_is_reported_and_the_next_clause_still_read():
    # Rule: "有 家" (the draft's number left out, a full-width space) is a blank: reported with
    # its line and clause, not read; the clause after it is read. From 青山 task 1.
    text = normalise(
        "力争4年内有\u3000家企业进入全省科技领军企业行列，三年内认定市级科技孵化器45家以上。"
    )
    reading = _read([(9, text)], 2024, 2026)
    assert reading.blanks == [(9, "力争4年内有 家企业进入全省科技领军企业行列")]
    assert _targets(reading) == {"市级科技孵化器": [(2026, D(45), "家")]}


TOWNS = (
    "园林街道、杨市街道、周矶街道、广华街道、泰丰街道、高场街道、竹根滩镇、渔洋镇、王场镇、"
    "高石碑镇、熊口镇、老新镇、浩口镇、积玉口镇、张金镇、龙湾镇、后湖管理区、熊口管理区、"
    "总口管理区、白鹭湖管理区、运粮湖管理区、周矶管理区、潜江经济开发区、江汉石油管理局"
)
INDUSTRIES = (
    "光电子信息、新能源新材料、数字经济、生物医药、精细化工、石油装备制造、高端装备制造、"
    "汽车零部件、小龙虾精深加工、绿色食品加工、农产品深加工、纺织服装、现代物流、冷链物流、"
    "电子商务、节能环保、新一代信息技术、现代种业、智慧农业、文化旅游、健康养老、现代金融、"
    "科技服务、检验检测、工业设计、软件信息服务"
)


def _long_blank(where: str) -> str:
    return f"面向{TOWNS}等区镇街道和{INDUSTRIES}等产业{where}选派科技特派员不少于( )名"


def test_a_clause_of_300_characters_is_still_read():
    # Rule: a clause up to 300 characters is read: its blank “不少于( )名” is reported.
    clause = _long_blank("")
    assert len(clause) == 300
    assert _read([(7, clause)]).blanks == [(7, clause)]


def test_a_clause_of_301_characters_is_no_target():
    # Rule: longer than 300 characters is a run of text, not a clause: nothing is reported.
    clause = _long_blank("中")
    assert len(clause) == 301
    assert _read([(7, clause)]).blanks == []


# --- names ---------------------------------------------------------------------------------


def test_an_opener_after_a_colon_comes_off():
    # Rule: "到2025年:全县…": the colon left by the year comes off, then the opener 全县.
    assert _targets(_read("到2025年:全县高新技术企业数达到180家")) == {
        "高新技术企业数": [(2025, D(180), "家")]
    }


def test_openers_come_off_one_after_another():
    # Rule: "力争全县…": 力争 comes off, then 全县 (listed before 力争) on a second pass.
    assert _targets(_read("到2025年,力争全县高新技术企业数达到200家")) == {
        "高新技术企业数": [(2025, D(200), "家")]
    }


def test_an_opener_and_the_colon_after_it_come_off_before_a_leading_verb():
    # Rule: "其中:新增省级专精特新企业10家": 其中 and ":" come off, then the verb 新增.
    assert _targets(_read("到2025年,其中:新增省级专精特新企业10家")) == {
        "省级专精特新企业": [(2025, D(10), "家")]
    }


def test_an_opener_comes_off_when_two_characters_are_left_not_one():
    # Rule: "全县人才" → 人才 (two left); "并购" and "使用" stay whole (one would be left).
    assert _clean_name("全县人才") == "人才"
    assert _clean_name("并购") == "并购"
    assert _clean_name("使用") == "使用"


def test_a_leading_verb_comes_off_when_two_characters_are_left():
    # Rule: "引进人才200名": 引进 comes off, 人才 (two characters) is the name.
    assert _targets(_read("到2025年,引进人才200名以上")) == {"人才": [(2025, D(200), "名")]}


def test_a_leading_verb_and_the_mark_after_it_come_off():
    # Rule: "引进、集聚高层次人才": 引进, then the 、 after it, come off.
    assert _targets(_read("到2025年,引进、集聚高层次人才50名")) == {
        "集聚高层次人才": [(2025, D(50), "名")]
    }


def test_a_name_after_the_number_is_taken_when_there_is_no_name_before():
    # Rule: "有5家以上企业进入全省民营企业百强": nothing before the number, so the words
    # after it name the indicator.
    assert _targets(_read("到2025年,有5家以上企业进入全省民营企业百强")) == {
        "企业进入全省民营企业百强": [(2025, D(5), "家")]
    }


def test_a_name_before_the_number_wins_over_the_words_after_it():
    # Rule: "产值突破300亿元大关": the name is 光电子信息产业产值; "大关" only follows.
    assert _targets(_read("到2025年,光电子信息产业产值突破300亿元大关")) == {
        "光电子信息产业产值": [(2025, D(300), "亿元")]
    }


def test_two_characters_after_the_number_are_enough_for_a_name():
    # Rule: "引进30名以上博士": only the verb before the number; 博士 (two characters) names it.
    assert _targets(_read("到2025年,引进30名以上博士")) == {"博士": [(2025, D(30), "名")]}


# --- which clauses are targets --------------------------------------------------------------


def test_a_value_with_a_verb_but_no_unit_is_a_target_with_the_empty_unit():
    assert _targets(_read("到2025年,综合科技创新水平指数达到65")) == {
        "综合科技创新水平指数": [(2025, D(65), "")]
    }


def test_a_number_with_neither_unit_nor_verb_is_no_target():
    # Rule: "进入全省前10" is a rank, no target; the clause after it is still read.
    text = "到2025年,县域科技创新能力进入全省前10,高新技术企业总数达180家以上"
    assert _targets(_read(text)) == {"高新技术企业总数": [(2025, D(180), "家")]}


def test_a_yearly_increment_is_no_indicator_and_the_next_clause_is_read():
    # Rule: a name starting with 每年 (年均, 目标, 同比 …) is no indicator's name.
    text = "每年新增高新技术企业20家以上,2025年高新技术企业总数达180家以上"
    assert _targets(_read(text)) == {"高新技术企业总数": [(2025, D(180), "家")]}


def test_a_name_holding_a_number_is_no_name():
    # Rule: the seed's "新增3~5名…产值超10亿元的优秀企业家" (task 14) would be named
    # "3~5名能够带领企业进入产值超" with 10亿元: a name holding a number is none.
    line = _file_lines(SEED, 98)[0][1]
    clause = next(c for c in line.split(",") if c.startswith("新增"))
    assert clause == "新增3~5名能够带领企业进入产值超10亿元的优秀企业家"
    assert _read(f"到2025年,{clause}").indicators == []


def test_a_5g_is_part_of_a_name():
    # Rule: the number of "5G" is the name's own, not a value glued into it.
    assert _targets(_read("到2025年,全市5G基站数达到500个")) == {"5G基站数": [(2025, D(500), "个")]}
    assert _targets(_read("5G基站数:2024年400个、2025年500个")) == {
        "5G基站数": [(2024, D(400), "个"), (2025, D(500), "个")]
    }
    assert _respectively("2024年、2025年5G基站数分别达到400个、500个") == (
        "5G基站数",
        [(2024, D(400), "个"), (2025, D(500), "个")],
    )


def test_an_item_number_in_brackets_comes_off_the_name():
    # Rule: "(2)科技型中小企业数…" (an item numbered "(2)"): the number is no part of the name.
    assert _targets(_read("(2)科技型中小企业数达到120家")) == {
        "科技型中小企业数": [(2025, D(120), "家")]
    }


@pytest.mark.parametrize(
    ("clause", "name"),
    [
        ("全市并购重组企业达到10家", "并购重组企业"),
        ("并网光伏电站达到12个", "并网光伏电站"),
        ("使用清洁能源的企业达到30家", "使用清洁能源的企业"),
        ("使全市高新技术企业达到60家", "高新技术企业"),
        ("并力争高新技术企业达到60家", "高新技术企业"),
    ],
)
def test_bing_and_shi_come_off_as_openers_but_not_out_of_a_word(clause: str, name: str):
    # Rule: 并 ("and") and 使 ("so that") open clauses, but 并购 (merger), 并网 (grid-tied),
    # 使用 (use) are words: their first character stays.
    assert [i.name for i in _read(f"到2025年,{clause}").indicators] == [name]


def test_an_opener_does_not_come_off_a_word_of_two_or_three_characters():
    # Rule: one character must be left beyond the opener's own and one more: "使得" and
    # "全县人" stay whole (one character would be left).
    assert _clean_name("使得") == "使得"
    assert _clean_name("全县人") == "全县人"
    assert _clean_name("全县人才") == "人才"


def test_a_name_that_is_only_an_opener_gives_way_to_the_words_after_the_number():
    # Rule: "力争5家以上企业上市": 力争 (strive to) names nothing; 企业上市 follows the number.
    assert _targets(_read("到2025年,力争5家以上企业上市")) == {"企业上市": [(2025, D(5), "家")]}
    assert _clean_name("力争") == ""
    assert _clean_name("其中") == ""


LONG_40 = "规模以上工业企业研究与试验发展(R&D)经费内部支出总额占当年主营业务收入的比值"
LONG_41 = "规模以上工业企业研究与试验发展(R&D)经费内部支出总额占其当年主营业务收入的比值"


def test_a_name_of_40_characters_is_read():
    assert len(LONG_40) == 40
    assert _targets(_read(f"到2025年,{LONG_40}达1.8%以上")) == {LONG_40: [(2025, D("1.8"), "%")]}


def test_a_name_of_41_characters_is_none():
    assert len(LONG_41) == 41
    assert _read(f"到2025年,{LONG_41}达1.8%以上").indicators == []


def test_a_value_without_a_name_and_nothing_before_it_is_dropped_and_reading_goes_on():
    # Rule: "2025年达到21亿元" after a clause without a value names nothing and continues
    # nothing; the next clause is read.
    text = "——全社会研发投入持续增长,2025年达到21亿元,高新技术企业总数达180家以上"
    assert _targets(_read(text)) == {"高新技术企业总数": [(2025, D(180), "家")]}


def test_a_restated_year_keeps_the_first_value_and_the_indicator_goes_on():
    # Rule: "力争达到200家" restates 2025: the first value (180) stays; "2026年达到220家"
    # still continues the same indicator.
    text = "2025年高新技术企业总数达180家以上,力争达到200家,2026年达到220家"
    assert _targets(_read(text, 2024, 2026)) == {
        "高新技术企业总数": [(2025, D(180), "家"), (2026, D(220), "家")]
    }


# --- the national catalogue ----------------------------------------------------------------


def test_brackets_spaces_and_de_are_ignored_when_matching_the_catalogue():
    assert catalogue_code("每万人口的发明专利拥有量") == "N13"
    assert catalogue_code("单位 GDP 能耗") == "N14"
    assert catalogue_code("县级以上科技特派员(人数)") == "N10"
    assert catalogue_code("科技型中小企业(入库)数") == "N06"


def test_a_leading_dangnian_is_ignored_when_matching_the_catalogue():
    # Rule: 当年 / 年度 / 本年 before a name does not hide the indicator.
    assert catalogue_code("当年科技型中小企业评价入库数") == "N06"
    assert catalogue_code("年度高新技术企业数") == "N05"


def test_leading_verbs_come_off_one_after_another():
    # Rule: "引进培育高层次人才": 引进, then 培育, come off while two characters are left.
    assert _targets(_read("到2025年,引进培育高层次人才50名")) == {
        "高层次人才": [(2025, D(50), "名")]
    }


def test_a_name_that_opens_with_a_leading_verb_is_its_own_indicator():
    # Rule: only a name that is nothing but leading verbs continues the indicator before it.
    # "2025年引进培育高层次人才50名" was taken as 高新技术企业总数's 2025 target (50名).
    text = "2024年高新技术企业总数达150家,2025年引进培育高层次人才50名"
    assert _targets(_read(text)) == {
        "高新技术企业总数": [(2024, D(150), "家")],
        "高层次人才": [(2025, D(50), "名")],
    }
    # A bare verb after the number still takes the words after it as the name.
    assert _targets(_read("到2025年,培育3家以上上市企业")) == {"上市企业": [(2025, D(3), "家")]}


def test_a_base_year_and_its_value_are_neither_the_target_year_nor_the_target():
    # "由2020年的8亿元增加到21亿元": 2020 and 8亿元 are where the change starts. The year
    # stays 2025 (it became 2020, for the next clause too) and 21亿元 is read (it was lost).
    text = "到2025年,全社会研发经费支出由2020年的8亿元增加到21亿元,高新技术企业数达到180家"
    assert _targets(_read(text)) == {
        "全社会研发经费支出": [(2025, D(21), "亿元")],
        "高新技术企业数": [(2025, D(180), "家")],
    }
    # "与2020年相比翻一番": a comparison year too.
    text = "到2025年,与2020年相比翻一番,科技型中小企业数量达到300家"
    assert _targets(_read(text)) == {"科技型中小企业数量": [(2025, D(300), "家")]}


def test_a_clause_that_compares_with_an_earlier_year_is_no_indicator_of_its_own():
    # "比2020年增加100家" after a target says how much it grew: no indicator "比增加".
    for comparison in ("比2020年增加100家", "比2020年增长50%", "相较于2020年增长20%"):
        text = f"到2025年,高新技术企业总数达到180家,{comparison}"
        assert _targets(_read(text)) == {"高新技术企业总数": [(2025, D(180), "家")]}


def test_yu_before_a_year_and_qian_after_it_is_the_target_year():
    # "力争于2024年底前建成…": 2024 is the year aimed at (it was read as a comparison, the
    # name kept "于前建成" and the plan's last year was put in).
    reading = _read("力争于2024年底前建成县级以上科技企业孵化器5个", 2023, 2025)
    assert _targets(reading) == {"县级以上科技企业孵化器": [(2024, D(5), "个")]}
    assert reading.defaulted_years == []


def test_fenbie_wei_before_year_value_pairs_reads_each_pair():
    # "分别为2023年35家、2024年42家、2025年50家": each year stands by its value (this read
    # nothing, and a goal section holding only this was refused as not a plan).
    text = "高新技术企业数分别为2023年35家、2024年42家、2025年50家"
    assert _targets(_read(text)) == {
        "高新技术企业数": [(2023, D(35), "家"), (2024, D(42), "家"), (2025, D(50), "家")]
    }
