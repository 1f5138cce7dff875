"""Targets written as sentences (issue 17, shape 1) and partial plans (targets, no tasks)."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from innocounty.core.parser import ParseError, parse_file, parse_text
from innocounty.core.parser.cli import run
from innocounty.core.schema import Plan

DOCUMENTS = Path(__file__).parent / "documents"
D = Decimal


def _by_code(plan: Plan) -> dict[str, tuple[str | None, str, str, list[tuple[int, str, D]]]]:
    return {
        i.code: (i.catalogue, i.category, i.unit, [(t.year, t.kind.value, t.value) for t in i.targets])
        for i in plan.indicators
    }  # fmt: skip


def test_prose_targets_grouped_by_category_become_indicators_with_yearly_targets() -> None:
    plan = parse_file(DOCUMENTS / "yunxi-prose-targets.txt")
    assert (plan.doc_number, plan.date.isoformat()) == ("溪政办发〔2021〕9号", "2021-04-20")
    assert (plan.start_year, plan.end_year) == (2021, 2023)
    assert plan.categories == ["创新投入", "企业创新", "创新环境", "创新绩效"]
    assert _by_code(plan) == {
        # "1.2021年" is item 1 and year 2021; 0.7亿元 is 7000万元 in the catalogue's unit.
        "N03": ("N03", "创新投入", "万元", [(2021, "target", D(5200)), (2022, "target", D(6000)), (2023, "target", D(7000))]),
        # "2. 2021年…达到0.75%,2022年达到0.9%": a clause without a name continues the indicator.
        "N01": ("N01", "创新投入", "%", [(2021, "target", D("0.75")), (2022, "target", D("0.9")), (2023, "target", D("1.2"))]),
        # One item, two indicators; the year 2021 carries over to the second; 至少达到.
        "N05": ("N05", "企业创新", "家", [(2021, "target", D(28)), (2022, "target", D(34))]),
        "N06": ("N06", "企业创新", "家", [(2021, "target", D(40)), (2022, "target", D(55))]),
        # The year inside the clause, after the name.
        "N04": ("N04", "企业创新", "%", [(2023, "target", D("1.5"))]),
        # 建成…以上: the name after the verb; "2023年建成3个以上" continues it. Not national.
        "S01": (None, "创新环境", "个", [(2022, "target", D(2)), (2023, "target", D(3))]),
        "N10": ("N10", "创新环境", "人", [(2021, "target", D(60))]),
        "N13": ("N13", "创新绩效", "件/万人", [(2023, "target", D("3.5"))]),
        "N14": ("N14", "创新绩效", "吨标准煤/万元", [(2023, "target", D("0.52"))]),
    }  # fmt: skip
    s01 = next(i for i in plan.indicators if i.code == "S01")
    assert s01.name == "县级以上科技企业孵化器"
    n14 = next(i for i in plan.indicators if i.code == "N14")
    assert n14.direction == "lower"
    # No item number read as a value, no year read as a value.
    values = {t.value for i in plan.indicators for t in i.targets}
    assert not values & {D("2.2021"), D(2021), D(2022), D(2023)}
    # Every target is also a main target pointing at its indicator.
    assert len(plan.main_targets) == sum(len(i.targets) for i in plan.indicators)
    assert {m.indicator for m in plan.main_targets} == {i.code for i in plan.indicators}
    messages = [f.message for f in plan.findings]
    assert "未找到重点任务：请在页面上补充任务及其牵头、责任单位" in messages
    assert "“2023年不低于0.7亿元”0.7亿元 换算为 7000万元" in messages


def test_a_partial_plan_is_printed_with_exit_0_and_its_findings() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(DOCUMENTS / "yunxi-prose-targets.txt"), "--json"], out, err)
    assert (code, err.getvalue()) == (0, "")
    data = json.loads(out.getvalue())
    assert data["programs"] == []
    n01 = next(i for i in data["indicators"] if i["code"] == "N01")
    assert n01["targets"][0] == {"year": 2021, "kind": "target", "value": 0.75}
    assert any(
        f["kind"] == "missing" and "未找到重点任务" in f["message"] for f in data["findings"]
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("1.2024年高新技术企业数不低于30家。", (2024, D(30))),
        ("1.2024年高新技术企业数至少达到30家。", (2024, D(30))),
        ("1.2024年高新技术企业数不少于30家。", (2024, D(30))),
        ("1.到2024年,高新技术企业数达到30家以上。", (2024, D(30))),
        ("1.2024年底建成高新技术企业30家以上。", (2024, D(30))),
        ("1.高新技术企业数2024年达30家。", (2024, D(30))),
    ],
)
def test_minimum_wordings(sentence: str, expected: tuple[int, D]) -> None:
    text = f"某县创新型县建设实施方案\n二、主要目标\n(一)企业创新方面。{sentence}"
    plan = parse_text(text)
    (indicator,) = plan.indicators
    assert indicator.catalogue == "N05"
    assert [(t.year, t.value) for t in indicator.targets] == [expected]


def test_several_items_on_one_line_and_year_carry_over() -> None:
    text = (
        "某县创新型县建设实施方案(2024—2026年)\n二、主要目标\n"
        "(一)创新绩效方面。8.2025年万人发明专利拥有量达到4件;9.当年新注册企业数不少于900家,"
        "2026年不少于1000家;10.年度科普经费筹集额达到120万元以上。"
    )
    plan = parse_text(text)
    assert {i.catalogue: [(t.year, t.value) for t in i.targets] for i in plan.indicators} == {
        "N13": [(2025, D(4))],
        "N15": [(2025, D(900)), (2026, D(1000))],  # 2025 carried from item 8
        "N11": [(2026, D(120))],  # the year of the clause before
    }
    assert [i.number for i in plan.indicators] == [8, 9, 10]


def test_a_document_with_neither_targets_nor_tasks_is_refused_saying_what_was_found() -> None:
    text = "某县科技工作总结\n一、基本情况\n今年全县科技工作稳步推进。\n二、下一步打算\n继续努力。"
    with pytest.raises(ParseError) as info:
        parse_text(text)
    message = str(info.value)
    assert "不像是一份实施方案" in message
    assert "5 行文字" in message and "2 个章节" in message and "“一、基本情况”" in message


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("全社会研发经费支出", "N03"),
        ("全社会R&D经费投入", "N03"),
        ("全社会研发经费支出占GDP比重", None),  # a ratio of GDP: not one of the 15
        ("规上工业企业研发经费支出占营业收入比重", "N04"),
        ("国家高新技术企业数量", "N05"),
        ("科技型中小企业评价入库数", "N06"),
        ("每万人口发明专利拥有量", "N13"),
        ("每万人口高价值发明专利拥有量", None),  # another indicator
        ("单位GDP能耗", "N14"),
        ("新登记注册企业数", "N15"),
        ("年度科普经费筹集额", "N11"),
        ("县级以上科技特派员", "N10"),
        ("县级以上科技企业孵化器", None),
    ],
)
def test_prose_names_match_the_national_catalogue_by_wording(name: str, code: str | None) -> None:
    from innocounty.core.parser.prose import catalogue_code

    assert catalogue_code(name) == code


def test_a_name_after_the_number_and_a_clause_without_a_number() -> None:
    text = (
        "某县创新型县建设实施方案(2024—2026年)\n二、主要目标\n"
        "(一)企业创新方面。1.到2026年,培育3家以上上市企业,力争建成国家创新型县。"
    )
    plan = parse_text(text)
    assert [(i.name, [(t.year, t.value) for t in i.targets]) for i in plan.indicators] == [
        ("上市企业", [(2026, D(3))])
    ]


def test_values_given_respectively_and_a_comparison_year_that_is_not_the_target_year() -> None:
    text = (
        "某县创新型县建设实施方案(2021—2023年)\n二、主要目标\n"
        "(一)企业创新方面。1.2021年、2022年、2023年高新技术企业数分别达到28家、34家、40家;"
        "2.2021—2023年科技型中小企业数分别不少于50、60、70家。\n"
        "(二)创新绩效方面。3.2023年当年新注册企业数比2020年增长20%。"
    )
    plan = parse_text(text)
    got = {i.code: [(t.year, t.value) for t in i.targets] for i in plan.indicators}
    assert got["N05"] == [(2021, D(28)), (2022, D(34)), (2023, D(40))]
    assert got["N06"] == [(2021, D(50)), (2022, D(60)), (2023, D(70))]
    growth = next(i for i in plan.indicators if i.category == "创新绩效")
    assert (growth.code, growth.name, growth.unit) == ("S01", "当年新注册企业数增长率", "%")
    assert [(t.year, t.value) for t in growth.targets] == [(2023, D(20))]  # 2023, not 2020


def test_another_wording_year_value_lists_and_money_in_yi_yuan() -> None:
    plan = parse_file(DOCUMENTS / "lanxi-goals.txt")
    assert _by_code(plan) == {
        "N03": ("N03", "创新投入", "万元", [(2023, "target", D(32000)), (2024, "target", D(38000)), (2025, "target", D(45000))]),
        "N01": ("N01", "创新投入", "%", [(2023, "target", D(2)), (2024, "target", D("2.2")), (2025, "target", D("2.5"))]),
        # "高新技术企业数:2023年35家、2024年42家、2025年50家"
        "N05": ("N05", "企业创新", "家", [(2023, "target", D(35)), (2024, "target", D(42)), (2025, "target", D(50))]),
        # 研发投入强度 of industrial firms is N04; the year 2025 carries over from item 3.
        "N04": ("N04", "企业创新", "%", [(2025, "target", D("1.8"))]),
    }  # fmt: skip
    assert [str(t.value) for t in plan.indicators[0].targets] == ["32000", "38000", "45000"]
