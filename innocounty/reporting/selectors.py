"""Reporting reads, each in a fixed number of queries whatever the number of values."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from innocounty.core import periods
from innocounty.core.rounds import Item, RoundSummary, UnitProgress, summarise, unit_progress
from innocounty.core.versions import latest_approved
from innocounty.core.workflow import State
from innocounty.plans.models import Indicator, IndicatorUnit, Plan, Target, Task, TaskUnit, Unit
from innocounty.reporting.models import Evidence, Round, TaskReport, Value
from innocounty.types import AnyUser, User


def latest_by_key(rows: list[Any], key: Any) -> dict[Any, Any]:
    """Keep the highest version of each key (rows need not be sorted)."""
    latest: dict[Any, Any] = {}
    for row in rows:
        k = key(row)
        if k not in latest or row.version > latest[k].version:
            latest[k] = row
    return latest


def first_submissions(rows: list[Any], key: Any) -> dict[Any, dt.datetime]:
    """The earliest submission time of each key over all its versions."""
    first: dict[Any, dt.datetime] = {}
    for row in rows:
        if row.submitted_at is not None:
            k = key(row)
            if k not in first or row.submitted_at < first[k]:
                first[k] = row.submitted_at
    return first


def approved_values(*, plan: Plan) -> dict[str, dict[str, Decimal]]:
    """The values that count: the latest approved version per indicator and period
    (`core.versions.latest_approved`, the one rule).

    Returns {indicator code: {period: value}} in one query.
    """
    rows = Value.objects.filter(indicator__plan=plan, state=State.APPROVED).values_list(
        "indicator__code", "period", "version", "state", "value"
    )
    counting = latest_approved(
        ((code, period), version, state, value, value)
        for code, period, version, state, value in rows
    )
    result: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for (code, period), value in sorted(counting.items()):
        result[code][period] = value
    return dict(result)


def deadline_end(round_: Round) -> dt.datetime:
    """The end of the deadline day in Asia/Shanghai: submissions that day are on time."""
    day_after = round_.deadline + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day_after, dt.time.min)) - dt.timedelta(
        microseconds=1
    )


@dataclass
class UnitRow:
    unit: Unit
    progress: UnitProgress


@dataclass
class RoundStatus:
    round: Round
    rows: list[UnitRow]
    summary: RoundSummary

    @property
    def chase(self) -> list[UnitRow]:
        by_name = {row.unit.name: row for row in self.rows}
        return [by_name[p.unit] for p in self.summary.chase]


def reporting_units(*, plan: Plan) -> list[Unit]:
    """The units that report in a plan's rounds: every unit but the leading-group office.

    The one rule for who is due, chased and listed as late (round status, the chase list,
    reminders and the bulletin all read `round_status`): a unit of kind 领导小组办公室 collects
    and reviews the reports and owes none itself, even when the plan names it as a task's
    lead. The plan's `office_unit` is the department hosting the office (e.g. 市科技局), a
    reporting unit like any other, so it stays.
    """
    return [unit for unit in plan.units.all() if unit.kind != Unit.Kind.OFFICE]


def round_status(*, round_: Round, now: dt.datetime | None = None) -> RoundStatus:
    """Each unit's status, completeness and timeliness in the round (six queries)."""
    now = now or timezone.now()
    plan = round_.plan
    indicators = list(round_.indicators())
    by_id = {i.pk: i for i in indicators}
    rows = list(Value.objects.filter(indicator__in=indicators, period=round_.period))
    values = latest_by_key(rows, lambda v: v.indicator_id)
    # The first submission of the item counts for timeliness, even if returned or corrected
    # since: a later version does not make a unit late.
    first = first_submissions(rows, lambda v: v.indicator_id)
    items: dict[int, list[Item]] = defaultdict(list)
    for iu in IndicatorUnit.objects.filter(indicator__in=indicators).order_by(
        "indicator__position"
    ):
        indicator = by_id[iu.indicator_id]
        value = values.get(indicator.pk)
        items[iu.unit_id].append(
            Item(
                key=f"indicator:{indicator.code}",
                label=indicator.name,
                state=value.state if value else None,
                submitted=first.get(indicator.pk),
            )
        )
    if round_.include_tasks:
        report_rows = list(TaskReport.objects.filter(round=round_, role=TaskReport.Role.LEAD))
        reports = latest_by_key(report_rows, lambda r: (r.task_id, r.unit_id))
        first_reports = first_submissions(report_rows, lambda r: (r.task_id, r.unit_id))
        for tu in TaskUnit.objects.filter(task__plan=plan, role=TaskUnit.Role.LEAD).select_related(
            "task"
        ):
            report = reports.get((tu.task_id, tu.unit_id))
            items[tu.unit_id].append(
                Item(
                    key=f"task:{tu.task.number}",
                    label=f"{tu.task.number}. {tu.task.title}",
                    state=report.state if report else None,
                    submitted=first_reports.get((tu.task_id, tu.unit_id)),
                )
            )
    end = deadline_end(round_)
    rows = [
        UnitRow(unit, unit_progress(unit.name, items[unit.pk], deadline_end=end, now=now))
        for unit in reporting_units(plan=plan)
        if items.get(unit.pk)
    ]
    return RoundStatus(round_, rows, summarise([row.progress for row in rows]))


@dataclass
class EntryRow:
    indicator: Indicator
    value: Value | None  # the latest version, any state
    approved: Value | None  # the latest approved version of this period
    previous: Decimal | None  # the approved value of the previous period
    previous_period: str
    target: Decimal | None
    shared_with: list[Unit] = field(default_factory=list)


def unit_entries(*, round_: Round, unit: Unit, user: AnyUser | None = None) -> list[EntryRow]:
    """The indicators `unit` reports in `round_`, with what is known about each (4 queries).

    With `user`, only the versions that person may see are read (`access.values_visible_to`)."""
    from innocounty.reporting import access

    indicator_ids = IndicatorUnit.objects.filter(unit=unit).values_list("indicator_id", flat=True)
    indicators = list(round_.indicators().filter(pk__in=indicator_ids))
    previous_period = periods.parse_period(round_.period).previous().ident
    values = Value.objects.filter(
        indicator__in=indicators, period__in=[round_.period, previous_period]
    )
    rows = list(values if user is None else access.values_visible_to(user, values))
    latest = latest_by_key([v for v in rows if v.period == round_.period], lambda v: v.indicator_id)
    approved = latest_approved(
        ((v.indicator_id, v.period), v.version, v.state, v.value, v) for v in rows
    )
    year = periods.parse_period(round_.period).year
    targets: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for t in Target.objects.filter(indicator__in=indicators, year=year):
        targets[t.indicator_id][t.kind] = t.value
    others: dict[int, list[Unit]] = defaultdict(list)
    for iu in (
        IndicatorUnit.objects.filter(indicator__in=indicators)
        .exclude(unit=unit)
        .select_related("unit")
    ):
        others[iu.indicator_id].append(iu.unit)
    result = []
    for indicator in indicators:
        previous = approved.get((indicator.pk, previous_period))
        t = targets.get(indicator.pk, {})
        result.append(
            EntryRow(
                indicator=indicator,
                value=latest.get(indicator.pk),
                approved=approved.get((indicator.pk, round_.period)),
                previous=previous.value if previous else None,
                previous_period=previous_period,
                target=t.get("target") or t.get("assessment"),
                shared_with=others.get(indicator.pk, []),
            )
        )
    return result


@dataclass
class TaskEntry:
    task: Task
    role: str
    report: TaskReport | None
    contributions: list[TaskReport] = field(default_factory=list)


def unit_task_entries(*, round_: Round, unit: Unit, user: AnyUser | None = None) -> list[TaskEntry]:
    from innocounty.reporting import access

    if not round_.include_tasks:
        return []
    links = list(
        TaskUnit.objects.filter(unit=unit, task__plan=round_.plan)
        .select_related("task")
        .order_by("task__number", "role")
    )
    roles_by_task: dict[int, str] = {}
    tasks: dict[int, Task] = {}
    for link in links:
        tasks[link.task_id] = link.task
        if roles_by_task.get(link.task_id) != TaskReport.Role.LEAD:
            roles_by_task[link.task_id] = (
                TaskReport.Role.LEAD
                if link.role == TaskUnit.Role.LEAD
                else TaskReport.Role.CONTRIBUTION
            )
    rows = TaskReport.objects.filter(round=round_, unit=unit, task__in=list(tasks))
    if user is not None:
        rows = access.task_reports_visible_to(user, rows)
    reports = latest_by_key(list(rows), lambda r: r.task_id)
    return [
        TaskEntry(task=tasks[task_id], role=role, report=reports.get(task_id))
        for task_id, role in roles_by_task.items()
    ]


def review_queue(*, round_: Round) -> tuple[list[Value], list[TaskReport]]:
    """Submitted values and task reports waiting for the office, oldest first."""
    values = list(
        Value.objects.filter(round=round_, state=State.SUBMITTED)
        .select_related("indicator", "unit", "updated_by")
        .order_by("submitted_at", "pk")
    )
    reports = list(
        TaskReport.objects.filter(round=round_, state=State.SUBMITTED)
        .select_related("task", "unit")
        .order_by("submitted_at", "pk")
    )
    return values, reports


def open_rounds_for(*, user: User) -> list[tuple[Round, list[Unit]]]:
    """Open rounds of the plans the user's units belong to, with those units."""
    units = list(Unit.objects.filter(users=user).select_related("plan"))
    by_plan: dict[int, list[Unit]] = defaultdict(list)
    for unit in units:
        by_plan[unit.plan_id].append(unit)
    rounds = Round.objects.filter(
        plan_id__in=list(by_plan), status=Round.Status.OPEN
    ).select_related("plan")
    return [(round_, by_plan[round_.plan_id]) for round_ in rounds]


@dataclass
class ReviewRow:
    """A submitted value with what the office needs to judge it."""

    value: Value
    previous: Any  # the last approved value of the same kind before the period, or None
    previous_period: str | None
    target: Any
    evidence: list[Any]


@dataclass
class ReviewGroup:
    """One unit's submission in a round: its values and task reports."""

    unit: Unit
    rows: list[ReviewRow]
    reports: list[TaskReport]


def review_groups(*, round_: Round) -> list[ReviewGroup]:
    """The review queue by unit, each value with its previous period's value, target and
    evidence (the review page)."""
    from innocounty.reporting.services import value_context

    values, reports = review_queue(round_=round_)
    evidence: dict[int, list[Any]] = defaultdict(list)
    for item in Evidence.objects.filter(value__in=values).order_by("pk"):
        evidence[item.value_id].append(item)
    groups: dict[int, ReviewGroup] = {}
    for value in values:
        context = value_context(indicator=value.indicator, period=value.period)
        group = groups.setdefault(value.unit_id, ReviewGroup(value.unit, [], []))
        group.rows.append(
            ReviewRow(
                value,
                context.last_approved,
                context.last_period,
                context.target,
                evidence.get(value.pk, []),
            )
        )
    for report in reports:
        groups.setdefault(report.unit_id, ReviewGroup(report.unit, [], [])).reports.append(report)
    return sorted(groups.values(), key=lambda g: (g.unit.position, g.unit.pk))


# --- history and per-person reads for the pages ---------------------------------------------


def item_history(*, model: Any, pks: list[int]) -> Any:
    """Audit entries of all versions of an item, newest first."""
    from innocounty.audit.models import LogEntry

    return (
        LogEntry.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id__in=[str(pk) for pk in pks],
        )
        .select_related("user")
        .order_by("-created", "-id")
    )


def behalf_marks(*, model: Any, pks: list[int]) -> dict[int, Any]:
    """The latest audit entry of each object written by the office on its unit's behalf."""
    marks: dict[int, Any] = {}
    for entry in item_history(model=model, pks=pks):  # newest first
        if (entry.data or {}).get("on_behalf_of"):
            marks.setdefault(int(entry.object_id), entry)
    return marks


def value_versions(*, value: Value, user: Any) -> list[Value]:
    """Every version of the value's indicator and period that `user` may see, newest first."""
    from innocounty.reporting import access

    versions = Value.objects.filter(indicator=value.indicator, period=value.period)
    return list(
        access.values_visible_to(user, versions)
        .select_related("updated_by", "reviewed_by", "unit")
        .order_by("-version")
    )


def task_report_version_pks(*, report: TaskReport | None, user: Any) -> list[int]:
    """The ids of the report's versions (same round, task and unit) that `user` may see."""
    from innocounty.reporting import access

    if report is None:
        return []
    versions = TaskReport.objects.filter(
        round_id=report.round_id, task_id=report.task_id, unit_id=report.unit_id
    )
    return list(access.task_reports_visible_to(user, versions).values_list("pk", flat=True))


def round_status_for(*, round_: Round, user: Any) -> RoundStatus:
    """The round's status with the rows `user` may see: every unit for those who read all,
    else the person's own units."""
    from innocounty.reporting import access

    status = round_status(round_=round_)
    if not access.can_read_all(user):
        mine = set(access.user_units(user, round_.plan).values_list("pk", flat=True))
        status.rows = [row for row in status.rows if row.unit.pk in mine]
    return status
