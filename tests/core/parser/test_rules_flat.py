"""The rules of `core/parser/flat.py`: how the parser reads a plan whose newlines were lost.

A text is flattened when its longest line has 250 characters or more and it has at most five
lines or more than 400 characters a line on average. Lines of 200 characters or more are cut
before headings; shorter ones stay whole. Item numbers run in sequence from 1, 2 or 3 in one
style ("." or "、"); a number out of sequence is a page-chunk marker, removed unless there are
more markers than max(3, half the items). An indicator system run together needs three items;
each cell gives the name, the last known (or empty) bracketed unit, the department with its
direction word removed, and the category ending the cell is the next rows' category (its
department prefix cut after the last 部门/局/委/办, four characters at least). Expected values
are worked out by hand from these rules. Written for the mutation run of the parser
(docs/en/mutation-testing.md). Pure: no database, no file.
"""

from __future__ import annotations

from innocounty.core.parser.flat import (
    _category,
    _items,
    indicator_rows,
    is_flattened,
    relines,
    strip_markers,
)

# --- is_flattened --------------------------------------------------------------------------


def test_no_lines_is_not_flattened():
    # Rule: an empty document has no long line, so it is not a flattened one (and no error).
    assert is_flattened([]) is False


def test_a_single_line_of_exactly_250_characters_is_flattened():
    # Rule: the longest line must reach 250 characters; 250 itself counts.
    assert is_flattened([(1, "甲" * 250)]) is True


def test_a_single_line_of_249_characters_is_not_flattened():
    # Rule: below 250 characters the line may be an ordinary long paragraph.
    assert is_flattened([(1, "甲" * 249)]) is False


def test_a_long_paragraph_in_an_ordinary_document_is_not_flattened():
    # Rule: one 300-character paragraph among ten short lines (average 48) is a normal text.
    lines = [(1, "甲" * 300)] + [(n, "乙" * 20) for n in range(2, 11)]
    assert is_flattened(lines) is False


def test_five_lines_with_one_long_one_are_flattened():
    # Rule: at most five lines and one of 250+ characters: the newlines were lost.
    lines = [(1, "甲" * 250)] + [(n, "乙" * 10) for n in range(2, 6)]
    assert is_flattened(lines) is True


def test_six_lines_with_a_short_average_are_not_flattened():
    # Rule: six lines averaging (250 + 5*10)/6 = 50 characters are not a run-together text.
    lines = [(1, "甲" * 250)] + [(n, "乙" * 10) for n in range(2, 7)]
    assert is_flattened(lines) is False


def test_six_lines_averaging_exactly_400_are_not_flattened():
    # Rule: the average must be more than 400 characters a line; 400 is not enough.
    lines = [(n, "甲" * 400) for n in range(1, 7)]
    assert is_flattened(lines) is False


def test_six_lines_averaging_401_are_flattened():
    # Rule: six lines of 401 characters average more than 400: flattened.
    lines = [(n, "甲" * 401) for n in range(1, 7)]
    assert is_flattened(lines) is True


# --- relines -------------------------------------------------------------------------------


def test_a_line_of_exactly_200_characters_is_cut_before_its_heading():
    # Rule: lines of 200 characters or more are cut before "二、"; the parts keep the line number.
    head = "一、总体要求 坚持创新驱动发展。"
    tail = "二、主要目标 " + "甲" * (200 - len(head) - 7)
    text = head + tail
    assert len(text) == 200
    assert relines([(3, text)]) == [(3, head), (3, tail)]


def test_a_short_line_is_kept_whole_and_the_long_one_after_it_is_still_cut():
    # Rule: a line under 200 characters stays as it is, and the lines after it are still read.
    short = "一、总体要求 坚持创新。二、主要目标"
    head = "三、重点任务 " + "甲" * 200 + "。"
    tail = "四、保障措施 加强组织领导。"
    assert relines([(1, short), (2, head + tail)]) == [(1, short), (2, head), (2, tail)]


# --- _items / strip_markers ----------------------------------------------------------------


def test_a_small_number_after_the_sequence_is_a_page_marker():
    # Rule: after 1.2.3.4. the next item must be 5; a "2." there is a page marker.
    text = "1.研发经费 2.财政支出 3.企业数 4.人才数 2.专利数"
    items, markers = _items(text)
    assert [number for number, _, _ in items] == [1, 2, 3, 4]
    assert [m.group(0) for m in markers] == ["2."]


def test_a_list_may_start_at_three():
    # Rule: the first item may be numbered 1, 2 or 3 (a list cut by the page before).
    items, markers = _items("3.研发经费 4.财政支出")
    assert [number for number, _, _ in items] == [3, 4]
    assert markers == []


def test_a_list_may_not_start_at_four():
    # Rule: a first number above 3 is not the start of a list: both are markers.
    items, markers = _items("4.研发经费 5.财政支出")
    assert items == []
    assert [m.group(0) for m in markers] == ["4.", "5."]


def test_three_markers_among_few_items_are_removed():
    # Rule: up to max(3, items // 2) markers are removed; here 3 markers, 4 items.
    text = "1.研发 9、经费 2.财政 9、支出 3.企业 9、数量 4.人才数"
    stripped, markers = strip_markers(text)
    assert stripped == "1.研发经费 2.财政支出 3.企业数量 4.人才数"
    assert markers == ["9、", "9、", "9、"]


def test_four_markers_among_few_items_mean_the_text_is_not_one_list():
    # Rule: more markers (4) than max(3, 4 // 2) = 3: nothing is removed.
    text = "1.研发 9、经费 2.财政 9、支出 3.企业 9、数量 4.人才 9、数量"
    assert strip_markers(text) == (text, [])


def test_four_markers_among_eight_items_are_removed():
    # Rule: eight items allow max(3, 8 // 2) = 4 markers.
    text = (
        "1.研发 9、经费 2.财政 9、支出 3.企业 9、数量 4.人才 9、数量"
        " 5.专利数 6.平台数 7.成果数 8.技术合同"
    )
    stripped, markers = strip_markers(text)
    assert markers == ["9、"] * 4
    assert stripped == (
        "1.研发经费 2.财政支出 3.企业数量 4.人才数量 5.专利数 6.平台数 7.成果数 8.技术合同"
    )


def test_removing_a_marker_keeps_the_first_character():
    # Rule: the text before the first marker is kept from its first character.
    stripped, markers = strip_markers("科技1.研发 5、经费 2.财政支出 3.企业数")
    assert stripped == "科技1.研发经费 2.财政支出 3.企业数"
    assert markers == ["5、"]


# --- indicator_rows ------------------------------------------------------------------------


def test_three_items_make_an_indicator_system():
    # Rule: three items are enough to read a run-together indicator system.
    text = (
        "创新投入1.研发经费支出(万元)县统计局2.高新技术企业数(家)县科技局3.研发人员数(人)县人社局"
    )
    rows, notes = indicator_rows(text, 7)
    assert [(r.line, r.number, r.name, r.unit, r.units_text) for r in rows] == [
        (7, 1, "研发经费支出", "万元", "县统计局"),
        (7, 2, "高新技术企业数", "家", "县科技局"),
        (7, 3, "研发人员数", "人", "县人社局"),
    ]
    assert all(r.category == "创新投入" for r in rows)
    assert notes == []


def test_two_items_are_not_an_indicator_system():
    # Rule: fewer than three items are not read as a table.
    assert indicator_rows("创新投入1.研发经费支出(万元)县统计局2.企业数(家)县科技局", 1) == ([], [])


def test_a_cell_without_a_known_unit_is_all_name():
    # Rule: without a bracketed known unit the whole cell is the name; no unit, no department.
    text = "创新投入1.研发经费支出(万元)县统计局2.科技创新水平 3.企业数(家)县科技局"
    rows, _ = indicator_rows(text, 1)
    second = rows[1]
    assert (second.number, second.name, second.unit, second.units_text) == (
        2,
        "科技创新水平",
        "",
        "",
    )
    assert second.notes == []


def test_the_direction_word_leaves_the_department_and_sets_the_direction():
    # Rule: "逆向" after the department is the direction ("lower"), not part of the unit name.
    text = (
        "创新投入1.研发经费支出(万元)县统计局 正向2.万元GDP能耗(吨标准煤/万元)县发改局 逆向"
        "3.企业数(家)、县科技局、"
    )
    rows, _ = indicator_rows(text, 1)
    assert [(r.units_text, r.direction) for r in rows] == [
        ("县统计局", "higher"),
        ("县发改局", "lower"),
        ("县科技局", None),
    ]


def test_an_empty_bracket_is_a_lost_unit():
    # Rule: "()" where the unit was (a lost "%") is noted as lost_unit; a known unit is not.
    text = "创新投入1.研发投入强度()县统计局2.企业数(家)县科技局3.人才数(人)县人社局"
    rows, _ = indicator_rows(text, 1)
    assert rows[0].unit == ""
    assert rows[0].notes == ["lost_unit"]
    assert rows[1].notes == []


def test_a_page_marker_in_the_table_is_removed_with_a_note():
    # Rule: a page marker cutting the table is removed and reported in Chinese.
    text = "创新投入1.研发经费 2、支出(万元)县统计局2.企业数(家)县科技局3.人才数(人)县人社局"
    rows, notes = indicator_rows(text, 1)
    assert [(r.name, r.units_text) for r in rows] == [
        ("研发经费支出", "县统计局"),
        ("企业数", "县科技局"),
        ("人才数", "县人社局"),
    ]
    assert notes == ["删去了切断表格的分页标记“2、”"]


# --- _category -----------------------------------------------------------------------------


def test_header_words_are_not_part_of_the_category():
    # Rule: the header words 序号/计量单位 before the first category are dropped.
    assert _category("序号计量单位企业创新") == "企业创新"


def test_the_category_follows_the_last_bureau_in_the_department():
    # Rule: the department name before the category ends at the last 局.
    assert _category("县统计局科技创新") == "科技创新"
    assert _category("县税务局统计局创新投入") == "创新投入"


def test_the_category_follows_a_commission_or_an_office():
    # Rule: a department ending in 委 or 办 is cut off the category too.
    assert _category("县发改委企业创新") == "企业创新"
    assert _category("县政府办科技创新") == "科技创新"


def test_a_category_shorter_than_four_characters_is_none():
    # Rule: what remains after the department must have four characters at least.
    assert _category("县统计局创新") == ""
