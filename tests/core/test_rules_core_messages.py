"""What the core says back, in a form a page can translate: the workflow's and the period
reader's errors keep their `Message`, a round's title is a Message of the period's label, and a
stored warning or error is read back into the template and values it was written from
(`validation._pattern`). Written for the mutation run of the core
(docs/en/mutation-testing.md); the catalogues are small hand-made ones.
"""

from __future__ import annotations

import pytest

from innocounty.core import validation
from innocounty.core.periods import PeriodError, as_period
from innocounty.core.rounds import round_title
from innocounty.core.workflow import WorkflowError, check

CATALOGUE = {
    ("", "{state}状态下不能{action}"): "cannot {action} when {state}",
    ("", "无效的报告期“{text}”：应为 2024、2024Q3 或 2024-07 的形式"): "invalid period “{text}”",
    ("", "{period}填报"): "Reporting for {period}",
    ("", "{year}年第{number}季度"): "Q{number} {year}",
}


def english(message) -> str:
    return message.render(lambda c, m: CATALOGUE.get((c, m), m))


def test_a_workflow_error_keeps_its_message_for_another_language():
    with pytest.raises(WorkflowError) as refused:
        check("approved", "submit", "reporter")
    assert str(refused.value.message) == str(refused.value)
    assert english(refused.value.message).startswith("cannot ")


def test_a_period_error_keeps_its_message_for_another_language():
    with pytest.raises(PeriodError) as refused:
        as_period("2024Q5")
    assert str(refused.value.message) == str(refused.value)
    assert english(refused.value.message) == "invalid period “2024Q5”"


def test_a_round_is_titled_by_its_period():
    assert str(round_title("2025Q3")) == "2025年第3季度填报"
    assert english(round_title("2025Q3")) == "Reporting for Q3 2025"


@pytest.mark.parametrize(
    ("template", "stored", "values"),
    [
        # One group per placeholder, each as short as the rest allows.
        ("{a}，{b}", "1，2，3", {"a": "1", "b": "2，3"}),
        ("变化 {change}%", "变化 +61.3%", {"change": "+61.3"}),
        # Characters that mean something in a regular expression are plain text.
        ("（{x}）+.*?", "（甲）+.*?", {"x": "甲"}),
        ("（{x}）+.*?", "（甲）++", None),
        # A placeholder used twice must hold the same value twice.
        ("{n}{unit} 到 {m}{unit}", "5万人 到 10万人", {"n": "5", "unit": "万人", "m": "10"}),
        ("{n}{unit} 到 {m}{unit}", "5万人 到 10万元", None),
        # Only the whole text: no prefix, no suffix, and every placeholder needs a value.
        ("上期 {p}", "说明：上期 3", None),
        ("上期 {p}", "上期 ", None),
        ("无占位", "无占位", {}),
    ],
)
def test_a_stored_text_is_read_back_by_the_pattern_of_its_template(template, stored, values):
    match = validation._pattern(template).fullmatch(stored)
    if values is None:
        assert match is None
    else:
        assert match is not None and match.groupdict() == values
