"""The rules of `core/parser/document.py` that turn a plan's indicator table into indicators
and check the plan's main targets against it. The table is found one row per line with tabs,
one cell per line (the seed's layout) or run together on one line of at least 80 characters
with at least 3 bracketed units ("…(万元)统计部门2.…"). Each row becomes an indicator: a
national code (N..) when its name matches the catalogue and that code is still free, else a
local code S01, S02 …; the category "指标" when the table has none; its number, or its place
in the table; the unit, repaired when the brackets are empty "()" (the catalogue's unit, "%"
for a ratio, else none); the direction of the catalogue, else of the table, else "lower" for
能耗/排放/污染/事故; one target per column with a value (a blank column skipped, a repeated
year and kind kept once); the decimals of its values (at least the catalogue's, at most 6).
A table without a year header is read from the plan's first year on. Each main target of the
prose (year written, else the plan's last year) is matched to an indicator and compared with
the table's value of that year, in the indicator's unit. Without a goal section or a table
the targets are read from the "——" bullets and "(一)…方面" items, "N年内" counted from the
plan's first year. Every finding is checked with its kind, exact Chinese message and line.
The inputs are small plans in the style of the seed (潜江) and the test documents; expected
values are worked out by hand. Written for the mutation run of the parser
(docs/en/mutation-testing.md). Pure, no database.
"""

from __future__ import annotations

from decimal import Decimal

from innocounty.core.parser import parse_text
from innocounty.core.schema import Plan

# Lines 1-11; the goals are lines 3 and 4, the annex table starts on line 12.
PLAN = """某县国家创新型县建设实施方案(2024—2026年)
一、主要目标
{goal_1}
{goal_2}
二、重点任务
(一)企业培育行动
1.培育高新技术企业。建立梯次培育机制。(牵头单位:县科技局;责任单位:县税务局)
三、保障措施
加强组织领导。
附件1
某县创新型县建设指标
"""
QUIET_GOALS = ("坚持创新驱动发展。", "持续优化创新生态。")


def parse(annex: list[str], goals: tuple[str, str] = QUIET_GOALS) -> Plan:
    text = PLAN.format(goal_1=goals[0], goal_2=goals[1]) + "\n".join(annex) + "\n"
    return parse_text(text, source="mougou.txt")


def tab(*cells: str) -> str:
    return "\t".join(cells)


def findings(plan: Plan, *kinds: str) -> list[tuple[str, int | None, str]]:
    return [(f.kind, f.line, f.message) for f in plan.findings if f.kind in kinds]


def targets(plan: Plan, code: str) -> list[tuple[int, str, Decimal]]:
    indicator = next(i for i in plan.indicators if i.code == code)
    return [(t.year, t.kind.value, t.value) for t in indicator.targets]


def d(text: str) -> Decimal:
    return Decimal(text)


# --- a table one row per line ----------------------------------------------------------------

TAB_TABLE = [
    tab("一级指标", "二级指标", "单位", "2023年基期值", "2024年目标值", "2025年目标值", "2026年目标值", "责任单位"),
    tab("创新投入", "1.全社会研究与试验发展经费支出", "万元", "52000", "60000", "72000", "85000", "县科技局"),
    tab("", "2.单位GDP能耗降低率", "%", "2.1", "2.5", "2.8", "3.0", "县发改局"),
    tab("企业创新", "3.高新技术企业数", "家", "62", "70", "80", "90", "县科技局"),
]  # fmt: skip


def test_each_row_becomes_an_indicator_with_code_category_unit_and_targets_by_year_and_kind():
    # Rule: a catalogue name takes its national code (研发经费 N03, 高新技术企业数 N05), any
    # other name the next local code; the category carries down; 基期值 is a baseline.
    plan = parse(TAB_TABLE)
    assert [(i.code, i.category, i.number, i.name, i.unit) for i in plan.indicators] == [
        ("N03", "创新投入", 1, "全社会研究与试验发展经费支出", "万元"),
        ("S01", "创新投入", 2, "单位GDP能耗降低率", "%"),
        ("N05", "企业创新", 3, "高新技术企业数", "家"),
    ]
    assert plan.categories == ["创新投入", "企业创新"]
    assert targets(plan, "N03") == [
        (2023, "baseline", d("52000")),
        (2024, "target", d("60000")),
        (2025, "target", d("72000")),
        (2026, "target", d("85000")),
    ]
    assert targets(plan, "S01")[-1] == (2026, "target", d("3.0"))
    assert [i.responsible_units for i in plan.indicators] == [
        ["县科技局"],
        ["县发改局"],
        ["县科技局"],
    ]


def test_decimals_are_the_most_any_value_shows():
    # Rule: 52000 … 85000 have no decimals (not the 3 or 4 zeros of their exponent); 2.1 2.5
    # 2.8 3.0 have at most one (3.0 is 3); 62 … 90 none.
    plan = parse(TAB_TABLE)
    assert [i.decimals for i in plan.indicators] == [0, 1, 0]


def test_an_energy_indicator_outside_the_catalogue_is_lower_is_better():
    # Rule: a local name with 能耗 (or 排放, 污染, 事故) and no direction in the table is
    # "lower"; the national indicators keep the catalogue's "higher".
    plan = parse(TAB_TABLE)
    assert [(i.code, i.direction, i.catalogue) for i in plan.indicators] == [
        ("N03", "higher", "N03"),
        ("S01", "lower", None),
        ("N05", "higher", "N05"),
    ]


def test_a_blank_value_cell_is_skipped_and_the_later_columns_still_read():
    # Rule: "—" in 2024 is no target; 2025 and 2026 are still read.
    plan = parse(
        [
            TAB_TABLE[0],
            tab("企业创新", "1.高新技术企业数", "家", "62", "—", "80", "90", "县科技局"),
        ]
    )
    assert targets(plan, "N05") == [
        (2023, "baseline", d("62")),
        (2025, "target", d("80")),
        (2026, "target", d("90")),
    ]


def test_a_repeated_year_and_kind_keeps_the_first_value_and_reads_on():
    # Rule: the header says 2025年目标值 twice: 8 is kept, 8.5 dropped with a finding on the
    # row's line (13), and 2026's 10 is still read. The message's kind word is checked only
    # around the kind (see the report: it shows "target", not 目标值).
    plan = parse(
        [
            tab("一级指标", "二级指标", "单位", "2025年目标值", "2025年目标值", "2026年目标值", "责任单位"),
            tab("成果转化", "1.技术合同成交额", "亿元", "8", "8.5", "10", "县科技局"),
        ]
    )  # fmt: skip
    assert targets(plan, "S01") == [(2025, "target", d("8")), (2026, "target", d("10"))]
    [(kind, line, message)] = findings(plan, "table")
    assert (kind, line) == ("table", 13)
    # The kind in words (it said "2025 年target重复").
    assert message == "指标“技术合同成交额”的 2025 年目标值重复，只取第一个"


# A table without a category column nor numbers, with a 属性 (direction) column.
LOOSE_TABLE = [
    tab("指标", "单位", "属性", "2024年", "2025年", "2026年", "责任单位"),
    tab("高新技术企业数", "家", "逆向", "70", "80", "90", "县科技局县统计局"),  # line 13
    tab("全社会研究与试验发展经费支出", "万元", "正向", "60000", "72000", "85000", "县科技局"),
    tab("全社会研究与试验发展经费支出", "万元", "正向", "1", "2", "3", "县科技局"),  # line 15
    tab("规上企业研究与试验发R&D经费支出", "万元", "", "1", "2", "3", "县科技局"),  # line 16
    tab("万元产值污水排放量", "吨", "", "0.1234567", "0.2", "", "县生态环境局"),  # line 17
    tab("单位产值能耗", "", "", "", "", "—", "县发改局"),  # line 18
]  # fmt: skip


def test_without_category_or_number_a_row_is_in_指标_and_numbered_by_its_place():
    # Rule: no 一级指标 column: the category is "指标"; no "1." and no 序号: the number is
    # the row's place among the indicators.
    plan = parse(LOOSE_TABLE)
    assert plan.categories == ["指标"]
    assert [(i.category, i.number) for i in plan.indicators] == [("指标", n) for n in range(1, 7)]


def test_a_national_code_is_given_once_a_second_row_of_it_is_local():
    # Rule: the second 研发经费 row cannot take N03 again; it is the first local indicator.
    plan = parse(LOOSE_TABLE)
    assert [i.code for i in plan.indicators] == ["N05", "N03", "S01", "S02", "S03", "S04"]
    assert [i.catalogue for i in plan.indicators][:3] == ["N05", "N03", None]


def test_a_table_direction_against_the_catalogue_is_reported_and_the_catalogue_wins():
    # Rule: 高新技术企业数 marked 逆向 stays "higher" (N05) with a finding on line 13; the
    # 研发经费 row marked 正向 agrees with N03 and has none.
    plan = parse(LOOSE_TABLE)
    assert plan.indicators[0].direction == "higher"
    assert findings(plan, "direction") == [
        ("direction", 13, "指标“高新技术企业数”表中方向与全国指标 N05 不同，按全国指标读")
    ]


def test_a_local_pollution_indicator_is_lower_and_decimals_stop_at_six():
    # Rule: 排放 makes a local indicator "lower"; 0.1234567 has 7 decimals, kept as 6.
    plan = parse(LOOSE_TABLE)
    indicator = plan.indicators[4]
    assert (indicator.code, indicator.direction, indicator.decimals) == ("S03", "lower", 6)
    assert targets(plan, "S03") == [(2024, "target", d("0.1234567")), (2025, "target", d("0.2"))]


def test_an_indicator_without_values_has_no_decimals():
    # Rule: 单位产值能耗 has no value at all: 0 decimals, no target.
    plan = parse(LOOSE_TABLE)
    indicator = plan.indicators[5]
    assert (indicator.code, indicator.decimals, indicator.targets) == ("S04", 0, [])


def test_the_truncated_rd_name_is_completed_with_a_finding():
    # Rule: "试验发R&D" lost 展; it is read as "试验发展R&D" (line 16).
    plan = parse(LOOSE_TABLE)
    assert plan.indicators[3].name == "规上企业研究与试验发展R&D经费支出"
    assert findings(plan, "truncated") == [
        (
            "truncated",
            16,
            "指标名称“规上企业研究与试验发R&D经费支出”缺字，读作“规上企业研究与试验发展R&D经费支出”",
        )
    ]


def test_a_unit_list_run_together_is_split_with_a_finding_on_the_row():
    # Rule: "县科技局县统计局" is two units; the repair is reported for the indicator (line 13).
    plan = parse(LOOSE_TABLE)
    assert plan.indicators[0].responsible_units == ["县科技局", "县统计局"]
    assert findings(plan, "unit") == [
        (
            "unit",
            13,
            "指标“高新技术企业数”：单位名称连写“县科技局县统计局”拆分为：县科技局、县统计局",
        )
    ]


def test_an_empty_unit_cell_is_reported_as_missing_not_as_an_empty_bracket():
    # Rule: no unit and no "()" in the name: "没有写计量单位", the unit stays empty.
    plan = parse(LOOSE_TABLE)
    assert plan.indicators[5].unit == ""
    assert findings(plan, "unit_of_measure") == [
        ("unit_of_measure", 18, "指标“单位产值能耗”没有写计量单位")
    ]


# --- a table one cell per line (the seed's layout) -------------------------------------------

CELL_TABLE = [
    "一级指标",
    "二级指标",
    "2024年",
    "目标值",
    "2025年",
    "目标值",
    "2026年",
    "目标值",
    "责任单位",
    "创新投入",  # line 21
    "1.高新技术企业数(家)",
    "70",
    "80",
    "90",
    "县科技局",
    "2.技术合同成交额(亿元)",  # line 27
    "8",
    "10.5",
    "县科技局",
]


def test_a_row_with_fewer_values_than_the_header_is_reported():
    # Rule: 技术合同成交额 has 2 values for 3 year columns: its 2024 and 2025 targets are
    # read, and the gap is reported on its line (27).
    plan = parse(CELL_TABLE)
    assert targets(plan, "S01") == [(2024, "target", d("8")), (2025, "target", d("10.5"))]
    assert plan.indicators[1].decimals == 1
    assert findings(plan, "table") == [
        ("table", 27, "指标“技术合同成交额”有 2 个数值，表头有 3 列")
    ]


def test_a_table_without_a_year_header_is_read_from_the_first_year_as_targets():
    # Rule: no year in the header: the columns are 2024, 2025, 2026 targets (the plan runs
    # 2024—2026), said once on the first row's line (12); the short second row (line 17)
    # is still reported.
    plan = parse(
        [
            "1.高新技术企业数(家)",
            "70",
            "80",
            "90",
            "县科技局",
            "2.技术合同成交额(亿元)",
            "8",
            "10",
            "县科技局",
        ]
    )
    assert targets(plan, "N05") == [
        (2024, "target", d("70")),
        (2025, "target", d("80")),
        (2026, "target", d("90")),
    ]
    assert targets(plan, "S01") == [(2024, "target", d("8")), (2025, "target", d("10"))]
    assert findings(plan, "table") == [
        ("table", 12, "指标表没有年度表头，按方案起始年逐列读作目标值"),
        ("table", 17, "指标“技术合同成交额”有 2 个数值，表头有 3 列"),
    ]


def test_a_table_without_any_value_is_an_indicator_system_to_complete():
    # Rule: no year header and no value at all: the 2 indicators have no target, and one
    # "missing" finding is on the first row's line (12), not the second's (13). (No unit
    # lines: see the report for a unit line glued to the name when there is no value.)
    plan = parse(["1.高新技术企业数(家)", "2.技术合同成交额(亿元)"])
    assert [(i.code, i.targets) for i in plan.indicators] == [("N05", []), ("S01", [])]
    assert findings(plan, "missing", "table") == [
        (
            "missing",
            12,
            "指标表（指标体系）列出 2 项指标，但没有目标值：请在页面上补充各年度目标",
        )
    ]


# --- a table run together on one line --------------------------------------------------------

# 72 characters, three bracketed units: 研发经费 (万元), 高企 (家), a ratio with "()".
RUN = (
    "创新投入1.全社会研究与试验发展经费支出(万元)统计部门2.高新技术企业数(家)科技部门"
    "3.规模以上工业企业研发机构覆盖率()统计部门、科技部门"
)
RUN_80 = RUN + "、发展和改革部门"  # + 8 characters
RUN_79 = RUN + "、发展改革部门"  # + 7 characters


def test_the_lengths_of_the_run_together_lines():
    # The inputs below: 80 and 79 characters, each with exactly 3 brackets.
    assert (len(RUN_80), len(RUN_79)) == (80, 79)
    assert RUN_80.count("(") == RUN_79.count("(") == 3


def test_a_line_of_80_characters_with_3_units_is_a_run_together_table():
    # Rule: at least 80 characters and at least 3 bracketed units; the annex title before it
    # (line 11) is passed over. The rows carry no value (indicator system).
    plan = parse([RUN_80])
    assert [(i.code, i.category, i.number, i.name, i.unit) for i in plan.indicators] == [
        ("N03", "创新投入", 1, "全社会研究与试验发展经费支出", "万元"),
        ("N05", "创新投入", 2, "高新技术企业数", "家"),
        ("S01", "创新投入", 3, "规模以上工业企业研发机构覆盖率", "%"),
    ]
    assert plan.indicators[2].responsible_units == ["统计部门", "科技部门", "发展和改革部门"]


def test_a_line_of_79_characters_is_not_a_table():
    # Rule: one character short: no table; the indicators come from the prose goals only.
    plan = parse([RUN_79], goals=("到2025年,高新技术企业达到80家。", QUIET_GOALS[1]))
    assert [(i.code, i.name) for i in plan.indicators] == [("N05", "高新技术企业数")]
    assert findings(plan, "flattened", "unit_of_measure") == []


def test_an_empty_bracket_takes_the_percent_of_a_ratio_with_a_finding_on_the_line():
    # Rule: "覆盖率()" lost its "%": a local ratio (率) is read as "%" (line 12).
    plan = parse([RUN_80])
    assert findings(plan, "unit_of_measure") == [
        (
            "unit_of_measure",
            12,
            "指标“规模以上工业企业研发机构覆盖率”的单位括号是空的“（）”（“%”丢失），读作“%”",
        )
    ]


# The seed's kind of page marker "2、" inside a name, a catalogue name and a local name with "()".
RUN_MARKED = (
    "创新投入1.全社会研究与试验发展经费支出(万元)统计部门2.高新技术企 2、 业数(家)科技部门"
    "3.万人发明专利拥有量()市场监管部门4.每万人口科普场馆数()县科协"
    "5.科普经费占财政支出比重()县财政局"
)


def test_a_run_together_table_reports_its_repairs_on_its_line():
    # Rule: the page marker is dropped ("flattened", line 12); an empty bracket takes the
    # catalogue's unit for N13 (件/万人), none for a local count (读作“无”) and "%" for a
    # local 比重.
    plan = parse([RUN_MARKED])
    assert [(i.code, i.name, i.unit) for i in plan.indicators] == [
        ("N03", "全社会研究与试验发展经费支出", "万元"),
        ("N05", "高新技术企业数", "家"),
        ("N13", "万人发明专利拥有量", "件/万人"),
        ("S01", "每万人口科普场馆数", ""),
        ("S02", "科普经费占财政支出比重", "%"),
    ]
    assert findings(plan, "flattened", "unit_of_measure") == [
        ("flattened", 12, "指标表：删去了切断表格的分页标记“2、”"),
        (
            "unit_of_measure",
            12,
            "指标“万人发明专利拥有量”的单位括号是空的“（）”（“%”丢失），读作“件/万人”",
        ),
        ("unit_of_measure", 12, "指标“每万人口科普场馆数”的单位括号是空的“（）”（“%”丢失），读作“无”"),
        ("unit_of_measure", 12, "指标“科普经费占财政支出比重”的单位括号是空的“（）”（“%”丢失），读作“%”"),
    ]  # fmt: skip


# --- main targets against the table ----------------------------------------------------------

GOAL_TABLE = [
    tab("一级指标", "二级指标", "单位", "2024年目标值", "2025年目标值", "2025年考核值", "2026年目标值", "责任单位"),
    tab("创新投入", "1.全社会研究与试验发展经费支出", "万元", "60000", "72000", "70000", "85000", "县科技局"),
    tab("企业创新", "2.高新技术企业数", "家", "70", "80", "78", "90", "县科技局"),
    tab("", "3.技术合同成交额", "亿元", "8", "10", "9.5", "12", "县科技局"),
    tab("", "4.科技馆数", "个", "1", "2", "2", "3", "县科协"),
]  # fmt: skip
GOALS = (
    "到2025年,高新技术企业达到81家,全社会研究与试验发展经费支出达到7.2亿元;到2027年高新技术企业达到95家。",
    "科技馆数达到3个,技术合同成交额达到90家,新增省级研发平台5个。",
)


def test_a_main_target_takes_its_written_year_else_the_plans_last_year():
    # Rule: "到2025年" and "到2027年" are kept; the second line has no year: 2026.
    plan = parse(GOAL_TABLE, goals=GOALS)
    assert [(m.text, m.value, m.unit, m.year, m.indicator) for m in plan.main_targets] == [
        ("高新技术企业达到81家", d("81"), "家", 2025, "N05"),
        ("全社会研究与试验发展经费支出达到7.2亿元", d("7.2"), "亿元", 2025, "N03"),
        ("高新技术企业达到95家", d("95"), "家", 2027, "N05"),
        ("科技馆数达到3个", d("3"), "个", 2026, "S02"),
        ("技术合同成交额达到90家", d("90"), "家", 2026, "S01"),
        ("新增省级研发平台5个", d("5"), "个", 2026, None),
    ]


def test_a_main_target_equal_to_the_table_in_its_unit_is_confirmed_on_its_line():
    # Rule: 7.2亿元 = 72000万元 = N03's 2025 目标值 (line 3); 3个 = S02's 2026 目标值 (line 4).
    plan = parse(GOAL_TABLE, goals=GOALS)
    assert findings(plan, "main_target") == [
        (
            "main_target",
            3,
            "主要目标“全社会研究与试验发展经费支出达到7.2亿元”7.2亿元（= 72000万元） 对应指标 N03 2025 年目标值",
        ),
        ("main_target", 4, "主要目标“科技馆数达到3个”3个 对应指标 S02 2026 年目标值"),
    ]


def test_a_main_target_off_the_table_lists_the_values_of_that_year():
    # Rule: 81家 is neither 2025's 目标值 80 nor its 考核值 78, both listed (not 2024's or
    # 2026's); 2027 has no column: "表中无该年数值".
    plan = parse(GOAL_TABLE, goals=GOALS)
    mismatches = findings(plan, "main_target_mismatch")
    assert mismatches[:2] == [
        (
            "main_target_mismatch",
            3,
            "主要目标“高新技术企业达到81家”81家 与指标 N05 2025 年的值不符（目标值 80，考核值 78）",
        ),
        (
            "main_target_mismatch",
            3,
            "主要目标“高新技术企业达到95家”95家 与指标 N05 2027 年的值不符（表中无该年数值）",
        ),
    ]


def test_a_main_target_in_another_kind_of_unit_is_reported_not_compared():
    # Rule: 家 cannot become 亿元: the units differ (line 4).
    plan = parse(GOAL_TABLE, goals=GOALS)
    assert findings(plan, "main_target_mismatch")[2:] == [
        (
            "main_target_mismatch",
            4,
            "主要目标“技术合同成交额达到90家”的单位“家”与指标 S01 的“亿元”不同",
        )
    ]


def test_a_main_target_without_an_indicator_is_suggested_on_its_line():
    # Rule: no row names 省级研发平台: a suggestion on line 4.
    plan = parse(GOAL_TABLE, goals=GOALS)
    assert findings(plan, "main_target_unmatched") == [
        ("main_target_unmatched", 4, "主要目标“新增省级研发平台5个”在指标表中没有对应指标，建议增列为指标")
    ]  # fmt: skip


# --- prose targets without a goal section nor a table ----------------------------------------

BULLETS = """某县国家创新型县建设实施方案(2024—2026年)
一、总体要求
坚持创新驱动发展。
——创新投入持续加大。力争2年内全社会研究与试验发展经费支出达到8.5亿元。
(二)企业创新方面。到2025年,高新技术企业达到80家。
二、重点任务
(一)企业培育行动
1.培育高新技术企业。建立梯次培育机制。(牵头单位:县科技局;责任单位:县税务局)
三、保障措施
加强组织领导。
"""


def test_without_a_goal_section_the_bullets_and_方面_items_hold_the_targets():
    # Rule: the "——" paragraph (line 4) and the "(二)企业创新方面" item (line 5) are read.
    plan = parse_text(BULLETS, source="mougou.txt")
    assert [(i.code, i.unit) for i in plan.indicators] == [("N03", "万元"), ("N05", "家")]
    assert [(m.indicator, m.year) for m in plan.main_targets] == [("N03", 2025), ("N05", 2025)]
    assert [line for kind, line, _ in findings(plan, "prose_target")] == [4, 5]


def test_within_n_years_counts_from_the_plans_first_year():
    # Rule: "力争2年内" in a 2024—2026 plan is 2024 + 2 - 1 = 2025; 8.5亿元 = 85000万元.
    plan = parse_text(BULLETS, source="mougou.txt")
    assert targets(plan, "N03") == [(2025, "target", d("85000"))]


def test_a_nan_or_infinite_cell_is_a_missing_value_not_a_failure():
    # A spreadsheet export may write "NaN": the cell is missing, as "—" is (the plan failed
    # with pydantic's raw ValidationError, a traceback instead of a reading).
    text = "\n".join(
        [
            "某县创新型县建设实施方案(2024-2026年)",
            "附件1",
            "某县创新型县建设指标体系",
            "一级指标\t二级指标\t单位\t2024年目标值\t2025年目标值\t2026年目标值\t责任单位",
            "企业创新\t1.科技馆数\t个\tNaN\t2\tInfinity\t县科协",
        ]
    )
    plan = parse_text(text)
    (indicator,) = plan.indicators
    assert [(t.year, t.value) for t in indicator.targets] == [(2025, Decimal(2))]
