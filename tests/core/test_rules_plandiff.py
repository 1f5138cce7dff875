"""The rules of `core/plandiff.py` (issue 19, its first mutation run): one readable line per
change between two versions of a plan, every field named in Chinese, values written as the
office reads them (lists with 、, nothing as （空）, codes in words), a long value cut at 37
characters and "…", items of keyed lists (programs, tasks, units …) named by their key as
added, removed, changed or reordered. The expected lines are written out by hand. Pure, no
database.
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
    assert diff_plans(plan(), plan(title=forty)) == [f"标题：方案 → {forty}"]
    assert diff_plans(plan(), plan(title=forty + "多")) == [f"标题：方案 → {'长' * 37}…"]


def test_items_are_added_removed_changed_and_reordered_by_their_key():
    old = plan(programs=[program(1, 1, 2), program(2, 3, 5)])
    new = plan(programs=[program(2, 5, 3, 4), program(1, 1)])
    new_data = new.model_dump(mode="json")
    new_data["programs"][1]["tasks"][0]["title"] = "新任务"
    assert diff_plans(old, Plan.model_validate(new_data)) == [
        "新增 工程 2 任务 4",
        "工程 2 任务顺序调整",
        "工程 1 任务 1 标题：任务1 → 新任务",
        "删除 工程 1 任务 2",
        "工程顺序调整",
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
        # Each part by its name (38 characters: not cut).
        "指标 N13 比值构成：（空） → 分子：有效发明专利数；分子单位：件；分母：常住人口；分母单位：万人；系数：1"
    ]


def test_a_list_without_keys_is_one_line():
    assert diff_plans(plan(categories=["投入"]), plan(categories=["投入", "绩效"])) == [
        "指标类别：投入 → 投入、绩效"
    ]


def test_codes_are_written_in_words_and_targets_named_by_year_and_kind():
    indicator = {"code": "N01", "category": "创新投入", "number": 1, "name": "研发投入强度"}
    old = dict(indicator, targets=[{"year": 2025, "kind": "assessment", "value": 5}])
    new = dict(
        indicator,
        direction="lower",
        measure_type="flow",
        frequency="quarterly",
        targets=[
            {"year": 2025, "kind": "assessment", "value": 6},
            {"year": 2025, "kind": "expected", "value": 7},
        ],
    )
    assert diff_plans(plan(indicators=[old]), plan(indicators=[new])) == [
        "指标 N01 方向：正向 → 逆向",
        "指标 N01 指标类型：存量 → 累计量",
        "指标 N01 报送频次：年报 → 季报",
        "指标 N01 2025年考核值 数值：5 → 6",
        "新增 指标 N01 2025年完成值",
    ]


def test_nothing_is_written_as_empty_and_yes_or_no_in_words():
    old = plan(units=[{"name": "市科技局"}], doc_number="潜政发〔2023〕12号")
    new = plan(units=[{"name": "市科技局", "duties": "牵头", "member": False}])
    assert diff_plans(old, new) == [
        "文号：潜政发〔2023〕12号 → （空）",
        "单位“市科技局” 成员单位：是 → 否",
        "单位“市科技局” 职责：（空） → 牵头",
    ]


def test_a_field_the_labels_do_not_know_keeps_its_name():
    from innocounty.core import plandiff

    out: list[str] = []
    plandiff._diff({"x_new": 1}, {"x_new": 2}, "", "", out)
    assert out == ["x_new: 1 → 2"]  # no Chinese on the line: the ASCII colon
