"""Read and write plan files (YAML) with located, complete error reports."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from innocounty.core.schema import Plan

_HAN = re.compile(r"[\u4e00-\u9fff]")

PLAN_FILE_NOT_FOUND = "找不到方案文件：{path}"
PLAN_FILE_NOT_UTF8 = "方案文件不是 UTF-8 文本：{path}"
PLAN_FILE_BAD_YAML = "第 {line} 行附近 YAML 格式错误：{problem}"
PLAN_FILE_NOT_MAPPING = "方案文件的顶层必须是键值对（mapping）"


class PlanFileError(ValueError):
    """A plan file that cannot be used; `problems` lists every problem with its place."""

    def __init__(self, problems: list[str], *, source: str = "") -> None:
        self.problems = problems
        self.source = source
        prefix = f"{source}: " if source else ""
        # pydantic's problems are English, ours Chinese: the separator follows the text
        separator = "；" if _HAN.search("".join(problems)) else "; "
        super().__init__(prefix + separator.join(problems))


def _place(data: Any, loc: tuple[int | str, ...]) -> str:
    """Render a pydantic location as `programs[0].tasks[3]（任务 4）.title`."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
        try:
            node = node[item]
        except (KeyError, IndexError, TypeError):
            node = None
            continue
        if isinstance(node, dict):
            if "number" in node and "title" in node and "tasks" not in node:
                parts.append(f"（任务 {node['number']}）")
            elif "code" in node:
                parts.append(f" ({node['code']})")
    return "".join(parts) or "（顶层）"


def plan_from_data(data: Any, *, source: str = "") -> Plan:
    """Validate plain data (as read from YAML or JSON) into a Plan, or raise PlanFileError."""
    if not isinstance(data, dict):
        raise PlanFileError([PLAN_FILE_NOT_MAPPING], source=source)
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        problems: list[str] = []
        for error in exc.errors():
            message = str(error["msg"]).removeprefix("Value error, ")
            if error["loc"]:
                for line in message.splitlines():
                    # pydantic's own messages are English; ours are Chinese (GB/T 15834)
                    colon = "：" if _HAN.search(line) else ": "
                    problems.append(f"{_place(data, error['loc'])}{colon}{line}")
            else:
                problems.extend(message.splitlines())
        raise PlanFileError(problems, source=source) from None


def loads_plan(text: str, *, source: str = "") -> Plan:
    """Parse YAML text into a Plan."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        problem = getattr(exc, "problem", None) or str(exc)
        raise PlanFileError(
            [PLAN_FILE_BAD_YAML.format(line=line, problem=problem)], source=source
        ) from None
    return plan_from_data(data, source=source)


def load_plan_file(path: str | Path) -> Plan:
    """Read a plan file; every problem is reported with its place in the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanFileError([PLAN_FILE_NOT_FOUND.format(path=path)]) from None
    except UnicodeDecodeError:
        raise PlanFileError([PLAN_FILE_NOT_UTF8.format(path=path)]) from None
    except OSError as exc:
        raise PlanFileError([f"{path}: {exc.strerror}"]) from None
    return loads_plan(text, source=str(path))


def dumps_plan(plan: Plan) -> str:
    """Write a plan as YAML: stable key order, Chinese as is, one value per line."""
    data = plan.model_dump(mode="json")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def save_plan_file(plan: Plan, path: str | Path) -> None:
    Path(path).write_text(dumps_plan(plan), encoding="utf-8")


def shipped_plan_path(name: str = "qianjiang-2023") -> Path:
    """Path of a plan file shipped with the package (the top-level plans/ folder)."""
    return Path(str(resources.files("innocounty.plan_files").joinpath(f"{name}.yaml")))
