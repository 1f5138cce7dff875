"""The rules of `core/errata.py`: the readings an office chose where a plan document is wrong
(issue 19, its first mutation run). Each section changes only what it names; a spelling
variant is folded into its unit everywhere; every problem is reported at once with its place
and the plan given is unchanged. The expected plans are written out by hand. Pure, no
database.
"""

from __future__ import annotations

import pytest

from innocounty.core.errata import ErrataError, apply_errata, load_errata
from innocounty.core.planfile import plan_from_data

PLAN = plan_from_data(
    {
        "key": "p",
        "title": "方案",
        "start_year": 2023,
        "end_year": 2025,
        "office_unit": "乙局",
        "units": [{"name": "甲"}, {"name": "乙"}, {"name": "乙局"}],
        "programs": [
            {
                "number": 1,
                "title": "工程",
                "tasks": [
                    {
                        "number": 1,
                        "title": "任务一",
                        "lead_units": ["乙局", "乙"],
                        "responsible_units": ["甲", "乙局"],
                    }
                ],
            }
        ],
        "indicators": [
            {
                "code": "N01",
                "category": "投入",
                "number": 1,
                "name": "指标",
                "unit": "%",
                "responsible_units": ["乙局"],
            }
        ],
    }
)


def test_a_variant_is_folded_into_its_unit_everywhere():
    plan = apply_errata(PLAN, {"aliases": {"乙局": "乙"}})
    (task,) = plan.tasks()
    assert (task.lead_units, task.responsible_units) == (["乙"], ["甲", "乙"])
    assert plan.indicators[0].responsible_units == ["乙"]
    assert [(u.name, u.aliases) for u in plan.units] == [("甲", []), ("乙", ["乙局"])]
    assert plan.office_unit == "乙"
    # The plan given is unchanged.
    assert [u.name for u in PLAN.units] == ["甲", "乙", "乙局"]
    assert PLAN.tasks()[0].lead_units == ["乙局", "乙"]
    # Folding the same variant again keeps one alias.
    again = apply_errata(plan, {"aliases": {"乙局": "乙"}})
    assert [(u.name, u.aliases) for u in again.units] == [("甲", []), ("乙", ["乙局"])]


def test_each_section_changes_what_it_names():
    erratum = {"where": "任务 1", "original": "任务壹", "reading": "任务一", "reason": "错字"}
    plan = apply_errata(
        PLAN,
        {
            "plan": {"title": "新方案", "end_year": 2026},
            "units": {"甲": {"duties": "牵头"}, "丙": {"member": False}, "丁": None},
            "tasks": {1: {"title": "新任务"}},
            "indicators": {"N01": {"unit": "个"}},
            "errata": [erratum],
        },
    )
    assert (plan.title, plan.end_year) == ("新方案", 2026)
    assert [(u.name, u.member, u.duties) for u in plan.units] == [
        ("甲", True, "牵头"),
        ("乙", True, ""),
        ("乙局", True, ""),
        ("丙", False, ""),
        ("丁", True, ""),
    ]
    assert plan.tasks()[0].title == "新任务"
    assert plan.indicators[0].unit == "个"
    assert [e.model_dump() for e in plan.errata] == [erratum]
    unchanged = apply_errata(PLAN, {"tasks": {1: None}, "indicators": {"N01": None}})
    assert unchanged == PLAN


def test_every_problem_is_reported_at_once_with_its_place():
    with pytest.raises(ErrataError) as caught:
        apply_errata(
            PLAN,
            {
                "plan": {"foo": 1, "units": []},
                "aliases": {"x": "无此单位"},
                "tasks": {9: {"title": "t"}},
                "indicators": {"N99": {"unit": "个"}},
            },
            source="e.yaml",
        )
    assert caught.value.problems == [
        "plan.foo：不能在此修改的字段",
        "plan.units：不能在此修改的字段",
        "aliases.x：未知单位“无此单位”",
        "tasks.9：方案中没有任务 9",
        "indicators.N99：方案中没有指标 N99",
    ]
    assert str(caught.value).startswith("e.yaml: plan.foo：不能在此修改的字段；plan.units：")


def test_a_reading_that_breaks_the_plan_is_refused_with_the_plans_reason():
    with pytest.raises(ErrataError) as caught:
        apply_errata(PLAN, {"tasks": {1: {"lead_units": ["无此单位"]}}}, source="e.yaml")
    assert (
        str(caught.value) == "e.yaml: programs[0].tasks[0]（任务 1）.lead_units：未知单位“无此单位”"
    )


def test_an_errata_file_is_read_or_refused_with_its_reason(tmp_path):
    path = tmp_path / "errata.yaml"
    missing = tmp_path / "none.yaml"
    with pytest.raises(ErrataError) as caught:
        load_errata(missing)
    assert str(caught.value) == f"找不到勘误文件：{missing}"
    path.write_text("", encoding="utf-8")
    assert load_errata(path) == {}
    path.write_text("tasks:\n  1: {title: 任务}\n", encoding="utf-8")
    assert load_errata(path) == {"tasks": {1: {"title": "任务"}}}
    for text, problem in [
        ("- 1\n", "勘误文件的顶层必须是键值对"),
        ("zoo: 1\nfoo: 2\ntasks: {}\n", "未知的部分：foo、zoo"),
        (
            "tasks: 1\n  title: x\n",
            "第 2 行附近 YAML 格式错误：mapping values are not allowed here",
        ),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ErrataError) as caught:
            load_errata(path)
        assert (str(caught.value), caught.value.problems) == (f"{path}: {problem}", [problem])
    path.write_bytes("tasks: 潜江".encode("gb18030"))
    with pytest.raises(ErrataError) as caught:
        load_errata(path)
    assert str(caught.value).startswith(f"{path}: 无法读取勘误文件：")


def test_the_lists_a_plan_is_made_of_are_not_changed_through_its_fields():
    with pytest.raises(ErrataError) as caught:
        apply_errata(PLAN, {"plan": {"programs": [], "indicators": [], "units": []}})
    assert caught.value.problems == [
        "plan.programs：不能在此修改的字段",
        "plan.indicators：不能在此修改的字段",
        "plan.units：不能在此修改的字段",
    ]


def test_every_unknown_name_of_a_section_is_reported():
    with pytest.raises(ErrataError) as caught:
        apply_errata(
            PLAN,
            {
                "aliases": {"x": "无", "y": "也无"},
                "tasks": {8: {}, 9: {}},
                "indicators": {"N98": {}, "N99": {}},
            },
        )
    assert caught.value.problems == [
        "aliases.x：未知单位“无”",
        "aliases.y：未知单位“也无”",
        "tasks.8：方案中没有任务 8",
        "tasks.9：方案中没有任务 9",
        "indicators.N98：方案中没有指标 N98",
        "indicators.N99：方案中没有指标 N99",
    ]


def test_new_errata_are_added_after_those_the_plan_has():
    first = {"where": "任务 1", "original": "壹", "reading": "一", "reason": "错字"}
    second = {"where": "指标 N01", "original": "%%", "reading": "%", "reason": "重复"}
    plan = apply_errata(apply_errata(PLAN, {"errata": [first]}), {"errata": [second]})
    assert [e.model_dump() for e in plan.errata] == [first, second]


def test_a_character_yaml_refuses_has_no_line_to_name(tmp_path):
    path = tmp_path / "errata.yaml"
    path.write_text("tasks: a\x07b\n", encoding="utf-8")
    with pytest.raises(ErrataError) as caught:
        load_errata(path)
    assert str(caught.value) == f"{path}: 第 ? 行附近 YAML 格式错误：无法解析"
