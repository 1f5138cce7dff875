"""Indicator systems (指标体系, issue 17 shape 2), as a table and flattened (shape 3)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from innocounty.core.parser import parse_file

DOCUMENTS = Path(__file__).parent / "documents"

# Worked out from the documents by hand: code, category, number, unit, direction, departments.
EXPECTED = [
    ("N01", "创新投入", 1, "%", "higher", ["财政部门"]),
    ("N02", "创新投入", 2, "人/万人", "higher", ["统计部门"]),
    ("N03", "创新投入", 3, "万元", "higher", ["统计部门", "科技部门"]),
    ("N04", "企业创新", 4, "%", "higher", ["统计部门"]),
    ("N05", "企业创新", 5, "家", "higher", ["科技部门"]),
    ("N06", "企业创新", 6, "家", "higher", ["科技部门"]),
    ("N14", "创新绩效", 7, "吨标准煤/万元", "lower", ["发展改革部门"]),
    ("S01", "创新绩效", 8, "%", "higher", ["农业农村部门"]),
]


def _rows(plan):
    return [
        (i.code, i.category, i.number, i.unit, i.direction.value, i.responsible_units)
        for i in plan.indicators
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # A real table: its ninth row says 逆向 for a local indicator, which becomes "lower".
        ("xiangchu-indicator-system.txt", [*EXPECTED, ("S02", "创新绩效", 9, "吨/万元", "lower", ["生态环境部门"])]),
        # The same system copied from a sharing site: one line, cells run together.
        ("xiangchu-indicator-system-flat.txt", EXPECTED),
    ],
)  # fmt: skip
def test_an_indicator_system_is_read_as_indicators_without_targets(name, expected) -> None:
    plan = parse_file(DOCUMENTS / name)
    assert plan.title == "湘楚省创新型县（市）建设指标体系"
    assert _rows(plan) == expected
    assert all(i.targets == [] for i in plan.indicators)
    assert plan.programs == []
    assert {u.name for u in plan.units} >= {"财政部门", "统计部门", "科技部门"}
    messages = [f.message for f in plan.findings]
    assert (
        f"指标表（指标体系）列出 {len(expected)} 项指标，但没有目标值：请在页面上补充各年度目标"
        in messages
    )
    assert "未找到重点任务：请在页面上补充任务及其牵头、责任单位" in messages
    assert not any(f.kind == "truncated" for f in plan.findings)


def test_the_flattened_system_repairs_wrap_spaces_page_markers_and_a_lost_percent() -> None:
    plan = parse_file(DOCUMENTS / "xiangchu-indicator-system-flat.txt")
    names = {i.code: i.name for i in plan.indicators}
    assert names["N04"] == "规模以上工业企业研究与试验发展(R&D)经费支出占营业收入的比重"  # "收 入"
    assert names["N05"] == "高新技术企业数"  # "高新技术企 2、 业数": the page marker is gone
    messages = [f.message for f in plan.findings]
    assert "指标表：删去了切断表格的分页标记“2、”" in messages
    assert any("“（）”（“%”丢失），读作“%”" in m for m in messages)


def test_a_whole_plan_run_together_on_one_line() -> None:
    plan = parse_file(DOCUMENTS / "jinxi-flat.txt")
    assert (plan.title, plan.doc_number) == (
        "金溪县国家创新型县建设实施方案（2024—2026年）",
        "金政发〔2024〕5号",
    )
    assert (plan.start_year, plan.end_year) == (2024, 2026)
    assert [(p.number, p.title) for p in plan.programs] == [
        (1, "实施主体培育工程"),
        (2, "实施平台提升工程"),
    ]
    assert [(t.number, t.title, t.lead_units, t.responsible_units) for t in plan.tasks()] == [
        (1, "培育高新技术企业", ["县科技局"], ["县税务局"]),
        (2, "支持企业研发", ["县税务局"], ["县科技局"]),
        (3, "建设县级创新平台", ["县发改局"], ["县经信局"]),
    ]
    assert plan.tasks()[2].text == "推动企业建设研发中心。"  # "推动企业 建设": a wrap space
    assert {i.catalogue: [(t.year, t.value) for t in i.targets] for i in plan.indicators} == {
        "N03": [(2024, 8000), (2025, 9000)],
        "N01": [(2024, Decimal("1.1"))],
        "N05": [(2025, 45), (2026, 52)],
    }
    assert any(f.kind == "flattened" and "已按标题重新分段" in f.message for f in plan.findings)
