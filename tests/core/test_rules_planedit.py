"""The rules of `core/planedit.py`, completing a partial plan on the import page (issue 19,
its first mutation run). Every expected plan is written out by hand. Pure, no database.

- A task is numbered after the last one, goes to the program named (or the last one, or a new
  "重点任务"), and its unit names are split, trimmed and kept once; a unit named for the first
  time becomes a non-member unit.
- A target replaces the indicator's target for that year; a new indicator takes the national
  entry it names, else the next free local code; a bad value, year or name is refused with
  its reason and the plan given is unchanged.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from innocounty.core.planedit import PlanEditError, _validated, add_target, add_task
from innocounty.core.schema import Plan


def plan(**fields):
    data = {
        "key": "p",
        "title": "方案",
        "start_year": 2023,
        "end_year": 2025,
        "categories": ["创新投入"],
        "units": [{"name": "市科技局", "aliases": ["科技局"]}, {"name": "市财政局"}],
    }
    data.update(fields)
    return Plan.model_validate(data)


TWO_PROGRAMS = [
    {"number": 1, "title": "载体工程", "tasks": [{"number": 1, "title": "建平台"}]},
    {"number": 2, "title": "企业工程", "tasks": [{"number": 2, "title": "育企业"}]},
    {"number": 3, "title": "人才工程", "tasks": [{"number": 4, "title": "引人才"}]},
]


def test_a_task_joins_the_program_named_numbered_after_the_last_task():
    before = plan(programs=TWO_PROGRAMS)
    after = add_task(
        before,
        title=" 建基地 ",
        lead_units="市科技局、市财政局，市科技局",
        responsible_units="市财政局; 市发改委  市发改委",
        program_title="载体工程",
        text=" 说明 ",
    )
    task = after.programs[0].tasks[-1]
    assert (task.number, task.title, task.text) == (5, "建基地", "说明")
    # Split at 、，; and spaces, each name once; a lead unit is not also responsible.
    assert (task.lead_units, task.responsible_units) == (["市科技局", "市财政局"], ["市发改委"])
    assert [(u.name, u.member) for u in after.units] == [
        ("市科技局", True),
        ("市财政局", True),
        ("市发改委", False),
    ]
    assert before.tasks()[-1].title == "引人才"  # the plan given is unchanged


def test_a_task_without_a_program_goes_to_the_last_one_or_to_a_new_one():
    last = add_task(plan(programs=TWO_PROGRAMS), title="新任务", lead_units="科技局")
    assert [t.title for t in last.programs[-1].tasks] == ["引人才", "新任务"]
    assert last.programs[-1].tasks[-1].lead_units == ["科技局"]  # an alias is a known name
    assert last.programs[-1].tasks[-1].text == ""
    assert [u.name for u in last.units] == ["市科技局", "市财政局"]
    named = add_task(
        plan(programs=TWO_PROGRAMS), title="新任务", lead_units="市科技局", program_title="开放工程"
    )
    assert [(p.number, p.title) for p in named.programs][-1] == (4, "开放工程")
    assert [t.number for t in named.programs[-1].tasks] == [5]
    empty = add_task(plan(), title="新任务", lead_units="市科技局")
    assert [(p.number, p.title, [t.number for t in p.tasks]) for p in empty.programs] == [
        (1, "重点任务", [1])
    ]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "  ", "lead_units": "市科技局"}, "请填写任务名称"),
        ({"title": "任务", "lead_units": " 、 "}, "请填写至少一个牵头单位"),
    ],
)
def test_a_task_needs_a_title_and_a_lead_unit(fields, reason):
    with pytest.raises(PlanEditError) as caught:
        add_task(plan(), **fields)
    assert str(caught.value) == reason


def indicator(code="N03", *targets, name="全社会研究与试验发展（R&D）经费支出"):
    return {
        "code": code,
        "category": "创新投入",
        "number": 1,
        "name": name,
        "unit": "万元",
        "targets": [{"year": y, "kind": k, "value": v} for y, k, v in targets],
    }


def test_a_target_replaces_the_years_target_and_keeps_the_others_in_order():
    before = plan(
        indicators=[
            indicator("N03", (2025, "assessment", 9), (2024, "target", 1), (2023, "target", 2))
        ]
    )
    after = add_target(before, indicator="N03", year=2024, value=" 12.5% ")
    assert [(t.year, str(t.kind), t.value) for t in after.indicators[0].targets] == [
        (2023, "target", D(2)),
        (2024, "target", D("12.5")),
        (2025, "assessment", D(9)),
    ]
    by_name = add_target(
        before, indicator="全社会研究与试验发展（R&D）经费支出", year=2023, value="3"
    )
    assert by_name.indicators[0].target_value(2023, "target") == D(3)
    assert len(by_name.indicators) == 1


def test_a_new_national_indicator_takes_the_entrys_reporting_facts():
    after = add_target(plan(), indicator="万元GDP综合能耗", year=2025, value="0.4")
    new = after.indicators[0]
    assert (new.code, new.unit, new.category, new.decimals) == (
        "N14",
        "吨标准煤/万元",
        "创新绩效",
        3,
    )
    assert (str(new.direction), str(new.measure_type), str(new.frequency)) == (
        "lower",
        "ratio",
        "annual",
    )
    registrations = add_target(plan(), indicator="当年新注册企业数", year=2025, value="900")
    assert str(registrations.indicators[0].frequency) == "quarterly"


def test_targets_of_one_year_are_ordered_by_kind():
    before = plan(indicators=[indicator("N03", (2025, "expected", 3), (2025, "assessment", 2))])
    after = add_target(before, indicator="N03", year=2025, value="1")
    assert [str(t.kind) for t in after.indicators[0].targets] == [
        "assessment",
        "expected",
        "target",
    ]


def test_a_new_indicator_takes_its_national_entry():
    after = add_target(
        plan(indicators=[indicator("S01", name="特色")]),
        indicator="高新技术企业数",
        year=2025,
        value="30",
    )
    new = after.indicators[-1]
    assert (new.code, new.catalogue, new.number, new.name, new.unit) == (
        "N05",
        "N05",
        2,
        "高新技术企业数",
        "家",
    )
    assert (new.category, str(new.direction), new.decimals) == ("企业创新", "higher", 0)
    assert after.categories == ["创新投入", "企业创新"]
    chosen = add_target(
        plan(), indicator="高新技术企业数", year=2025, value="30", category="创新投入"
    )
    assert (chosen.indicators[0].category, chosen.categories) == ("创新投入", ["创新投入"])


def test_other_indicators_take_the_next_free_local_code():
    taken = plan(indicators=[indicator("S01", name="甲"), indicator("N05", name="高新技术企业数")])
    after = add_target(taken, indicator="高新技术企业数 ", year=2024, value="1")
    assert len(after.indicators) == 2  # found by its name
    local = add_target(taken, indicator="科技孵化器数", year=2024, value="2", unit=" 个 ")
    new = local.indicators[-1]
    assert (new.code, new.catalogue, new.number, new.name, new.unit, new.category) == (
        "S02",
        None,
        3,
        "科技孵化器数",
        "个",
        "其他指标",
    )
    assert local.categories == ["创新投入", "其他指标"]
    # A national name whose code is taken by another indicator becomes local too.
    clash = plan(indicators=[indicator("N05", name="另一个指标")])
    local = add_target(clash, indicator="高新技术企业数", year=2024, value="1").indicators[-1]
    assert (local.code, local.unit) == ("S01", "")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"indicator": " ", "year": 2024, "value": "1"}, "请填写指标名称或代码"),
        ({"indicator": "N03", "year": 2024, "value": "十"}, "目标值“十”不是数字"),
        ({"indicator": "N03", "year": 2024, "value": "Infinity"}, "目标值“Infinity”不是数字"),
        ({"indicator": "N03", "year": 2026, "value": "1"}, "2026 年不在方案期 2023–2025 年内"),
        ({"indicator": "N03", "year": 2021, "value": "1"}, "2021 年不在方案期 2023–2025 年内"),
    ],
)
def test_a_bad_target_is_refused_with_its_reason(fields, reason):
    with pytest.raises(PlanEditError) as caught:
        add_target(plan(indicators=[indicator()]), **fields)
    assert str(caught.value) == reason


def test_the_base_year_before_the_plan_may_have_a_target():
    after = add_target(plan(indicators=[indicator()]), indicator="N03", year=2022, value="1")
    assert after.indicators[0].target_value(2022, "target") == D(1)


def test_a_plan_that_does_not_validate_gives_its_first_reason_on_one_line():
    # The edits above always give a valid plan; this is the guard behind them.
    data = plan().model_dump(mode="python")
    data["units"].append({"name": "市科技局"})
    data["end_year"] = 2020
    with pytest.raises(PlanEditError) as caught:
        _validated(data)
    # Both problems are in one pydantic error; its text without "Value error, ", one line.
    assert (
        str(caught.value) == "end_year 2020 早于 start_year 2023；units[2]：单位名称“市科技局”重复"
    )
    assert str(PlanEditError("第一行\n  第二  行 \n\n")) == "第一行；第二 行"
