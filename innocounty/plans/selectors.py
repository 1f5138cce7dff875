"""Reads used by the plan pages, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from innocounty.core.versions import latest_approved
from innocounty.plans.models import (
    Category,
    Indicator,
    IndicatorUnit,
    Plan,
    Program,
    Target,
    Task,
    TaskUnit,
    Unit,
)


@dataclass
class TaskRow:
    task: Task
    lead: list[Unit] = field(default_factory=list)
    responsible: list[Unit] = field(default_factory=list)


@dataclass
class IndicatorRow:
    indicator: Indicator
    units: list[Unit] = field(default_factory=list)
    targets: dict[tuple[int, str], Decimal] = field(default_factory=dict)

    def target_cells(self, columns: list[tuple[int, str]]) -> list[Decimal | None]:
        return [self.targets.get(column) for column in columns]


def task_rows(*, plan: Plan, tasks: list[Task] | None = None) -> list[TaskRow]:
    """Tasks of the plan (or the given ones) with their lead and responsible units."""
    if tasks is None:
        tasks = list(plan.tasks.select_related("program"))
    rows = {task.pk: TaskRow(task=task) for task in tasks}
    for task in tasks:
        _same_plan(task, plan)  # their links name the plan: no query per task
    for tu in TaskUnit.objects.filter(task__in=list(rows)).select_related("unit"):
        row = rows[tu.task_id]
        (row.lead if tu.role == TaskUnit.Role.LEAD else row.responsible).append(
            _same_plan(tu.unit, plan)
        )
    return list(rows.values())


_Row = TypeVar("_Row", Task, Unit, Indicator)


def _same_plan(row: _Row, plan: Plan) -> _Row:
    """`row` with `plan` as its loaded plan when it belongs to it (a page's links read
    `row.plan.key`; without this each one is a query). Not `select_related("plan")`: that
    decodes the plan's JSON fields once per row (the plan page took 53 ms instead of 24)."""
    if row.plan_id == plan.pk:
        row.plan = plan
    return row


def programs_with_tasks(*, plan: Plan) -> list[tuple[Program, list[TaskRow]]]:
    rows = task_rows(plan=plan)
    by_program: dict[int, list[TaskRow]] = defaultdict(list)
    for row in rows:
        by_program[row.task.program_id].append(row)
    return [(program, by_program[program.pk]) for program in plan.programs.all()]


def target_columns(*, plan: Plan) -> list[tuple[int, str]]:
    """The (year, kind) columns of the annex table, in the plan's order of years and kinds."""
    order = {kind: i for i, kind in enumerate(Target.Kind.values)}
    columns = set(
        Target.objects.filter(indicator__plan=plan).values_list("year", "kind").distinct()
    )
    return sorted(columns, key=lambda c: (c[0], order[c[1]]))


def indicator_rows(*, plan: Plan, indicators: list[Indicator] | None = None) -> list[IndicatorRow]:
    if indicators is None:
        indicators = list(plan.indicators.select_related("category"))
    rows = {i.pk: IndicatorRow(indicator=_same_plan(i, plan)) for i in indicators}
    for iu in IndicatorUnit.objects.filter(indicator__in=list(rows)).select_related("unit"):
        rows[iu.indicator_id].units.append(_same_plan(iu.unit, plan))
    for target in Target.objects.filter(indicator__in=list(rows)):
        rows[target.indicator_id].targets[(target.year, target.kind)] = target.value
    return list(rows.values())


def indicator_values(*, indicator: Indicator) -> list[Any]:
    """The values that count for `indicator`, by period: the latest approved version of each
    (`core.versions.latest_approved`, the rule the engine reads). One query, through the
    indicator's reverse relation, so that plans does not import the reporting app."""
    versions = indicator.values.filter(state="approved")
    counting = latest_approved((v.period, v.version, v.state, v.value, v) for v in versions)
    return [counting[period] for period in sorted(counting)]


def indicators_by_category(*, plan: Plan) -> list[tuple[Category, list[IndicatorRow]]]:
    rows = indicator_rows(plan=plan)
    by_category: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in rows:
        by_category[row.indicator.category_id].append(row)
    return [(c, by_category[c.pk]) for c in plan.categories.all() if by_category[c.pk]]


@dataclass
class UnitDuties:
    unit: Unit
    lead_tasks: list[Task]
    responsible_tasks: list[Task]
    indicators: list[Indicator]


def unit_duties(*, unit: Unit) -> UnitDuties:
    """A unit's 责任清单: the tasks it leads and supports and the indicators it reports."""
    lead: list[Task] = []
    responsible: list[Task] = []
    for tu in unit.task_units.select_related("task").order_by("task__number"):
        (lead if tu.role == TaskUnit.Role.LEAD else responsible).append(tu.task)
    indicators = [iu.indicator for iu in unit.indicator_units.select_related("indicator__category")]
    indicators.sort(key=lambda i: i.position)
    return UnitDuties(unit, lead, responsible, indicators)


@dataclass
class Matrix:
    units: list[Unit]
    tasks: list[Task]
    indicators: list[Indicator]
    task_roles: dict[tuple[int, int], str]  # (unit id, task id) → lead/responsible
    indicator_cells: set[tuple[int, int]]  # (unit id, indicator id)

    def task_row(self, unit: Unit) -> list[str]:
        return [self.task_roles.get((unit.pk, task.pk), "") for task in self.tasks]

    def indicator_row(self, unit: Unit) -> list[bool]:
        return [(unit.pk, i.pk) in self.indicator_cells for i in self.indicators]


def responsibility_matrix(*, plan: Plan) -> Matrix:
    """Units × tasks (lead / responsible) and units × indicators, in five queries."""
    units = list(plan.units.all())
    tasks = list(plan.tasks.all())
    indicators = list(plan.indicators.all())
    task_roles: dict[tuple[int, int], str] = {}
    for unit_id, task_id, role in TaskUnit.objects.filter(task__plan=plan).values_list(
        "unit_id", "task_id", "role"
    ):
        # A unit that both leads and supports a task shows as lead.
        if task_roles.get((unit_id, task_id)) != TaskUnit.Role.LEAD:
            task_roles[(unit_id, task_id)] = role
    cells = set(
        IndicatorUnit.objects.filter(indicator__plan=plan).values_list("unit_id", "indicator_id")
    )
    involved = {u for u, _ in task_roles} | {u for u, _ in cells}
    units = [u for u in units if u.pk in involved]
    return Matrix(units, tasks, indicators, task_roles, cells)
