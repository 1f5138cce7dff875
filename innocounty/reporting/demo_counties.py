"""A demo province of many counties, for `innocounty demo --counties N` only.

The tree: 湖北省 → 潜江市 (the Qianjiang plan's county-level city, directly under the
province) and N − 1 generated counties (演示县０００１ …) under a few generated cities
(演示市０１ …). Every region is flagged `demo`; every generated name says 演示.

Each generated county gets its own plan, written with `bulk_create` (a county is some 250
rows; 2,000 counties must load in well under a minute): the national 15 indicators (the
shared catalogue's codes, names, units and ratio parts) and two to four of its own (特色指标),
a few units, programs and tasks, a baseline for 2022 and targets for 2023–2025, annual rounds
for 2022–2025 with their values and task reports — the older rounds approved and closed, the
last one open and mixed (approved, submitted, returned, draft, missing), some units late.
Values and task reports are flagged `is_demo` and say 演示数据 in their source.

The numbers are drawn from a generator seeded with the county's number: the same county gets
the same numbers on every run and machine, and counties differ in size (a county's flows and
counts scale with it), in ambition (its targets' growth) and in how well it does (each
indicator runs ahead, on track, behind or seriously behind its targets).

Generated counties are created once: a county whose plan exists is left as it is, so running
the demo again adds nothing, and a larger N adds only the counties still missing. Each batch
of counties is written in one transaction, so an interrupted run leaves whole counties only.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from innocounty.core import catalogue
from innocounty.core.rounds import round_title
from innocounty.plans.models import (
    Category,
    Indicator,
    IndicatorUnit,
    Plan,
    Program,
    Region,
    Target,
    Task,
    TaskUnit,
    Unit,
)
from innocounty.reporting.demo import DEMO_SOURCE, demo_task_percent, demo_task_words
from innocounty.reporting.models import Round, TaskReport, Value

CITIES = 12  # generated counties go round the generated cities
BATCH = 250  # counties per transaction

START_YEAR, END_YEAR, BASE_YEAR = 2023, 2025, 2022

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def full_width(number: int, width: int) -> str:
    return f"{number:0{width}d}".translate(_FULL_WIDTH)


def county_code(number: int) -> str:
    return f"demo-county-{number:04d}"


def county_name(number: int) -> str:
    return f"演示县{full_width(number, 4)}"


def city_number(county: int) -> int:
    """The generated city a county lies in: round the cities, whatever N is."""
    return (county - 1) % CITIES + 1


def city_code(number: int) -> str:
    return f"demo-city-{number:02d}"


def city_name(number: int) -> str:
    return f"演示市{full_width(number, 2)}"


def plan_key(number: int) -> str:
    return f"demo-county-{number:04d}-{START_YEAR}"


# --- what a generated county's plan holds ---------------------------------------------------

CATEGORIES = ("创新投入", "企业创新", "创新环境", "创新绩效", "特色指标")
OFFICE_UNIT = "县创新型县（市）建设工作领导小组办公室"
UNITS = (
    "县科技局",
    "县财政局",
    "县发改委",
    "县经信局",
    "县市场监管局",
    "县税务局",
    "县农业农村局",
    "县统计局",
)


@dataclass(frozen=True)
class Spec:
    """How a demo series is drawn: the 2022 baseline between `low` and `high` (times the
    county's size when `scaled`), the yearly growth of its targets between `growth` and
    twice that, the unit that reports it."""

    low: float
    high: float
    scaled: bool
    growth: float
    unit: str


NATIONAL_SPECS: dict[str, Spec] = {
    "N01": Spec(1.2, 3.6, False, 0.03, "县财政局"),
    "N02": Spec(60, 220, False, 0.04, "县科技局"),
    "N03": Spec(30000, 110000, True, 0.06, "县科技局"),
    "N04": Spec(0.8, 2.2, False, 0.03, "县科技局"),
    "N05": Spec(40, 140, True, 0.07, "县科技局"),
    "N06": Spec(80, 260, True, 0.06, "县科技局"),
    "N07": Spec(2, 9, False, 0.05, "县科技局"),
    "N08": Spec(25, 90, True, 0.04, "县科技局"),
    "N09": Spec(8000, 50000, True, 0.07, "县税务局"),
    "N10": Spec(60, 280, False, 0.04, "县科技局"),
    "N11": Spec(300, 1900, True, 0.04, "县科技局"),
    "N12": Spec(8, 26, False, 0.03, "县经信局"),
    "N13": Spec(1.0, 6.0, False, 0.04, "县市场监管局"),
    "N14": Spec(0.35, 0.95, False, 0.02, "县发改委"),
    "N15": Spec(1200, 4500, True, 0.03, "县市场监管局"),
}


@dataclass(frozen=True)
class OwnIndicator:
    name: str
    unit: str
    measure_type: str
    decimals: int
    spec: Spec


OWN_INDICATORS: tuple[OwnIndicator, ...] = (
    OwnIndicator("技术合同成交额", "万元", "flow", 0, Spec(5000, 60000, True, 0.08, "县科技局")),
    OwnIndicator("省级以上科技创新平台数", "个", "stock", 0, Spec(6, 30, True, 0.06, "县科技局")),
    OwnIndicator("农业科技园区数", "个", "stock", 0, Spec(1, 6, False, 0.08, "县农业农村局")),
    OwnIndicator(
        "高新技术产业增加值占地区生产总值比重",
        "%",
        "ratio",
        1,
        Spec(8, 24, False, 0.04, "县统计局"),
    ),
    OwnIndicator("科技成果转化项目数", "项", "flow", 0, Spec(20, 120, True, 0.07, "县科技局")),
    OwnIndicator("省级以上专精特新企业数", "家", "stock", 0, Spec(8, 45, True, 0.09, "县经信局")),
    OwnIndicator("数字经济核心产业增加值", "亿元", "flow", 1, Spec(8, 60, True, 0.08, "县经信局")),
    OwnIndicator(
        "农产品加工业产值与农业总产值之比",
        "",
        "ratio",
        2,
        Spec(1.2, 2.6, False, 0.03, "县农业农村局"),
    ),
)

PROGRAMS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "实施产业转型升级工程",
        (
            ("培育壮大高新技术企业", "县科技局", "县经信局"),
            ("推动传统产业智能化改造", "县经信局", "县发改委"),
        ),
    ),
    (
        "实施创新平台建设工程",
        (
            ("建设县级以上研发平台", "县科技局", "县财政局"),
            ("建设农业科技示范基地", "县农业农村局", "县科技局"),
        ),
    ),
    (
        "实施创新环境优化工程",
        (
            ("落实研发费用加计扣除政策", "县税务局", "县科技局"),
            ("加大财政科技投入", "县财政局", "县科技局"),
        ),
    ),
)

# How a series relates to its targets, and how often a county's indicators do each.
PROFILES: dict[str, tuple[float, float, float]] = {
    "ahead": (1.04, 1.06, 1.08),
    "on_track": (1.00, 1.01, 1.02),
    "behind": (0.95, 0.93, 0.92),
    "seriously_behind": (0.90, 0.86, 0.82),
}
PROFILE_NAMES = ("ahead", "on_track", "behind", "seriously_behind")
PROFILE_CHANCES = (3, 5, 2, 1)

# What can happen to a value or task report in the last (open) round, besides approval.
OTHER_FATES = ("submitted", "submitted", "returned", "draft", "missing")


@dataclass
class CountiesSummary:
    province: str
    counties: int  # generated counties in the database
    created: int  # of which created by this run
    plans: int  # plans in the demo province, Qianjiang's included
    values: int  # values created by this run
    seconds: float


# --- the numbers ------------------------------------------------------------------------------


def _quantize(value: float, decimals: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Series:
    """A demo indicator's numbers: baseline, targets and yearly values (base year included)."""

    baseline: Decimal
    targets: dict[int, Decimal]  # 2023, 2024: target; 2025: assessment
    expected: Decimal  # 2025 完成值
    values: dict[int, Decimal]


def demo_county_series(
    rng: random.Random, spec: Spec, *, size: float, decimals: int, lower: bool
) -> Series:
    """Draw one indicator's baseline, targets and values for a county (see the module)."""
    base = rng.uniform(spec.low, spec.high) * (size if spec.scaled else 1.0)
    growth = rng.uniform(spec.growth, 2 * spec.growth)
    step = (1 - growth) if lower else (1 + growth)
    profile = PROFILES[rng.choices(PROFILE_NAMES, PROFILE_CHANCES)[0]]
    baseline = _quantize(base, decimals)
    targets: dict[int, Decimal] = {}
    values: dict[int, Decimal] = {BASE_YEAR: baseline}
    for offset, year in enumerate(range(START_YEAR, END_YEAR + 1)):
        target = base * step ** (offset + 1)
        targets[year] = _quantize(target, decimals)
        factor = profile[offset] * rng.uniform(0.99, 1.01)
        values[year] = _quantize(target / factor if lower else target * factor, decimals)
    stretch = rng.uniform(0.02, 0.10)
    last = float(targets[END_YEAR])
    expected = _quantize(last * (1 - stretch) if lower else last * (1 + stretch), decimals)
    return Series(baseline, targets, expected, values)


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


# --- the region tree ------------------------------------------------------------------------


def _regions(province: Region, numbers: list[int]) -> dict[int, Region]:
    """The generated counties `numbers` (created where missing), by number."""
    wanted_cities = sorted({city_number(n) for n in numbers})
    cities = {r.code: r for r in Region.objects.filter(code__in=map(city_code, wanted_cities))}
    Region.objects.bulk_create(
        Region(
            code=city_code(c),
            name=city_name(c),
            level=Region.Level.CITY,
            parent=province,
            demo=True,
        )
        for c in wanted_cities
        if city_code(c) not in cities
    )
    cities = {r.code: r for r in Region.objects.filter(code__in=map(city_code, wanted_cities))}
    existing = {r.code: r for r in Region.objects.filter(code__in=map(county_code, numbers))}
    themes = list(Region.Theme.values)
    zones = list(Region.Zone.values)
    new = []
    for n in numbers:
        if county_code(n) in existing:
            continue
        rng = random.Random(f"innocounty demo region {n}")
        new.append(
            Region(
                code=county_code(n),
                name=county_name(n),
                level=Region.Level.COUNTY,
                parent=cities[city_code(city_number(n))],
                theme=rng.choice(themes),
                zone=rng.choice(zones),
                demo=True,
            )
        )
    Region.objects.bulk_create(new)
    return {
        int(r.code.rsplit("-", 1)[1]): r
        for r in Region.objects.filter(code__in=map(county_code, numbers))
    }


# --- one batch of counties ------------------------------------------------------------------


class _Batch:
    """Builds the rows of a batch of counties level by level, one bulk insert per model."""

    def __init__(self, numbers: list[int], regions: dict[int, Region], now: dt.datetime) -> None:
        self.numbers = numbers
        self.regions = regions
        self.now = now
        self.rngs = {n: random.Random(f"innocounty demo county {n}") for n in numbers}
        self.values = 0

    def run(self) -> None:
        plans = Plan.objects.bulk_create(self._plan(n) for n in self.numbers)
        by_number = dict(zip(self.numbers, plans, strict=True))
        units = Unit.objects.bulk_create(
            Unit(
                plan=plan,
                name=name,
                kind=Unit.Kind.OFFICE if name == OFFICE_UNIT else Unit.Kind.UNIT,
                member=name != OFFICE_UNIT,
                position=position,
            )
            for plan in plans
            for position, name in enumerate((*UNITS, OFFICE_UNIT))
        )
        unit_of = {(u.plan_id, u.name): u for u in units}
        for plan in plans:
            plan.office_unit = unit_of[(plan.pk, OFFICE_UNIT)]
        Plan.objects.bulk_update(plans, ["office_unit"], batch_size=500)
        categories = Category.objects.bulk_create(
            Category(plan=plan, name=name, position=position)
            for plan in plans
            for position, name in enumerate(CATEGORIES)
        )
        category_of = {(c.plan_id, c.name): c for c in categories}
        tasks = self._tasks(plans, unit_of)
        indicators, specs = self._indicators(by_number, category_of)
        _insert(
            IndicatorUnit,
            ("indicator", "unit"),
            [
                (indicator.pk, unit_of[(indicator.plan_id, spec.unit)].pk)
                for indicator, spec in zip(indicators, specs, strict=True)
            ],
            fixed={"position": 0},
        )
        rounds = Round.objects.bulk_create(
            Round(
                plan=plan,
                period=str(year),
                title=str(round_title(str(year))),
                deadline=dt.date(year + 1, 3, 31),
                status=Round.Status.CLOSED if year < END_YEAR else Round.Status.OPEN,
                include_tasks=year >= START_YEAR,
            )
            for plan in plans
            for year in range(BASE_YEAR, END_YEAR + 1)
        )
        round_of = {(r.plan_id, int(r.period)): r for r in rounds}
        self._values(by_number, indicators, specs, unit_of, round_of)
        self._task_reports(by_number, tasks, round_of)

    def _plan(self, number: int) -> Plan:
        name = county_name(number)
        return Plan(
            key=plan_key(number),
            title=f"{name}国家创新型县（市）建设实施方案（演示数据）",
            doc_number=f"演示〔{START_YEAR}〕{number}号",
            date=dt.date(START_YEAR, 6, 30),
            issuer=f"{name}人民政府",
            region=name,
            county=self.regions[number],
            start_year=START_YEAR,
            end_year=END_YEAR,
            base_year=BASE_YEAR,
        )

    def _tasks(self, plans: list[Plan], unit_of: dict) -> list[Task]:
        programs = Program.objects.bulk_create(
            Program(plan=plan, number=number, title=title)
            for plan in plans
            for number, (title, _tasks) in enumerate(PROGRAMS, start=1)
        )
        program_of = {(p.plan_id, p.number): p for p in programs}
        rows = []
        links = []
        for plan in plans:
            number = 0
            for p_number, (_title, items) in enumerate(PROGRAMS, start=1):
                for title, lead, responsible in items:
                    number += 1
                    rows.append(
                        Task(
                            plan=plan,
                            program=program_of[(plan.pk, p_number)],
                            number=number,
                            title=title,
                            text=f"{title}（演示数据）。",
                        )
                    )
                    links.append((lead, responsible))
        tasks = Task.objects.bulk_create(rows)
        _insert(
            TaskUnit,
            ("task", "unit", "role"),
            [
                row
                for task, (lead, responsible) in zip(tasks, links, strict=True)
                for row in (
                    (task.pk, unit_of[(task.plan_id, lead)].pk, TaskUnit.Role.LEAD.value),
                    (
                        task.pk,
                        unit_of[(task.plan_id, responsible)].pk,
                        TaskUnit.Role.RESPONSIBLE.value,
                    ),
                )
            ],
            fixed={"position": 0},
        )
        return tasks

    def _indicators(
        self, plans: dict[int, Plan], category_of: dict
    ) -> tuple[list[Indicator], list[Spec]]:
        rows: list[Indicator] = []
        specs: list[Spec] = []
        for number, plan in plans.items():
            rng = self.rngs[number]
            for position, entry in enumerate(catalogue.NATIONAL):
                parts = entry.ratio
                rows.append(
                    Indicator(
                        plan=plan,
                        category=category_of[(plan.pk, entry.category)],
                        code=entry.code,
                        catalogue=entry.code,
                        number=position + 1,
                        name=entry.name,
                        measure_unit=entry.unit,
                        direction=entry.direction.value,
                        measure_type=entry.measure_type.value,
                        frequency=entry.frequency.value,
                        decimals=entry.decimals,
                        position=position,
                        numerator_name=parts.numerator if parts else "",
                        numerator_unit=parts.numerator_unit if parts else "",
                        denominator_name=parts.denominator if parts else "",
                        denominator_unit=parts.denominator_unit if parts else "",
                        ratio_factor=parts.factor if parts else None,
                    )
                )
                specs.append(NATIONAL_SPECS[entry.code])
            own = rng.sample(OWN_INDICATORS, rng.randint(2, 4))
            first = len(catalogue.NATIONAL)
            for offset, item in enumerate(own):
                rows.append(
                    Indicator(
                        plan=plan,
                        category=category_of[(plan.pk, CATEGORIES[-1])],
                        code=f"S{offset + 1:02d}",
                        number=first + offset + 1,
                        name=item.name,
                        measure_unit=item.unit,
                        measure_type=item.measure_type,
                        decimals=item.decimals,
                        position=first + offset,
                    )
                )
                specs.append(item.spec)
        return Indicator.objects.bulk_create(rows), specs

    def _values(
        self,
        plans: dict[int, Plan],
        indicators: list[Indicator],
        specs: list[Spec],
        unit_of: dict,
        round_of: dict,
    ) -> None:
        numbers = {plan.pk: number for number, plan in plans.items()}
        targets: list[tuple] = []
        values: list[tuple] = []
        # A county's habits: its size, how much of the last round is approved, how late.
        habits = {}
        for number in plans:
            rng = self.rngs[number]
            habits[number] = (rng.uniform(0.4, 2.2), rng.uniform(0.55, 0.95), rng.random())
        for indicator, spec in zip(indicators, specs, strict=True):
            number = numbers[indicator.plan_id]
            rng = self.rngs[number]
            size, diligence, lateness = habits[number]
            series = demo_county_series(
                rng,
                spec,
                size=size,
                decimals=indicator.decimals,
                lower=indicator.direction == Indicator.Direction.LOWER,
            )
            pk = indicator.pk
            targets.append((pk, BASE_YEAR, "baseline", series.baseline))
            for year, value in series.targets.items():
                targets.append((pk, year, "assessment" if year == END_YEAR else "target", value))
            targets.append((pk, END_YEAR, "expected", series.expected))
            unit = unit_of[(indicator.plan_id, spec.unit)].pk
            for year, number_ in series.values.items():
                fate = "approved"
                if year == END_YEAR and rng.random() > diligence:
                    fate = rng.choice(OTHER_FATES)
                if fate == "missing":
                    continue
                round_ = round_of[(indicator.plan_id, year)]
                submitted, reviewed = self._times(round_.deadline, fate, lateness, rng)
                values.append(
                    (
                        pk,
                        round_.period,
                        round_.pk,
                        unit,
                        number_,
                        fate == "approved",
                        fate,
                        REVISIONS.get(fate, 3),
                        "请补充佐证材料并核对统计口径。" if fate == "returned" else "",
                        submitted,
                        reviewed,
                    )
                )
        _insert(Target, ("indicator", "year", "kind", "value"), targets)
        _insert(
            Value,
            (
                "indicator",
                "period",
                "round",
                "unit",
                "value",
                "is_final",
                "state",
                "revision",
                "return_reason",
                "submitted_at",
                "reviewed_at",
            ),
            values,
            fixed={
                "source": DEMO_SOURCE,
                "caliber": "按统计部门口径",
                "version": 1,
                "is_demo": True,
                **self._blank(Value),
            },
        )
        self.values += len(values)

    def _blank(self, model: type[models.Model]) -> dict[str, Any]:
        """The columns the generated rows leave at their empty value, and the timestamps."""
        blank: dict[str, Any] = {"created": self.now, "updated": self.now}
        for name in ("numerator", "denominator", "updated_by", "reviewed_by"):
            blank[name] = None
        for name in ("note", "explanation", "correction_reason", "problems"):
            blank[name] = ""
        blank["warnings"] = []
        fields = {f.name for f in model._meta.concrete_fields}
        return {k: v for k, v in blank.items() if k in fields}

    def _times(
        self, deadline: dt.date, fate: str, lateness: float, rng: random.Random
    ) -> tuple[dt.datetime | None, dt.datetime | None]:
        """When it was submitted and reviewed: before the deadline, or after it for a late
        county's units (the later the county, the more often)."""
        if fate == "draft":
            return None, None
        late = rng.random() < lateness * 0.4
        days = rng.randint(1, 30) if late else -rng.randint(1, 20)
        submitted = min(_aware(deadline + dt.timedelta(days=days)), self.now)
        reviewed = None
        if fate in ("approved", "returned"):
            reviewed = min(submitted + dt.timedelta(days=rng.randint(1, 6)), self.now)
        return submitted, reviewed

    def _task_reports(self, plans: dict[int, Plan], tasks: list[Task], round_of: dict) -> None:
        lead = dict(
            TaskUnit.objects.filter(task__in=tasks, role=TaskUnit.Role.LEAD).values_list(
                "task_id", "unit_id"
            )
        )
        numbers = {plan.pk: number for number, plan in plans.items()}
        reports = []
        for task in tasks:
            number = numbers[task.plan_id]
            rng = self.rngs[number]
            speed = (task.number + number) % 5
            for year in range(START_YEAR, END_YEAR + 1):
                fate = "approved"
                if year == END_YEAR and rng.random() < 0.25:
                    fate = rng.choice(OTHER_FATES)
                if fate == "missing":
                    continue
                round_ = round_of[(task.plan_id, year)]
                percent = demo_task_percent(speed, year, start_year=START_YEAR, end_year=END_YEAR)
                submitted, reviewed = self._times(round_.deadline, fate, 0.3, rng)
                reports.append(
                    (
                        round_.pk,
                        task.pk,
                        lead[task.pk],
                        demo_task_words(speed, percent),
                        percent,
                        f"{year}年节点目标",
                        fate,
                        REVISIONS.get(fate, 3),
                        "请补充量化进展。" if fate == "returned" else "",
                        submitted,
                        reviewed,
                    )
                )
        _insert(
            TaskReport,
            (
                "round",
                "task",
                "unit",
                "progress",
                "percent",
                "milestone",
                "state",
                "revision",
                "return_reason",
                "submitted_at",
                "reviewed_at",
            ),
            reports,
            fixed={
                "role": TaskReport.Role.LEAD.value,
                "next_steps": "继续推进，按月调度。",
                "version": 1,
                "is_demo": True,
                **self._blank(TaskReport),
            },
        )


REVISIONS = {"draft": 1, "submitted": 2}  # else 3: approved or returned


def _insert(
    model: type[models.Model],
    fields: tuple[str, ...],
    rows: list[tuple],
    fixed: dict[str, Any] | None = None,
) -> None:
    """INSERT `rows` (Python values in `fields` order; foreign keys as ids) with the `fixed`
    columns' values added to each, with `executemany`. `bulk_create` compiles every value of
    every row through its field, which made up most of the time for the hundreds of thousands
    of values, targets and task reports of 2,000 counties; here only what the database driver
    cannot take as it is is converted: datetimes (SQLite stores them as naive UTC text), and
    the `fixed` values once (JSON)."""
    fixed = fixed or {}
    opts = model._meta
    by_name = {f.name: f for f in opts.concrete_fields}
    columns = [by_name[name] for name in (*fields, *fixed)]
    missing = {f.name for f in opts.concrete_fields if not f.primary_key} - {
        c.name for c in columns
    }
    assert not missing, f"{model.__name__}: no value for {sorted(missing)}"
    prepared_fixed = tuple(
        c.get_db_prep_save(v, connection)
        for c, v in zip(columns[len(fields) :], fixed.values(), strict=True)
    )
    adapt = connection.ops.adapt_datetimefield_value
    times = [i for i, c in enumerate(columns[: len(fields)]) if isinstance(c, models.DateTimeField)]
    assert all(not isinstance(c, models.JSONField) for c in columns[: len(fields)]), (
        "JSON goes in `fixed`"
    )
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(opts.db_table),
        ", ".join(quote(str(c.column)) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    params = []
    for row in rows:
        if times:
            values = list(row)
            for i in times:
                values[i] = adapt(values[i])
            row = tuple(values)
        params.append(row + prepared_fixed)
    with connection.cursor() as cursor:
        for start in range(0, len(params), 5000):
            cursor.executemany(sql, params[start : start + 5000])


def _batches(numbers: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(numbers), size):
        yield numbers[start : start + size]


def demo_counties_create(
    *, province: Region, counties: int, now: dt.datetime | None = None
) -> CountiesSummary:
    """`counties` − 1 generated counties with their plans under `province`, the demo province
    that Qianjiang is in (see the module); a county already there is left alone."""
    started = time.perf_counter()
    now = now or timezone.now()
    wanted = list(range(1, counties))
    existing = set(
        Plan.objects.filter(key__in=[plan_key(n) for n in wanted]).values_list("key", flat=True)
    )
    missing = [n for n in wanted if plan_key(n) not in existing]
    values = 0
    for numbers in _batches(missing, BATCH):
        with transaction.atomic():
            batch = _Batch(numbers, _regions(province, numbers), now)
            batch.run()
            values += batch.values
    if missing and connection.vendor == "postgresql":
        # Fresh statistics for the planner: autovacuum analyses a bulk load only later, and
        # until then PostgreSQL joins values to indicators by sequential scan (with 2,000
        # counties a cockpit took 1.4 s instead of 0.2 s).
        tables: list[type[models.Model]] = [Region, Plan, Unit, Indicator, IndicatorUnit]
        tables += [Target, Task, TaskUnit, Round, Value, TaskReport]
        with connection.cursor() as cursor:
            quote = connection.ops.quote_name
            cursor.execute("ANALYZE " + ", ".join(quote(m._meta.db_table) for m in tables))
    generated = Plan.objects.filter(county__code__startswith="demo-county-").count()
    in_province = Plan.objects.filter(county_id__in=province.subtree_ids()).count()
    return CountiesSummary(
        province=province.name,
        counties=generated,
        created=len(missing),
        plans=in_province,
        values=values,
        seconds=time.perf_counter() - started,
    )
