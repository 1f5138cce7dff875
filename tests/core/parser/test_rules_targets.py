"""The rules of `core/parser/targets.py`: how the parser reads quantitative targets out of a
plan's Chinese prose. Small Chinese numerals (十, 十五, 二十, 二十一); clauses split at
"。" "," ";" that take the year of a preceding "到2025年"; "name … number unit" clauses and
"培育十大…" counts as main targets, a one-character name refused; the task clauses that set a
number for a year, "三年内" counted from the plan's first year; a target's name matched to a
plan indicator (catalogue alias, brackets and spaces ignored, containment, the closest name,
the first on a tie); money converted between 元, 万元 and 亿元 with exact Decimals, other units
passed or refused. The sentences are the seed plan's (潜江, already normalised to half-width
punctuation as the parser reads them); every expected value is worked out by hand. Written
for the mutation run of the parser (docs/en/mutation-testing.md). Pure, no database.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from innocounty.core.parser.targets import (
    Quantity,
    chinese_number,
    clauses,
    convert,
    match_indicator,
    quantities,
    task_targets,
)

# --- chinese_number ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("十", 10),  # 十 alone is ten
        ("十五", 15),  # no tens digit: one ten, plus the ones digit
        ("二十", 20),  # no ones digit: the tens digit times ten
        ("二十一", 21),  # both digits
        ("九十九", 99),  # the largest two-digit numeral
        ("一", 1),  # a single digit, both ends of the range
        ("九", 9),
    ],
)
def test_a_small_chinese_numeral_is_read_as_tens_and_ones(text: str, expected: int) -> None:
    # Rule: [digit]十[digit] is tens × 10 + ones; a missing tens digit is 1, a missing ones 0.
    assert chinese_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("百", 100),  # 百 alone is a hundred ("百大项目")
        ("一百", 100),
        ("一百零五", 105),  # 零 stands for the missing tens
        ("一百二十", 120),  # once read as 12
        ("三百二十一", 321),
        ("九百九十九", 999),  # the largest
    ],
)
def test_a_chinese_numeral_with_hundreds_is_read_in_full(text: str, expected: int) -> None:
    # Rule: [digit]百 is that many hundreds (one without a digit), then 零 and a digit or the
    # tens and ones as below a hundred.
    assert chinese_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "三五",
        "两",
        "三十十",
        "十十",
        "零",
        "一百零",
        "一百一",
        "两百",
        "一百三五",
        "一百三十十",
    ],
)
def test_what_is_not_a_small_chinese_numeral_reads_as_none(text: str) -> None:
    # Rule: empty text, two digits without 十, two 十, a bare 零, a digit after 百 without
    # 零 or 十 (一百一 is spoken, not written) and characters outside 一…九 give None.
    assert chinese_number(text) is None


# --- clauses -------------------------------------------------------------------------------


def test_a_year_prefix_gives_its_year_to_the_following_clauses_of_its_sentence_only() -> None:
    # Rule: "到2025年," is no clause itself; its year holds until the sentence ends at "。".
    text = "到2025年,高新技术企业总数达180家以上;创新密集区数达11个。完善科技服务体系"
    assert clauses(text) == [
        ("高新技术企业总数达180家以上", 2025),
        ("创新密集区数达11个", 2025),
        ("完善科技服务体系", None),
    ]


def test_a_year_prefix_without_a_comma_keeps_the_rest_of_the_clause() -> None:
    # Rule: the text after "到2025年" in the same clause is the clause, with that year.
    assert clauses("到2025年高新技术企业总数达180家以上") == [("高新技术企业总数达180家以上", 2025)]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("截至2022年底,高新技术企业达到100家", 2022),
        ("至2030年末,高新技术企业达到100家", 2030),
        ("2025年,高新技术企业达到100家", 2025),  # the year alone, without 到
        ("到1999年,高新技术企业达到100家", 1999),  # the first two digits 19 …
        ("到2000年,高新技术企业达到100家", 2000),  # … or 20
    ],
)
def test_every_year_prefix_wording_gives_its_year(text: str, year: int) -> None:
    # Rule: 到/至/截至 (or nothing), a 19xx/20xx year, 年, optionally 底/末.
    assert clauses(text) == [("高新技术企业达到100家", year)]


def test_a_year_not_starting_with_19_or_20_is_no_year_prefix() -> None:
    # Rule: only 19xx and 20xx are years; "2100年" stays in the clause and gives no year.
    assert clauses("2100年,高新技术企业达到100家") == [
        ("2100年", None),
        ("高新技术企业达到100家", None),
    ]


def test_the_dashes_of_a_bullet_are_left_out_before_the_year_is_read() -> None:
    # Rule: "——" and "-" at the start of a clause are bullets, not text.
    text = "——到2025年,科技型中小企业数量达300家以上。-创新密集区数达11个"
    assert clauses(text) == [
        ("科技型中小企业数量达300家以上", 2025),
        ("创新密集区数达11个", None),
    ]


def test_only_dashes_are_stripped_from_the_start_of_a_clause() -> None:
    # Rule: a placeholder "XX县" (a plan template) keeps its letters; only the dashes go.
    assert clauses("——XX县高新技术企业达到100家") == [("XX县高新技术企业达到100家", None)]


def test_empty_text_has_no_clauses() -> None:
    # Rule: nothing to split gives nothing, also only separators.
    assert clauses("") == []
    assert clauses("。,;") == []


# --- quantities ----------------------------------------------------------------------------


def test_each_name_number_unit_clause_is_a_quantity_with_its_year() -> None:
    # Rule: name, a verb such as 达, a number, a unit and 以上 make a target of the year.
    text = (
        "——企业创新实现突破。到2025年,科技型中小企业数量达300家以上,"
        "高新技术企业总数达180家以上,省级以上专精特新小巨人企业达80家以上。"
    )
    assert quantities(text) == [
        Quantity("科技型中小企业数量达300家以上", "科技型中小企业数量", Decimal("300"), "家", 2025),
        Quantity("高新技术企业总数达180家以上", "高新技术企业总数", Decimal("180"), "家", 2025),
        Quantity(
            "省级以上专精特新小巨人企业达80家以上",
            "省级以上专精特新小巨人企业",
            Decimal("80"),
            "家",
            2025,
        ),
    ]


def test_decimals_compound_units_and_money_units_are_read_whole() -> None:
    # Rule: a decimal is exact; the longest unit wins (吨标准煤/万元, 万元, 亿元, 件 not 元).
    text = (
        "到2025年,万元GDP综合能耗0.48吨标准煤/万元,年度科普经费筹集额达2100万元,"
        "全社会研究与试验发展(R&D)经费支出达21亿元,万人发明专利拥有量达4.9件"
    )
    assert [(q.name, q.value, q.unit, q.year) for q in quantities(text)] == [
        ("万元GDP综合能耗", Decimal("0.48"), "吨标准煤/万元", 2025),
        ("年度科普经费筹集额", Decimal("2100"), "万元", 2025),
        ("全社会研究与试验发展(R&D)经费支出", Decimal("21"), "亿元", 2025),
        ("万人发明专利拥有量", Decimal("4.9"), "件", 2025),
    ]


def test_a_quantity_without_a_unit_has_an_empty_unit_and_no_year_without_a_prefix() -> None:
    # Rule: an index has no unit: the unit is "", not a placeholder; no "到…年", no year.
    assert quantities("综合科技创新水平指数达到65") == [
        Quantity("综合科技创新水平指数达到65", "综合科技创新水平指数", Decimal("65"), "", None)
    ]


def test_a_one_character_name_is_skipped_and_the_next_clauses_still_read() -> None:
    # Rule: "达100家以上" names nothing (its name "达" is one character): skipped, and the
    # clauses after it are still read.
    text = "到2025年,高新技术企业数量实现翻番,达100家以上,研发投入强度达到3%"
    assert quantities(text) == [
        Quantity("研发投入强度达到3%", "研发投入强度", Decimal("3"), "%", 2025)
    ]


def test_a_two_character_name_is_kept() -> None:
    # Rule: two characters are the shortest name kept ("累计达60个" → name 累计).
    text = "到2025年,新增省级以上研发平台20个,累计达60个"
    assert quantities(text) == [
        Quantity("新增省级以上研发平台20个", "新增省级以上研发平台", Decimal("20"), "个", 2025),
        Quantity("累计达60个", "累计", Decimal("60"), "个", 2025),
    ]


@pytest.mark.parametrize("verb", ["达到", "超过", "不少于", "保持在"])
def test_a_verb_alone_is_no_name(verb: str) -> None:
    # Rule: "达到100家以上" without a subject names nothing: no quantity (it was named "达到").
    assert quantities(f"到2025年,{verb}100家以上;新增企业20家") == [
        Quantity("新增企业20家", "新增企业", Decimal("20"), "家", 2025)
    ]


def test_a_count_in_chinese_numerals_is_a_quantity_named_by_its_whole_clause() -> None:
    # Rule: "培育十大名牌产品" is the value 10, no unit, the whole clause as name, the year.
    assert quantities("到2025年,培育十大名牌产品") == [
        Quantity("培育十大名牌产品", "培育十大名牌产品", Decimal("10"), "", 2025)
    ]


def test_the_seed_sentence_with_a_chinese_count_and_a_money_target() -> None:
    # Rule: a clause without a number is no target; the count and the money target are read;
    # the sentence has no year prefix, so no year.
    text = "全面建设潜江高新区“创新型产业集群”,培育十大名牌产品,潜江龙虾区域公用品牌价值达430亿元。"
    assert quantities(text) == [
        Quantity("培育十大名牌产品", "培育十大名牌产品", Decimal("10"), "", None),
        Quantity(
            "潜江龙虾区域公用品牌价值达430亿元",
            "潜江龙虾区域公用品牌价值",
            Decimal("430"),
            "亿元",
            None,
        ),
    ]


def test_a_chinese_count_of_hundreds_is_a_quantity() -> None:
    # Rule: "百大" is a hundred (百 is read), so it is a target like "十大".
    assert quantities("到2025年,培育百大名牌产品;打造一百零五大特色园区") == [
        Quantity("培育百大名牌产品", "培育百大名牌产品", Decimal(100), "", 2025),
        Quantity("打造一百零五大特色园区", "打造一百零五大特色园区", Decimal(105), "", 2025),
    ]


def test_a_chinese_count_that_is_no_numeral_is_not_a_quantity() -> None:
    # Rule: a count the numerals do not read ("三五大") has no value, so it is no target.
    assert quantities("到2025年,培育三五大名牌产品") == []


def test_a_clause_whose_number_is_not_at_its_end_is_not_a_quantity() -> None:
    # Rule: the number and unit end the clause; "较2020年翻一番" states no target; no text, none.
    assert quantities("到2025年,高新技术企业数较2020年翻一番") == []
    assert quantities("") == []


# --- task_targets --------------------------------------------------------------------------


def test_the_task_clauses_with_a_year_and_a_number_with_a_unit_are_targets() -> None:
    # Rule: a clause counts when a year applies to it and it holds "number unit"; ranges too.
    text = (
        "大力培养高素质农民和带动示范作用强的“田秀才”“土专家”。到2025年,"
        "建成市级高技能人才培训基地5个,培养高技能人才60名,新增3~5名优秀企业家。"
    )
    assert task_targets(text, start_year=2023) == [
        ("建成市级高技能人才培训基地5个", 2025),
        ("培养高技能人才60名", 2025),
        ("新增3~5名优秀企业家", 2025),
    ]


def test_a_number_without_a_year_or_a_year_without_a_number_is_no_task_target() -> None:
    # Rule: both are needed: a year and a number with a unit in the same clause.
    assert task_targets("培养高技能人才60名", start_year=2023) == []
    assert task_targets("到2025年,建成一批技师工作站", start_year=2023) == []
    assert task_targets("", start_year=2023) == []


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("力争三年内新增高新技术企业45家以上", 2025),  # 2023, 2024, 2025
        ("力争3年内新增高新技术企业45家以上", 2025),  # the span in Arabic digits
        ("争取一年内新增高新技术企业45家以上", 2023),  # one year is the first year itself
    ],
)
def test_within_n_years_is_the_nth_year_of_the_plan(text: str, year: int) -> None:
    # Rule: "N年内" counts the plan's first year as year 1: start_year + N − 1.
    assert task_targets(text, start_year=2023) == [(text, year)]


def test_within_n_years_needs_the_first_year_and_a_number_after_it() -> None:
    # Rule: without start_year there is no year; the N of "N年内" is not the target's number.
    assert task_targets("力争三年内新增高新技术企业45家以上") == []
    assert task_targets("力争3年内实现规上工业企业研发机构全覆盖", start_year=2023) == []


def test_the_clauses_after_a_within_n_years_clause_are_still_read() -> None:
    # Rule: a "三年内" clause does not end the reading of the task.
    text = "力争三年内新增高新技术企业45家以上。到2025年,培养高技能人才60名"
    assert task_targets(text, start_year=2023) == [
        ("力争三年内新增高新技术企业45家以上", 2025),
        ("培养高技能人才60名", 2025),
    ]


# --- match_indicator -----------------------------------------------------------------------


def test_a_catalogue_alias_finds_the_indicator_with_that_catalogue_entry() -> None:
    # Rule: "高新技术企业总数" is the catalogue's alias of N05; the plan's indicator pointing at
    # N05 wins although its own name ("高企数量") looks nothing like it.
    indicators = [("T01", "研发投入强度", None), ("T02", "高企数量", "N05")]
    assert match_indicator("高新技术企业总数", indicators) == "T02"


@pytest.mark.parametrize(
    ("name", "indicator_name"),
    [
        ("科普经费(万元)", "科普经费（万元）"),  # half-width and full-width brackets
        ("科 普 经 费", "科普经费"),  # spaces of a PDF's text layer
    ],
)
def test_brackets_and_spaces_do_not_count_in_a_name(name: str, indicator_name: str) -> None:
    # Rule: names equal once brackets and whitespace are removed are the same indicator.
    assert match_indicator(name, [("T01", indicator_name, None)]) == "T01"


@pytest.mark.parametrize(
    ("name", "indicator_name"),
    [
        ("专利授权量", "每万人发明专利授权量"),  # a 5-character name inside the indicator's
        ("省级以上专精特新小巨人企业", "小巨人企业"),  # a 5-character indicator inside the name
        ("高新技术企业", "国家级高新技术企业数量"),
    ],
)
def test_a_name_of_five_characters_or_more_inside_the_other_matches(
    name: str, indicator_name: str
) -> None:
    # Rule: containment of at least 5 characters (either way) counts as close (0.9), although
    # the similarity alone (2 × 5 / 15, 2 × 5 / 18, 2 × 6 / 17) is below 0.8.
    assert match_indicator(name, [("T01", indicator_name, None)]) == "T01"


def test_a_name_of_four_characters_inside_the_other_is_not_enough() -> None:
    # Rule: "技术合同" (4) inside "技术合同成交额(亿元)" gets no lift: 2 × 4 / 13 < 0.8.
    assert match_indicator("技术合同", [("T01", "技术合同成交额(亿元)", None)]) is None


def test_a_similarity_of_exactly_four_fifths_matches() -> None:
    # Rule: 0.8 is close enough: 科研人员数 and 科技人员数 share 4 of 5 (2 × 4 / 10).
    assert match_indicator("科研人员数", [("T01", "科技人员数", None)]) == "T01"


def test_the_closest_indicator_wins_over_a_containing_one() -> None:
    # Rule: containment lifts a name to 0.9 only; "每万人高价值发明专利拥有量" is closer
    # (2 × 13 / 27 ≈ 0.96) than the growth rate that contains the name (lifted to 0.9).
    name = "每万人口高价值发明专利拥有量"
    indicators = [
        ("T01", "每万人口高价值发明专利拥有量年均增长率", None),
        ("T02", "每万人高价值发明专利拥有量", None),
    ]
    assert match_indicator(name, indicators) == "T02"
    assert match_indicator(name, indicators[::-1]) == "T02"


def test_on_a_tie_the_first_indicator_listed_wins() -> None:
    # Rule: both contain "高新技术企业" (both 0.9); the one listed first is kept.
    indicators = [("T01", "高新技术企业数量(家)", None), ("T02", "高新技术企业产值(亿元)", None)]
    assert match_indicator("高新技术企业", indicators) == "T01"
    assert match_indicator("高新技术企业", indicators[::-1]) == "T02"


def test_no_indicator_close_enough_or_none_at_all_gives_none() -> None:
    # Rule: below 0.8 and no containment there is no match; no indicators, no match.
    assert match_indicator("研发投入强度", [("T01", "新注册企业数", None)]) is None
    assert match_indicator("研发投入强度", []) is None


# --- convert -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "to_unit", "expected"),
    [
        (Decimal("1.5"), "亿元", "万元", Decimal("15000")),  # × 10⁸ ÷ 10⁴
        (Decimal("21"), "亿元", "万元", Decimal("210000")),
        (Decimal("3000"), "万元", "亿元", Decimal("0.3")),
        (Decimal("2100"), "万元", "元", Decimal("21000000")),
        (Decimal("5000"), "元", "万元", Decimal("0.5")),
    ],
)
def test_money_converts_exactly_between_yuan_wanyuan_and_yiyuan(
    value: Decimal, unit: str, to_unit: str, expected: Decimal
) -> None:
    # Rule: 1 亿元 = 10 000 万元 = 100 000 000 元, in Decimal, no rounding.
    result = convert(value, unit, to_unit)
    assert isinstance(result, Decimal)
    assert result == expected


@pytest.mark.parametrize(
    ("unit", "to_unit"),
    [
        ("家", "家"),  # the same unit
        ("", "万元"),  # no unit written: taken as the indicator's
        ("万元", ""),  # the indicator has no unit
        ("件", "件/万人"),  # "4.9件" against "件/万人"
        ("人", "人/万人"),
        ("人", "名"),  # 人 and 名 both count people
        ("名", "人"),
    ],
)
def test_same_or_compatible_units_pass_the_value_unchanged(unit: str, to_unit: str) -> None:
    # Rule: equal units, a missing unit, "x" against "x/…" and 人 ↔ 名 keep the value.
    assert convert(Decimal("4.9"), unit, to_unit) == Decimal("4.9")


@pytest.mark.parametrize(
    ("unit", "to_unit"),
    [
        ("万元", "%"),  # money against a share
        ("%", "亿元"),
        ("人", "%"),  # people against a share
        ("家", "人"),  # enterprises are not people
        ("家", "个"),
        ("万人", "件/万人"),  # only the numerator's unit is compatible
    ],
)
def test_an_unknown_conversion_gives_none(unit: str, to_unit: str) -> None:
    # Rule: units that are neither money both, nor "x"/"x/…", nor 人/名 both cannot convert.
    assert convert(Decimal("240"), unit, to_unit) is None
