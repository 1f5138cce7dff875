"""Writes and whole-plan reads of plans: load a plan file into the database, export it back."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from innocounty.core import schema
from innocounty.core.plandiff import diff_plans
from innocounty.plans import hooks
from innocounty.plans.models import (
    Category,
    Indicator,
    IndicatorUnit,
    MainTarget,
    Plan,
    Program,
    Target,
    Task,
    TaskUnit,
    Unit,
)
from innocounty.types import User

PLAN_LOAD_UNIT_HAS_PEOPLE = gettext_noop(
    "单位“{name}”已有人员（{count} 人），不能从方案中删除；请先在管理后台调整其人员。"
)
PLAN_LOAD_INDICATOR_HAS_VALUES = gettext_noop("指标 {code}“{name}”已有填报数据，不能从方案中删除。")
PLAN_EXPORT_NO_PLAN = "数据库中还没有方案；请先运行 innocounty load-plan 或 innocounty demo。"
PLAN_EXPORT_AMBIGUOUS = "数据库中有多个方案，请用 --plan 指定其一：{keys}"
PLAN_EXPORT_UNKNOWN = "找不到方案“{key}”；已有方案：{keys}"


class PlanLoadError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("；".join(problems))


@dataclass
class PlanLoadResult:
    plan: Plan
    created: bool
    changes: list[str] = field(default_factory=list)


def plan_get(*, key: str | None = None) -> Plan:
    """Return the plan with `key`, or the only plan when no key is given."""
    plans = list(Plan.objects.order_by("key"))
    keys = "、".join(p.key for p in plans) or "无"
    if key is None:
        if not plans:
            raise LookupError(PLAN_EXPORT_NO_PLAN)
        if len(plans) > 1:
            raise LookupError(PLAN_EXPORT_AMBIGUOUS.format(keys=keys))
        return plans[0]
    for plan in plans:
        if plan.key == key or str(plan.pk) == key:
            return plan
    raise LookupError(PLAN_EXPORT_UNKNOWN.format(key=key, keys=keys))


def plan_export(*, plan: Plan) -> schema.Plan:
    """Rebuild the plan file model from the database (a fixed number of queries).

    The rows were validated when the plan was loaded, so the models are built without
    validating again (`model_construct`): every page that evaluates the plan calls this.
    """
    units = list(plan.units.all())
    task_units: dict[int, dict[str, list[str]]] = {}
    for task_id, role, name in TaskUnit.objects.filter(task__plan=plan).values_list(
        "task_id", "role", "unit__name"
    ):
        roles = task_units.setdefault(task_id, {"lead": [], "responsible": []})
        roles[role].append(name)
    tasks_by_program: dict[int, list[schema.Task]] = {}
    for task in plan.tasks.all():
        roles = task_units.get(task.pk, {"lead": [], "responsible": []})
        tasks_by_program.setdefault(task.program_id, []).append(
            schema.Task.model_construct(
                number=task.number,
                title=task.title,
                text=task.text,
                lead_units=roles["lead"],
                responsible_units=roles["responsible"],
            )
        )
    indicator_units: dict[int, list[str]] = {}
    for indicator_id, name in IndicatorUnit.objects.filter(indicator__plan=plan).values_list(
        "indicator_id", "unit__name"
    ):
        indicator_units.setdefault(indicator_id, []).append(name)
    targets: dict[int, list[schema.Target]] = {}
    for indicator_id, year, kind, value in (
        Target.objects.filter(indicator__plan=plan)
        .order_by("id")
        .values_list("indicator_id", "year", "kind", "value")
    ):
        targets.setdefault(indicator_id, []).append(
            schema.Target.model_construct(
                year=year, kind=schema.TargetKind(kind), value=normal_decimal(value)
            )
        )
    indicators = list(plan.indicators.select_related("category"))
    codes: dict[int | None, str] = {indicator.pk: indicator.code for indicator in indicators}
    office = next((u.name for u in units if u.pk == plan.office_unit_id), None)
    return schema.Plan.model_construct(
        key=plan.key,
        title=plan.title,
        doc_number=plan.doc_number,
        date=plan.date,
        issuer=plan.issuer,
        region=plan.region,
        start_year=plan.start_year,
        end_year=plan.end_year,
        base_year=plan.base_year,
        categories=[c.name for c in plan.categories.all()],
        programs=[
            schema.Program.model_construct(
                number=program.number,
                title=program.title,
                tasks=tasks_by_program.get(program.pk, []),
            )
            for program in plan.programs.all()
        ],
        indicators=[
            schema.Indicator.model_construct(
                code=i.code,
                catalogue=i.catalogue or None,
                category=i.category.name,
                number=i.number,
                name=i.name,
                unit=i.measure_unit,
                direction=schema.Direction(i.direction),
                measure_type=schema.MeasureType(i.measure_type),
                frequency=schema.Frequency(i.frequency),
                decimals=i.decimals,
                responsible_units=indicator_units.get(i.pk, []),
                targets=targets.get(i.pk, []),
                note=i.note,
                ratio=_ratio_parts(i),
            )
            for i in indicators
        ],
        main_targets=[
            schema.MainTarget.model_construct(
                text=m.text,
                value=normal_decimal(m.value) if m.value is not None else None,
                unit=m.measure_unit,
                year=m.year,
                indicator=codes.get(m.indicator_id),
            )
            for m in plan.main_targets.all()
        ],
        units=[
            schema.Unit.model_construct(
                name=u.name,
                kind=schema.UnitKind(u.kind),
                member=u.member,
                duties=u.duties,
                aliases=list(u.aliases),
            )
            for u in units
        ],
        leading_group=[schema.LeadingGroupMember.model_validate(m) for m in plan.leading_group],
        office_unit=office,
        errata=[schema.Erratum.model_validate(e) for e in plan.errata],
        findings=[schema.Finding.model_validate(f) for f in plan.findings],
    )


def normal_decimal(value: Any) -> Any:
    """Drop the trailing zeros the database column adds (0.48500000 → 0.485)."""
    normal = value.normalize()
    return normal.quantize(1) if normal == normal.to_integral_value() else normal


def _ratio_parts(indicator: Indicator) -> schema.RatioParts | None:
    if not indicator.has_ratio_parts:
        return None
    return schema.RatioParts.model_construct(
        numerator=indicator.numerator_name,
        numerator_unit=indicator.numerator_unit,
        denominator=indicator.denominator_name,
        denominator_unit=indicator.denominator_unit,
        factor=normal_decimal(indicator.ratio_factor or Decimal(1)),
    )


@transaction.atomic
def plan_load(*, data: schema.Plan, by: User | None = None) -> PlanLoadResult:
    """Create the plan `data.key`, or update it in place; loading the same data changes nothing.

    Rows are matched by their natural keys (unit name, program and task number, indicator
    code), so ids, people's units and reported values survive a corrected plan file. Removing
    a unit that has people, or an indicator that has values, is refused and nothing is written.
    """
    plan = Plan.objects.select_for_update().filter(key=data.key).first()
    created = plan is None
    if plan is not None:
        changes = diff_plans(plan_export(plan=plan), data)
        if not changes:
            return PlanLoadResult(plan=plan, created=False, changes=[])
    else:
        changes = []
        plan = Plan(key=data.key)

    for field_name in ("title", "doc_number", "date", "issuer", "region", "start_year"):
        setattr(plan, field_name, getattr(data, field_name))
    plan.end_year = data.end_year
    plan.base_year = data.base_year
    plan.leading_group = [m.model_dump(mode="json") for m in data.leading_group]
    plan.errata = [e.model_dump(mode="json") for e in data.errata]
    plan.findings = [f.model_dump(mode="json") for f in data.findings]
    plan.full_clean(exclude=["office_unit"])
    plan.save()

    units = _sync_units(plan, data)
    plan.office_unit = units.get(data.office_unit) if data.office_unit else None
    plan.save(update_fields=["office_unit"])
    _sync_programs_and_tasks(plan, data, units)
    _sync_indicators(plan, data, units)

    if created:
        plan.log_action("plans.plan.created", user=by, data={"key": plan.key})
    else:
        plan.log_action("plans.plan.updated", user=by, data={"changes": changes})
    hooks.plan_changed(plan_id=plan.pk)
    return PlanLoadResult(plan=plan, created=created, changes=changes)


def _sync_units(plan: Plan, data: schema.Plan) -> dict[str, Unit]:
    existing = {unit.name: unit for unit in plan.units.all()}
    wanted = {unit.name for unit in data.units}
    problems = []
    for name, unit in existing.items():
        if name not in wanted:
            count = unit.users.count()
            if count:
                problems.append(gettext(PLAN_LOAD_UNIT_HAS_PEOPLE).format(name=name, count=count))
    if problems:
        raise PlanLoadError(problems)
    TaskUnit.objects.filter(task__plan=plan).delete()
    IndicatorUnit.objects.filter(indicator__plan=plan).delete()
    Unit.objects.filter(plan=plan).exclude(name__in=wanted).delete()

    result: dict[str, Unit] = {}
    for position, item in enumerate(data.units):
        unit = existing.get(item.name) or Unit(plan=plan, name=item.name)
        unit.kind = item.kind.value
        unit.member = item.member
        unit.duties = item.duties
        unit.aliases = list(item.aliases)
        unit.position = position
        unit.save()
        result[unit.name] = unit
    return result


def _sync_programs_and_tasks(plan: Plan, data: schema.Plan, units: dict[str, Unit]) -> None:
    programs = {p.number: p for p in plan.programs.all()}
    tasks = {t.number: t for t in plan.tasks.all()}
    task_units: list[TaskUnit] = []
    wanted_tasks: set[int] = set()
    for item in data.programs:
        program = programs.get(item.number) or Program(plan=plan, number=item.number)
        program.title = item.title
        program.save()
        for t in item.tasks:
            wanted_tasks.add(t.number)
            task = tasks.get(t.number) or Task(plan=plan, number=t.number)
            task.program = program
            task.title = t.title
            task.text = t.text
            task.save()
            for role, names in (("lead", t.lead_units), ("responsible", t.responsible_units)):
                task_units += [
                    TaskUnit(task=task, unit=units[name], role=role, position=i)
                    for i, name in enumerate(names)
                ]
    Task.objects.filter(plan=plan).exclude(number__in=wanted_tasks).delete()
    Program.objects.filter(plan=plan).exclude(number__in=[p.number for p in data.programs]).delete()
    TaskUnit.objects.bulk_create(task_units)


def _sync_indicators(plan: Plan, data: schema.Plan, units: dict[str, Unit]) -> None:
    categories = {c.name: c for c in plan.categories.all()}
    names = list(data.categories) or list(dict.fromkeys(i.category for i in data.indicators))
    for position, name in enumerate(names):
        category = categories.get(name) or Category(plan=plan, name=name)
        category.position = position
        category.save()
        categories[name] = category

    existing = {i.code: i for i in plan.indicators.all()}
    wanted = {i.code for i in data.indicators}
    problems = [
        gettext(PLAN_LOAD_INDICATOR_HAS_VALUES).format(code=code, name=indicator.name)
        for code, indicator in existing.items()
        if code not in wanted and indicator.values.exists()
    ]
    if problems:
        raise PlanLoadError(problems)
    Indicator.objects.filter(plan=plan).exclude(code__in=wanted).delete()
    Target.objects.filter(indicator__plan=plan).delete()

    indicator_units: list[IndicatorUnit] = []
    targets: list[Target] = []
    by_code: dict[str, Indicator] = {}
    for position, item in enumerate(data.indicators):
        indicator = existing.get(item.code) or Indicator(plan=plan, code=item.code)
        indicator.catalogue = item.catalogue or ""
        indicator.category = categories[item.category]
        indicator.number = item.number
        indicator.name = item.name
        indicator.measure_unit = item.unit
        indicator.direction = item.direction.value
        indicator.measure_type = item.measure_type.value
        indicator.frequency = item.frequency.value
        indicator.decimals = item.decimals
        indicator.note = item.note
        indicator.position = position
        parts = item.ratio
        indicator.numerator_name = parts.numerator if parts else ""
        indicator.numerator_unit = parts.numerator_unit if parts else ""
        indicator.denominator_name = parts.denominator if parts else ""
        indicator.denominator_unit = parts.denominator_unit if parts else ""
        indicator.ratio_factor = parts.factor if parts else None
        indicator.save()
        by_code[item.code] = indicator
        indicator_units += [
            IndicatorUnit(indicator=indicator, unit=units[name], position=i)
            for i, name in enumerate(item.responsible_units)
        ]
        targets += [
            Target(indicator=indicator, year=t.year, kind=t.kind.value, value=t.value)
            for t in item.targets
        ]
    Category.objects.filter(plan=plan).exclude(name__in=names).delete()
    IndicatorUnit.objects.bulk_create(indicator_units)
    Target.objects.bulk_create(targets)

    MainTarget.objects.filter(plan=plan).delete()
    MainTarget.objects.bulk_create(
        MainTarget(
            plan=plan,
            position=position,
            text=m.text,
            value=m.value,
            measure_unit=m.unit,
            year=m.year,
            indicator=by_code.get(m.indicator) if m.indicator else None,
        )
        for position, m in enumerate(data.main_targets)
    )


# --- ranking weights --------------------------------------------------------------------------

# The ``carried`` method's weights (innocounty.core.scorecard), with their allowed ranges.
SCORING_DEFAULTS: dict[str, Decimal] = {
    "lead_task": Decimal(3),
    "responsible_task": Decimal(1),
    "indicator_item": Decimal(2),
    "credibility": Decimal(10),
    "timeliness_share": Decimal("0.2"),
}
SCORING_LIMITS: dict[str, tuple[Decimal, Decimal]] = {
    "lead_task": (Decimal(0), Decimal(20)),
    "responsible_task": (Decimal(0), Decimal(20)),
    "indicator_item": (Decimal(0), Decimal(20)),
    "credibility": (Decimal(0), Decimal(100)),
    "timeliness_share": (Decimal(0), Decimal(1)),
}
SCORING_OUT_OF_RANGE = gettext_noop("{name}应在 {low} 到 {high} 之间")
SCORING_NO_LOAD = gettext_noop("牵头任务、参与任务和指标的权重不能都为 0")


class ScoringError(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("；".join(errors.values()))


def plan_scoring(plan: Plan) -> dict[str, Decimal]:
    """The plan's ranking weights: the office's choices over the defaults."""
    stored = plan.scoring or {}
    return {k: Decimal(str(stored.get(k, v))) for k, v in SCORING_DEFAULTS.items()}


@transaction.atomic
def plan_scoring_save(
    *, plan: Plan, weights: dict[str, Decimal], names: dict[str, str], by: User
) -> dict[str, Decimal]:
    """Set the plan's ranking weights (office only); bad values change nothing."""
    from django.core.exceptions import PermissionDenied

    from innocounty.plans import roles

    if not roles.is_office(by):
        raise PermissionDenied
    errors: dict[str, str] = {}
    for key, (low, high) in SCORING_LIMITS.items():
        value = weights.get(key)
        if value is None or not low <= value <= high:
            errors[key] = gettext(SCORING_OUT_OF_RANGE).format(
                name=names.get(key, key), low=low, high=high
            )
    if not errors and not any(
        weights[k] for k in ("lead_task", "responsible_task", "indicator_item")
    ):
        errors["lead_task"] = gettext(SCORING_NO_LOAD)
    if errors:
        raise ScoringError(errors)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    before = plan_scoring(plan)
    after = {k: weights[k] for k in SCORING_DEFAULTS}
    if before == after:
        return after
    plan.scoring = {k: str(v.normalize()) for k, v in after.items()}
    plan.save(update_fields=["scoring", "updated"])
    plan.log_action(
        "plans.plan.scoring_changed",
        user=by,
        data={
            "changes": {
                k: [str(before[k].normalize()), str(after[k].normalize())]
                for k in after
                if before[k] != after[k]
            }
        },
    )
    hooks.plan_changed(plan_id=plan.pk)
    return after
