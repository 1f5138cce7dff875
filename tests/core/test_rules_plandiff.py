"""The rules of `core/plandiff.py` (issue 19, its first mutation run): one readable line per
change between two versions of a plan, a long value cut at 37 characters and "…", items of
keyed lists (programs, tasks, units …) named by their key as added, removed, changed or
reordered. The expected lines are written out by hand. Pure, no database.
"""

from __future__ import annotations

from innocounty.core.plandiff import diff_plans
from innocounty.core.schema import Plan


def plan(**fields):
    data = {"key": "p", "title": "方案", "start_year": 2023, "end_year": 2025}
    data.update(fields)
    return Plan.model_validate(data)


def program(number, *tasks):
    return {
        "number": number,
        "title": f"工程{number}",
        "tasks": [{"number": n, "title": f"任务{n}"} for n in tasks],
    }


def test_equal_plans_have_no_difference():
    assert diff_plans(plan(), plan()) == []


def test_a_long_value_is_cut_after_37_characters():
    forty = "长" * 40
    assert diff_plans(plan(), plan(title=forty)) == [f"title：方案 → {forty}"]
    assert diff_plans(plan(), plan(title=forty + "多")) == [f"title：方案 → {'长' * 37}…"]


def test_items_are_added_removed_changed_and_reordered_by_their_key():
    old = plan(programs=[program(1, 1, 2), program(2, 3, 5)])
    new = plan(programs=[program(2, 5, 3, 4), program(1, 1)])
    new_data = new.model_dump(mode="json")
    new_data["programs"][1]["tasks"][0]["title"] = "新任务"
    assert diff_plans(old, Plan.model_validate(new_data)) == [
        "新增 工程 2 任务 4",
        "工程 2 tasks 顺序调整",
        "工程 1 任务 1.title：任务1 → 新任务",
        "删除 工程 1 任务 2",
        "programs 顺序调整",
    ]


def test_a_value_that_becomes_a_group_of_fields_is_one_line():
    indicator = {
        "code": "N13",
        "category": "创新绩效",
        "number": 1,
        "name": "万人发明专利拥有量",
        "unit": "件/万人",
    }
    parts = {
        "numerator": "有效发明专利数",
        "numerator_unit": "件",
        "denominator": "常住人口",
        "denominator_unit": "万人",
        "factor": 1,
    }
    new = plan(indicators=[dict(indicator, ratio=parts)])
    assert diff_plans(plan(indicators=[indicator]), new) == [
        "指标 N13.ratio：None → {'numerator': '有效发明专利数', 'numerator_u…"
    ]


def test_a_list_without_keys_is_one_line():
    assert diff_plans(plan(categories=["投入"]), plan(categories=["投入", "绩效"])) == [
        "categories：['投入'] → ['投入', '绩效']"
    ]
