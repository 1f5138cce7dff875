"""Complete a partial plan read from a document: add a task, or a yearly target.

Pure Python, no Django. A document that holds targets but no tasks (or tasks but no targets)
is read as a partial plan; the office adds what is missing on the import page before loading.
Each function returns a new, validated `Plan`, or raises `PlanEditError` with a Chinese reason
and leaves the plan given unchanged.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from innocounty.core import catalogue
from innocounty.core.schema import Indicator, Plan, Program, Target, TargetKind, Task, Unit

_SEPARATORS = re.compile(r"[、,，;；\s]+")


class PlanEditError(ValueError):
    """A change that cannot be made; `str()` is a one-line Chinese reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            "；".join(" ".join(part.split()) for part in reason.splitlines() if part.strip())
        )


def _names(text: str) -> list[str]:
    names: list[str] = []
    for name in _SEPARATORS.split(text or ""):
        if name and name not in names:
            names.append(name)
    return names


def _validated(data: dict[str, Any]) -> Plan:
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise PlanEditError(str(first["msg"]).removeprefix("Value error, ")) from None


def add_task(
    plan: Plan,
    *,
    title: str,
    lead_units: str,
    responsible_units: str = "",
    program_title: str = "",
    text: str = "",
) -> Plan:
    """Add a task (numbered after the last one) to the program `program_title`.

    The program is created when no program has that title (an empty title means the last
    program, or "重点任务" when there is none); unit names not in the plan become units.
    """
    title = title.strip()
    if not title:
        raise PlanEditError("请填写任务名称")
    lead, responsible = _names(lead_units), _names(responsible_units)
    if not lead:
        raise PlanEditError("请填写至少一个牵头单位")
    data = plan.model_dump(mode="python")
    programs: list[dict[str, Any]] = data["programs"]
    program_title = program_title.strip()
    program = next((p for p in programs if p["title"] == program_title), None)
    if program is None and not program_title and programs:
        program = programs[-1]
    if program is None:
        number = max((p["number"] for p in programs), default=0) + 1
        program = Program(number=number, title=program_title or "重点任务").model_dump()
        programs.append(program)
    number = max((t.number for t in plan.tasks()), default=0) + 1
    task = Task(
        number=number,
        title=title,
        text=text.strip(),
        lead_units=lead,
        responsible_units=[n for n in responsible if n not in lead],
    )
    program["tasks"].append(task.model_dump())
    known = {n for u in plan.units for n in (u.name, *u.aliases)}
    for name in [*lead, *responsible]:
        if name not in known:
            data["units"].append(Unit(name=name, member=False).model_dump())
            known.add(name)
    return _validated(data)


def add_target(
    plan: Plan,
    *,
    indicator: str,
    year: int,
    value: str,
    unit: str = "",
    category: str = "",
) -> Plan:
    """Set the target of `indicator` (a code or a name) for `year`, adding the indicator if new.

    A new indicator that names one of the national 15 takes that entry's code, unit and
    direction; otherwise it gets the next free local code S01, S02, ….
    """
    wanted = indicator.strip()
    if not wanted:
        raise PlanEditError("请填写指标名称或代码")
    try:
        amount = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        raise PlanEditError(f"目标值“{value}”不是数字") from None
    if not amount.is_finite():
        raise PlanEditError(f"目标值“{value}”不是数字")
    if not plan.start_year - 1 <= year <= plan.end_year:
        raise PlanEditError(f"{year} 年不在方案期 {plan.start_year}–{plan.end_year} 年内")
    data = plan.model_dump(mode="python")
    found = next(
        (i for i in data["indicators"] if wanted in (i["code"], i["name"])),
        None,
    )
    if found is None:
        entry = catalogue.match(wanted)
        codes = {i["code"] for i in data["indicators"]}
        if entry is not None and entry.code not in codes:
            new = Indicator(
                code=entry.code,
                catalogue=entry.code,
                category=category.strip() or entry.category,
                number=len(data["indicators"]) + 1,
                name=entry.name,
                unit=entry.unit,
                direction=entry.direction,
                measure_type=entry.measure_type,
                frequency=entry.frequency,
                decimals=entry.decimals,
            )
        else:
            local = 1
            while f"S{local:02d}" in codes:
                local += 1
            new = Indicator(
                code=f"S{local:02d}",
                category=category.strip() or "其他指标",
                number=len(data["indicators"]) + 1,
                name=wanted,
                unit=unit.strip(),
            )
        found = new.model_dump(mode="python")
        data["indicators"].append(found)
        if found["category"] not in data["categories"]:
            data["categories"].append(found["category"])
    found["targets"] = [
        t for t in found["targets"] if not (t["year"] == year and t["kind"] == "target")
    ]
    found["targets"].append(Target(year=year, kind=TargetKind.TARGET, value=amount).model_dump())
    found["targets"].sort(key=lambda t: (t["year"], str(t["kind"])))
    return _validated(data)
