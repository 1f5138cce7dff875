"""Demo reporting data, made through the real workflow, for `innocounty demo` only.

Rounds for the base year and every plan year: the older ones approved and closed, the last
year's mixed (approved, submitted, returned, draft, missing) and past its deadline, and an open
quarterly round. Every value and task report is flagged `is_demo` and shown as 演示数据.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from innocounty import types
from innocounty.core import periods
from innocounty.core.workflow import Action
from innocounty.plans.models import Indicator, Plan, Target, TaskUnit, Unit
from innocounty.plans.roles import OFFICE, REPORTER
from innocounty.reporting import services
from innocounty.reporting.models import Round, TaskReport, Value

DEMO_SOURCE = "演示数据（非真实数据）"

# How a demo series relates to its yearly targets: some indicators run ahead, most on track,
# a few behind, so every status has something to show.
PROFILES: dict[str, tuple[str, ...]] = {
    "ahead": ("1.04", "1.06", "1.08"),
    "on_track": ("1.00", "1.01", "1.02"),
    "behind": ("0.95", "0.93", "0.92"),
    "seriously_behind": ("0.90", "0.86", "0.82"),
}
PROFILE_CYCLE = ("on_track", "ahead", "on_track", "behind", "on_track", "seriously_behind", "ahead")

# What happens to the last year's values, by indicator position (cycled).
LAST_YEAR_FATES = (
    "approved", "approved", "submitted", "approved", "returned", "approved", "draft",
    "approved", "submitted", "approved", "missing", "approved",
)  # fmt: skip

# How fast each demo task moves, as a share of the plan's elapsed time (cycled by task): its
# percentage never falls from one year to the next, and its words match its status.
TASK_SPEEDS = (Decimal("1.05"), Decimal("1.00"), Decimal("0.90"), Decimal("1.00"), Decimal("0.75"))
TASK_PROGRESS = {
    "completed": "已完成全部建设内容，转入常态化运行。",
    "on_track": "已制定年度工作方案并分解到责任单位，各项工作按计划推进。",
    "behind": "完成阶段性目标，部分工作略慢于序时进度，正在加快推进。",
    "seriously_behind": "受项目进度影响，部分工作滞后，正在协调推进。",
}


def demo_task_percent(index: int, year: int, *, start_year: int, end_year: int) -> int:
    """The demo percentage of task `index` in `year`: elapsed share × its speed, ≤ 100."""
    months = (end_year - start_year + 1) * 12
    elapsed = Decimal(max(0, min(months, (year - start_year + 1) * 12))) / months
    speed = TASK_SPEEDS[index % len(TASK_SPEEDS)]
    return int(min(Decimal(100), (elapsed * 100 * speed).to_integral_value(ROUND_HALF_UP)))


def demo_task_words(index: int, percent: int) -> str:
    """Words that match the status the percentage gives (the same thresholds as the status)."""
    if percent >= 100:
        return TASK_PROGRESS["completed"]
    speed = TASK_SPEEDS[index % len(TASK_SPEEDS)]
    if speed >= Decimal("0.95"):
        return TASK_PROGRESS["on_track"]
    if speed >= Decimal("0.80"):
        return TASK_PROGRESS["behind"]
    return TASK_PROGRESS["seriously_behind"]


@dataclass
class DemoSummary:
    rounds: int
    values: int
    task_reports: int


def _wiggle(code: str, year: int) -> Decimal:
    """A small deterministic factor in [0.99, 1.01], so series do not look machine-made."""
    digest = hashlib.sha256(f"{code}:{year}".encode()).digest()
    return Decimal("0.99") + Decimal(digest[0]) / Decimal(255) * Decimal("0.02")


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def demo_series(plan: Plan) -> dict[int, dict[int, Decimal]]:
    """Plausible yearly values per indicator id, from the base year to the last plan year."""
    base_year = plan.base_year or plan.start_year - 1
    targets = {
        (t.indicator_id, t.year, t.kind): t.value
        for t in Target.objects.filter(indicator__plan=plan)
    }
    result: dict[int, dict[int, Decimal]] = {}
    for index, indicator in enumerate(plan.indicators.order_by("position")):
        profile = PROFILES[PROFILE_CYCLE[index % len(PROFILE_CYCLE)]]
        lower = indicator.direction == Indicator.Direction.LOWER
        yearly = {
            year: targets.get((indicator.pk, year, "target"))
            or targets.get((indicator.pk, year, "assessment"))
            for year in plan.years()
        }
        first = yearly.get(plan.start_year)
        if first is None:
            continue
        # The base year sits a step before the first target: 5 % below (above when lower).
        raw = {base_year: first * (Decimal("1.05") if lower else Decimal("0.95"))}
        for offset, year in enumerate(plan.years()):
            if yearly.get(year) is None:
                continue
            factor = Decimal(profile[min(offset, len(profile) - 1)])
            raw[year] = yearly[year] / factor if lower else yearly[year] * factor
        result[indicator.pk] = {
            year: _round(value * _wiggle(indicator.code, year), indicator.decimals)
            for year, value in raw.items()
        }
    return result


class _Demo:
    def __init__(self, plan: Plan) -> None:
        User = get_user_model()
        self.plan = plan
        self.office = User.objects.filter(groups__name=OFFICE).order_by("pk").first()
        self.reporters: dict[int, types.User] = {}
        for unit in plan.units.prefetch_related("users__groups"):
            for user in unit.users.all():
                if any(g.name == REPORTER for g in user.groups.all()):
                    self.reporters.setdefault(unit.pk, user)
        self.responsible = {}
        for indicator in plan.indicators.prefetch_related("indicator_units"):
            units = [iu.unit_id for iu in indicator.indicator_units.all()]
            self.responsible[indicator.pk] = next((u for u in units if u in self.reporters), None)
        self.values = 0
        self.reports = 0

    def value(self, round_: Round, indicator: Indicator, number: Decimal, fate: str) -> None:
        unit_id = self.responsible.get(indicator.pk)
        if unit_id is None or fate == "missing":
            return
        unit = Unit.objects.get(pk=unit_id)
        reporter = self.reporters[unit_id]
        data = {
            "value": number,
            "source": DEMO_SOURCE,
            "caliber": "按统计部门口径",
            "is_final": fate == "approved",
        }
        checked = services.value_check(indicator=indicator, period=round_.period, data=data)
        if checked.warnings:
            data["explanation"] = "演示说明：已与统计部门核实。"
        saved = services.value_save(
            round_=round_, indicator=indicator, unit=unit, data=data, by=reporter
        ).value
        self.values += 1
        if fate == "draft":
            return
        saved = services.value_submit(value=saved, by=reporter)
        if fate == "returned":
            services.value_return(
                value=saved, by=self.office, reason="请补充佐证材料并核对统计口径。"
            )
        elif fate == "approved":
            services.value_approve(value=saved, by=self.office)

    def task_report(self, round_: Round, link: TaskUnit, fate: str, index: int) -> None:
        reporter = self.reporters.get(link.unit_id)
        if reporter is None or fate == "missing":
            return
        percent = demo_task_percent(
            index,
            periods.parse_period(round_.period).year,
            start_year=self.plan.start_year,
            end_year=self.plan.end_year,
        )
        report = services.task_report_save(
            round_=round_,
            task=link.task,
            unit=link.unit,
            data={
                "progress": demo_task_words(index, percent),
                "percent": percent,
                "milestone": f"{periods.label(round_.period)}节点目标",
                "problems": "" if index % 3 else "资金和用地要素保障有待加强。",
                "next_steps": "继续推进，按月调度。",
            },
            by=reporter,
            revision=None,
        )
        self.reports += 1
        if fate == "draft":
            return
        report = services.task_report_transition(report=report, action=Action.SUBMIT, by=reporter)
        if fate == "returned":
            services.task_report_transition(
                report=report, action=Action.RETURN, by=self.office, reason="请补充量化进展。"
            )
        elif fate == "approved":
            services.task_report_transition(report=report, action=Action.APPROVE, by=self.office)


@transaction.atomic
def demo_reporting_create(*, plan: Plan, today: dt.date) -> DemoSummary:
    """Create the demo rounds, values and task reports once; a second call changes nothing."""
    if Round.objects.filter(plan=plan).exists():
        return DemoSummary(
            Round.objects.filter(plan=plan).count(),
            Value.objects.filter(indicator__plan=plan).count(),
            TaskReport.objects.filter(round__plan=plan).count(),
        )
    demo = _Demo(plan)
    series = demo_series(plan)
    indicators = list(plan.indicators.order_by("position"))
    base_year = plan.base_year or plan.start_year - 1
    last_year = plan.end_year
    rounds = []
    for year in range(base_year, last_year + 1):
        round_ = services.round_open(
            plan=plan,
            period=str(year),
            deadline=dt.date(year + 1, 3, 31),
            by=demo.office,
            include_tasks=year >= plan.start_year,
        )
        rounds.append(round_)
        for index, indicator in enumerate(indicators):
            number = series.get(indicator.pk, {}).get(year)
            if number is None:
                continue
            fate = "approved" if year < last_year else LAST_YEAR_FATES[index % len(LAST_YEAR_FATES)]
            demo.value(round_, indicator, number, fate)
        if round_.include_tasks:
            links = TaskUnit.objects.filter(
                task__plan=plan, role=TaskUnit.Role.LEAD
            ).select_related("task", "unit")
            for index, link in enumerate(links.order_by("task__number")):
                fate = (
                    "approved"
                    if year < last_year
                    else LAST_YEAR_FATES[(index + 3) % len(LAST_YEAR_FATES)]
                )
                demo.task_report(round_, link, fate, index)
        if year < last_year:
            services.round_close(round_=round_, by=demo.office)

    # A correction: a past approved value revised and approved again, so versions show.
    first = next((i for i in indicators if series.get(i.pk, {}).get(last_year - 1)), None)
    if first is not None:
        approved = services.value_approved(indicator=first, period=str(last_year - 1))
        if approved is not None:
            reporter = demo.reporters[demo.responsible[first.pk]]
            corrected = services.value_correct(
                value=approved, by=reporter, reason="统计年报数据更新"
            )
            Round.objects.filter(pk=corrected.round_id).update(status=Round.Status.OPEN)
            corrected.round.status = Round.Status.OPEN
            revised = services.value_save(
                round_=corrected.round,
                indicator=first,
                unit=corrected.unit,
                data={
                    "value": approved.value,
                    "source": "统计年报（演示数据）",
                    "caliber": approved.caliber,
                    "is_final": True,
                    "explanation": "演示说明：年报数与快报数一致。",
                },
                by=reporter,
                revision=corrected.revision,
            ).value
            revised = services.value_submit(value=revised, by=reporter)
            services.value_approve(value=revised, by=demo.office)
            services.round_close(round_=corrected.round, by=demo.office)

    # An open quarterly round this year, past its deadline for some units; once the plan
    # has ended, its last quarter (rounds are only opened for periods inside the plan).
    quarter = periods.latest_period("quarterly", today)
    if quarter.year > plan.end_year:
        quarter = periods.parse_period(f"{plan.end_year}Q4")
    q_round = services.round_open(
        plan=plan,
        period=quarter.ident,
        deadline=quarter.end + dt.timedelta(days=20),
        by=demo.office,
        include_tasks=False,
    )
    rounds.append(q_round)
    for index, indicator in enumerate(q_round.indicators()):
        last = series.get(indicator.pk, {}).get(last_year)
        if last is None:
            continue
        number = _round(last * Decimal("1.03"), indicator.decimals)
        demo.value(q_round, indicator, number, ("submitted", "draft", "missing")[index % 3])

    # Demo timestamps: submissions and reviews a little before each deadline, so timeliness
    # shows what a real year would look like rather than today's date.
    for round_ in rounds:
        on_time = _aware(round_.deadline - dt.timedelta(days=5))
        Value.objects.filter(round=round_, submitted_at__isnull=False).update(submitted_at=on_time)
        TaskReport.objects.filter(round=round_, submitted_at__isnull=False).update(
            submitted_at=on_time
        )
        Value.objects.filter(round=round_, reviewed_at__isnull=False).update(
            reviewed_at=on_time + dt.timedelta(days=3)
        )
    Value.objects.filter(indicator__plan=plan).update(is_demo=True)
    TaskReport.objects.filter(round__plan=plan).update(is_demo=True)
    return DemoSummary(len(rounds), demo.values, demo.reports)


def _aware(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
