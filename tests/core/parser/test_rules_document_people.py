"""The rules of `core/parser/document.py` for goals read from prose and for the people and units
of a plan: without an indicator table, each target sentence of the goal section becomes an
indicator (a catalogue code when the name is known, else S01, S02 …; the catalogue's unit, a
converted or a kept value; a "lower is better" direction for 能耗/排放/污染/事故), each with an
exact Chinese finding; a text with no task, target or member list is refused saying what it
holds; 附件2 gives the leading group (组长/副组长 with a name split from the position, 成员 as
units), the office sentence and the duties; the units are the members, the duty holders, the
task and indicator units outside the list, and the office. Expected values are worked out by
hand from these rules and the seed plan. Written for the mutation run of the parser
(docs/en/mutation-testing.md). Pure: no database.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from innocounty.core.parser import parse_file, parse_text
from innocounty.core.parser.errors import ParseError
from innocounty.core.parser.regenerate import PLANS_DIR
from innocounty.core.schema import Plan

D = Decimal
SEED = PLANS_DIR / "qianjiang-2023.source.txt"
TITLE = "某县创新型县建设实施方案(2024—2026年)"
TASKS = (
    "二、重点任务\n1.推进科技创新平台建设。建设一批创新平台。(牵头单位:县科技局;责任单位:县财政局)"
)


def _findings(plan: Plan, kind: str) -> list[tuple[int | None, str]]:
    return [(f.line, f.message) for f in plan.findings if f.kind == kind]


def _goals(*sentences: str) -> Plan:
    # Line 1 the title, line 2 the goal heading, the sentences from line 3, then one task.
    return parse_text("\n".join([TITLE, "一、主要目标", *sentences, TASKS]))


def _with_group(*annex: str) -> Plan:
    # Lines 1–5 a one-target, one-task plan; the lines of 附件2 from line 6.
    return parse_text(
        "\n".join([TITLE, "一、主要目标", "2026年高新技术企业数达到40家。", TASKS, *annex])
    )


def _people(plan: Plan) -> list[tuple[str, str, str]]:
    return [(m.role, m.name, m.position) for m in plan.leading_group]


def _units(plan: Plan) -> list[tuple[str, str, bool, list[str], str]]:
    return [(u.name, u.kind.value, u.member, u.aliases, u.duties) for u in plan.units]


# --- _prose_indicators ---------------------------------------------------------------------

NUMBERED_GOALS = [
    "1.2025年高新技术企业数达到40家,2026年达到 家。",  # line 3
    "2.科技型中小企业数达到80家。",  # line 4
    "3.2026年高新技术企业数达到50家。",  # line 5
    "4.2026年全社会研发经费支出达到5000人。",  # line 6
    "5.2026年技术合同成交额达到1.2345678亿元。",  # line 7
    "6.2026年众创空间数量达到5。",  # line 8
    "7.2026年科技企业孵化器数量达到3个,新增省级孵化器2个。",  # line 9
]


@pytest.fixture
def numbered() -> Plan:
    return _goals(*NUMBERED_GOALS)


def test_a_target_left_blank_in_a_draft_is_reported_and_not_read(numbered: Plan) -> None:
    # Rule: "2026年达到 家" has no number: a blank_value finding on its line, no 2026 target.
    assert _findings(numbered, "blank_value") == [
        (3, "“2026年达到 家”缺少数值（草稿留空），未读作目标")
    ]
    (n05,) = [i for i in numbered.indicators if i.code == "N05"]
    # Item 3 adds 2026 to the same catalogue indicator; the blank added nothing.
    assert [(t.year, t.value) for t in n05.targets] == [(2025, D(40)), (2026, D(50))]


def test_catalogue_names_get_their_code_and_other_names_s01_s02_in_order(numbered: Plan) -> None:
    # Rule: a catalogue name keeps its code; every other indicator is numbered S01, S02 …
    assert [(i.code, i.catalogue) for i in numbered.indicators] == [
        ("N05", "N05"),
        ("N06", "N06"),
        ("N03", "N03"),
        ("S01", None),
        ("S02", None),
        ("S03", None),
        ("S04", None),
    ]
    # The item number of the sentence is the indicator's number (item 7 holds two).
    assert [i.number for i in numbered.indicators] == [1, 2, 4, 5, 6, 7, 7]


def test_without_a_category_heading_a_catalogue_indicator_takes_its_catalogue_category(
    numbered: Plan,
) -> None:
    # Rule: no "(一)…方面" heading: the catalogue's category, else 其他指标.
    assert [i.category for i in numbered.indicators] == [
        "企业创新",
        "企业创新",
        "创新投入",
        "其他指标",
        "其他指标",
        "其他指标",
        "其他指标",
    ]
    assert numbered.categories == ["企业创新", "创新投入", "其他指标"]


def test_a_catalogue_indicator_takes_the_catalogue_name_and_keeps_the_written_one(
    numbered: Plan,
) -> None:
    # Rule: name from the catalogue, "原文：…" note only when the written name differs.
    by_code = {i.code: (i.name, i.note) for i in numbered.indicators}
    assert by_code["N03"] == ("全社会研究与试验发展（R&D）经费支出", "原文：全社会研发经费支出")
    assert by_code["N05"] == ("高新技术企业数", "")  # written exactly as in the catalogue
    assert by_code["S01"] == ("技术合同成交额", "")  # no catalogue entry: no note


def test_a_unit_that_cannot_be_converted_is_reported_and_the_written_value_kept(
    numbered: Plan,
) -> None:
    # Rule: 人 is no money: the catalogue unit 万元 stays, the value 5000 is kept as written.
    assert (
        6,
        "“2026年全社会研发经费支出达到5000人”的单位“人”与指标 N03 的“万元”不同，按所写数值读",
    ) in (_findings(numbered, "unit_of_measure"))
    (n03,) = [i for i in numbered.indicators if i.code == "N03"]
    assert (n03.unit, [(t.year, t.value) for t in n03.targets]) == ("万元", [(2026, D(5000))])


def test_an_indicator_without_a_unit_is_reported_once(numbered: Plan) -> None:
    # Rule: "众创空间数量达到5" names no unit: the unit stays empty and is reported.
    assert _findings(numbered, "unit_of_measure") == [
        (6, "“2026年全社会研发经费支出达到5000人”的单位“人”与指标 N03 的“万元”不同，按所写数值读"),
        (8, "指标“众创空间数量”没有写计量单位"),
    ]
    (s02,) = [i for i in numbered.indicators if i.code == "S02"]
    assert (s02.name, s02.unit) == ("众创空间数量", "")


def test_an_indicator_outside_the_catalogue_keeps_the_written_unit_and_decimals_up_to_6(
    numbered: Plan,
) -> None:
    # Rule: the unit as written; decimals as written (7) but at most 6.
    (s01,) = [i for i in numbered.indicators if i.code == "S01"]
    assert (s01.unit, s01.decimals) == ("亿元", 6)
    assert [(t.year, t.value) for t in s01.targets] == [(2026, D("1.2345678"))]
    (s03,) = [i for i in numbered.indicators if i.code == "S03"]
    assert (s03.unit, s03.decimals) == ("个", 0)


def test_each_prose_indicator_is_reported_with_its_targets(numbered: Plan) -> None:
    # Rule: one prose_target finding per indicator, on its line, "（全国指标 Nxx）" if known.
    assert _findings(numbered, "prose_target") == [
        (3, "从文字中读出指标“高新技术企业数”（全国指标 N05）：2025 年 40家，2026 年 50家"),
        (4, "从文字中读出指标“科技型中小企业数”（全国指标 N06）：2026 年 80家"),
        (6, "从文字中读出指标“全社会研发经费支出”（全国指标 N03）：2026 年 5000万元"),
        (7, "从文字中读出指标“技术合同成交额”：2026 年 1.2345678亿元"),
        (8, "从文字中读出指标“众创空间数量”：2026 年 5"),
        (9, "从文字中读出指标“科技企业孵化器数量”：2026 年 3个"),
        (9, "从文字中读出指标“省级孵化器”：2026 年 2个"),
    ]


def test_the_main_targets_keep_the_sentence_as_written(numbered: Plan) -> None:
    # Rule: a main target holds the written value, unit and year, and its indicator's code.
    main = [(m.text, m.value, m.unit, m.year, m.indicator) for m in numbered.main_targets]
    assert main[3] == ("2026年全社会研发经费支出达到5000人", D(5000), "人", 2026, "N03")
    assert main[1] == ("2026年高新技术企业数达到50家", D(50), "家", 2026, "N05")


def test_a_sentence_without_a_year_is_read_for_the_last_year_and_reported() -> None:
    # Rule: no year: the plan's last year (2026), one "years" finding per sentence.
    plan = _goals("全社会研发经费支出达到8000万元,全社会R&D经费支出达到0.9亿元。")
    assert _findings(plan, "years") == [
        (3, "“全社会研发经费支出达到8000万元”没有写年份，按方案末年 2026 年读"),
        (3, "“全社会R&D经费支出达到0.9亿元”没有写年份，按方案末年 2026 年读"),
    ]


def test_a_second_indicator_with_a_catalogue_code_already_taken_gets_an_s_code() -> None:
    # Rule: two names for N03: the first keeps N03, the second becomes S01 with its own unit.
    plan = _goals("全社会研发经费支出达到8000万元,全社会R&D经费支出达到0.9亿元。")
    assert [(i.code, i.catalogue, i.unit, i.number) for i in plan.indicators] == [
        ("N03", "N03", "万元", 1),  # no item number: 1, 2 by position
        ("S01", None, "亿元", 2),
    ]
    (s01,) = [i for i in plan.indicators if i.code == "S01"]
    assert ([(t.year, t.value) for t in s01.targets], s01.decimals) == ([(2026, D("0.9"))], 1)


def test_a_converted_value_is_reported_and_stored_in_the_catalogue_unit() -> None:
    # Rule: 0.9亿元 is 9000万元; the conversion is a unit_of_measure finding on its line.
    plan = _goals("2026年全社会研发经费支出达到0.9亿元。")
    assert _findings(plan, "unit_of_measure") == [
        (3, "“2026年全社会研发经费支出达到0.9亿元”0.9亿元 换算为 9000万元")
    ]
    (n03,) = plan.indicators
    assert [(t.year, t.value) for t in n03.targets] == [(2026, D(9000))]


def test_an_energy_indicator_outside_the_catalogue_is_lower_is_better() -> None:
    # Rule: 能耗/排放/污染/事故 in a name outside the catalogue: direction "lower".
    plan = _goals("2026年工业能耗强度达到0.5吨标准煤/万元,2026年技术合同成交额达到2亿元。")
    assert [(i.code, i.name, i.direction) for i in plan.indicators] == [
        ("S01", "工业能耗强度", "lower"),
        ("S02", "技术合同成交额", "higher"),
    ]


# --- _not_a_plan ---------------------------------------------------------------------------


def test_a_text_that_is_not_a_plan_is_refused_saying_what_it_holds() -> None:
    # Rule: lines, sections (the first 4 heads, 12 characters each) and numbered paragraphs.
    text = "\n".join(
        [
            "某县科技局二〇二三年度工作总结",  # 1
            "一、二〇二三年度科技工作基本情况回顾",  # 2, a section; numbered
            "1.全年科技工作稳步推进。",  # 3, numbered
            "二、存在的问题",  # 4
            "三、下一步工作打算",  # 5
            "四、保障措施",  # 6
            "五、其他事项",  # 7
        ]
    )
    with pytest.raises(ParseError) as info:
        parse_text(text)
    assert str(info.value) == (
        "未找到重点任务、指标表或成员单位，不像是一份实施方案："
        "读到7 行文字，5 个章节（“一、二〇二三年度科技工作”、“二、存在的问题”、"
        "“三、下一步工作打算”、“四、保障措施”），6 个编号段落，"
        "但没有带牵头单位的任务、数量目标或成员名单"
    )


# --- _leading_group and _person ------------------------------------------------------------


@pytest.fixture
def seed() -> Plan:
    return parse_file(SEED)


def test_the_seed_leading_group_has_its_leaders_with_names_split_off(seed: Plan) -> None:
    # Rule: "长:" reads as 组长; the lines under 副组长 are more 副组长 until 员:; a name of
    # 2–4 characters before the position is split off, a bare position has no name.
    assert _people(seed)[:8] == [
        ("组长", "盛文军", "市委副书记、市长"),
        ("副组长", "", "市委常委、常务副市长"),
        ("副组长", "雷玉成", "市委常委、副市长"),
        ("副组长", "", "副市长"),
        ("副组长", "", "副市长"),
        ("副组长", "", "副市长"),
        ("副组长", "", "副市长"),
        ("副组长", "", "市政府党组成员、市政府办公室主任"),
    ]


def test_the_seed_members_are_units_of_the_leading_group(seed: Plan) -> None:
    # Rule: each unit of the 员: line is a 成员 with the unit as position and no name.
    assert _people(seed)[8:11] == [
        ("成员", "", "市委组织部"),
        ("成员", "", "市委宣传部"),
        ("成员", "", "市发改委"),
    ]


GROUP = [
    "附件2",  # 6
    "某县创新型县建设工作领导小组成员名单",  # 7
    "组长:王强 县委副书记 县长",  # 8
    "副组长:李明县委常委、常务副县长",  # 9
    "    欧阳明华副县长",  # 10
    "    赵刚 副县长",  # 11
    "    欧阳明华 副县长",  # 12
    "    欧阳明华亮 副县长",  # 13
    "    欧阳明华亮副县长",  # 14
    "    县长 王强",  # 15
    "    张三",  # 16
    "    孙丽县政府党组成员、县政府办公室主任、县科技局党组书记、局长",  # 17, 30 characters
    "    孙丽县政府党组成员、县政府办公室主任、县科技局党组书记、副局长",  # 18, 31
    "成员:县科技局、县财政局县发改局、县教育局、各乡镇(街道)",  # 19
    "领导小组办公室设在县科技局,负责日常工作。",  # 20
    "二、成员单位职责:各成员单位职责如下",  # 21
    "县科技局:负责牵头推进创新型县建设。",  # 22
    "县财政局:负责落实科技投入。",  # 23
    "公开属性:主动公开",  # 24
    "相关链接:县人民政府网站",  # 25
]


@pytest.fixture
def group() -> Plan:
    return parse_text(
        "\n".join([TITLE, "一、主要目标", "2026年高新技术企业数达到40家。", TASKS, *GROUP])
    )


def test_a_leader_is_split_into_name_and_position(group: Plan) -> None:
    # Rule: a name of 2–4 characters before a space or before a position word is the name;
    # a 5-character "name", a position word first, or no position word leaves it whole.
    assert len(GROUP[11].strip()) == 30 and len(GROUP[12].strip()) == 31
    assert _people(group)[:11] == [
        ("组长", "王强", "县委副书记 县长"),  # split at the first space only
        ("副组长", "李明", "县委常委、常务副县长"),  # position word at 2
        ("副组长", "欧阳明华", "副县长"),  # position word at 4
        ("副组长", "赵刚", "副县长"),  # 2 characters before the space
        ("副组长", "欧阳明华", "副县长"),  # 4 characters before the space
        ("副组长", "", "欧阳明华亮 副县长"),  # 5 characters: no name
        ("副组长", "", "欧阳明华亮副县长"),  # position word at 5: no name
        ("副组长", "", "县长 王强"),  # 县长 is a position, not a name
        ("副组长", "", "张三"),  # no position word
        ("副组长", "孙丽", "县政府党组成员、县政府办公室主任、县科技局党组书记、局长"),
        # line 18 (31 characters) is no 副组长; the members follow
        ("成员", "", "县科技局"),
    ]


def test_a_line_over_30_characters_or_with_a_colon_ends_the_leaders(group: Plan) -> None:
    # Rule: after 副组长, only short lines without ":" are more 副组长.
    plan = _with_group(
        *["附件2", "某县创新型县建设工作领导小组成员名单", "副组长:李明县委常委、常务副县长"],
        *["    赵刚副县长", "县科技局:负责牵头推进创新型县建设。"],
    )
    assert _people(plan) == [
        ("副组长", "李明", "县委常委、常务副县长"),
        ("副组长", "赵刚", "副县长"),
    ]
    assert _units(plan)[0][:2] == ("县科技局", "unit")
    assert len(_people(group)) == 10 + 5  # the 31-character line 18 is dropped


def test_the_member_list_is_split_and_the_repair_reported_on_its_line(group: Plan) -> None:
    # Rule: run-together member names are split; the repair is a unit finding on line 18.
    assert [p for r, _, p in _people(group) if r == "成员"] == [
        "县科技局",
        "县财政局",
        "县发改局",
        "县教育局",
        "各乡镇(街道)",
    ]
    assert (19, "成员名单：单位名称连写“县财政局县发改局”拆分为：县财政局、县发改局") in (
        _findings(group, "unit")
    )


def test_members_without_duties_are_reported_but_not_a_group(group: Plan) -> None:
    # Rule: a member unit with no duty line is reported on the member line; a group is not;
    # 二、…, 公开属性 and 相关链接 lines are no duties.
    assert _findings(group, "unit") == [
        (19, "成员名单：单位名称连写“县财政局县发改局”拆分为：县财政局、县发改局"),
        (19, "成员单位“县发改局”在附件2中没有职责说明"),
        (19, "成员单位“县教育局”在附件2中没有职责说明"),
    ]


def test_the_units_are_the_members_and_the_office_named_by_a_task(group: Plan) -> None:
    # Rule: the office sentence (without its 。) is the duty of the office unit, named
    # 领导小组办公室 when no task names it; the office is no member.
    assert _units(group) == [
        ("县科技局", "unit", True, [], "负责牵头推进创新型县建设。"),
        ("县财政局", "unit", True, [], "负责落实科技投入。"),
        ("县发改局", "unit", True, [], ""),
        ("县教育局", "unit", True, [], ""),
        ("各乡镇(街道)", "group", True, [], ""),
        ("领导小组办公室", "office", False, [], "领导小组办公室设在县科技局，负责日常工作"),
    ]
    assert group.office_unit == "县科技局"


def test_an_annex_list_line_is_no_duty() -> None:
    # Rule: "附件…:" inside 附件2 is no unit with duties.
    plan = _with_group(
        *["附件2", "某县创新型县建设工作领导小组成员名单", "成员:县科技局"],
        *[
            "附件:某县领导小组成员单位职责",
            "一、领导小组职责:统筹推进创新型县建设",
            "县科技局:负责牵头。",
        ],
    )
    assert [u.name for u in plan.units] == ["县科技局", "县财政局"]  # 县财政局 from the task
    assert _findings(plan, "unit") == []


# --- _make_units ---------------------------------------------------------------------------

TABLE_PLAN = [
    TITLE,  # 1
    "一、主要目标",  # 2
    "到2026年,主要指标达到附件1要求。",  # 3
    "二、重点任务",  # 4
    "1.推进科技创新平台建设。建设一批创新平台。(牵头单位:县创新领导小组办公室;责任单位:县财政局)",  # 5
    "附件1",  # 6
    "某县创新型县建设指标",  # 7
    "一级指标\t二级指标\t单位\t2023年基期值\t2024年目标值\t2025年目标值\t2026年目标值\t责任单位",
    "企业创新\t1.高新技术企业数\t家\t20\t25\t30\t35\t县科技局、县统计局、各乡镇(街道)",  # 9
    "附件2",  # 10
    "某县创新型县建设工作领导小组成员名单",  # 11
    "成员:县科技局、县财政局",  # 12
    "领导小组办公室设在县发改局,负责日常工作。",  # 13
    "县科技局:负责牵头推进创新型县建设。",  # 14
    "县财政局:负责落实科技投入。",  # 15
    "县经信委:负责企业技术创新。",  # 16
]


@pytest.fixture
def table_plan() -> Plan:
    return parse_text("\n".join(TABLE_PLAN))


def test_an_indicator_unit_outside_the_member_list_is_reported_but_not_a_group(
    table_plan: Plan,
) -> None:
    # Rule: 县统计局 is no member: unit_not_member without a line; 各乡镇(街道) is a group.
    assert _findings(table_plan, "unit_not_member") == [
        (None, "指标 N05 的责任单位“县统计局”不在成员名单中")
    ]


def test_a_duty_under_a_variant_name_reads_as_a_member_with_an_alias(table_plan: Plan) -> None:
    # Rule: 县经信委 is read as 县经信局, reported; a duty holder outside the list is a member.
    assert _findings(table_plan, "unit") == [
        (16, "附件2职责：单位名称“县经信委”按现名读作“县经信局”"),
        (16, "“县经信局”在附件2中有职责，但不在成员名单中；按成员单位读"),
    ]


def test_the_units_hold_members_outsiders_the_named_office_and_its_host(table_plan: Plan) -> None:
    # Rule: members and duty holders are members; task and indicator units outside the list
    # are not; the office takes the name a task gives it and the office sentence; its host,
    # when no other unit, is added as a non-member.
    assert _units(table_plan) == [
        ("县科技局", "unit", True, [], "负责牵头推进创新型县建设。"),
        ("县财政局", "unit", True, [], "负责落实科技投入。"),
        ("县经信局", "unit", True, ["县经信委"], "负责企业技术创新。"),
        ("县创新领导小组办公室", "office", False, [], "领导小组办公室设在县发改局，负责日常工作"),
        ("县统计局", "unit", False, [], ""),
        ("各乡镇(街道)", "group", False, [], ""),
        ("县发改局", "unit", False, [], ""),
    ]
    assert table_plan.office_unit == "县发改局"


def test_the_seed_units_outside_the_list_and_with_aliases(seed: Plan) -> None:
    # Rule (seed): 市商务局 has duties but is not listed: a member; 市经信委 (indicator line 433)
    # is an alias of the member 市经信局; 附件2's 龙虾产业发展中心 of 市龙虾产业发展中心.
    units = {u.name: u for u in seed.units}
    assert units["市商务局"].member is True
    assert units["市经信局"].aliases == ["市经信委"]
    assert units["市龙虾产业发展中心"].aliases == ["龙虾产业发展中心"]
    assert (
        529,
        "附件2职责：单位名称“龙虾产业发展中心”缺少前缀，读作成员单位“市龙虾产业发展中心”",
    ) in _findings(seed, "unit")
    assert (483, "成员单位“市住建局”在附件2中没有职责说明") in _findings(seed, "unit")


def test_a_leader_written_on_the_line_under_an_empty_label_is_still_the_leader() -> None:
    # Rule: "组长:" alone, the name on the next line: that line is the 组长 (as for 副组长).
    plan = _with_group(
        "附件2", "某县创新型县建设工作领导小组成员名单", "组长:", "    王强县委副书记、县长"
    )
    assert _people(plan) == [("组长", "王强", "县委副书记、县长")]


def test_a_two_character_name_before_a_space_is_split_off_whatever_the_position() -> None:
    # Rule: a name of 2 characters, then a space, then a position of several words: the name
    # is cut at the first space even when the position starts with no position word.
    plan = _with_group(
        "附件2", "某县创新型县建设工作领导小组成员名单", "副组长:张伟 高新区党工委书记 管委会主任"
    )
    assert _people(plan) == [("副组长", "张伟", "高新区党工委书记 管委会主任")]


def test_an_office_host_written_without_its_place_prefix_is_the_member_unit() -> None:
    # "领导小组办公室设在经信局": the member 县经信局 hosts the office (office_unit was None,
    # though the units already read 经信局 as 县经信局).
    lines = [TITLE, "一、主要目标", "2026年高新技术企业数达到40家。", TASKS, "附件2"]
    lines += ["某县创新型县建设工作领导小组", "组 长:王强 县长", "成员:县经信局、县科技局"]
    lines += ["领导小组办公室设在经信局,负责日常工作。", "县经信局:负责推进。"]
    plan = parse_text("\n".join(lines))
    assert plan.office_unit == "县经信局"
    (host,) = [u for u in plan.units if u.name == "县经信局"]
    assert "经信局" in host.aliases
