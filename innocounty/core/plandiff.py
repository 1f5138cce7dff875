"""What changed between two versions of a plan, in sentences an office can read."""

from __future__ import annotations

import re
from typing import Any

from innocounty.core.schema import Plan

_HAN = re.compile(r"[\u4e00-\u9fff]")

# List fields whose items have a natural key: field → (key function, label of one item).
_KEYED: dict[str, tuple[Any, str]] = {
    "programs": (lambda item: item["number"], "工程 {}"),
    "tasks": (lambda item: item["number"], "任务 {}"),
    "indicators": (lambda item: item["code"], "指标 {}"),
    "units": (lambda item: item["name"], "单位“{}”"),
    "targets": (lambda item: f"{item['year']} {item['kind']}", "目标 {}"),
}


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _diff(old: Any, new: Any, place: str, out: list[str]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            if key not in old or key not in new or old[key] != new[key]:
                sub = f"{place}.{key}" if place else key
                if key in _KEYED and isinstance(old.get(key), list):
                    _diff_keyed(key, old.get(key) or [], new.get(key) or [], place, out)
                else:
                    _diff(old.get(key), new.get(key), sub, out)
        return
    line = f"{_short(old)} → {_short(new)}"
    # A Chinese line takes the full-width colon (GB/T 15834): "任务 2.title：旧 → 新".
    colon = "：" if _HAN.search(place + line) else ": "
    out.append(f"{place}{colon}{line}")


def _diff_keyed(field: str, old: list[Any], new: list[Any], place: str, out: list[str]) -> None:
    key_of, label = _KEYED[field]
    old_by = {key_of(item): item for item in old}
    new_by = {key_of(item): item for item in new}
    prefix = f"{place} " if place else ""
    for key, item in new_by.items():
        name = prefix + label.format(key)
        if key not in old_by:
            out.append(f"新增 {name}")
        else:
            _diff(old_by[key], item, name, out)
    for key in old_by:
        if key not in new_by:
            out.append(f"删除 {prefix}{label.format(key)}")
    if [key_of(i) for i in old if key_of(i) in new_by] != [
        key_of(i) for i in new if key_of(i) in old_by
    ]:
        out.append(f"{prefix}{field} 顺序调整")


def diff_plans(old: Plan, new: Plan) -> list[str]:
    """List the differences from `old` to `new`, one readable line each; [] when equal."""
    out: list[str] = []
    _diff(old.model_dump(mode="json"), new.model_dump(mode="json"), "", out)
    return out
