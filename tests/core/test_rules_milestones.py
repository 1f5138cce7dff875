"""Missed milestones (`core/milestones.py`): their order and the translatable sentence of a
judged task's note. Written for the mutation run of the core (docs/en/mutation-testing.md).
"""

from __future__ import annotations

import datetime as dt

from innocounty.core.milestones import MilestoneFacts, cn_date, missed, note_message

ON = dt.date(2025, 12, 1)
CATALOGUE = {
    ("", "节点{names}未按期完成。"): "Milestone {names} missed.",
    ("", "{title}（完成时限{due}）"): "{title} (due {due})",
    ("", "{year}年{month}月{day}日"): "{year}-{month}-{day}",
}


def english(message) -> str:
    return message.render(lambda c, m: CATALOGUE.get((c, m), m))


def test_missed_milestones_are_listed_by_due_date_then_title():
    late_2 = MilestoneFacts("二期验收", dt.date(2025, 6, 30))
    early = MilestoneFacts("出台办法", dt.date(2025, 3, 31))
    late_1 = MilestoneFacts("一期验收", dt.date(2025, 6, 30))
    done = MilestoneFacts("完成调研", dt.date(2025, 2, 28), done_on=dt.date(2025, 2, 1))
    assert missed([late_2, done, early, late_1], on=ON) == [early, late_1, late_2]


def test_a_date_is_written_the_chinese_way():
    assert cn_date(dt.date(2025, 6, 30)) == "2025年6月30日"


def test_a_note_that_starts_with_the_missed_sentence_has_that_sentence_translated():
    m = [MilestoneFacts("出台实施办法", dt.date(2025, 6, 30))]
    note = "节点“出台实施办法”（完成时限2025年6月30日）未按期完成。单位已说明原因。"
    message = note_message(note, m)
    assert str(message) == note
    assert english(message) == "Milestone “出台实施办法” (due 2025-6-30) missed.单位已说明原因。"


def test_a_note_of_other_words_is_data_and_stays_as_written():
    m = [MilestoneFacts("出台实施办法", dt.date(2025, 6, 30))]
    assert english(note_message("单位自填说明", m)) == "单位自填说明"
    # No missed milestone: the note is data, even if it looks like a sentence.
    assert english(note_message("节点未按期完成。", [])) == "节点未按期完成。"
