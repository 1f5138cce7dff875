"""The structural rules of `core/parser/document.py`: numbering, lines, annexes and sections.

A numbered line is "一、" (a Chinese number the reader can value), "(一)", "1." "1、" "(1)" or
"①…⑳" (① is 1); an empty document is refused with "文件为空"; spaces inside a line or a table
cell fold to one; a flattened text is reported with the count of wrap spaces removed, a line
with a no-break space by its number. Tasks run into one line are split only where each part but
the last has a 牵头/责任 label. The document is cut at each "附件N" heading with a title of 40
characters at most; an annex is the indicator table when "指标" is in its first five lines
(the table starts on the line after the heading), the leading group when "领导小组" is; without
that annex the 组长/成员 lines of the body are read. A top-level section is a "一、" heading of
30 characters at most. The plan's texts get full-width punctuation back with a count, unless
`punctuation=False`; a plan without a title is named after its source file, else "未命名方案".
Expected values are worked out by hand from these rules. Written for the mutation run of the
parser (docs/en/mutation-testing.md). Pure: no database.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from innocounty.core.parser.document import (
    _sections,
    _split_annexes,
    numbering,
    parse_lines,
)
from innocounty.core.parser.errors import ParseError

PLAN = """金溪县创新型县建设实施方案(2024-2026年)
一、主要目标
到2026年，全社会研发经费支出达到9000万元。
二、重点任务
(一)实施主体培育工程
1.培育高新技术企业。建立梯次培育机制。(牵头单位:县科技局;责任单位:县税务局)
2.支持企业研发。落实加计扣除政策。(牵头单位:县税务局;责任单位:县科技局)
三、保障措施
加强组织领导。
附件1
金溪县创新型县建设指标体系
序号\t指标名称\t单位\t2024年\t2025年\t2026年\t责任单位
1\t全社会研发经费支出\t万元\t8000\t8500\t9000\t县统计局
2\t高新技术企业数\t家\t45\t50\t52\t县科技局
附件2
金溪县创新型县建设工作领导小组
组 长:王某某 县长
成 员:县科技局、县统计局、县税务局
领导小组办公室设在县科技局，负责日常工作。
县科技局:负责统筹推进。
"""

# The body only: title, goals, tasks and measures, no annex.
BODY = PLAN.split("附件1")[0]


def lines(text: str) -> list[str]:
    return text.splitlines()


def targets_of(plan, name):
    indicator = next(i for i in plan.indicators if i.name == name)
    return [(t.year, int(t.value)) for t in indicator.targets]


# --- numbering -----------------------------------------------------------------------------


def test_circled_numbers_count_from_one():
    # Rule: ① is item 1, ② item 2, ⑳ item 20.
    assert numbering("①建设研发平台") == ("circle", 1, "建设研发平台")
    assert numbering("② 引进创新人才") == ("circle", 2, "引进创新人才")
    assert numbering("⑳完善考核") == ("circle", 20, "完善考核")


def test_a_chinese_number_that_has_no_value_is_not_a_numbering():
    # Rule: "十十、" is not a number the reader can value, so the line is not numbered.
    assert numbering("十十、加强组织领导") is None
    assert numbering("(百百)加强组织领导") is None


# --- parse_lines: empty, whitespace, defaults ----------------------------------------------


def test_an_empty_document_is_refused_with_its_source():
    # Rule: a document of blank lines is refused with "文件为空", naming the source.
    with pytest.raises(ParseError) as caught:
        parse_lines(["", "  ", "\t"], source="plans/jinxi.txt")
    assert caught.value.reason == "文件为空"
    assert caught.value.source == "plans/jinxi.txt"
    assert str(caught.value) == "plans/jinxi.txt: 文件为空"


def test_spaces_inside_a_table_cell_fold_to_one():
    # Rule: runs of spaces in a tab-separated cell become one space, the cell stays whole.
    text = PLAN.replace("2\t高新技术企业数\t", "2\t全社会  R&D  人员数\t")
    plan = parse_lines(lines(text))
    assert "全社会 R&D 人员数" in [i.name for i in plan.indicators]


def test_a_no_break_space_is_reported_by_its_line():
    # Rule: each line with a no-break space gets a "whitespace" finding with its number.
    text = PLAN.replace("三、保障措施", "三、保障措施\xa0")
    plan = parse_lines(lines(text))
    found = [(f.kind, f.message, f.line) for f in plan.findings if f.kind == "whitespace"]
    assert found == [("whitespace", "第 8 行的不间断空格已按普通空格读", 8)]


def test_a_plan_without_title_or_source_is_unnamed():
    # Rule: no title line and no source: the plan is called "未命名方案".
    plan = parse_lines(lines(PLAN)[1:])
    assert plan.title == "未命名方案"


def test_a_plan_without_title_is_named_after_its_source_file():
    # Rule: no title line: the source file's name without its suffix is the title.
    plan = parse_lines(lines(PLAN)[1:], source="plans/jinxi-2024.txt")
    assert plan.title == "jinxi-2024"


def test_punctuation_is_restored_by_default_and_counted():
    # Rule: by default the plan's texts get full-width marks back: the title's "(" ")" and the
    # office sentence's "," make 3; units and indicator names keep theirs.
    plan = parse_lines(lines(PLAN))
    assert plan.title == "金溪县创新型县建设实施方案（2024-2026年）"
    found = [f.message for f in plan.findings if f.kind == "punctuation"]
    assert found == [
        "方案文字中的半角标点已按 GB/T 15834 改为全角（，：；（）！？“‘’”），共 3 处；"
        "数字、代码和外文保留原有标点"
    ]


def test_punctuation_false_keeps_the_marks_as_read():
    # Rule: punctuation=False leaves the ASCII marks and reports nothing about them.
    plan = parse_lines(lines(PLAN), punctuation=False)
    assert plan.title == "金溪县创新型县建设实施方案(2024-2026年)"
    assert [f for f in plan.findings if f.kind == "punctuation"] == []


# --- parse_lines: flattened text -----------------------------------------------------------

FLAT_1 = (
    "金溪县国家创新型县建设实施方案(2024—2026年) 金政发〔2024〕5号 一、总体要求 "
    "坚持创新驱动发展，以科技创新引领产业 升级。" + "加快构建创新体系，" * 22 + "二、主要目标 "
    "到2026年，全社会研发经费支出达到9000万元。"
)
FLAT_2 = (
    "三、重点任务 (一)实施主体培育工程 1.培育高新技术企业。建立高新技术企业梯次培育机制。"
    "(牵头单位:县科技局;责任单位:县税务局)2.支持企业研发。落实研发费用加计扣除政策。"
    "(牵头单位:县税务局;配合单位:县科技局) (二)实施平台提升工程 3.建设县级创新平台。推动企业 "
    "建设研发中心。(牵头单位:县发改局;责任单位:县经信局) "
    + "强化督查考核，" * 22
    + "四、保障措施 加强组织领导。"
)


def test_a_flattened_text_reports_all_wrap_spaces_of_all_lines():
    # Rule: two long lines (newlines lost); every space between two Chinese characters is a
    # wrap space: "5号 一" "要求 坚持" "产业 升级" "目标 到" in the first, "企业 建设" "措施 加强"
    # in the second, six in all; the text is re-cut by headings.
    assert len(FLAT_1) >= 250 and len(FLAT_2) >= 250
    plan = parse_lines([FLAT_1, FLAT_2])
    found = [f.message for f in plan.findings if f.kind == "flattened"]
    assert found[:2] == [
        "文档没有分行（网页或文库复制），已按标题重新分段",
        "删去了汉字之间的 6 个换行空格（如“营业收 入”）",
    ]
    assert [t.title for p in plan.programs for t in p.tasks] == [
        "培育高新技术企业",
        "支持企业研发",
        "建设县级创新平台",
    ]


# --- tasks run into one line ---------------------------------------------------------------


def test_one_task_per_line_is_not_reported_as_run_together():
    # Rule: a line with one task and its label is not "several tasks run together".
    plan = parse_lines(lines(PLAN))
    assert [f for f in plan.findings if f.kind == "numbering"] == []
    assert [t.title for p in plan.programs for t in p.tasks] == ["培育高新技术企业", "支持企业研发"]


def test_tasks_run_together_are_split_only_when_every_part_but_the_last_has_a_label():
    # Rule: "(试点)" closes the second part without a unit label: splitting there could cut
    # inside a task, so the line stays whole (one task, its units the first label's).
    line = (
        "1.培育高新技术企业。(牵头单位:县科技局)2.建设创新平台(试点)"
        "3.引进高层次人才。(牵头单位:县人社局)"
    )
    plan = parse_lines(lines(PLAN.replace(
        "1.培育高新技术企业。建立梯次培育机制。(牵头单位:县科技局;责任单位:县税务局)", line
    )))  # fmt: skip
    assert [f for f in plan.findings if f.kind == "numbering"] == []
    assert [t.number for p in plan.programs for t in p.tasks] == [1, 2]
    # Labelled parts all but the last: split, with a finding.
    both = "1.培育高新技术企业。(牵头单位:县科技局)2.建设创新平台。(牵头单位:县经信局)3.引进人才。"
    plan = parse_lines(lines(PLAN.replace(
        "1.培育高新技术企业。建立梯次培育机制。(牵头单位:县科技局;责任单位:县税务局)", both
    )))  # fmt: skip
    numbering = [f.message for f in plan.findings if f.kind == "numbering"]
    assert numbering[0] == "第 6 行有 3 项任务连写，已分开"


def test_an_annex_title_wrapped_across_lines_is_still_read():
    # Rule: the first five lines of an annex are read as one text: "领导" and "小组" on two
    # lines (a wrapped heading) still make the leading group's annex.
    wrapped = PLAN.replace(
        "金溪县创新型县建设工作领导小组", "金溪县创新型县建设工作领导\n小组成员名单"
    )
    plan = parse_lines(lines(wrapped))
    assert [m.name for m in plan.leading_group if m.role == "组长"] == ["王某某"]
    assert "县统计局" in [u.name for u in plan.units if u.member]


class _Year(BaseModel):
    year: int


class _Probe(BaseModel):
    title: int
    programs: list[_Year]


def _refuse(**fields):
    # What a plan the schema refuses gives: the first error is on a nested field.
    _Probe.model_validate({"programs": [{"year": "x"}], "title": "y"})


def test_a_plan_the_schema_refuses_gives_one_line_naming_the_first_field(monkeypatch):
    # Rule: the safety net of the contract (no traceback): the first error's place, dotted,
    # and its message, prefixed by the source.
    from innocounty.core.parser import document

    monkeypatch.setattr(document, "Plan", _refuse)
    with pytest.raises(ParseError) as info:
        parse_lines(lines(PLAN), source="jinxi.txt")
    assert str(info.value) == (
        "jinxi.txt: 无法构成有效方案：title Input should be a valid integer, "
        "unable to parse string as an integer"
    )
    assert info.value.source == "jinxi.txt"


def test_the_schema_error_names_a_nested_field_with_dots(monkeypatch):
    from innocounty.core.parser import document

    class Nested(BaseModel):
        programs: list[_Year]

    def refuse(**fields):
        Nested.model_validate({"programs": [{"year": 2024}, {"year": "x"}]})

    monkeypatch.setattr(document, "Plan", refuse)
    with pytest.raises(ParseError) as info:
        parse_lines(lines(PLAN))
    assert str(info.value) == (
        "无法构成有效方案：programs.1.year Input should be a valid integer, "
        "unable to parse string as an integer"
    )


# --- annexes and sections ------------------------------------------------------------------


def test_an_annex_heading_title_may_have_40_characters():
    # Rule: "附件1 " + a title of 40 characters is an annex heading; 41 is a body line.
    forty = "甲" * 40
    body, annexes = _split_annexes([(1, "正文"), (2, f"附件1 {forty}"), (3, "表")])
    assert body == [(1, "正文")]
    assert annexes == [[(2, f"附件1 {forty}"), (3, "表")]]
    body, annexes = _split_annexes([(1, "正文"), (2, f"附件1 {forty}乙")])
    assert body == [(1, "正文"), (2, f"附件1 {forty}乙")]
    assert annexes == []


def test_a_section_heading_may_have_30_characters():
    # Rule: "一、" + 30 characters is a section heading; with 31 it is a numbered paragraph.
    heading = "一、" + "甲" * 30
    assert _sections([(1, heading), (2, "正文")]) == [[(1, heading), (2, "正文")]]
    assert _sections([(1, heading + "乙"), (2, "正文")]) == []


def test_the_indicator_table_may_follow_the_annex_heading_directly():
    # Rule: the table starts on the line after "附件1 …指标体系": its first line is the header.
    text = PLAN.replace("附件1\n金溪县创新型县建设指标体系", "附件1 金溪县创新型县建设指标体系")
    plan = parse_lines(lines(text))
    assert targets_of(plan, "全社会研发经费支出") == [(2024, 8000), (2025, 8500), (2026, 9000)]
    assert targets_of(plan, "高新技术企业数") == [(2024, 45), (2025, 50), (2026, 52)]


def test_an_annex_mentioning_indicators_after_line_five_is_not_the_table():
    # Rule: only the first five lines of an annex name it; "指标" on the sixth line does not
    # make a task annex the indicator table, and the table in the body is read.
    table = PLAN.split("金溪县创新型县建设指标体系\n")[1].split("附件2")[0]
    text = (
        BODY
        + table
        + "附件1\n任务分工表\n序号 任务 牵头单位\n一 培育企业 县科技局\n二 支持研发 县税务局\n"
        + "三 指标监测 县统计局\n四 建设平台 县发改局\n"
    )
    plan = parse_lines(lines(text))
    assert targets_of(plan, "高新技术企业数") == [(2024, 45), (2025, 50), (2026, 52)]


def test_a_run_together_table_in_the_indicator_annex_is_read():
    # Rule: an indicator annex without tabs, its cells run together right after the heading,
    # is read as the table (category, item number, name, unit, department).
    text = (
        BODY
        + "附件1 金溪县创新型县建设指标体系\n"
        + "创新投入1.全社会研发经费支出(万元)县统计局2.高新技术企业数(家)县科技局"
        + "3.研发人员数(人)县人社局4.技术合同成交额(万元)县科技局5.发明专利拥有量(件)县市场监管局\n"
    )
    plan = parse_lines(lines(text))
    assert [(i.name, i.unit) for i in plan.indicators] == [
        ("全社会研发经费支出", "万元"),
        ("高新技术企业数", "家"),
        ("研发人员数", "人"),
        ("技术合同成交额", "万元"),
        ("发明专利拥有量", "件"),
    ]


def test_the_leading_group_may_be_listed_in_the_body():
    # Rule: without a 领导小组 annex, the body's "组 长:" and "成 员:" lines are the group.
    text = BODY + "组 长:王某某 县长\n成 员:县科技局、县统计局、县税务局\n"
    plan = parse_lines(lines(text))
    assert [(m.role, m.name, m.position) for m in plan.leading_group] == [
        ("组长", "王某某", "县长"),
        ("成员", "", "县科技局"),
        ("成员", "", "县统计局"),
        ("成员", "", "县税务局"),
    ]


def test_the_members_and_the_group_office_are_the_units():
    # Rule: the member units are units; the office the group sets up is a unit of kind office
    # whose duties are the sentence that sets it up.
    plan = parse_lines(lines(PLAN), punctuation=False)
    assert [(u.name, u.kind.value if hasattr(u.kind, "value") else u.kind) for u in plan.units] == [
        ("县科技局", "unit"),
        ("县统计局", "unit"),
        ("县税务局", "unit"),
        ("领导小组办公室", "office"),
    ]
    assert plan.units[3].duties == "领导小组办公室设在县科技局,负责日常工作"


# --- findings of _build --------------------------------------------------------------------


def test_a_plan_with_indicators_has_no_missing_indicator_finding():
    # Rule: "missing" is reported only when nothing was found.
    plan = parse_lines(lines(PLAN))
    assert [f for f in plan.findings if f.kind == "missing"] == []


def test_a_plan_without_indicators_or_targets_is_told_to_add_them():
    # Rule: tasks but no indicator and no quantified target: one "missing" finding.
    text = BODY.replace("到2026年，全社会研发经费支出达到9000万元。", "坚持创新驱动发展。")
    plan = parse_lines(lines(text))
    assert [(f.kind, f.message) for f in plan.findings if f.kind == "missing"] == [
        ("missing", "未找到指标或数量目标：请在页面上补充指标及年度目标值")
    ]


def test_a_document_ending_mid_sentence_is_reported_truncated():
    # Rule: no annex and a last line without closing punctuation: the text was cut off (line 9).
    text = BODY.replace("加强组织领导。", "加强组织领导，强化督查考核，确保各项任务落到实处并")
    plan = parse_lines(lines(text))
    assert [(f.kind, f.line) for f in plan.findings if f.kind == "truncated"] == [("truncated", 9)]


def test_without_a_table_the_plan_starts_in_the_year_of_its_date():
    # Rule: no table, no years in the title: the plan runs from the year of its date (2025) to
    # the last "到20xx年" mentioned (2026).
    text = BODY.replace("(2024-2026年)", "") + "金溪县人民政府\n2025年3月1日\n"
    plan = parse_lines(lines(text))
    assert (plan.start_year, plan.end_year) == (2025, 2026)
    assert "没有指标表，方案年度取 2025–2026" in [f.message for f in plan.findings]


def test_a_document_cut_after_its_table_is_reported_truncated():
    # Rule: a tab table in the body does not excuse a last line cut mid-sentence: 9 body
    # lines and 3 table lines, so line 13.
    table = PLAN.split("金溪县创新型县建设指标体系\n")[1].split("附件2")[0]
    text = BODY + table + "加强组织领导，强化督查考核，确保各项任务落到实处并\n"
    plan = parse_lines(lines(text))
    assert [(f.kind, f.line) for f in plan.findings if f.kind == "truncated"] == [("truncated", 13)]


def test_a_template_title_keeps_its_placeholder_letters():
    # Rule: only spaces are trimmed from a line's ends; "XX县" of a template plan stays.
    plan = parse_lines(
        lines(PLAN.replace("金溪县创新型县建设实施方案", "XX县创新型县建设实施方案"))
    )
    assert plan.title == "XX县创新型县建设实施方案（2024-2026年）"


def test_units_run_together_in_a_task_are_split_by_known_names():
    # Rule: "县科技局县财政局" (the separator lost) is two known bureaus, also in a plan
    # without a leading-group annex.
    text = BODY.replace("(牵头单位:县科技局;", "(牵头单位:县科技局县财政局;")
    plan = parse_lines(lines(text))
    task = plan.programs[0].tasks[0]
    assert task.lead_units == ["县科技局", "县财政局"]
    assert task.responsible_units == ["县税务局"]


def test_an_annex_heading_with_its_title_after_a_colon_is_an_annex():
    # "附件1：金溪县创新型县建设指标体系": the heading and its title on one line, after a
    # colon (full-width, as offices write it). It was read as a body line, so the table and the
    # leading group's office were lost; "附件 1：" (with a space) already worked.
    text = PLAN.replace("附件1\n金溪县", "附件1\uff1a金溪县").replace(
        "附件2\n金溪县", "附件2\uff1a金溪县"
    )
    plan = parse_lines(lines(text), source="jinxi.txt")
    assert [i.name for i in plan.indicators] == ["全社会研发经费支出", "高新技术企业数"]
    assert plan.office_unit == "县科技局"
    # The list line "附件:1.…" of the body is still no heading.
    body, annexes = _split_annexes([(1, "附件:1.指标体系"), (2, "附件1:指标体系"), (3, "表")])
    assert body == [(1, "附件:1.指标体系")]
    assert annexes == [[(2, "附件1:指标体系"), (3, "表")]]
