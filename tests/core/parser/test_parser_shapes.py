"""Issue 17 shapes 4 and 6: "——" bullet targets, targets in task text, blanks in a draft,
other unit labels, several tasks in one paragraph, a page with its site's chrome."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from innocounty.core.parser import parse_file, parse_text

DOCUMENTS = Path(__file__).parent / "documents"
D = Decimal


def _tasks(plan):
    return [(t.number, t.title, t.lead_units, t.responsible_units) for t in plan.tasks()]


def _messages(plan, kind):
    return [(f.line, f.message) for f in plan.findings if f.kind == kind]


def test_bullet_targets_task_text_targets_and_a_blank_number() -> None:
    plan = parse_file(DOCUMENTS / "qingshan-bullets.txt")
    assert (plan.start_year, plan.end_year) == (2024, 2026)
    assert {i.code: (i.catalogue, i.unit, [(t.year, t.value) for t in i.targets]) for i in plan.indicators} == {
        "S01": (None, "%", [(2026, D("3.2"))]),  # a ratio of GDP is not one of the 15
        "N03": ("N03", "万元", [(2026, D(45000))]),  # 4.5亿元
        "N05": ("N05", "家", [(2025, D(60)), (2026, D(75))]),
        "N13": ("N13", "件/万人", [(2026, D("5.8"))]),
    }  # fmt: skip
    assert (
        next(i for i in plan.indicators if i.code == "S01").name == "R&D经费支出占地区生产总值比重"
    )
    # "三年内" counts from the plan's first year (2024): 2026, and 3 is not the value.
    assert _messages(plan, "task_target") == [
        (11, "任务 1：2026 年数量目标“三年内认定市级科技孵化器45家以上”")
    ]
    # "力争4年内有 家": reported, never invented (and 4 is not the value).
    assert _messages(plan, "blank_value") == [
        (11, "任务 1：“力争4年内有 家企业进入全省科技领军企业行列”缺少数值（草稿留空），未读作目标")
    ]
    values = {t.value for i in plan.indicators for t in i.targets}
    assert D(4) not in values and D(45) not in values


def test_other_unit_labels_and_brackets() -> None:
    plan = parse_file(DOCUMENTS / "qingshan-bullets.txt")
    assert _tasks(plan) == [
        (1, "壮大科技型企业群体", ["县科技局"], ["县经信局", "县财政局"]),  # 配合单位, full-width
        (2, "建设创新平台", ["县发改局"], ["县科技局"]),  # 协办单位, ASCII brackets
        (3, "引进高层次人才", ["县委组织部"], ["县人社局", "县教育局"]),  # 参与单位, no semicolon
        (4, "加强科技特派员服务", ["县农业农村局"], ["各乡镇"]),  # 责任单位 alone, in 【】
    ]  # fmt: skip
    assert (15, "任务 4：只写了责任单位，排在第一位的“县农业农村局”按牵头单位读") in _messages(
        plan, "unit"
    )


def test_a_web_page_with_chrome_two_tasks_in_a_paragraph_and_a_date_missing_characters() -> None:
    plan = parse_file(DOCUMENTS / "yuanling-web.txt")
    assert plan.title == "沅岭县创新型县建设实施方案"
    assert (plan.doc_number, plan.date, plan.issuer) == (
        "沅政办发〔2024〕3号", dt.date(2024, 3, 5), "沅岭县人民政府",
    )  # fmt: skip
    assert _tasks(plan) == [
        (1, "实施高新技术企业倍增计划", ["县科技局"], ["县税务局", "县财政局"]),
        (2, "推动规上企业研发活动全覆盖", ["县工信局"], ["县科技局"]),
        (3, "发展科技服务业", ["县科技局"], ["县市场监管局"]),
        (4, "加大财政科技投入", ["县财政局"], ["县科技局"]),
        (5, "营造创新文化", ["县科协"], []),
    ]  # fmt: skip
    assert plan.tasks()[0].text == "建立高企后备库，实行梯次培育。"
    assert (16, "第 16 行有 2 项任务连写，已分开") in _messages(plan, "numbering")
    assert (10, "日期“202435”缺字，读作 2024-03-05") in _messages(plan, "date")
    assert _messages(plan, "truncated") == []  # the footer ("打印本页 关闭窗口") is not text
    assert [i.catalogue for i in plan.indicators] == ["N05", "N06"]


def test_a_dropped_date_without_a_page_date() -> None:
    text = "某县创新型县建设实施方案\n202368\n一、重点任务\n1.甲任务。(牵头单位:县科技局)"
    plan = parse_text(text)
    assert plan.date == dt.date(2023, 6, 8)
