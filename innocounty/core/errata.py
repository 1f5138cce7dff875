"""Apply an errata file (the readings chosen where a plan document is wrong) to a parsed Plan.

An errata file is YAML with these optional sections, applied in this order:

    plan:        {field: value}          plan-level fields (key, region, issuer, years, ...)
    aliases:     {variant: canonical}    a spelling seen in the document → the unit's name;
                                         references are rewritten, the variant kept as alias
    units:       {name: {field: value}}  change a unit (duties, member, kind); a name not yet
                                         in the plan adds the unit
    tasks:       {number: {field: value}}
    indicators:  {code: {field: value}}  unit, measure_type, frequency, decimals, note, ...
    errata:      [{where, original, reading, reason}]   copied into Plan.errata

Every problem (unknown task number, unknown indicator code, a field the schema does not
have) is reported at once with its place, as `ErrataError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from innocounty.core.planfile import PlanFileError, plan_from_data
from innocounty.core.schema import Plan

SECTIONS = ("plan", "aliases", "units", "tasks", "indicators", "errata")


class ErrataError(ValueError):
    """An errata file that cannot be applied; `problems` lists each with its place."""

    def __init__(self, problems: list[str], *, source: str = "") -> None:
        self.problems = problems
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "；".join(problems))


def load_errata(path: str | Path) -> dict[str, Any]:
    """Read an errata file; a missing file, bad YAML or unknown section is an ErrataError."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ErrataError([f"找不到勘误文件：{path}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ErrataError([f"无法读取勘误文件：{exc}"], source=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        problem = getattr(exc, "problem", None) or "无法解析"
        raise ErrataError(
            [f"第 {line} 行附近 YAML 格式错误：{problem}"], source=str(path)
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ErrataError(["勘误文件的顶层必须是键值对"], source=str(path))
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ErrataError([f"未知的部分：{'、'.join(map(str, unknown))}"], source=str(path))
    return data


def apply_errata(plan: Plan, errata: dict[str, Any], *, source: str = "") -> Plan:
    """Return a new Plan with the errata applied; the input plan is not changed."""
    data = plan.model_dump(mode="json")
    problems: list[str] = []

    for field, value in (errata.get("plan") or {}).items():
        if field not in Plan.model_fields or field in ("programs", "indicators", "units"):
            problems.append(f"plan.{field}：不能在此修改的字段")
        else:
            data[field] = value

    units = {unit["name"]: unit for unit in data["units"]}
    for variant, canonical in (errata.get("aliases") or {}).items():
        if canonical not in units:
            problems.append(f"aliases.{variant}：未知单位“{canonical}”")
            continue
        _rename_unit(data, variant, canonical)
        units = {unit["name"]: unit for unit in data["units"]}
        if variant not in units[canonical]["aliases"]:
            units[canonical]["aliases"].append(variant)

    for name, changes in (errata.get("units") or {}).items():
        if name not in units:
            units[name] = {"name": name}
            data["units"].append(units[name])
        units[name].update(changes or {})

    tasks = {task["number"]: task for p in data["programs"] for task in p["tasks"]}
    for number, changes in (errata.get("tasks") or {}).items():
        if number not in tasks:
            problems.append(f"tasks.{number}：方案中没有任务 {number}")
            continue
        tasks[number].update(changes or {})

    indicators = {indicator["code"]: indicator for indicator in data["indicators"]}
    for code, changes in (errata.get("indicators") or {}).items():
        if code not in indicators:
            problems.append(f"indicators.{code}：方案中没有指标 {code}")
            continue
        indicators[code].update(changes or {})

    data["errata"] = list(data.get("errata") or []) + list(errata.get("errata") or [])
    if problems:
        raise ErrataError(problems, source=source)
    try:
        return plan_from_data(data, source=source)
    except PlanFileError as exc:
        raise ErrataError(exc.problems, source=source) from None


def _rename_unit(data: dict[str, Any], old: str, new: str) -> None:
    """Rewrite every reference to `old` as `new` and drop a separate unit named `old`."""

    def fix(names: list[str]) -> list[str]:
        out: list[str] = []
        for name in names:
            name = new if name == old else name
            if name not in out:
                out.append(name)
        return out

    for program in data["programs"]:
        for task in program["tasks"]:
            task["lead_units"] = fix(task["lead_units"])
            task["responsible_units"] = fix(task["responsible_units"])
    for indicator in data["indicators"]:
        indicator["responsible_units"] = fix(indicator["responsible_units"])
    data["units"] = [unit for unit in data["units"] if unit["name"] != old]
    if data.get("office_unit") == old:
        data["office_unit"] = new
