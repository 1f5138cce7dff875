"""The plan as data: programs, tasks, units, indicators, targets (DESIGN.md, "The plan, as data").

Pure pydantic, no Django. A `Plan` is what a plan file (YAML) holds, what the document parser
produces and what `export-plan --json` prints. Validation collects every problem with its place
(see `innocounty.core.planfile` for the located messages).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)


def _to_decimal(value: Any) -> Any:
    """Turn YAML/JSON numbers into exact decimals: 0.485 stays 0.485, never 0.48499999…"""
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return value.strip().replace(",", "")
    return value


def _decimal_to_json(value: Decimal) -> int | float:
    """Print a decimal as a JSON number; integral values as integers."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


Number = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    PlainSerializer(_decimal_to_json, return_type=Any, when_used="json"),
]


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class MeasureType(StrEnum):
    STOCK = "stock"  # level at period end (高新技术企业数)
    FLOW = "flow"  # accumulates within the year (R&D经费支出)
    RATIO = "ratio"  # a share or a per-10k rate


class Frequency(StrEnum):
    ANNUAL = "annual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"


class TargetKind(StrEnum):
    BASELINE = "baseline"  # 基期值
    TARGET = "target"  # 目标值
    ASSESSMENT = "assessment"  # 考核值 (floor)
    EXPECTED = "expected"  # 完成值 (stretch)


class UnitKind(StrEnum):
    UNIT = "unit"  # one body: a bureau, a committee, the high-tech zone
    GROUP = "group"  # several bodies named together: "各区、镇、街道"
    OFFICE = "office"  # the leading group's office


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Target(_Model):
    year: int = Field(ge=1990, le=2100)
    kind: TargetKind
    value: Number


class Unit(_Model):
    """A member unit, a group of units, or the office; `duties` as written in 附件2."""

    name: str = Field(min_length=1)
    kind: UnitKind = UnitKind.UNIT
    member: bool = True  # listed as a member of the leading group
    duties: str = ""
    aliases: list[str] = Field(default_factory=list)  # other spellings seen in the document


class Task(_Model):
    number: int = Field(ge=1)
    title: str = Field(min_length=1)
    text: str = ""
    lead_units: list[str] = Field(default_factory=list)
    responsible_units: list[str] = Field(default_factory=list)


class Program(_Model):
    number: int = Field(ge=1)
    title: str = Field(min_length=1)
    tasks: list[Task] = Field(default_factory=list)


class RatioParts(_Model):
    """What a ratio indicator is computed from: numerator ÷ denominator × factor.

    For example 万人发明专利拥有量 (件/万人) = 有效发明专利数 (件) ÷ 常住人口 (万人) × 1, and a
    share in % = part (万元) ÷ whole (万元) × 100. The units tell a reporter what to type.
    """

    numerator: str = Field(min_length=1)
    numerator_unit: str = ""
    denominator: str = Field(min_length=1)
    denominator_unit: str = ""
    factor: Number = Decimal(1)


class Indicator(_Model):
    """A yearly indicator of the plan (附件1).

    `code` is unique within the plan and stable (URLs, Excel sheets, imports use it);
    `catalogue` names the shared catalogue entry (see `innocounty.core.catalogue`) when the
    indicator is one of the national standard set, so that many plans can be compared.
    `number` is the number printed in the plan, which may restart in each category.
    """

    code: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_-]+$")
    catalogue: str | None = None
    category: str = Field(min_length=1)
    number: int = Field(ge=1)
    name: str = Field(min_length=1)
    unit: str = ""
    direction: Direction = Direction.HIGHER
    measure_type: MeasureType = MeasureType.STOCK
    frequency: Frequency = Frequency.ANNUAL
    decimals: int = Field(default=0, ge=0, le=6)
    responsible_units: list[str] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    note: str = ""
    ratio: RatioParts | None = None  # numerator and denominator of a ratio indicator

    @model_validator(mode="after")
    def _targets_unique(self) -> Indicator:
        seen: set[tuple[int, TargetKind]] = set()
        for target in self.targets:
            key = (target.year, target.kind)
            if key in seen:
                raise ValueError(f"{target.year} 年的 {target.kind.value} 值重复")
            seen.add(key)
        return self

    def target_value(self, year: int, kind: TargetKind | str) -> Decimal | None:
        for target in self.targets:
            if target.year == year and target.kind == kind:
                return target.value
        return None


class MainTarget(_Model):
    """A quantitative sentence of section 二 (主要目标)."""

    text: str = Field(min_length=1)
    value: Number | None = None
    unit: str = ""
    year: int | None = None
    indicator: str | None = None  # code of the matching indicator, if any


class Erratum(_Model):
    """A reading chosen where the source document is wrong or ambiguous."""

    where: str = Field(min_length=1)
    original: str
    reading: str
    reason: str = Field(min_length=1)


class LeadingGroupMember(_Model):
    role: str  # 组长, 副组长, 成员
    name: str = ""  # a person's name where the document gives one
    position: str = ""


class Finding(_Model):
    kind: str
    message: str
    line: int | None = None


class Plan(_Model):
    """A whole plan. `key` identifies it in the database (several plans can live there)."""

    key: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    doc_number: str = ""
    date: dt.date | None = None
    issuer: str = ""
    region: str = ""
    start_year: int = Field(ge=1990, le=2100)
    end_year: int = Field(ge=1990, le=2100)
    base_year: int | None = None
    categories: list[str] = Field(default_factory=list)
    programs: list[Program] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    main_targets: list[MainTarget] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    leading_group: list[LeadingGroupMember] = Field(default_factory=list)
    office_unit: str | None = None  # the unit that hosts the leading group's office
    errata: list[Erratum] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    @field_validator("categories")
    @classmethod
    def _categories_unique(cls, value: list[str]) -> list[str]:
        duplicates = sorted({c for c in value if value.count(c) > 1})
        if duplicates:
            raise ValueError(f"一级指标重复：{'、'.join(duplicates)}")
        return value

    @model_validator(mode="after")
    def _check_references(self) -> Plan:
        """Collect every cross-reference problem at once, each with its place."""
        problems: list[str] = []
        if self.end_year < self.start_year:
            problems.append(f"end_year {self.end_year} 早于 start_year {self.start_year}")

        unit_names: dict[str, int] = {}
        for i, unit in enumerate(self.units):
            for name in [unit.name, *unit.aliases]:
                if name in unit_names:
                    problems.append(f"units[{i}]：单位名称“{name}”重复")
                unit_names[name] = i
        known = set(unit_names)

        program_numbers: set[int] = set()
        task_numbers: set[int] = set()
        for p, program in enumerate(self.programs):
            if program.number in program_numbers:
                problems.append(f"programs[{p}]：工程编号 {program.number} 重复")
            program_numbers.add(program.number)
            for t, task in enumerate(program.tasks):
                place = f"programs[{p}].tasks[{t}]（任务 {task.number}）"
                if task.number in task_numbers:
                    problems.append(f"{place}：任务编号 {task.number} 重复")
                task_numbers.add(task.number)
                for field in ("lead_units", "responsible_units"):
                    for name in getattr(task, field):
                        if name not in known:
                            problems.append(f"{place}.{field}：未知单位“{name}”")

        codes: set[str] = set()
        for i, indicator in enumerate(self.indicators):
            place = f"indicators[{i}] ({indicator.code})"
            if indicator.code in codes:
                problems.append(f"{place}：指标代码 {indicator.code} 重复")
            codes.add(indicator.code)
            if self.categories and indicator.category not in self.categories:
                problems.append(f"{place}.category：未知一级指标“{indicator.category}”")
            for name in indicator.responsible_units:
                if name not in known:
                    problems.append(f"{place}.responsible_units：未知单位“{name}”")

        for i, main_target in enumerate(self.main_targets):
            if main_target.indicator and main_target.indicator not in codes:
                problems.append(
                    f"main_targets[{i}].indicator：未知指标代码“{main_target.indicator}”"
                )
        if self.office_unit and self.office_unit not in known:
            problems.append(f"office_unit：未知单位“{self.office_unit}”")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def unit_names(self) -> list[str]:
        return [unit.name for unit in self.units]

    def canonical_unit(self, name: str) -> str | None:
        """Return the unit's canonical name for a name or alias, or None if unknown."""
        for unit in self.units:
            if name == unit.name or name in unit.aliases:
                return unit.name
        return None

    def tasks(self) -> list[Task]:
        return [task for program in self.programs for task in program.tasks]

    def to_contract(self) -> dict[str, Any]:
        """The JSON shape of DESIGN.md's `parse --json` / `export-plan --json` contract.

        The contract's keys come first; the plan's other fields follow (contracts only grow).
        """
        data = self.model_dump(mode="json")
        contract: dict[str, Any] = {
            "title": data["title"],
            "doc_number": data["doc_number"],
            "date": data["date"],
            "programs": data["programs"],
            "indicators": data["indicators"],
            "main_targets": data["main_targets"],
            "units": data["units"],
            "findings": data["findings"],
        }
        for key, value in data.items():
            contract.setdefault(key, value)
        return contract
