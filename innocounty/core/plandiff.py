"""What changed between two versions of a plan, in sentences an office can read.

Each line names what changed in Chinese ("工程 1 任务 2 标题：旧 → 新", "指标 N01 2025年考核值
数值：120 → 130"), writes values as a person would (a list as "甲、乙", nothing as "（空）",
a direction as 正向 or 逆向) and cuts a long value at 37 characters with "…".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from innocounty.core.schema import Plan

_HAN = re.compile(r"[\u4e00-\u9fff]")

# The name of each field of a plan and of its parts (`core.schema`), as the office says it.
FIELD_LABELS = {
    "key": "方案标识",
    "title": "标题",
    "doc_number": "文号",
    "date": "印发日期",
    "issuer": "印发机关",
    "region": "地区",
    "start_year": "起始年份",
    "end_year": "结束年份",
    "base_year": "基期年份",
    "categories": "指标类别",
    "programs": "工程",
    "tasks": "任务",
    "indicators": "指标",
    "main_targets": "主要目标",
    "units": "单位",
    "leading_group": "领导小组",
    "office_unit": "办公室所在单位",
    "errata": "勘误",
    "findings": "读取说明",
    "number": "序号",
    "text": "正文",
    "lead_units": "牵头单位",
    "responsible_units": "责任单位",
    "name": "名称",
    "kind": "类型",
    "member": "成员单位",
    "duties": "职责",
    "aliases": "其他写法",
    "code": "代码",
    "catalogue": "标准指标",
    "category": "类别",
    "unit": "计量单位",
    "direction": "方向",
    "measure_type": "指标类型",
    "frequency": "报送频次",
    "decimals": "小数位数",
    "targets": "目标值",
    "note": "备注",
    "ratio": "比值构成",
    "numerator": "分子",
    "numerator_unit": "分子单位",
    "denominator": "分母",
    "denominator_unit": "分母单位",
    "factor": "系数",
    "year": "年份",
    "value": "数值",
    "indicator": "对应指标",
    "where": "位置",
    "original": "原文",
    "reading": "读作",
    "reason": "原因",
    "role": "职务",
    "position": "职位",
    "message": "内容",
    "line": "行号",
}

# The words of the fields whose values are codes (`core.schema`'s enumerations).
VALUE_LABELS: dict[str, dict[str, str]] = {
    "direction": {"higher": "正向", "lower": "逆向"},
    "measure_type": {"stock": "存量", "flow": "累计量", "ratio": "比值"},
    "frequency": {"annual": "年报", "quarterly": "季报", "monthly": "月报"},
    "kind": {
        "baseline": "基期值",
        "target": "目标值",
        "assessment": "考核值",
        "expected": "完成值",
        "unit": "单位",
        "group": "多个单位",
        "office": "领导小组办公室",
    },
}

NOTHING = "（空）"


def _target_name(item: dict[str, Any]) -> str:
    return f"{item['year']}年{VALUE_LABELS['kind'].get(item['kind'], item['kind'])}"


# List fields whose items have a natural key: field → (key of an item, name of an item).
_KEYED: dict[str, tuple[Callable[[dict[str, Any]], Any], Callable[[dict[str, Any]], str]]] = {
    "programs": (lambda item: item["number"], lambda item: f"工程 {item['number']}"),
    "tasks": (lambda item: item["number"], lambda item: f"任务 {item['number']}"),
    "indicators": (lambda item: item["code"], lambda item: f"指标 {item['code']}"),
    "units": (lambda item: item["name"], lambda item: f"单位“{item['name']}”"),
    "targets": (lambda item: (item["year"], item["kind"]), _target_name),
}


def _label(key: str) -> str:
    return FIELD_LABELS.get(key, key)


def _show(value: Any, key: str = "") -> str:
    """A value as the office reads it: codes in words, lists with 、, nothing as （空）."""
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_show(item) for item in value)
    if isinstance(value, dict):
        return "；".join(f"{_label(k)}：{_show(v, k)}" for k, v in value.items())
    text = str(value)
    return VALUE_LABELS.get(key, {}).get(text, text)


def _short(value: Any, key: str) -> str:
    text = _show(value, key)
    return text if len(text) <= 40 else text[:37] + "…"


def _diff(old: Any, new: Any, place: str, key: str, out: list[str]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for sub in dict.fromkeys([*old, *new]):
            if sub not in old or sub not in new or old[sub] != new[sub]:
                if sub in _KEYED and isinstance(old.get(sub), list):
                    _diff_keyed(sub, old.get(sub) or [], new.get(sub) or [], place, out)
                else:
                    where = f"{place} {_label(sub)}" if place else _label(sub)
                    _diff(old.get(sub), new.get(sub), where, sub, out)
        return
    line = f"{_short(old, key)} → {_short(new, key)}"
    # A Chinese line takes the full-width colon (GB/T 15834): "任务 2 标题：旧 → 新".
    colon = "：" if _HAN.search(place + line) else ": "
    out.append(f"{place}{colon}{line}")


def _diff_keyed(field: str, old: list[Any], new: list[Any], place: str, out: list[str]) -> None:
    key_of, name_of = _KEYED[field]
    old_by = {key_of(item): item for item in old}
    new_by = {key_of(item): item for item in new}
    prefix = f"{place} " if place else ""
    for key, item in new_by.items():
        name = prefix + name_of(item)
        if key not in old_by:
            out.append(f"新增 {name}")
        else:
            _diff(old_by[key], item, name, "", out)
    for key, item in old_by.items():
        if key not in new_by:
            out.append(f"删除 {prefix}{name_of(item)}")
    if [key_of(i) for i in old if key_of(i) in new_by] != [
        key_of(i) for i in new if key_of(i) in old_by
    ]:
        out.append(f"{prefix}{_label(field)}顺序调整")


def diff_plans(old: Plan, new: Plan) -> list[str]:
    """List the differences from `old` to `new`, one readable line each; [] when equal."""
    out: list[str] = []
    _diff(old.model_dump(mode="json"), new.model_dump(mode="json"), "", "", out)
    return out
