"""The rules of `core/parser/document.py` for programs, tasks and the plan's metadata.
Numbered paragraphs group into programs and tasks: the task level is the style that names
units most often (the higher level on a tie), or the second level when none does; a sub-item
below a task is part of its text, a long or full-stopped numbered paragraph is prose, and
numbered lines after the last task with units are dropped. A task's unit clause (牵头单位 …)
is cut off and its brackets and separators repaired; its title is the first short sentence or
is cut at a body verb or at the first comma. Task numbers that repeat are renumbered through
the document; a clause of 责任单位 alone makes its first unit the lead. The metadata: title,
document number, date (also a date that lost its 年月日), issuer, plan years, region and key.
Each repair is a finding with its exact Chinese message and line. Expected values are worked
out by hand from these rules. Written for the mutation run of the parser
(docs/en/mutation-testing.md). Pure: no database.
"""

from __future__ import annotations

import datetime as dt

import pytest

from innocounty.core.parser.document import (
    Builder,
    RawTask,
    _key,
    _lost_dates,
    _make_programs,
    _metadata,
    _programs,
    _read_clause,
    _region,
    _split_task,
    _split_title,
    _years,
)
from innocounty.core.parser.table import Column

# The parser reads text whose punctuation was normalised to half-width (, ; : ( )); 。 stays.


def _builder() -> Builder:
    return Builder(lines=[], source="")


def _lines(*texts: str, first: int = 60) -> list[tuple[int, str]]:
    return [(first + i, text) for i, text in enumerate(texts)]


def _shape(programs: list[tuple[int, str, list[RawTask]]]) -> list[tuple[int, str, list[int]]]:
    return [(number, title, [t.number for t in tasks]) for number, title, tasks in programs]


def _found(b: Builder) -> list[tuple[str, str, int | None]]:
    return [(f.kind, f.message, f.line) for f in b.findings]


def _split(text: str, number: int = 6, line: int = 80) -> tuple[RawTask, Builder]:
    b = _builder()
    task = RawTask(line, number, "ar_dot", text)
    _split_task(b, task)
    return task, b


# --- _programs: which level holds the tasks ---------------------------------------------------


def test_a_numbered_line_with_a_tab_is_a_table_row_not_a_task():
    # Rule: a numbered line with a tab is a row of a table, never a paragraph of its own.
    lines = _lines(
        "1.\t研发经费投入强度\t2.5",
        "(一)实施产业转型升级工程",
        "1.壮大高新技术产业。围绕产业链部署创新链。(牵头单位:县科技局)",
        "2.改造提升传统产业。加快实施技术改造。(牵头单位:县经信局)",
    )
    assert _shape(_programs(_builder(), lines, fallback=False)) == [
        (1, "实施产业转型升级工程", [1, 2])
    ]


def test_the_style_naming_units_most_often_holds_the_tasks():
    # Rule: a program heading may name a unit once, but the tasks below name theirs twice:
    # the style with the most unit clauses is the task level.
    lines = _lines(
        "(一)实施产业转型升级工程(牵头单位:县发改局)",
        "1.壮大高新技术产业。围绕产业链部署创新链。(牵头单位:县科技局)",
        "2.改造提升传统产业。加快实施技术改造。(牵头单位:县经信局)",
    )
    programs = _programs(_builder(), lines, fallback=False)
    assert [[t.number for t in tasks] for _, _, tasks in programs] == [[1, 2]]
    assert programs[0][2][1].clauses == {"牵头单位": "县经信局"}


def test_on_a_tie_the_higher_level_holds_the_tasks():
    # Rule: when two styles name units equally often, the higher level (smaller depth) is
    # the task; the lower one is a sub-item of its text.
    lines = _lines(
        "(一)实施产业转型升级工程。(牵头单位:县发改局)",
        "1.壮大高新技术产业(责任单位:县科技局)",
    )
    programs = _programs(_builder(), lines, fallback=False)
    assert _shape(programs) == [(1, "", [1])]
    assert programs[0][2][0].style == "cn_paren"


def test_a_label_broken_over_two_lines_still_counts():
    # Rule: the lines of a paragraph are joined without a gap to look for a unit label, so
    # "(牵头" + "单位:…" on the next line (a PDF line break) still marks a task.
    lines = _lines(
        "1.壮大高新技术产业。围绕产业链部署创新链。(牵头",
        "单位:县科技局)",
        "(1)培育高新技术企业",
        "2.改造提升传统产业。加快实施技术改造。(牵头",
        "单位:县经信局)",
    )
    assert _shape(_programs(_builder(), lines, fallback=False)) == [(1, "", [1, 2])]


def test_without_unit_clauses_the_second_level_holds_the_tasks():
    # Rule: no paragraph names a unit: the second numbering level is the task level.
    lines = _lines(
        "(一)实施产业转型升级工程",
        "1.壮大高新技术产业。围绕产业链部署创新链。",
        "2.改造提升传统产业。加快实施技术改造。",
    )
    assert _shape(_programs(_builder(), lines, fallback=False)) == [
        (1, "实施产业转型升级工程", [1, 2])
    ]


def test_without_unit_clauses_and_one_level_that_level_holds_the_tasks():
    # Rule: with a single numbering level, it is the task level, in one untitled program 1.
    lines = _lines(
        "1.壮大高新技术产业。围绕产业链部署创新链。",
        "2.改造提升传统产业。加快实施技术改造。",
    )
    programs = _programs(_builder(), lines, fallback=False)
    assert _shape(programs) == [(1, "", [1, 2])]
    assert [p.title for p in _make_programs(_builder(), programs)] == ["重点任务"]


def test_outside_a_task_section_only_paragraphs_with_units_are_tasks():
    # Rule (fallback, no 重点任务 section): a numbered paragraph without a unit is skipped,
    # and the reading goes on to the next one.
    lines = _lines(
        "1.总体要求。坚持创新驱动发展。",
        "2.壮大高新技术产业。围绕产业链部署创新链。(牵头单位:县科技局)",
    )
    assert _shape(_programs(_builder(), lines, fallback=True)) == [(1, "", [2])]


def test_sub_items_are_part_of_the_task_text():
    # Rule: "(1)…" below "1.…" continues the task's text, one line each.
    lines = _lines(
        "(一)实施产业转型升级工程",
        "1.壮大高新技术产业。围绕产业链部署创新链。",
        "(1)培育高新技术企业。",
        "(2)建设企业研发中心。",
        "2.改造提升传统产业。加快实施技术改造。",
    )
    programs = _programs(_builder(), lines, fallback=False)
    assert _shape(programs) == [(1, "实施产业转型升级工程", [1, 2])]
    first, second = programs[0][2]
    assert (
        first.text
        == "壮大高新技术产业。围绕产业链部署创新链。\n培育高新技术企业。\n建设企业研发中心。"
    )
    assert first.body == "围绕产业链部署创新链。培育高新技术企业。建设企业研发中心。"
    assert second.text == "改造提升传统产业。加快实施技术改造。"


def test_a_sub_item_before_any_task_is_dropped():
    # Rule: a sub-item has no task to join before the first task (or the first program).
    lines = _lines(
        "(1)总体说明",
        "(一)实施产业转型升级工程",
        "(2)工作说明",
        "1.壮大高新技术产业。围绕产业链部署创新链。",
        "2.改造提升传统产业。加快实施技术改造。",
    )
    programs = _programs(_builder(), lines, fallback=False)
    assert _shape(programs) == [(1, "实施产业转型升级工程", [1, 2])]
    assert programs[0][2][0].text == "壮大高新技术产业。围绕产业链部署创新链。"


def test_a_same_level_line_of_another_style_is_neither_task_nor_program():
    # Rule: "2、…" beside tasks numbered "1." (same depth, other style) is ignored.
    lines = _lines(
        "1.壮大高新技术产业。围绕产业链部署创新链。(牵头单位:县科技局)",
        "2、补充说明事项",
        "2.改造提升传统产业。加快实施技术改造。(牵头单位:县经信局)",
    )
    programs = _programs(_builder(), lines, fallback=False)
    assert _shape(programs) == [(1, "", [1, 2])]
    first = programs[0][2][0]
    assert first.text == "壮大高新技术产业。围绕产业链部署创新链。(牵头单位:县科技局)"
    assert first.clauses == {"牵头单位": "县科技局"}


def test_a_numbered_sentence_above_the_tasks_is_prose_not_a_program():
    # Rule: a higher-level numbered paragraph with a 。 is prose: the program goes on.
    lines = _lines(
        "(一)实施产业转型升级工程",
        "1.壮大高新技术产业。围绕产业链部署创新链。(牵头单位:县科技局)",
        "(二)各单位要加强协调配合。",
        "2.改造提升传统产业。加快实施技术改造。(牵头单位:县经信局)",
    )
    assert _shape(_programs(_builder(), lines, fallback=False)) == [
        (1, "实施产业转型升级工程", [1, 2])
    ]


FORTY = "深入实施创新主体培育工程推动企业成为技术创新决策研发投入科研组织和成果转化的主体"


def test_a_program_heading_of_40_characters_is_a_heading_of_41_is_prose():
    # Rule: a heading without 。 is prose only when longer than 40 characters.
    assert len(FORTY) == 40
    lines = _lines(
        "(一)" + FORTY,
        "1.壮大高新技术产业。围绕产业链部署创新链。(牵头单位:县科技局)",
        "(二)" + FORTY + "们",
        "2.改造提升传统产业。加快实施技术改造。(牵头单位:县经信局)",
    )
    assert _shape(_programs(_builder(), lines, fallback=False)) == [(1, FORTY, [1, 2])]


def test_a_higher_line_of_another_style_than_the_programs_is_ignored():
    # Rule: once programs are "1.", a stray "2、" (another style above the tasks "(1)")
    # does not open a program.
    lines = _lines(
        "1.实施产业转型升级工程",
        "(1)壮大高新技术产业。围绕产业链部署创新链。(牵头单位:县科技局)",
        "2、补充说明事项",
        "(2)改造提升传统产业。加快实施技术改造。(牵头单位:县经信局)",
    )
    assert _shape(_programs(_builder(), lines, fallback=False)) == [
        (1, "实施产业转型升级工程", [1, 2])
    ]


def test_numbered_lines_after_the_last_task_with_units_are_dropped():
    # Rule: when at least half the tasks name units, numbered lines after the last of them
    # (the annex list "3.…成员名单") are not tasks: 2 of 4 is half.
    lines = _lines(
        "1.壮大高新技术产业。围绕产业链部署创新链。(牵头单位:县科技局)",
        "2.改造提升传统产业。加快实施技术改造。(牵头单位:县经信局)",
        "3.潜江市创新型县(市)建设领导小组成员名单",
        "4.潜江市创新型县(市)建设指标体系",
    )
    assert _shape(_programs(_builder(), lines, fallback=False)) == [(1, "", [1, 2])]


def test_when_fewer_than_half_the_tasks_name_units_none_is_dropped():
    # Rule: 1 of 3 tasks with units is less than half: all three stay.
    lines = _lines(
        "1.壮大高新技术产业。围绕产业链部署创新链。(牵头单位:县科技局)",
        "2.改造提升传统产业。加快实施技术改造。",
        "3.提升发展现代农业。推动优势产业协同发展。",
    )
    assert _shape(_programs(_builder(), lines, fallback=False)) == [(1, "", [1, 2, 3])]


# --- _split_task: the unit clause ----------------------------------------------------------


def test_a_bracketed_clause_is_cut_off_without_a_finding():
    # Rule: "(牵头单位:…)" at the end, even followed by 。, is the clause; nothing to repair.
    task, b = _split("加快高新区建设。持续优化园区布局。(牵头单位:县科技局)。")
    assert (task.title, task.body) == ("加快高新区建设", "持续优化园区布局。")
    assert task.clauses == {"牵头单位": "县科技局"}
    assert _found(b) == []


def test_a_clause_without_its_left_bracket_is_repaired():
    # Rule (seed, task 6): "…牵头单位:…)" lacks "(": finding, the ")" comes off the units.
    task, b = _split("加快高新区建设。持续优化园区布局。牵头单位:县高新区管委会、县科技局)")
    assert (task.title, task.body) == ("加快高新区建设", "持续优化园区布局。")
    assert task.clauses == {"牵头单位": "县高新区管委会、县科技局"}
    assert _found(b) == [("bracket", "任务 6：单位说明缺少左括号，已补全", 80)]


def test_a_closing_bracket_that_closes_the_clause_is_told_from_an_inner_one():
    # Rule: the last ")" closes the clause when there are more ")" than "(" in it.
    task, b = _split("推进乡镇科技服务。完善服务体系。牵头单位:各乡镇(街道)、县科技局)")
    assert task.clauses == {"牵头单位": "各乡镇(街道)、县科技局"}
    assert _found(b) == [("bracket", "任务 6：单位说明缺少左括号，已补全", 80)]


def test_a_clause_without_its_right_bracket_is_repaired():
    # Rule (seed, task 5): "(牵头单位:…" without ")": finding.
    task, b = _split("加快高新区建设。持续优化园区布局。(牵头单位:县科技局", number=5, line=78)
    assert task.clauses == {"牵头单位": "县科技局"}
    assert _found(b) == [("bracket", "任务 5：单位说明缺少右括号，已补全", 78)]


def test_a_space_between_bracket_and_label_is_skipped():
    # Rule: "( 牵头单位" still has its opening bracket.
    task, b = _split("加快高新区建设。持续优化园区布局。( 牵头单位:县科技局)")
    assert (task.title, task.body) == ("加快高新区建设", "持续优化园区布局。")
    assert task.clauses == {"牵头单位": "县科技局"}
    assert _found(b) == []


def test_a_clause_at_the_very_start_keeps_its_bracket():
    # Rule: a task of only "(牵头单位:…)" has a bracketed clause and no title.
    task, b = _split("(牵头单位:县科技局)")
    assert task.clauses == {"牵头单位": "县科技局"}
    assert task.title == "任务6"
    assert _found(b) == [("title", "任务 6：找不到标题，取前 20 个字", 80)]


def test_a_clause_on_its_own_line_needs_no_brackets():
    # Rule: "牵头单位:…" on a line of its own (even ending in 。, even with "(" but no ")")
    # is not a broken bracket; a label inside the body ("压实责任单位…。") is not the clause.
    task, b = _split("强化考核督办。压实责任单位主体责任,定期通报进展。\n牵头单位:县委督查室。")
    assert (task.title, task.body) == ("强化考核督办", "压实责任单位主体责任,定期通报进展。")
    assert task.clauses == {"牵头单位": "县委督查室"}
    assert _found(b) == []
    task, b = _split("强化考核督办。定期通报进展。\n(牵头单位:县委督查室")
    assert task.clauses == {"牵头单位": "县委督查室"}
    assert _found(b) == []


def test_the_line_breaks_of_a_task_are_removed():
    # Rule: a task broken over lines (PDF) reads as one text.
    task, _ = _split("加快高新区建设。持续优化园区\n空间布局。(牵头单位:县科技局)")
    assert task.body == "持续优化园区空间布局。"


def test_a_clause_in_another_bracket_is_read_as_round():
    # Rule: "【牵头单位:…】" is read, with a finding naming the bracket.
    task, b = _split("加快高新区建设。持续优化园区布局。【牵头单位:县科技局】")
    assert task.clauses == {"牵头单位": "县科技局"}
    assert _found(b) == [("bracket", "任务 6：单位说明用了“【”括号，按圆括号读", 80)]


def test_unpaired_quotes_in_title_and_body_are_findings():
    # Rule (seed, task 8): a title or body with unequal “ and ” is reported.
    _, b = _split("推动高水平创新”平台布局。采取“政府支持、企业参与”的方式。", number=8, line=84)
    assert _found(b) == [("quote", "任务 8：标题“推动高水平创新”平台布局”引号不成对", 84)]
    _, b = _split("实施“双招双引工程。围绕主导产业开展招商。", number=8, line=84)
    assert _found(b) == [("quote", "任务 8：标题“实施“双招双引工程”引号不成对", 84)]
    _, b = _split("实施“双招双引”工程。围绕“主导产业开展招商。", number=8, line=84)
    assert _found(b) == [("quote", "任务 8：正文引号不成对", 84)]
    _, b = _split("实施“双招双引”工程。围绕主导产业”开展招商。", number=8, line=84)
    assert _found(b) == [("quote", "任务 8：正文引号不成对", 84)]


def test_paired_quotes_are_not_findings():
    _, b = _split("实施“双招双引”工程。围绕“主导产业”开展招商。")
    assert _found(b) == []


# --- _read_clause ----------------------------------------------------------------------------


def test_each_label_takes_the_units_up_to_the_next():
    # Rule: three labels split by ";": each value, without the separator.
    b = _builder()
    task = RawTask(68, 1, "ar_dot", "")
    _read_clause(b, task, "牵头单位:县科技局;责任单位:县财政局;配合单位:各乡镇")
    assert task.clauses == {"牵头单位": "县科技局", "责任单位": "县财政局", "配合单位": "各乡镇"}
    assert _found(b) == []


def test_a_missing_separator_between_labels_is_repaired():
    # Rule (seed, task 1): no ";" before the next label: finding naming both labels.
    b = _builder()
    task = RawTask(68, 1, "ar_dot", "")
    _read_clause(b, task, "牵头单位:县科技局;责任单位:县财政局配合单位:各乡镇")
    assert task.clauses == {"牵头单位": "县科技局", "责任单位": "县财政局", "配合单位": "各乡镇"}
    assert _found(b) == [("separator", "任务 1：“责任单位”与“配合单位”之间缺少分号，已补全", 68)]


def test_a_label_given_twice_collects_both_lists():
    # Rule: "责任单位" twice: the lists join with 、.
    b = _builder()
    task = RawTask(68, 1, "ar_dot", "")
    _read_clause(b, task, "责任单位:县科技局;责任单位:县财政局")
    assert task.clauses == {"责任单位": "县科技局、县财政局"}


# --- _split_title --------------------------------------------------------------------------


def _title(text: str) -> tuple[tuple[str, str], list[tuple[str, str, int | None]]]:
    b = _builder()
    got = _split_title(b, RawTask(90, 11, "ar_dot", text), text)
    return got, _found(b)


def test_a_title_of_one_character_is_still_the_first_sentence():
    # Rule: a first sentence of 1 to 28 characters is the title, one character included.
    assert _title("稳。提档升级。") == (("稳", "提档升级。"), [])


def test_a_title_of_one_character_before_the_first_comma():
    # Rule: without a short sentence or a verb, the text up to a comma at 1 to 26 is the title.
    (title, body), found = _title("稳,提档升级")
    assert (title, body) == ("稳", "稳,提档升级")
    assert found == [("title", "任务 11：标题取首个逗号前的文字", 90)]


@pytest.mark.parametrize("mark", ["。", ",", "、", ";", ":"])
def test_a_mark_left_before_the_title_comes_off(mark: str):
    # Rule: "1.。培育高新技术企业。…": the mark the document left after the number is no title.
    assert _title(f"{mark}培育高新技术企业。建立梯次培育机制。") == (
        ("培育高新技术企业", "建立梯次培育机制。"),
        [],
    )


def test_a_first_sentence_of_28_characters_is_the_title_of_29_is_not():
    # Rule: the first sentence is the title when it has at most 28 characters and no comma.
    t28 = "推进潜江国家高新技术产业开发区与现代农业产业园的协同发展"
    assert len(t28) == 28
    assert _title(t28 + "。提档升级。") == ((t28, "提档升级。"), [])
    t29 = "潜江国家高新技术产业开发区与现代农业产业园的协同发展示范区"
    assert len(t29) == 29
    (title, _), found = _title(t29 + "。提档升级。")
    assert title == t29[:20]
    assert found == [("title", "任务 11：找不到标题，取前 20 个字", 90)]


def test_a_title_running_into_the_body_is_cut_at_the_first_verb_from_the_sixth_character():
    # Rule: a body verb at index 5 or later, before any comma, starts the body; a verb at
    # the start is part of the title.
    text = "加快潜江高新区建设加快优化园区布局加快完善配套设施,打造创新高地。"
    assert _title(text) == (
        ("加快潜江高新区建设", "加快优化园区布局加快完善配套设施,打造创新高地。"),
        [("title", "任务 11：标题与正文连写，在“加快”前断开：“加快潜江高新区建设”", 90)],
    )
    text = "建强科创园推动科技资源集聚,打造区域创新高地。"
    assert _title(text)[0] == ("建强科创园", "推动科技资源集聚,打造区域创新高地。")


def test_a_verb_not_within_the_first_26_characters_does_not_cut():
    # Rule: only the first 26 characters are searched for a verb; one that starts at the
    # 26th and ends at the 27th is outside.
    head = "潜江小龙虾虾稻共作产业科技创新示范基地与虾交易中心"
    assert len(head) == 25
    text = head + "推动产业链延伸"
    (title, _), found = _title(text)
    assert title == text[:20]
    assert found == [("title", "任务 11：找不到标题，取前 20 个字", 90)]


def test_a_verb_after_a_comma_does_not_cut_the_title_ends_at_the_comma():
    # Rule: no verb before the first comma: the title is the text before it (within 26
    # characters) and the body is the whole text.
    text = "提升科普能力,加强科普阵地建设,普及科学知识。"
    assert _title(text) == (
        ("提升科普能力", text),
        [("title", "任务 11：标题取首个逗号前的文字", 90)],
    )


def test_a_comma_at_index_26_still_ends_the_title_at_27_not():
    head = "潜江小龙虾虾稻共作产业科技创新示范基地与龙虾交易中心"
    assert _title(head + ",完善配套。")[0] == (head, head + ",完善配套。")
    (title, _), found = _title(head + "港,完善配套。")
    assert title == head[:20]
    assert found == [("title", "任务 11：找不到标题，取前 20 个字", 90)]


# --- _make_programs --------------------------------------------------------------------------


def _raw(number: int, title: str, *tasks: tuple[int, int, dict[str, str]]):
    out = []
    for line, n, clauses in tasks:
        t = RawTask(line, n, "ar_dot", "", clauses=dict(clauses))
        t.title, t.body = f"任务标题{n}", "正文。"
        out.append(t)
    return (number, title, out)


def test_a_repeated_program_number_takes_the_next_free_one():
    # Rule: a second "(一)" becomes program 2, a third program 3.
    raw = [_raw(1, "甲", (70, 1, {})), _raw(1, "乙", (72, 2, {})), _raw(1, "丙", (74, 3, {}))]
    assert [p.number for p in _make_programs(_builder(), raw)] == [1, 2, 3]


def test_task_numbers_are_kept_when_none_repeats():
    # Rule: a gap in the numbering (1, 2, 4) is kept as written.
    raw = [_raw(1, "甲", (70, 1, {}), (72, 2, {}), (74, 4, {}))]
    programs = _make_programs(_builder(), raw)
    assert [t.number for t in programs[0].tasks] == [1, 2, 4]


def test_task_numbers_restarting_in_each_program_are_renumbered_through_the_plan():
    # Rule: numbers restarting per program are renumbered 1…n, a finding for each change.
    raw = [_raw(1, "甲", (70, 1, {}), (72, 2, {})), _raw(2, "乙", (76, 1, {}), (78, 2, {}))]
    b = _builder()
    programs = _make_programs(b, raw)
    assert [[t.number for t in p.tasks] for p in programs] == [[1, 2], [3, 4]]
    assert _found(b) == [
        ("numbering", "任务编号重复，“1”改为全文连续编号 3", 76),
        ("numbering", "任务编号重复，“2”改为全文连续编号 4", 78),
    ]


def test_a_task_with_no_clause_has_no_units():
    # Rule: no clause, no units, no finding.
    b = _builder()
    task = _make_programs(b, [_raw(1, "甲", (70, 1, {}))])[0].tasks[0]
    assert (task.lead_units, task.responsible_units) == ([], [])
    assert _found(b) == []


def test_the_main_responsible_unit_leads():
    # Rule: "主责单位" is a lead label like "牵头单位".
    task = _make_programs(_builder(), [_raw(1, "甲", (70, 1, {"主责单位": "县科技局"}))])
    assert task[0].tasks[0].lead_units == ["县科技局"]


def test_responsible_units_alone_make_the_first_the_lead():
    # Rule: only 责任单位/责任部门 (one or both): the first named unit leads, with a finding.
    for clauses in (
        {"责任部门": "县财政局、县科技局"},
        {"责任单位": "县财政局", "责任部门": "县科技局"},
    ):
        b = _builder()
        task = _make_programs(b, [_raw(1, "甲", (70, 3, clauses))])[0].tasks[0]
        assert (task.lead_units, task.responsible_units) == (["县财政局"], ["县科技局"])
        assert _found(b) == [
            ("unit", "任务 3：只写了责任单位，排在第一位的“县财政局”按牵头单位读", 70)
        ]


# --- _metadata -------------------------------------------------------------------------------


def _meta(*texts: str):
    b = _builder()
    return _metadata(b, _lines(*texts, first=1)), _found(b)


TITLE = "潜江国家创新型县(市)建设实施方案"


def test_the_title_is_a_short_line_ending_like_a_plan_not_a_notice():
    # Rule: the title ends in 实施方案 (…), has at most 60 characters, does not open with
    # 《 and does not contain 印发.
    long61 = "为全面推进潜江国家创新型县(市)建设工作结合我市实际按照国家和湖北省有关工作指引文件的要求特制定本县域创新驱动发展实施方案"
    title60 = "潜江市国家创新型县(市)建设暨县域创新驱动发展与科技成果转化示范区及现代农业科技园区的高质量发展建设三年攻坚行动实施方案"
    assert (len(long61), len(title60)) == (61, 60)
    (title, *_), _ = _meta(
        "关于印发潜江国家创新型县(市)建设实施方案",
        long61,
        "《" + TITLE,
        title60,
    )
    assert title == title60


def test_the_title_is_looked_for_in_the_first_60_lines():
    (title, *_), _ = _meta(*["今天是:"] * 60, TITLE)
    assert title == ""


def test_a_run_together_title_is_read_from_the_first_five_lines():
    # Rule: no title line: a plan's name opening one of the first five lines, not 印发.
    (title, *_), _ = _meta(
        "关于印发潜江国家创新型县(市)建设实施方案的通知",
        "潜江国家创新型县(市)建设指标体系一级指标二级指标",
    )
    assert title == "潜江国家创新型县(市)建设指标体系"
    (title, *_), _ = _meta(*["今天是:"] * 5, "潜江国家创新型县(市)建设指标体系一级指标")
    assert title == ""


def test_the_document_number_loses_spaces_and_a_leading_label():
    (_, number, _, _), _ = _meta("文 号潜政发〔 2023 〕12 号")
    assert number == "潜政发〔2023〕12号"


@pytest.mark.parametrize(
    "line",
    [
        "文号潜政发〔2023〕12号",
        "发文字号潜政发〔2023〕12号",
        "字号:潜政发〔2023〕12号",
        "编号潜政发〔2023〕12号",
        "文号:潜政发〔2023〕12号",
    ],
)
def test_a_label_whose_colon_was_lost_comes_off_the_document_number(line: str):
    # Rule: "文号" glued to the number (a colon lost in copying) is no part of it.
    (_, number, _, _), _ = _meta(line)
    assert number == "潜政发〔2023〕12号"


def test_an_issuer_opening_like_a_label_keeps_its_characters():
    (_, number, _, _), _ = _meta("文旅发〔2023〕3号")
    assert number == "文旅发〔2023〕3号"


def test_the_document_number_is_looked_for_in_the_first_40_lines():
    (_, number, _, _), _ = _meta(*["今天是:"] * 40, "潜政发〔2023〕12号")
    assert number == ""


def test_the_written_date_field_gives_the_date():
    (_, _, date, _), found = _meta("成文日期:2023-06-08")
    assert date == dt.date(2023, 6, 8)
    assert found == []


def test_an_impossible_date_is_ignored_with_a_finding():
    (_, _, date, _), found = _meta("成文日期:2023-02-30")
    assert date is None
    assert found == [("date", "成文日期“成文日期:2023-02-30”不存在，已忽略", 1)]
    (_, _, date, _), found = _meta("索引号", "2023年2月30日")
    assert date is None
    assert found == [("date", "日期“2023年2月30日”不存在，已忽略", 2)]


def test_the_publishing_body_of_a_web_page_is_a_finding():
    _, found = _meta("索引号", "发布机构:市科技局")
    assert found == [("issuer", "页面“发布机构”为“市科技局”，与发文机关不一定相同", 2)]


def test_a_date_that_lost_its_characters_is_read():
    # Rule (seed line "202368"): digits alone, spaced or with 日印发, are a date that lost 年月日.
    (_, _, date, _), found = _meta(TITLE, "2023 6 8")
    assert date == dt.date(2023, 6, 8)
    assert found == [("date", "日期“202368”缺字，读作 2023-06-08", 2)]
    (_, _, date, _), found = _meta(TITLE, "2023930日印发")
    assert date == dt.date(2023, 9, 30)
    assert found == [("date", "日期“2023930日印发”缺字，读作 2023-09-30", 2)]


def test_a_lost_date_tries_a_one_then_a_two_digit_month():
    assert _lost_dates("202368") == [dt.date(2023, 6, 8)]
    assert _lost_dates("20231208") == [dt.date(2023, 12, 8)]
    assert _lost_dates("2023128") == [dt.date(2023, 1, 28), dt.date(2023, 12, 8)]
    assert _lost_dates("202313") == [dt.date(2023, 1, 3)]  # no 13th month
    assert _lost_dates("20231") == []


def test_a_lost_date_with_eight_digits_and_its_yinfa_is_read():
    (_, _, date, _), found = _meta(TITLE, "20231231日印发")
    assert date == dt.date(2023, 12, 31)
    assert found == [("date", "日期“20231231日印发”缺字，读作 2023-12-31", 2)]


def test_an_ambiguous_lost_date_names_both_readings_and_takes_the_first():
    # "2023128": January 28 or December 8; the office checks the finding.
    (_, _, date, _), found = _meta(TITLE, "2023128日印发")
    assert date == dt.date(2023, 1, 28)
    assert found == [
        (
            "date",
            "日期“2023128日印发”缺字，可读作 2023-01-28 或 2023-12-08，暂按 2023-01-28，请核对",
            2,
        )
    ]


def test_digits_that_are_no_date_give_nothing():
    (_, _, date, _), found = _meta(TITLE, "202313000")
    assert (date, found) == (None, [])


# --- _years, _region, _key -------------------------------------------------------------------


def test_the_years_are_those_of_the_table_without_the_baseline():
    columns = [Column(2022, "baseline"), Column(2023, "target"), Column(2025, "target")]
    assert _years(_builder(), columns, [], dt.date(2024, 1, 5)) == (2023, 2025)


def test_the_years_come_from_a_title_with_a_span_in_the_first_ten_lines():
    body = _lines("潜江市科技创新三年行动计划(2023—2025年)", first=1)
    assert _years(_builder(), [], body, None) == (2023, 2025)
    body = _lines(*["今天是:"] * 10, "潜江市科技创新三年行动计划(2023—2025年)", first=1)
    b = _builder()
    assert _years(b, [], body, None) == (2023, 2025)
    assert _found(b) == [("years", "找不到方案年度，取 2023–2025", None)]


def test_a_reversed_span_is_not_the_plan_years_but_a_single_year_is():
    body = _lines("潜江市科技创新行动计划(2025—2023年)", first=1)
    b = _builder()
    assert _years(b, [], body, dt.date(2024, 3, 1)) == (2024, 2026)
    body = _lines("潜江市科技创新行动计划(2024—2024年)", first=1)
    assert _years(_builder(), [], body, None) == (2024, 2024)


def test_without_a_table_the_years_run_from_the_date_to_the_last_target_year():
    body = _lines(TITLE, "到2026年,科技型中小企业达300家。", first=1)
    b = _builder()
    assert _years(b, [], body, dt.date(2023, 6, 8)) == (2023, 2026)
    assert _found(b) == [("years", "没有指标表，方案年度取 2023–2026", None)]
    body = _lines(TITLE, "到2025年,科技型中小企业达300家。", first=1)
    assert _years(_builder(), [], body, dt.date(2025, 1, 2)) == (2025, 2025)


def test_without_any_year_the_plan_runs_three_years_from_the_date_or_2023():
    b = _builder()
    assert _years(b, [], [], None) == (2023, 2025)
    assert _found(b) == [("years", "找不到方案年度，取 2023–2025", None)]
    b = _builder()
    assert _years(b, [], [], dt.date(2024, 5, 1)) == (2024, 2026)
    assert _found(b) == [("years", "找不到方案年度，取 2024–2026", None)]


def test_the_region_is_what_precedes_the_innovation_county():
    assert _region(TITLE) == "潜江"
    assert _region("潜江市科技创新三年行动计划") == ""


def test_the_key_is_the_file_name_before_its_first_dot_in_ascii():
    assert _key("plans/qianjiang-2023.source.txt") == "qianjiang-2023"
    assert _key("潜江-2023.txt") == "2023"
    assert _key("") == "plan"
