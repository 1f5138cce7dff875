"""Full-width punctuation in Chinese context (GB/T 15834), issue 13 item 1 (parser part)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innocounty.core.parser import parse_text
from innocounty.core.parser.regenerate import PLANS_DIR
from innocounty.core.punctuation import fullwidth, fullwidth_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各成员单位:", "各成员单位："),
        ("县(市)", "县（市）"),
        ("(牵头单位:县科技局;责任单位:县发改委)", "（牵头单位：县科技局；责任单位：县发改委）"),
        ("真的吗?是的!", "真的吗？是的！"),
        ('开展"小升规"培育', "开展“小升规”培育"),
        # A quote inside a quote is a single quote.
        ("“深入实施“三乡工程””", "“深入实施‘三乡工程’”"),
        ("“深入实施“三乡工程”,推动“一村一品””", "“深入实施‘三乡工程’，推动‘一村一品’”"),
        ("研究与试验发展(R&D)经费", "研究与试验发展（R&D）经费"),
        ("2021 年 0.75%,2022 年 0.9%", "2021 年 0.75%，2022 年 0.9%"),
        # Numbers, times, addresses, formulas and Latin text keep their own marks.
        ("1,000 万元", "1,000 万元"),
        ("10:30 开会", "10:30 开会"),
        ("见 https://example.org/a?b=1 网站", "见 https://example.org/a?b=1 网站"),
        ("f(x) = 1", "f(x) = 1"),
        ("Hello, world! 你好", "Hello, world! 你好"),
        ("no Chinese here: (a, b)", "no Chinese here: (a, b)"),
    ],
)
def test_fullwidth(text: str, expected: str) -> None:
    assert fullwidth(text) == expected


def test_the_count_is_the_number_of_marks_changed() -> None:
    assert fullwidth_count("(牵头单位:县科技局;责任单位:县发改委)") == (
        "（牵头单位：县科技局；责任单位：县发改委）",
        5,
    )


@given(st.text(max_size=200))
def test_fullwidth_never_raises_and_keeps_text_without_chinese(text: str) -> None:
    result = fullwidth(text)
    if not any("\u4e00" <= c <= "\u9fff" for c in text):
        assert result == text


DOCUMENT = (
    "某县创新型县(市)建设实施方案\n二、重点任务\n(一)实施企业培育工程\n"
    '1.培育"专精特新"企业。支持企业开展"小升规",到2025年达到1,200家,每周一10:30调度!'
    "(牵头单位:县科技局;责任单位:县经信局)"
)


def test_the_parser_restores_full_width_punctuation_and_says_so() -> None:
    plan = parse_text(DOCUMENT)
    assert plan.title == "某县创新型县（市）建设实施方案"
    (task,) = plan.tasks()
    assert task.title == "培育“专精特新”企业"
    assert task.text == "支持企业开展“小升规”，到2025年达到1,200家，每周一10:30调度！"
    assert task.lead_units == ["县科技局"]  # names are read as before
    (finding,) = [f for f in plan.findings if f.kind == "punctuation"]
    # Worked out by hand: title ( ) = 2; task title "" = 2; text "" , , ! = 5.
    assert finding.message.startswith("方案文字中的半角标点已按 GB/T 15834 改为全角")
    assert "共 9 处" in finding.message


def test_without_restoring_the_text_is_as_read_and_there_is_no_finding() -> None:
    plan = parse_text(DOCUMENT, punctuation=False)
    assert plan.title == "某县创新型县(市)建设实施方案"
    assert not any(f.kind == "punctuation" for f in plan.findings)


def test_the_committed_seed_plan_is_full_width_except_the_quoted_source() -> None:
    """The generated qianjiang plan: errata applied to the text as read, then full-width
    punctuation everywhere (names included), an erratum's quote of the source kept as is."""
    from innocounty.core.parser.regenerate import render

    text = render("qianjiang-2023")
    assert text == (PLANS_DIR / "qianjiang-2023.yaml").read_text(encoding="utf-8")
    assert "title: 潜江国家创新型县（市）建设实施方案\n" in text
    assert "- name: 市创新型县（市）建设工作领导小组办公室\n" in text
    assert "office_unit: 市科技局\n" in text
    assert "  original: '发布机构: 市科技局'\n" in text  # as the source has it
    assert "  reading: 牵头单位：市科技局；责任单位：市经信局、…\n" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The edges of the text: nothing before the first mark, nothing after the last.
        (",2县1", "，2县1"),
        (", 县", "，县"),
        ("1,县", "1，县"),
        ("县 ,1", "县，1"),  # the nearest character may be the first one
        ("县2,1", "县2,1"),  # a thousands separator at the end of a number
        ("县网址:/a", "县网址:/a"),  # a colon before a slash is a path or an address
        # Latin on one side and nothing or Latin on the other keeps the mark, counting past
        # digits and spaces but not past a Chinese character.
        ("县a,1", "县a,1"),
        ("县a1,b", "县a1,b"),
        ("a,1b县", "a,1b县"),
        ("a,县b", "a，县b"),
        # Brackets: Chinese inside, just before or just after.
        ("a(县)b", "a（县）b"),
        ("县(a)b", "县（a）b"),
        ("a(b)县", "a（b）县"),
        ("(a)b县", "(a)b县"),
        ("县a(b)c", "县a(b)c"),
        ("a(b)c县", "a(b)c县"),
        # Straight quotes pair up in order; an unpaired one stays; Latin inside stays.
        ('"县"和"乡"', "“县”和“乡”"),
        ('"县"和"乡', '“县”和"乡'),
        ('县"b"', '县"b"'),
        ("县X“乡”", "县X“乡”"),
    ],
)
def test_the_edges_of_the_rules(text: str, expected: str) -> None:
    assert fullwidth(text) == expected


def test_every_changed_mark_is_counted_and_quotes_nest_by_level() -> None:
    assert fullwidth_count("(县)(乡)") == ("（县）（乡）", 4)
    assert fullwidth_count('"县"和"乡"') == ("“县”和“乡”", 4)
    # Levels 1 and 3 take ‘’; two opening and two closing marks change.
    assert fullwidth_count("“一“二“三“四”三”二”一”") == ("“一‘二“三‘四’三”二’一”", 4)
