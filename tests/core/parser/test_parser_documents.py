"""Four plans in other styles: other counties, numbering, labels, table layouts, encodings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from innocounty.core.parser import parse_file
from innocounty.core.schema import Plan, UnitKind

DOCUMENTS = Path(__file__).parent / "documents"


def _tasks(plan: Plan) -> list[tuple[int, str, list[str], list[str]]]:
    return [(t.number, t.title, t.lead_units, t.responsible_units) for t in plan.tasks()]


def _targets(plan: Plan, code: str) -> list[tuple[int, str, Decimal]]:
    indicator = next(i for i in plan.indicators if i.code == code)
    return [(t.year, t.kind.value, t.value) for t in indicator.targets]


def _kinds(plan: Plan) -> list[str]:
    return [f.kind for f in plan.findings]


def test_chibi_gb18030_with_tab_table_and_labels_on_their_own_line() -> None:
    plan = parse_file(DOCUMENTS / "chibi-2024.txt")
    assert plan.key == "chibi-2024"
    assert plan.title == "赤壁市创新型县（市）建设行动方案"
    assert (plan.doc_number, plan.date.isoformat()) == ("赤政办发〔2024〕7号", "2024-03-15")
    assert (plan.issuer, plan.region) == ("赤壁市人民政府", "赤壁市")
    assert (plan.start_year, plan.end_year, plan.base_year) == (2024, 2026, 2023)
    assert [(p.number, p.title) for p in plan.programs] == [
        (1, "创新主体培育行动"),
        (2, "创新平台建设行动"),
        (3, "创新环境优化行动"),
    ]
    assert _tasks(plan) == [
        (1, "壮大高新技术企业群体", ["市科技局"], ["市发改委", "市财政局", "市税务局"]),
        (2, "引导企业加大研发投入", ["市科技局"], ["市经信局", "市统计局"]),
        (3, "建设赤壁高新区创新中心", ["赤壁高新区管委会"], ["市科技局", "市自然资源局", "各乡镇(街道)"]),
        (4, "发展科技服务机构", ["市科技局"], ["市市场监督管理局"]),
        (5, "加强科技人才引育", ["市委组织部"], ["市人社局", "市教育局", "团市委"]),
    ]  # fmt: skip
    assert "bracket" not in _kinds(plan)  # labels on their own line need no brackets
    assert plan.categories == ["创新投入", "企业创新", "特色指标"]
    assert [i.code for i in plan.indicators] == ["N03", "N01", "N05", "N06", "S01"]
    assert _targets(plan, "N01") == [
        (2023, "baseline", Decimal("2.1")),
        (2024, "target", Decimal("2.3")),
        (2025, "target", Decimal("2.6")),
        (2026, "target", Decimal("3.0")),
    ]
    n06 = next(i for i in plan.indicators if i.code == "N06")
    assert (n06.category, n06.unit, n06.responsible_units) == (
        "企业创新",
        "家",
        ["市科技局", "市经信局"],
    )
    assert [(m.indicator, m.value, m.unit, m.year) for m in plan.main_targets] == [
        ("N05", Decimal(90), "家", 2026),
        ("N06", Decimal(150), "家", 2026),
        ("N03", Decimal("8.5"), "亿元", 2026),
        ("S01", Decimal(12), "亿元", 2026),
    ]
    units = {u.name: (u.kind, u.member) for u in plan.units}
    assert units["各乡镇(街道)"] == (UnitKind.GROUP, True)
    assert units["团市委"] == (UnitKind.UNIT, False)
    assert plan.office_unit == "市科技局"
    leaders = [(m.role, m.name, m.position) for m in plan.leading_group if m.role != "成员"]
    assert leaders == [("组长", "张明", "市委副书记、市长"), ("副组长", "李华", "副市长")]


def test_tongshan_docx_with_real_table_and_two_header_rows(tongshan_docx: Path) -> None:
    plan = parse_file(tongshan_docx)
    assert plan.key == "tongshan-2023"
    assert (plan.title, plan.region) == ("通山县国家创新型县建设实施方案", "通山县")
    assert plan.doc_number == "山政发〔2023〕21号"
    assert (plan.start_year, plan.end_year) == (2023, 2025)
    assert _tasks(plan) == [
        (1, "推进特色产业提质增效", ["县农业农村局"], ["县科技局", "县林业局"]),
        (2, "培育壮大高新技术企业", ["县科技局"], ["县经信局", "县税务局", "各乡镇"]),
        (3, "建设县科技企业孵化器", ["县科技局"], ["通山经济开发区管委会"]),
    ]
    assert plan.categories == ["企业创新", "创新环境"]
    assert _targets(plan, "N06") == [
        (2023, "target", Decimal(60)),
        (2024, "target", Decimal(70)),
        (2025, "assessment", Decimal(80)),
        (2025, "expected", Decimal(90)),
    ]
    n06 = next(i for i in plan.indicators if i.code == "N06")
    assert n06.responsible_units == ["县科技局", "县经信局"]
    assert [m.indicator for m in plan.main_targets] == ["N05", "N11", None]
    messages = [f.message for f in plan.findings]
    assert "主要目标“高新技术企业数达到45家”45家 对应指标 N05 2025 年考核值" in messages
    assert any("新增省级以上研发平台8个" in m and "建议增列" in m for m in messages)
    assert "任务 3：2025 年数量目标“建成孵化器2个”" in messages


def test_caidian_district_with_paren_numbering_and_flattened_table() -> None:
    plan = parse_file(DOCUMENTS / "caidian-district.txt")
    assert plan.key == "caidian-district"
    assert plan.region == "蔡甸区"
    assert (plan.start_year, plan.end_year) == (2024, 2026)
    # "(1)" restarts in each program: tasks are renumbered across the plan, with a finding.
    assert _tasks(plan) == [
        (1, "培育科技型企业梯队", ["区科技和经信局"], ["区发改局", "区市场监管局", "各街道"]),
        (2, "推动产学研合作", ["区科技和经信局"], ["区教育局", "区人社局"]),
        (3, "优化科技金融服务", ["区财政局"], ["区金融工作局", "区科技和经信局"]),
    ]
    assert plan.tasks()[0].text.startswith("建立科技型中小企业")
    assert "①开展“小升规”培育" in plan.tasks()[0].text
    assert {"separator", "title", "bracket", "numbering"} <= set(_kinds(plan))
    assert _targets(plan, "N13") == [
        (2024, "target", Decimal("5.2")),
        (2025, "target", Decimal("5.8")),
        (2026, "assessment", Decimal("6.5")),
        (2026, "expected", Decimal("7.0")),
    ]
    n11 = next(i for i in plan.indicators if i.code == "N11")
    assert (n11.unit, n11.responsible_units) == ("万元", ["区科协", "区科技和经信局"])
    assert [u.name for u in plan.units if u.member][-1] == "各街道"


def test_tongcheng_cut_off_part_way_still_gives_a_plan() -> None:
    plan = parse_file(DOCUMENTS / "tongcheng-cut.txt")
    assert plan.key == "tongcheng-cut"
    assert plan.title == "通城县创新型县建设三年行动方案（2023—2025年）"
    assert (plan.region, plan.start_year, plan.end_year) == ("通城县", 2023, 2025)
    assert plan.indicators == []
    assert _tasks(plan) == [
        (1, "加快培育高新技术企业", ["县科技局"], ["县经信局", "县财政局"]),
        (2, "支持企业建设研发平台", ["县经信局"], ["县科技局", "各乡镇"]),
        (3, "引进高层次人才", ["县委组织部"], ["县人社局"]),
    ]
    messages = [(f.kind, f.line, f.message) for f in plan.findings]
    assert ("truncated", 11, "文档似乎在第 11 行中断，其后的内容缺失") in messages
    assert ("unit", 11, "任务 3：残缺的单位名称“县”已忽略") in messages
    assert ("task_target", 5, "任务 1：2025 年数量目标“全县高新技术企业达到50家以上”") in messages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、重点任务\n1.甲任务。(牵头单位:市科技局;责任单位:市发改委)", (["市科技局"], ["市发改委"])),
        ("一、重点任务\n1、甲任务。(牵头部门:市科技局;责任部门:市发改委)", (["市科技局"], ["市发改委"])),
        ("一、重点任务\n(1)甲任务。(牵头单位:市科技局;配合单位:市发改委)", (["市科技局"], ["市发改委"])),
        ("一、重点任务\n①甲任务。(牵头单位:县科技局;责任单位:县发改委)", (["县科技局"], ["县发改委"])),
        ("一、重点任务\n1.甲任务。(牵头单位:市科技局、市财政局;责任单位:相关区、镇、街道)", (["市科技局", "市财政局"], ["相关区、镇、街道"])),
    ],
)  # fmt: skip
def test_numbering_and_label_styles(text: str, expected: tuple[list[str], list[str]]) -> None:
    from innocounty.core.parser import parse_text

    (task,) = parse_text(text).tasks()
    assert (task.title, (task.lead_units, task.responsible_units)) == ("甲任务", expected)
