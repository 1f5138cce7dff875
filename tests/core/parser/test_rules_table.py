"""The rules of `core/parser/table.py`: how the parser reads the indicator table of a plan's
annex (附件1). A direction cell (逆向/负向/下降 → lower, 正向/越高越好 → higher); a value cell as
an exact Decimal (a trailing "%" and thousands commas dropped, a negative sign kept, "—" "/"
"暂无" and blanks missing); the kind words of the header (基期值, 考核, 完成值, 目标值 …) and
the value columns they make with the years (a year alone is a target, a kind word alone takes
the last year, a repeated label is the next year); a unit split off the end of an indicator
name ("万元", "(%)", "(家)", but not "(R&D)" nor a bracketed note); a table given one cell per
line (the seed's layout: header, category fragments, "1.名称单位", one value per column, then
the responsible units) and one given one row per line with tab-separated cells (.docx, TSV:
the name, unit, 序号, direction and unit columns found by their header words, a two-row
header joined, a caption row, blank rows and short rows). The inputs are the seed plan's table
(潜江, 附件1, with its line numbers) and the test documents' tables, normalised to half-width
punctuation as the parser reads them; every expected value is worked out by hand. Written for
the mutation run of the parser (docs/en/mutation-testing.md). Pure, no database.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from innocounty.core.parser.table import (
    Column,
    Row,
    columns_from_header,
    direction_of,
    flattened_rows,
    kind_of,
    split_unit,
    tabular_rows,
    to_number,
)


def d(*texts: str | None) -> list[Decimal | None]:
    """Exact Decimals written as text; None for a missing value."""
    return [None if t is None else Decimal(t) for t in texts]


# --- direction_of ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("逆向", "lower"),
        ("负向", "lower"),
        ("反向", "lower"),
        ("越低越好", "lower"),
        ("越小越好", "lower"),
        ("下降", "lower"),
        ("逆向指标", "lower"),  # the word anywhere in the cell
        ("正向", "higher"),
        ("越高越好", "higher"),
        ("越大越好", "higher"),
        ("正向指标", "higher"),
        ("约束性", None),  # a 属性 cell that is not a direction
        ("预期性", None),
        ("", None),
    ],
)
def test_a_direction_cell_reads_lower_higher_or_nothing(text, expected):
    # 逆向/负向/反向/越低越好/越小越好/下降 → lower; 正向/越高越好/越大越好 → higher; else None.
    assert direction_of(text) == expected


# --- to_number ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.9", "2.9"),
        ("0.485", "0.485"),  # exact, no binary rounding
        ("120000", "120000"),
        ("3.5%", "3.5"),  # a trailing percent sign is dropped
        ("120,000", "120000"),  # thousands commas are dropped
        ("1,234.5%", "1234.5"),  # both at once
        ("-3.5", "-3.5"),  # a negative value (a 下降 rate) keeps its sign
        (" 60 ", "60"),  # spaces around the cell
    ],
)
def test_a_value_cell_is_an_exact_decimal(text, expected):
    # The value is Decimal(text) once "%" at the end, "," and surrounding spaces are removed.
    assert to_number(text) == Decimal(expected)
    assert str(to_number(text)) == expected  # the digits as written: "3.0" stays "3.0"


def test_a_value_keeps_its_trailing_zero():
    # "3.0" in the table is Decimal("3.0"), not 3: the written precision is kept.
    assert str(to_number("3.0")) == "3.0"


@pytest.mark.parametrize(
    "text",
    ["", "  ", "-", "—", "——", "/", "无", "暂无", "—-", "待定", "12X", "NaN", "Infinity", "-inf"],
)
def test_a_missing_or_unreadable_cell_is_none(text):
    # Blanks, dashes, "/", 无/暂无 are missing; other text, even digits followed by a letter
    # other than "%", is not a number either: only "%" is dropped from the end. "NaN" and
    # "Infinity", which Decimal reads and a spreadsheet export may write, are no number
    # (a plan with one failed with a raw validation error).
    assert to_number(text) is None


# --- kind_of --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("基期值", "baseline"),
        ("2023年基期值", "baseline"),
        ("现状值", "baseline"),
        ("基线", "baseline"),
        ("考核值", "assessment"),
        ("考核", "assessment"),
        ("约束值", "assessment"),
        ("考核目标", "assessment"),  # 考核 is checked before 目标
        ("完成值", "expected"),
        ("预期值", "expected"),
        ("力争", "expected"),
        ("奋斗值", "expected"),
        ("预期目标", "expected"),  # 预期 is checked before 目标
        ("目标值", "target"),
        ("2024年目标值", "target"),
        ("2025年", None),  # a year alone has no kind
        ("责任单位", None),
        ("二级指标", None),
        ("", None),
    ],
)
def test_a_header_cell_has_the_kind_of_its_first_listed_word(text, expected):
    # Kinds are tried in order baseline, assessment, expected, target; the first whose word
    # occurs anywhere in the cell wins.
    assert kind_of(text) == expected


# --- columns_from_header --------------------------------------------------------------------

SEED_HEADER = [
    "一级",
    "指标",
    "二级指标",
    "2023年",
    "目标值",
    "2024年",
    "目标值",
    "2025年",
    "考核",
    "2025年",
    "完成值",
    "责任单位",
]
SEED_COLUMNS = [
    Column(2023, "target"),
    Column(2024, "target"),
    Column(2025, "assessment"),
    Column(2025, "expected"),
]


def test_the_seed_header_gives_four_value_columns():
    # "2023年" "目标值" pair up; so do "2025年" "考核" and "2025年" "完成值". The words before
    # the first year and the trailing "责任单位" (no year, no kind) make no column.
    assert columns_from_header(SEED_HEADER) == SEED_COLUMNS


def test_a_year_without_a_kind_word_is_a_target():
    # Each year cell not followed by a kind word is a target column, the last one included.
    assert columns_from_header(["2023年", "2024年", "2025年"]) == [
        Column(2023, "target"),
        Column(2024, "target"),
        Column(2025, "target"),
    ]
    assert columns_from_header(["2025年"]) == [Column(2025, "target")]


def test_a_year_and_kind_in_one_cell_make_one_column():
    # The chibi header: "2023年基期值" is a baseline, the later ones targets.
    assert columns_from_header(
        ["2023年基期值", "2024年目标值", "2025年目标值", "2026年目标值"]
    ) == [
        Column(2023, "baseline"),
        Column(2024, "target"),
        Column(2025, "target"),
        Column(2026, "target"),
    ]


def test_a_kind_word_takes_the_year_before_it():
    # "2025年" then "考核": the pending year gets the kind (not the default target);
    # "完成值" without a year takes the last column's year.
    assert columns_from_header(["2025年", "考核"]) == [Column(2025, "assessment")]
    assert columns_from_header(["2025年", "考核", "完成值"]) == [
        Column(2025, "assessment"),
        Column(2025, "expected"),
    ]


def test_a_kind_word_before_any_year_is_ignored():
    # No year to attach it to: "考核值" at the start makes no column; "2025年" is a target.
    assert columns_from_header(["考核值", "2025年"]) == [Column(2025, "target")]


def test_a_repeated_kind_word_without_its_year_is_the_next_year():
    # "2023年 目标值 目标值": the second 目标值 lost its "2024年" label, so it is 2023 + 1.
    assert columns_from_header(["2023年", "目标值", "目标值"]) == [
        Column(2023, "target"),
        Column(2024, "target"),
    ]


def test_a_word_that_is_neither_year_nor_kind_makes_no_column():
    # "责任单位" after the columns, and "备注" between a year and the end, add nothing.
    assert columns_from_header(["2023年", "目标值", "责任单位"]) == [Column(2023, "target")]
    assert columns_from_header(["2025年", "备注"]) == [Column(2025, "target")]


def test_an_empty_header_has_no_columns():
    assert columns_from_header([]) == []


# --- split_unit -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # A unit glued to the end of the name (the seed's flattened rows).
        ("年度科普经费筹集额万元", ("年度科普经费筹集额", "万元")),
        (
            "本级财政科学技术支出占当年本级财政一般公共预算支出比重%",
            ("本级财政科学技术支出占当年本级财政一般公共预算支出比重", "%"),
        ),
        (
            "万名就业人员中研究与试验发R&D人员数人/万人",
            ("万名就业人员中研究与试验发R&D人员数", "人/万人"),
        ),
        ("万人发明专利拥有量件/万人", ("万人发明专利拥有量", "件/万人")),
        # The longest listed suffix first: 吨标准煤/万元, not 万元.
        ("万元GDP综合能耗吨标准煤/万元", ("万元GDP综合能耗", "吨标准煤/万元")),
        # A unit in brackets at the end (研发经费投入强度（%） as the parser reads it).
        ("研发经费投入强度(%)", ("研发经费投入强度", "%")),
        ("潜江龙虾区域公用品牌价值(亿元)", ("潜江龙虾区域公用品牌价值", "亿元")),
        (
            "达到省级以上农业产业化标准的重点龙头企业数(家)",
            ("达到省级以上农业产业化标准的重点龙头企业数", "家"),
        ),
        ("研发经费投入强度( % )", ("研发经费投入强度", "%")),  # spaces inside the bracket
        ("万元GDP综合能耗(吨标准煤)", ("万元GDP综合能耗", "吨标准煤")),  # 4 Chinese characters
        # A bracket of 5 or more Chinese characters is a note, not a unit.
        ("高新技术企业数(含高新企业)", ("高新技术企业数(含高新企业)", "")),
        # "(R&D)" names the statistic, it is not a unit.
        ("全社会研究与试验发展(R&D)", ("全社会研究与试验发展(R&D)", "")),
        # No unit: the name, stripped.
        (" 高新技术企业数 ", ("高新技术企业数", "")),
    ],
)
def test_a_unit_is_split_off_the_end_of_a_name(name, expected):
    # Rule: a bracket at the end (1–12 characters, under 5 Chinese characters in a row, not
    # R&D) is the unit; else a listed unit suffix at the end is the unit.
    assert split_unit(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("产值万元", ("产值万元", "")),  # 2 characters would be left: kept whole
        ("总产值万元", ("总产值", "万元")),  # 3 characters left: split
        ("比重%", ("比重%", "")),  # 2 left
        ("增长率%", ("增长率", "%")),  # 3 left
        ("%", ("%", "")),  # the unit alone is not split into an empty name
    ],
)
def test_a_suffix_unit_leaves_a_name_of_at_least_three_characters(name, expected):
    # A suffix is split off only when the name is longer than the suffix plus 2 characters.
    assert split_unit(name) == expected


# --- flattened_rows (one cell per line: the seed) -------------------------------------------

# The seed's 附件1 after its "附件1" line: the title at line 153, then one cell every other line
# (a blank line between cells) from "一级" at line 155 to the last "市经信局" at line 455.
SEED_CELLS = """
一级 指标 二级指标 2023年 目标值 2024年 目标值 2025年 考核 2025年 完成值 责任单位
创新 投入
1.本级财政科学技术支出占当年本级财政一般公共预算支出比重% 2.9 3.0 3.1 3.3 市财政局
2.万名就业人员中研究与试验发R&D人员数人/万人 200 220 240 240 市科技局
3.全社会研究与试验发展R&D经费支出万元 120000 130000 140000 210000 市科技局
企业 创新
4.规模以上工业企业研究与试验发展R&D经费支出占营业收入的比重% 1.61 1.7 1.8 1.85 市科技局
5.高新技术企业数 120 140 150 180 市科技局
6.科技型中小企业数 220 240 260 300 市科技局
创新 环境
7.创新密集区数 10 11 11 12 市科技局
8.创新创业服务机构及研究开发机构数 85 90 95 100 市发改委 市科技局 市经信局
9.企业享受研发费用加计扣除优惠政策获得的税收减免额万元 60000 70000 80000 80000 市税务局
10.县级以上科技特派员数 260 280 300 300 市科技局
11.年度科普经费筹集额万元 1900 2000 2100 2500 市科技局
创新 绩效
12.规模以上企业新产品销售收入占营业收入比重% 23 24 25 25 市经信局
13.万人发明专利拥有量件/万人 4.7 4.8 4.9 4.9 市市场监管局
14.万元GDP综合能耗吨标准煤/万元 0.49 0.485 0.48 0.48 市发改委
15.当年新注册企业数 4000 4100 4200 4200 市市场监管局
特色 指标
1.达到省级以上农业产业化标准的重点龙头企业数(家) 29 30 32 35 市农业农村局
2.潜江龙虾区域公用品牌价值(亿元) 360 380 430 430 市龙虾产业发展中心
3.光电子信息产业产值 (亿元) 180 240 300 300 市经信局
4.省级以上专精特新小巨人企业 40 50 60 80 市经信局
5.技术改造投资占工业投资比重(%) 59.6 59.8 60 60 市经信委
6.战略性新兴产业增加值占规上工业增加值比重(%) 27 29 32 32 市发改委 市经信局
""".split()
SEED_LINES = [(153, "潜江创新型县(市)建设年度指标")] + [
    (155 + 2 * i, text) for i, text in enumerate(SEED_CELLS)
]


def test_the_seed_table_reads_its_header_and_every_row():
    # Four value columns from the header; 15 numbered rows and 6 特色指标 rows.
    columns, rows = flattened_rows(SEED_LINES)
    assert columns == SEED_COLUMNS
    assert len(rows) == 21
    assert [r.number for r in rows] == [*range(1, 16), *range(1, 7)]
    # The category is the fragments before a row, kept for the rows after it.
    assert [r.category for r in rows] == (
        ["创新投入"] * 3 + ["企业创新"] * 3 + ["创新环境"] * 5 + ["创新绩效"] * 4 + ["特色指标"] * 6
    )


def test_a_seed_row_keeps_its_line_name_unit_values_and_unit():
    # Row 1: "1.…比重%" at line 183 (the 15th cell after 一级: 155 + 2*14), the "%" split
    # off, its four values 2.9 3.0 3.1 3.3, then one responsible unit, written as is.
    _, rows = flattened_rows(SEED_LINES)
    assert rows[0] == Row(
        183,
        "创新投入",
        1,
        "本级财政科学技术支出占当年本级财政一般公共预算支出比重",
        "%",
        d("2.9", "3.0", "3.1", "3.3"),
        "市财政局",
    )
    # Row 14 (the 101st cell: line 155 + 2*100 = 355): the 吨标准煤/万元 suffix, values
    # with three decimals.
    assert rows[13] == Row(
        355,
        "创新绩效",
        14,
        "万元GDP综合能耗",
        "吨标准煤/万元",
        d("0.49", "0.485", "0.48", "0.48"),
        "市发改委",
    )


def test_several_responsible_units_are_joined_with_a_comma():
    # Row 8 has three unit lines after its values: joined with "、" in order.
    _, rows = flattened_rows(SEED_LINES)
    assert rows[7].name == "创新创业服务机构及研究开发机构数"
    assert rows[7].units_text == "市发改委、市科技局、市经信局"
    assert rows[20].units_text == "市发改委、市经信局"
    assert rows[4].units_text == "市科技局"  # one unit: no leading "、"


def test_a_bracketed_unit_on_the_next_line_joins_the_name():
    # "3.光电子信息产业产值" then "(亿元)" before any value: the name runs on, then the
    # bracket is split off as the unit. The row keeps the line of its number (407).
    _, rows = flattened_rows(SEED_LINES)
    row = rows[17]
    assert (row.line, row.number, row.name, row.unit) == (407, 3, "光电子信息产业产值", "亿元")
    assert row.values == d("180", "240", "300", "300")
    assert (rows[15].name, rows[15].unit) == ("达到省级以上农业产业化标准的重点龙头企业数", "家")


def test_a_table_without_a_header_starts_at_its_first_line():
    # The first line is already an indicator: no columns, so every number after the name is
    # a value; no category fragments before it, so the category is empty.
    lines = [(40, "1.高新技术企业数"), (41, "120"), (42, "140"), (43, "市科技局")]
    columns, rows = flattened_rows(lines)
    assert columns == []
    assert rows == [Row(40, "", 1, "高新技术企业数", "", d("120", "140"), "市科技局")]


def test_a_header_without_an_end_word_runs_to_the_first_indicator():
    # No 责任单位 cell: the header is every line before "1.…", its first line included.
    lines = [
        (1, "2023年"),
        (2, "2024年"),
        (3, "2025年"),
        (4, "1.高新技术企业数"),
        (5, "120"),
        (6, "140"),
        (7, "150"),
        (8, "市科技局"),
    ]
    columns, rows = flattened_rows(lines)
    assert columns == [Column(2023, "target"), Column(2024, "target"), Column(2025, "target")]
    assert rows == [Row(4, "", 1, "高新技术企业数", "", d("120", "140", "150"), "市科技局")]


def test_a_row_takes_at_most_one_value_per_column():
    # Four columns: the fifth number after the name is not a value of the row.
    lines = [*SEED_LINES[1:13], (200, "5.高新技术企业数")]
    lines += [(201, "120"), (202, "140"), (203, "150"), (204, "180"), (205, "200")]
    _, rows = flattened_rows(lines)
    assert rows[0].values == d("120", "140", "150", "180")


def test_a_number_after_the_responsible_unit_is_not_a_value():
    # Values are read only right after the name; once the unit line came, a number is not
    # added to the row, even when the row has fewer values than columns.
    lines = [*SEED_LINES[1:13], (200, "5.高新技术企业数")]
    lines += [(201, "120"), (202, "140"), (203, "市科技局"), (204, "150")]
    _, rows = flattened_rows(lines)
    assert rows[0].values == d("120", "140")
    assert rows[0].units_text == "市科技局"


def test_missing_and_negative_values_keep_their_column():
    # "—" and "/" are missing (None) in their column; "-3.5" is a negative value.
    lines = [*SEED_LINES[1:13], (200, "1.万元GDP能耗下降率%")]
    lines += [(201, "—"), (202, "-3.5"), (203, "/"), (204, "-4"), (205, "市发改委")]
    _, rows = flattened_rows(lines)
    assert rows == [
        Row(
            200,
            "",
            1,
            "万元GDP能耗下降率",
            "%",
            [None, Decimal("-3.5"), None, Decimal("-4")],
            "市发改委",
        )
    ]


def test_a_line_before_the_first_indicator_is_never_a_rows_unit():
    # The header stops at its first end word (牵头单位); the next header cell "配合单位"
    # comes before any indicator row, so it is not taken as anyone's responsible unit.
    lines = [(1, "2025年"), (2, "牵头单位"), (3, "配合单位"), (4, "1.高新技术企业数")]
    lines += [(5, "150"), (6, "市科技局")]
    columns, rows = flattened_rows(lines)
    assert columns == [Column(2025, "target")]
    assert [(r.line, r.number, r.values, r.units_text) for r in rows] == [
        (4, 1, d("150"), "市科技局")
    ]


# --- tabular_rows (one row per line, tab-separated cells) -----------------------------------


def tsv(first_line: int, *rows: str) -> list[tuple[int, str]]:
    """Numbered lines, one table row each."""
    return [(first_line + i, text) for i, text in enumerate(rows)]


# The chibi-2024 test document's 附件1, lines 30–35.
CHIBI = tsv(
    30,
    "一级指标\t二级指标\t单位\t2023年基期值\t2024年目标值\t2025年目标值\t2026年目标值\t责任单位",
    "创新投入\t1.全社会研究与试验发展经费支出\t万元\t52000\t60000\t72000\t85000\t市科技局",
    "\t2.本级财政科学技术支出占当年本级财政一般公共预算支出比重\t%\t2.1\t2.3\t2.6\t3.0\t市财政局",
    "企业创新\t3.高新技术企业数\t家\t62\t70\t80\t90\t市科技局",
    "\t4.科技型中小企业数\t家\t96\t110\t130\t150\t市科技局、市经信局",
    "特色指标\t5.技术合同成交额\t亿元\t6.2\t8\t10\t12\t市科技局",
)


def test_the_chibi_table_reads_every_row_with_its_line():
    # Columns from the header; per row: its own line, the category carried down over empty
    # 一级 cells, the number from "N.", the 单位 cell, one value per column, the 责任单位 cell.
    columns, rows = tabular_rows(CHIBI)
    assert columns == [
        Column(2023, "baseline"),
        Column(2024, "target"),
        Column(2025, "target"),
        Column(2026, "target"),
    ]
    assert rows == [
        Row(
            31,
            "创新投入",
            1,
            "全社会研究与试验发展经费支出",
            "万元",
            d("52000", "60000", "72000", "85000"),
            "市科技局",
        ),
        Row(
            32,
            "创新投入",
            2,
            "本级财政科学技术支出占当年本级财政一般公共预算支出比重",
            "%",
            d("2.1", "2.3", "2.6", "3.0"),
            "市财政局",
        ),
        Row(33, "企业创新", 3, "高新技术企业数", "家", d("62", "70", "80", "90"), "市科技局"),
        Row(
            34,
            "企业创新",
            4,
            "科技型中小企业数",
            "家",
            d("96", "110", "130", "150"),
            "市科技局、市经信局",
        ),
        Row(35, "特色指标", 5, "技术合同成交额", "亿元", d("6.2", "8", "10", "12"), "市科技局"),
    ]


def test_an_indicator_system_reads_serial_numbers_directions_and_source_departments():
    # xiangchu-indicator-system, lines 3–10: no value columns; the number comes from the 序号
    # column (names have no "N."), the direction from 指标属性, the units from 数据来源部门.
    lines = tsv(
        3,
        "一级指标\t序号\t二级指标\t计量单位\t指标属性\t数据来源部门",
        "创新投入\t1\t本级财政科学技术支出占当年本级财政一般公共预算支出比重\t%\t正向\t财政部门",
        "\t2\t万名就业人员中研究与试验发展(R&D)人员数\t人/万人\t正向\t统计部门",
        "创新绩效\t7\t万元GDP综合能耗\t吨标准煤/万元\t逆向\t发展改革部门",
    )
    columns, rows = tabular_rows(lines)
    assert columns == []
    assert rows == [
        Row(
            4,
            "创新投入",
            1,
            "本级财政科学技术支出占当年本级财政一般公共预算支出比重",
            "%",
            [],
            "财政部门",
            direction="higher",
        ),
        Row(
            5,
            "创新投入",
            2,
            "万名就业人员中研究与试验发展(R&D)人员数",
            "人/万人",
            [],
            "统计部门",
            direction="higher",
        ),
        Row(
            6,
            "创新绩效",
            7,
            "万元GDP综合能耗",
            "吨标准煤/万元",
            [],
            "发展改革部门",
            direction="lower",
        ),
    ]


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        ("1", 1),  # the first serial number
        ("999", 999),  # the largest accepted
        ("0", None),  # 0 is not a serial number
        ("1000", None),  # nor 1000 and above (a year or a value in the wrong column)
        ("2023", None),
        ("", None),  # an empty 序号 cell
        ("一", None),  # not digits
    ],
)
def test_a_serial_number_cell_counts_from_1_to_999(serial, expected):
    # Without "N." in the name, the 序号 cell is the row's number when it is 1–999.
    lines = tsv(
        1, "序号\t指标名称\t单位\t2025年\t责任单位", f"{serial}\t高新技术企业数\t家\t45\t县科技局"
    )
    _, rows = tabular_rows(lines)
    assert [(r.number, r.name) for r in rows] == [(expected, "高新技术企业数")]


def test_a_numbering_column_may_be_headed_bianhao():
    # 编号 is read like 序号.
    lines = tsv(1, "编号\t指标名称\t单位\t2025年\t责任单位", "3\t高新技术企业数\t家\t45\t县科技局")
    _, rows = tabular_rows(lines)
    assert rows[0].number == 3


@pytest.mark.parametrize("word", ["方向", "指标方向", "属性", "极性", "指标极性"])
def test_the_direction_column_is_found_by_its_header_word(word):
    # A column headed 方向, 属性 or 极性 holds the direction: 逆向 → lower.
    lines = tsv(
        1,
        f"序号\t指标名称\t单位\t{word}\t2025年\t责任单位",
        "1\t万元GDP综合能耗\t吨标准煤/万元\t逆向\t0.48\t县发改局",
    )
    columns, rows = tabular_rows(lines)
    assert columns == [Column(2025, "target")]
    assert rows == [
        Row(2, "", 1, "万元GDP综合能耗", "吨标准煤/万元", d("0.48"), "县发改局", direction="lower")
    ]


def test_a_header_with_only_mingcheng_finds_the_name_column():
    # No cell says 指标: the 名称 cell marks the header and the name column.
    lines = tsv(
        1,
        "序号\t名称\t单位\t2023年\t2024年\t2025年\t责任单位",
        "1\t高新技术企业数\t家\t30\t38\t45\t县科技局",
    )
    _, rows = tabular_rows(lines)
    assert rows == [Row(2, "", 1, "高新技术企业数", "家", d("30", "38", "45"), "县科技局")]


def test_a_header_with_only_zhibiao_finds_the_name_column():
    # No 二级, 指标名称 or 名称: the cell containing 指标 is the name column.
    lines = tsv(1, "序号\t指标\t单位\t2025年\t责任单位", "1\t高新技术企业数\t家\t45\t县科技局")
    _, rows = tabular_rows(lines)
    assert rows == [Row(2, "", 1, "高新技术企业数", "家", d("45"), "县科技局")]


def test_the_zhibiao_mingcheng_column_wins_over_an_earlier_mingcheng_column():
    # "领域名称" comes first, but "指标名称" is looked for before a bare "名称".
    lines = tsv(
        1,
        "领域名称\t指标名称\t单位\t2025年\t责任单位",
        "企业创新\t1.高新技术企业数\t家\t45\t县科技局",
    )
    _, rows = tabular_rows(lines)
    assert [(r.number, r.name) for r in rows] == [(1, "高新技术企业数")]


def test_when_the_only_zhibiao_column_is_the_category_the_name_is_the_next_column():
    # "一级指标" is both the 一级 column and the only cell with 指标: the name column is the
    # one after it (its header cell empty, as a merged cell gives it).
    lines = tsv(
        1,
        "一级指标\t\t计量单位\t2025年\t责任单位",
        "创新投入\t1.研发经费投入强度\t%\t3.0\t县科技局",
    )
    _, rows = tabular_rows(lines)
    assert rows == [Row(2, "创新投入", 1, "研发经费投入强度", "%", d("3.0"), "县科技局")]


def test_without_a_unit_column_the_unit_is_split_off_the_name():
    # No 单位 column: "(%)" and "万元" at the end of the name are the unit; none → "".
    lines = tsv(
        1,
        "序号\t指标名称\t2023年\t2024年\t2025年\t责任单位",
        "1\t研发经费投入强度(%)\t2.5\t2.8\t3.0\t县科技局",
        "2\t高新技术企业数\t30\t38\t45\t县科技局",
        "3\t年度科普经费筹集额万元\t260\t290\t320\t县科协",
    )
    _, rows = tabular_rows(lines)
    assert [(r.number, r.name, r.unit, r.values) for r in rows] == [
        (1, "研发经费投入强度", "%", d("2.5", "2.8", "3.0")),
        (2, "高新技术企业数", "", d("30", "38", "45")),
        (3, "年度科普经费筹集额", "万元", d("260", "290", "320")),
    ]


@pytest.mark.parametrize("word", ["单位", "计量单位", "计量", "计量单位(注)"])
def test_the_unit_column_is_found_by_its_header_word(word):
    # A header cell exactly 单位/计量单位/计量, or one containing 计量单位, is the unit column.
    lines = tsv(
        1, f"序号\t指标名称\t{word}\t2025年\t责任单位", "1\t研发经费投入强度\t%\t3.0\t县科技局"
    )
    _, rows = tabular_rows(lines)
    assert [(r.name, r.unit) for r in rows] == [("研发经费投入强度", "%")]


# The tongshan test document's table: "2025年" merged over "考核值" and "预期值".
TONGSHAN = [
    "一级指标\t二级指标\t计量单位\t2023年\t2024年\t2025年\t\t责任单位",
    "\t\t\t目标值\t目标值\t考核值\t预期值\t",
    "企业创新\t1.高新技术企业数\t家\t30\t38\t45\t50\t县科技局",
    "\t2.科技型中小企业数\t家\t60\t70\t80\t90\t县科技局、县经信局",
]
TONGSHAN_COLUMNS = [
    Column(2023, "target"),
    Column(2024, "target"),
    Column(2025, "assessment"),
    Column(2025, "expected"),
]


def test_a_second_header_row_of_kind_words_joins_the_first():
    # The row under the header has kind words and no numbers: each cell joins the cell above
    # ("2025年" + "考核值"; "" + "预期值" takes 2025). The body starts after it.
    columns, rows = tabular_rows(tsv(10, *TONGSHAN))
    assert columns == TONGSHAN_COLUMNS
    assert rows == [
        Row(12, "企业创新", 1, "高新技术企业数", "家", d("30", "38", "45", "50"), "县科技局"),
        Row(
            13,
            "企业创新",
            2,
            "科技型中小企业数",
            "家",
            d("60", "70", "80", "90"),
            "县科技局、县经信局",
        ),
    ]


def test_a_caption_row_before_the_header_is_skipped():
    # The header is the first row with a cell containing 指标 or 名称; "附件1" before it is not.
    columns, rows = tabular_rows(tsv(9, "附件1\t\t\t\t\t\t\t", *TONGSHAN))
    assert columns == TONGSHAN_COLUMNS
    assert [(r.line, r.number, r.name) for r in rows] == [
        (12, 1, "高新技术企业数"),
        (13, 2, "科技型中小企业数"),
    ]


def test_a_first_row_without_numbers_or_kind_words_is_a_body_row():
    # All values still missing ("—"): no number, but no kind word either, so it is not a
    # second header row; it is read, its values None.
    lines = tsv(
        30,
        "一级指标\t二级指标\t单位\t2023年基期值\t2024年目标值\t2025年目标值\t责任单位",
        "创新投入\t1.研发经费投入强度\t%\t—\t—\t—\t市科技局",
        "\t2.高新技术企业数\t家\t62\t70\t80\t市科技局",
    )
    columns, rows = tabular_rows(lines)
    assert columns == [Column(2023, "baseline"), Column(2024, "target"), Column(2025, "target")]
    assert rows == [
        Row(31, "创新投入", 1, "研发经费投入强度", "%", [None, None, None], "市科技局"),
        Row(32, "创新投入", 2, "高新技术企业数", "家", d("62", "70", "80"), "市科技局"),
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # The second row longer: its extra cells are header cells of their own.
        ("序号\t指标名称\t2025年", "\t\t考核值\t完成值\t单位"),
        # The second row shorter (its trailing empty cells dropped): the first row's last
        # cells stand alone.
        ("序号\t指标名称\t2025年\t\t单位", "\t\t考核值\t完成值"),
    ],
)
def test_two_header_rows_of_different_lengths_join_cell_by_cell(first, second):
    # Either way the joined header is 序号 | 指标名称 | 2025年考核值 | 完成值 | 单位.
    columns, rows = tabular_rows(tsv(1, first, second, "1\t研发经费投入强度\t3.0\t3.1\t%"))
    assert columns == [Column(2025, "assessment"), Column(2025, "expected")]
    assert rows == [Row(3, "", 1, "研发经费投入强度", "%", d("3.0", "3.1"), "")]


def test_a_category_cell_of_two_paragraphs_is_joined_and_a_row_without_name_sets_it():
    # A .docx cell "创新 / 投入" arrives as "创新、投入": the "、" is dropped. A row with a
    # category but no name is not a row; the rows below take its category.
    lines = tsv(
        1,
        "一级指标\t二级指标\t单位\t2025年\t责任单位",
        "创新、投入\t\t\t\t",
        "\t1.研发经费投入强度\t%\t3.0\t县科技局",
        "企业创新\t2.高新技术企业数\t家\t45\t县科技局",
    )
    _, rows = tabular_rows(lines)
    assert [(r.line, r.category, r.number) for r in rows] == [
        (3, "创新投入", 1),
        (4, "企业创新", 2),
    ]


def test_rows_before_any_category_cell_have_an_empty_category():
    lines = tsv(
        1,
        "一级指标\t二级指标\t单位\t2025年\t责任单位",
        "\t1.研发经费投入强度\t%\t3.0\t县科技局",
    )
    _, rows = tabular_rows(lines)
    assert rows[0].category == ""


def test_a_blank_row_is_skipped_and_reading_goes_on():
    lines = tsv(
        1,
        "一级指标\t二级指标\t单位\t2025年\t责任单位",
        "创新投入\t1.研发经费投入强度\t%\t3.0\t县科技局",
        "\t\t\t\t",
        "\t2.高新技术企业数\t家\t45\t县科技局",
    )
    _, rows = tabular_rows(lines)
    assert [(r.line, r.number) for r in rows] == [(2, 1), (4, 2)]


def test_a_short_row_reads_its_missing_cells_as_empty():
    # The row stops after two values: the third value is missing, the 责任单位 cell empty.
    lines = tsv(
        1,
        "一级指标\t二级指标\t单位\t2023年\t2024年\t2025年\t责任单位",
        "创新投入\t1.高新技术企业数\t家\t30\t38",
    )
    _, rows = tabular_rows(lines)
    assert rows == [Row(2, "创新投入", 1, "高新技术企业数", "家", d("30", "38", None), "")]


def test_a_header_without_body_gives_columns_and_no_rows():
    # The header is the last line: its columns, no rows.
    columns, rows = tabular_rows(tsv(1, "序号\t指标名称\t单位\t2025年\t责任单位"))
    assert (columns, rows) == ([Column(2025, "target")], [])


def test_each_header_cell_of_a_table_is_its_own_column_with_its_own_values():
    # In a table (one row per line) "2025年" and "考核值" in two cells of one header row are
    # two columns, each with the values below it: the 2025 target and the 2025 assessment
    # value. (They were read as one column, 2025 考核, and every value after it moved one
    # column to the left: the 2025 target became the assessment value, the assessment value
    # the expected one, and the expected value was lost.)
    columns, rows = tabular_rows(
        tsv(
            1,
            "序号\t指标名称\t单位\t2023年\t2024年\t2025年\t考核值\t完成值\t责任单位",
            "1\t高新技术企业数\t家\t30\t38\t45\t46\t50\t县科技局",
        )
    )
    assert columns == [
        Column(2023, "target"),
        Column(2024, "target"),
        Column(2025, "target"),
        Column(2025, "assessment"),
        Column(2025, "expected"),
    ]
    assert rows == [
        Row(2, "", 1, "高新技术企业数", "家", d("30", "38", "45", "46", "50"), "县科技局")
    ]


def test_a_kind_word_before_any_year_in_a_table_header_is_no_column():
    # "考核值" with no year before it cannot be placed: its cells are not read; the year after
    # it is.
    columns, rows = tabular_rows(tsv(1, "指标名称\t考核值\t2025年", "研发投入\t9\t12"))
    assert columns == [Column(2025, "target")]
    assert [r.values for r in rows] == [d("12")]


def test_a_table_without_a_header_row_gives_nothing():
    # No cell contains 指标 or 名称: no header, so no columns and no rows.
    lines = tsv(1, "1\t高新技术企业数\t家\t45\t县科技局", "2\t科技型中小企业数\t家\t80\t县科技局")
    assert tabular_rows(lines) == ([], [])


def test_a_kind_word_repeated_in_a_table_header_is_the_next_year():
    # "2023年目标值 | 目标值 | 目标值": the years of the later cells were lost; each repeat of a
    # year's kind is the year after the one before it.
    columns, rows = tabular_rows(
        tsv(1, "指标名称\t2023年目标值\t目标值\t目标值", "研发投入\t1\t2\t3")
    )
    assert columns == [Column(2023, "target"), Column(2024, "target"), Column(2025, "target")]
    assert [r.values for r in rows] == [d("1", "2", "3")]
