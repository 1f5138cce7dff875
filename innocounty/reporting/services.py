"""Reporting writes: rounds, values and task reports through the review workflow.

Every write runs in a transaction, checks the workflow (`innocounty.core.workflow`) and the
person's rights (`innocounty.reporting.access`), and records who/when/old → new in the audit log.
Approved rows are never updated; a correction is a new version.

The writes open their transaction with `with transaction.atomic():` rather than the decorator,
so that mutation testing reaches their rules (mutmut does not mutate decorated functions).
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, pgettext

from innocounty.core import catalogue, periods
from innocounty.core.rounds import round_title
from innocounty.core.validation import Checked, IndicatorRules, check_value, error_message
from innocounty.core.versions import latest_approved
from innocounty.core.workflow import Action, Actor, State, WorkflowError, check
from innocounty.i18n import translate
from innocounty.plans import hooks as plan_hooks
from innocounty.plans.models import Indicator, Plan, Task, TaskUnit, Unit
from innocounty.reporting import access, hooks
from innocounty.reporting.evidence import EVIDENCE_TOO_LARGE, EvidenceError, max_bytes, sniff
from innocounty.reporting.models import Evidence, Round, TaskReport, Value
from innocounty.types import User

logger = logging.getLogger(__name__)

ROUND_EXISTS = gettext_noop("{period} 的填报轮次已经存在")
ROUND_CLOSED = gettext_noop("填报轮次“{title}”已结束，不能再修改")
ROUND_DEADLINE_BEFORE_PERIOD = gettext_noop("截止日期 {deadline} 早于报告期开始日期 {start}")
ROUND_OUTSIDE_PLAN = gettext_noop(
    "报告期 {period} 不在方案期内：只能为{first}年至{last}年的报告期开启填报轮次（{last}年即终期评估）"
)
VALUE_CONFLICT = gettext_noop(
    "该数据已被 {who} 于 {when} 修改，您的修改未保存。请刷新页面，核对后重新填写。"
)
VALUE_LOCKED = gettext_noop("该数据已审核锁定；如需修改，请提出更正（将生成新版本并重新审核）")
VALUE_NOT_EDITABLE = gettext_noop("该数据已报送，等待审核；审核前不能修改")
VALUE_EMPTY = gettext_noop("尚未填写数值，不能报送")
VALUE_NEEDS_EXPLANATION = gettext_noop(
    "存在需要说明的情况（{warnings}），请先填写“异常情况说明”再报送"
)
REASON_REQUIRED = gettext_noop("请填写{what}")
NOT_RESPONSIBLE = gettext_noop("“{unit}”不是该指标的责任单位")
NOT_YOUR_UNIT = gettext_noop("您不是“{unit}”的填报员")
TASK_NOT_OF_UNIT = gettext_noop("“{unit}”不是任务 {number} 的牵头或责任单位")
PERCENT_RANGE = gettext_noop("完成进度应在 0 到 100 之间")
EVIDENCE_DISK_FULL = gettext_noop("服务器磁盘空间不足，文件未保存，请联系管理员")
EVIDENCE_NOT_STORED = gettext_noop("服务器无法保存文件，文件未保存，请联系管理员")

VALUE_FIELDS = ("value", "numerator", "denominator", "source", "caliber", "is_final", "note")
TEXT_FIELDS = ("source", "caliber", "note", "explanation")
TASK_FIELDS = ("progress", "percent", "milestone", "problems", "next_steps")


class ReportingError(ValueError):
    """A write refused; `errors` maps a field (or "__all__") to messages."""

    def __init__(self, errors: dict[str, list[str]] | str) -> None:
        if isinstance(errors, str):
            errors = {"__all__": [errors]}
        self.errors = errors
        super().__init__("；".join(m for ms in errors.values() for m in ms))


def checked_errors(checked: Checked) -> dict[str, list[str]]:
    """The errors of `check_value` in the current language."""
    return {
        name: [translate(error_message(message)) for message in messages]
        for name, messages in checked.errors.items()
    }


class ConflictError(ReportingError):
    """Someone else saved the same item since this person loaded it."""


def _workflow(state: str, action: Action, actor: Actor) -> State:
    try:
        return check(state, action, actor)
    except WorkflowError as exc:
        raise ReportingError(translate(exc.message)) from None


def _json(value: Any) -> Any:
    """A value as the audit log stores it: decimals as plain strings (2.60 → "2.6")."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _changes(obj: Any, new: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as {field: [old, new]} for the audit log."""
    return {
        name: [_json(getattr(obj, name)), _json(after)]
        for name, after in new.items()
        if getattr(obj, name) != after
    }


# --- rounds ---------------------------------------------------------------------------------


def round_open(
    *, plan: Plan, period: str, deadline: dt.date, by: User, include_tasks: bool = True
) -> Round:
    """Open a reporting round for `period` of `plan`; one round per period."""
    with transaction.atomic():
        access.require_office(by)
        parsed = periods.parse_period(period.strip())  # PeriodError names the text
        first = plan.base_year or plan.start_year
        if not first <= parsed.year <= plan.end_year:
            # The plan's years (and the base year's 基期值); the last year's round is the
            # final assessment (终期评估), opened after the plan has ended.
            raise ReportingError(
                {
                    "period": [
                        gettext(ROUND_OUTSIDE_PLAN).format(
                            period=periods.label(parsed), first=first, last=plan.end_year
                        )
                    ]
                }
            )
        if deadline < parsed.start:
            raise ReportingError(
                {
                    "deadline": [
                        gettext(ROUND_DEADLINE_BEFORE_PERIOD).format(
                            deadline=deadline, start=parsed.start
                        )
                    ]
                }
            )
        if Round.objects.filter(plan=plan, period=parsed.ident).exists():
            raise ReportingError(
                {"period": [gettext(ROUND_EXISTS).format(period=periods.label(parsed))]}
            )
        round_ = Round(
            plan=plan,
            period=parsed.ident,
            title=str(round_title(parsed.ident)),
            deadline=deadline,
            include_tasks=include_tasks,
            created_by=by,
        )
        # The unique constraint is left to the database, which also catches parallel requests.
        round_.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                round_.save()
        except IntegrityError:  # the same round opened by a parallel request
            raise ReportingError(
                {"period": [gettext(ROUND_EXISTS).format(period=periods.label(parsed))]}
            ) from None
        round_.log_action(
            "reporting.round.opened",
            user=by,
            data={"period": round_.period, "deadline": deadline.isoformat()},
        )
        plan_hooks.plan_changed(plan_id=plan.pk)
        return round_


def round_close(*, round_: Round, by: User) -> Round:
    with transaction.atomic():
        access.require_office(by)
        # Locked, so that parallel requests close it (and log it) once.
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.status != Round.Status.CLOSED:
            locked.status = Round.Status.CLOSED
            locked.save(update_fields=["status"])
            locked.log_action("reporting.round.closed", user=by)
            plan_hooks.plan_changed(plan_id=locked.plan_id)
        round_.status = locked.status
        return round_


def _require_open(round_: Round | None) -> None:
    """A closed round takes no new items. Items already started (drafts, returned, submitted)
    and corrections run the whole review workflow whatever the round's state: statistics are
    revised after rounds close (快报 → 年报), and no version may be left stuck."""
    if round_ is not None and round_.status == Round.Status.CLOSED:
        raise ReportingError(gettext(ROUND_CLOSED).format(title=round_.display_title()))


# --- values ---------------------------------------------------------------------------------


def value_latest(*, indicator: Indicator, period: str) -> Value | None:
    return Value.objects.filter(indicator=indicator, period=period).order_by("-version").first()


def value_approved(*, indicator: Indicator, period: str) -> Value | None:
    """The version that counts for `indicator` and `period` (`core.versions.latest_approved`)."""
    approved = Value.objects.filter(indicator=indicator, period=period, state=State.APPROVED)
    counting = latest_approved((v.period, v.version, v.state, v.value, v) for v in approved)
    return counting.get(period)


def indicator_rules(indicator: Indicator) -> IndicatorRules:
    entry = catalogue.BY_CODE.get(indicator.catalogue) if indicator.catalogue else None
    return IndicatorRules(
        decimals=indicator.decimals,
        unit=indicator.measure_unit,
        measure_type=indicator.measure_type,
        direction=indicator.direction,
        factor=indicator.ratio_factor if indicator.has_ratio_parts else None,
        denominator_unit=indicator.denominator_unit,
        denominator_range=entry.denominator_range if entry is not None else None,
    )


@dataclass
class ValueContext:
    """What the checks compare a value with: the last approved value, last period, target."""

    last_approved: Decimal | None = None
    previous: Decimal | None = None
    previous_period: str | None = None
    target: Decimal | None = None
    target_year: int | None = None
    last_denominator: Decimal | None = None
    last_period: str | None = None  # the period of `last_approved`


# Period identifiers of one kind, told apart by their shape: 2024, 2024Q3, 2024-07.
_SAME_KIND = {
    "annual": ~Q(period__contains="Q") & ~Q(period__contains="-"),
    "quarterly": Q(period__contains="Q"),
    "monthly": Q(period__contains="-"),
}


def value_context(*, indicator: Indicator, period: str) -> ValueContext:
    """The last approved value of the same kind before `period` (one query), and the target."""
    parsed = periods.parse_period(period)
    previous_period = parsed.previous().ident
    approved = Value.objects.filter(
        _SAME_KIND[str(parsed.kind)], indicator=indicator, state=State.APPROVED, period__lt=period
    )
    counting = latest_approved((v.period, v.version, v.state, v.value, v) for v in approved)
    # Identifiers of one kind sort chronologically as strings: the latest period that counts.
    last = counting[max(counting)] if counting else None
    target = None
    if parsed.is_year_end:
        targets = {t.kind: t.value for t in indicator.targets.filter(year=parsed.year)}
        target = targets.get("target") or targets.get("assessment")
    return ValueContext(
        last_approved=last.value if last else None,
        previous=last.value if last and last.period == previous_period else None,
        previous_period=previous_period,
        target=target,
        target_year=parsed.year if target is not None else None,
        last_denominator=last.denominator if last else None,
        last_period=last.period if last else None,
    )


def value_check(
    *, indicator: Indicator, period: str, data: dict[str, Any], context: ValueContext | None = None
) -> Checked:
    context = context or value_context(indicator=indicator, period=period)
    return check_value(
        indicator_rules(indicator),
        value=data.get("value"),
        numerator=data.get("numerator"),
        denominator=data.get("denominator"),
        last_approved=context.last_approved,
        previous=context.previous,
        target=context.target,
        target_year=context.target_year,
        last_denominator=context.last_denominator,
    )


@dataclass
class SaveResult:
    value: Value
    created: bool
    changes: dict[str, list[Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def value_save(
    *,
    round_: Round,
    indicator: Indicator,
    unit: Unit,
    data: dict[str, Any],
    by: User,
    revision: int | None = None,
    on_behalf: bool = False,
) -> SaveResult:
    """Save the working copy of a value (a draft or a returned value) for `unit` in `round_`.

    `revision` is the revision the person started from (None for a new value); when someone
    saved in between, ConflictError is raised and nothing is written. Hard errors raise
    ReportingError with every problem; warnings are stored and need an explanation to submit.
    `on_behalf=True` is the office entering the unit's value for it (代填): only the office may,
    and the audit entry names the unit (`on_behalf_of`).
    """
    with transaction.atomic():
        if not access.may_enter_for(by, unit, on_behalf=on_behalf):
            raise PermissionDenied(gettext(NOT_YOUR_UNIT).format(unit=unit.name))
        if not indicator.indicator_units.filter(unit=unit).exists():
            raise ReportingError(gettext(NOT_RESPONSIBLE).format(unit=unit.name))

        period = round_.period
        # Lock the item's rows so two saves of the same value queue up instead of racing.
        current = (
            Value.objects.select_for_update()
            .filter(indicator=indicator, period=period)
            .order_by("-version")
            .first()
        )
        if current is None:
            _require_open(round_)  # a closed round takes no new values; started ones go on
        else:
            if revision is None or current.revision != revision:
                raise _conflict(current)
            _workflow(current.state, Action.SAVE, Actor.REPORTER)

        checked = value_check(indicator=indicator, period=period, data=data)
        if not checked.ok:
            raise ReportingError(checked_errors(checked))

        new = {
            "value": _stored(checked.value),
            "numerator": checked.numerator,
            "denominator": checked.denominator,
            "source": str(data.get("source") or "").strip(),
            "caliber": str(data.get("caliber") or "").strip(),
            "is_final": bool(data.get("is_final")),
            "note": str(data.get("note") or "").strip(),
            "explanation": str(data.get("explanation") or "").strip(),
        }
        created = current is None
        if created:
            current = Value(indicator=indicator, period=period, version=1, round=round_)
            changes = {k: [None, _json(v)] for k, v in new.items() if v not in (None, "", False)}
        else:
            changes = _changes(current, new)
            if not changes and current.warnings == checked.warnings:
                return SaveResult(current, False, {}, checked.warnings)
        for name, value in new.items():
            setattr(current, name, value)
        current.unit = unit
        current.round = round_
        current.warnings = checked.warnings
        current.updated_by = by
        current.revision = (current.revision or 0) + 1
        # The unique version is left to the database, as in `round_open`: a first version saved
        # by a parallel request then gives the conflict below, not a ValidationError.
        current.full_clean(
            exclude=["round", "unit", "updated_by", "reviewed_by"], validate_constraints=False
        )
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError:
            # Someone created the first version at the same moment.
            raise _conflict(value_latest(indicator=indicator, period=period)) from None
        current.log_action(
            "reporting.value.created" if created else "reporting.value.changed",
            user=by,
            data={
                "changes": changes,
                "unit": unit.name,
                "version": current.version,
                **_behalf(on_behalf, unit),
            },
        )
        return SaveResult(current, created, changes, checked.warnings)


ENTERED_NUMBERS = ("value", "numerator", "denominator")


@dataclass
class ValueEntry:
    """One row of a unit's batch: the indicator, the entered fields (`value_check` data), the
    latest version the person was shown (`stored`) and the revision they started from."""

    indicator: Indicator
    data: dict[str, Any]
    stored: Value | None = None
    revision: int | None = None

    def is_blank(self) -> bool:
        """No number entered where nothing is stored: skipped, as an empty row of the form."""
        return self.stored is None and not any(
            self.data.get(k) not in (None, "") for k in ENTERED_NUMBERS
        )


class BatchError(ReportingError):
    """Rows of a batch refused; `problems` maps each failed entry's index to its errors by
    field (or "__all__"). Nothing of the batch was written."""

    def __init__(self, problems: dict[int, dict[str, list[str]]]) -> None:
        self.problems = problems
        merged: dict[str, list[str]] = {}
        for errors in problems.values():
            for name, messages in errors.items():
                merged.setdefault(name, []).extend(messages)
        super().__init__(merged)


def round_unit_values_save(
    *,
    round_: Round,
    unit: Unit,
    entries: Sequence[ValueEntry],
    by: Any,
    on_behalf: bool = False,
) -> list[SaveResult | None]:
    """Save a unit's changed rows in a round, all or nothing (the web form, the Excel import).

    Each entry goes through `value_save` (rights, workflow, checks, conflict, audit entry,
    `on_behalf` as there). An entry with no number where nothing is stored is skipped (None in
    the result), as an empty row of the form is. When any entry fails, every failure is
    collected, nothing is written and BatchError is raised.
    """
    results: list[SaveResult | None] = []
    problems: dict[int, dict[str, list[str]]] = {}
    with transaction.atomic():
        for index, entry in enumerate(entries):
            if entry.is_blank():
                results.append(None)
                continue
            try:
                results.append(
                    value_save(
                        round_=round_,
                        indicator=entry.indicator,
                        unit=unit,
                        data=entry.data,
                        by=by,
                        revision=entry.revision,
                        on_behalf=on_behalf,
                    )
                )
            except ReportingError as exc:
                problems[index] = exc.errors
            except PermissionDenied as exc:
                problems[index] = {
                    "__all__": [str(exc) or gettext(NOT_YOUR_UNIT).format(unit=unit.name)]
                }
            except ValidationError as exc:
                problems[index] = {"__all__": list(exc.messages)}
            else:
                continue
            results.append(None)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise BatchError(problems)
    return results


# The value columns keep 8 decimal places; a computed ratio such as 1 ÷ 3 is stored to that.
STORED_PLACES = Decimal("0.00000001")


def _behalf(on_behalf: bool, unit: Unit | None) -> dict[str, str]:
    """The audit data marking an office write made on a unit's behalf (代填/代报)."""
    return {"on_behalf_of": unit.name} if on_behalf and unit is not None else {}


def _stored(number: Decimal | None) -> Decimal | None:
    if number is None or number == number.quantize(STORED_PLACES):
        return number
    return number.quantize(STORED_PLACES)


def _conflict(current: Value | None) -> ConflictError:
    if current is None:
        return ConflictError(
            gettext(VALUE_CONFLICT).format(who=gettext("他人"), when=gettext("刚才"))
        )
    who = (
        current.updated_by.get_full_name() or current.updated_by.username
        if current.updated_by
        else gettext("他人")
    )
    when = timezone.localtime(current.updated).strftime("%Y-%m-%d %H:%M:%S")
    return ConflictError(gettext(VALUE_CONFLICT).format(who=who, when=when))


def _locked_latest(value: Value) -> Value:
    latest = (
        Value.objects.select_for_update()
        .filter(indicator_id=value.indicator_id, period=value.period)
        .order_by("-version")
        .first()
    )
    if latest is None or latest.pk != value.pk or latest.revision != value.revision:
        raise _conflict(latest)
    return latest


def value_submit(*, value: Value, by: User, on_behalf: bool = False) -> Value:
    """Send a draft or returned value to the office for review, whatever the round's state.
    `on_behalf=True`: the office submits it for the value's unit (代报), recorded as such."""
    with transaction.atomic():
        if on_behalf:
            if value.unit is None or not access.may_report_on_behalf(by, value.unit):
                raise PermissionDenied
        elif not access.may_edit_indicator(by, value.indicator):
            raise PermissionDenied
        value = _locked_latest(value)
        after = _workflow(value.state, Action.SUBMIT, Actor.REPORTER)
        if value.value is None:
            raise ReportingError({"value": [gettext(VALUE_EMPTY)]})
        checked = value_check(
            indicator=value.indicator,
            period=value.period,
            data={
                "value": value.value,
                "numerator": value.numerator,
                "denominator": value.denominator,
            },
        )
        if not checked.ok:
            raise ReportingError(checked_errors(checked))
        if checked.warnings and not value.explanation.strip():
            raise ReportingError(
                {
                    "explanation": [
                        gettext(VALUE_NEEDS_EXPLANATION).format(
                            warnings=pgettext("list separator", "；").join(
                                translate(error_message(w)) for w in checked.warnings
                            )
                        )
                    ]
                }
            )
        before = value.state
        value.state = after
        value.warnings = checked.warnings
        value.submitted_at = timezone.now()
        value.updated_by = by
        value.revision += 1
        value.save()
        value.log_action(
            "reporting.value.submitted",
            user=by,
            data={"state": [before, after], **_behalf(on_behalf, value.unit)},
        )
        plan_hooks.plan_changed(plan_id=value.indicator.plan_id)
        return value


def value_approve(*, value: Value, by: User) -> Value:
    with transaction.atomic():
        access.require_office(by)
        value = _locked_latest(value)
        after = _workflow(value.state, Action.APPROVE, Actor.OFFICE)
        before = value.state
        Value.objects.filter(pk=value.pk).update(
            state=after, reviewed_at=timezone.now(), reviewed_by=by, revision=F("revision") + 1
        )
        value.refresh_from_db()
        value.log_action("reporting.value.approved", user=by, data={"state": [before, after]})
        plan_hooks.plan_changed(plan_id=value.indicator.plan_id)
        return value


def value_return(*, value: Value, by: User, reason: str) -> Value:
    with transaction.atomic():
        access.require_office(by)
        if not reason.strip():
            raise ReportingError(
                {"reason": [gettext(REASON_REQUIRED).format(what=gettext("退回原因"))]}
            )
        value = _locked_latest(value)
        after = _workflow(value.state, Action.RETURN, Actor.OFFICE)
        before = value.state
        value.state = after
        value.return_reason = reason.strip()
        value.reviewed_at = timezone.now()
        value.reviewed_by = by
        value.revision += 1
        value.save()
        value.log_action(
            "reporting.value.returned",
            user=by,
            data={"state": [before, after], "reason": value.return_reason},
        )
        hooks.call_value_returned(value=value)
        plan_hooks.plan_changed(plan_id=value.indicator.plan_id)
        return value


def value_correct(*, value: Value, by: User, reason: str) -> Value:
    """Start a new version of an approved value; the approved one stays as it is and counts
    until the new version is approved."""
    with transaction.atomic():
        actor = access.actor_for(by)
        if actor == Actor.REPORTER and not access.may_edit_indicator(by, value.indicator):
            raise PermissionDenied
        if not reason.strip():
            raise ReportingError(
                {"reason": [gettext(REASON_REQUIRED).format(what=gettext("更正原因"))]}
            )
        value = _locked_latest(value)
        _workflow(value.state, Action.CORRECT, actor)
        fields = {
            name: getattr(value, name) for name in (*VALUE_FIELDS, "explanation", "unit", "round")
        }
        new = Value.objects.create(
            indicator=value.indicator,
            period=value.period,
            version=value.version + 1,
            state=State.DRAFT,
            correction_reason=reason.strip(),
            updated_by=by,
            revision=1,
            is_demo=value.is_demo,
            **fields,
        )
        new.log_action(
            "reporting.value.corrected",
            user=by,
            data={
                "from_version": value.version,
                "version": new.version,
                "reason": new.correction_reason,
            },
        )
        plan_hooks.plan_changed(plan_id=value.indicator.plan_id)
        return new


# --- task reports ---------------------------------------------------------------------------


def task_role(task: Task, unit: Unit) -> str | None:
    roles_ = set(TaskUnit.objects.filter(task=task, unit=unit).values_list("role", flat=True))
    if TaskUnit.Role.LEAD in roles_:
        return TaskReport.Role.LEAD
    if roles_:
        return TaskReport.Role.CONTRIBUTION
    return None


def task_report_save(
    *,
    round_: Round,
    task: Task,
    unit: Unit,
    data: dict[str, Any],
    by: User,
    revision: int | None,
    on_behalf: bool = False,
) -> TaskReport:
    """Save a unit's task report; `on_behalf=True` is the office writing it for the unit."""
    with transaction.atomic():
        if not access.may_enter_for(by, unit, on_behalf=on_behalf):
            raise PermissionDenied(gettext(NOT_YOUR_UNIT).format(unit=unit.name))
        role = task_role(task, unit)
        if role is None:
            raise ReportingError(
                gettext(TASK_NOT_OF_UNIT).format(unit=unit.name, number=task.number)
            )
        percent = data.get("percent")
        if percent not in (None, "") and not (0 <= int(percent) <= 100):
            raise ReportingError({"percent": [gettext(PERCENT_RANGE)]})
        current = (
            TaskReport.objects.select_for_update()
            .filter(round=round_, task=task, unit=unit)
            .order_by("-version")
            .first()
        )
        if current is None:
            _require_open(round_)
        else:
            if revision is None or current.revision != revision:
                raise ConflictError(
                    gettext(VALUE_CONFLICT).format(
                        who=gettext("他人"),
                        when=timezone.localtime(current.updated).strftime("%Y-%m-%d %H:%M:%S"),
                    )
                )
            _workflow(current.state, Action.SAVE, Actor.REPORTER)
        new = {
            "progress": str(data.get("progress") or "").strip(),
            "percent": int(percent) if percent not in (None, "") else None,
            "milestone": str(data.get("milestone") or "").strip(),
            "problems": str(data.get("problems") or "").strip(),
            "next_steps": str(data.get("next_steps") or "").strip(),
        }
        created = current is None
        if created:
            current = TaskReport(round=round_, task=task, unit=unit, role=role, version=1)
            changes = {k: [None, v] for k, v in new.items() if v not in (None, "")}
        else:
            changes = _changes(current, new)
            if not changes:
                return current
        for name, value in new.items():
            setattr(current, name, value)
        current.updated_by = by
        current.revision = (current.revision or 0) + 1
        current.save()
        current.log_action(
            "reporting.task_report.created" if created else "reporting.task_report.changed",
            user=by,
            data={"changes": changes, **_behalf(on_behalf, unit)},
        )
        plan_hooks.plan_changed(plan_id=round_.plan_id)
        return current


def _locked_latest_report(report: TaskReport) -> TaskReport:
    latest = (
        TaskReport.objects.select_for_update()
        .filter(round_id=report.round_id, task_id=report.task_id, unit_id=report.unit_id)
        .order_by("-version")
        .first()
    )
    if latest is None or latest.pk != report.pk or latest.revision != report.revision:
        raise ConflictError(
            gettext(VALUE_CONFLICT).format(who=gettext("他人"), when=gettext("刚才"))
        )
    return latest


def task_report_transition(
    *, report: TaskReport, action: Action, by: User, reason: str = "", on_behalf: bool = False
) -> TaskReport:
    """Submit, approve, return or correct a task report (the same workflow as values).
    `on_behalf=True` lets the office submit it for the unit (代报), recorded as such."""
    with transaction.atomic():
        if on_behalf and action != Action.SUBMIT:
            raise PermissionDenied
        reporter = access.may_enter_for(by, report.unit, on_behalf=on_behalf)
        if action in (Action.APPROVE, Action.RETURN):
            access.require_office(by)
            actor = Actor.OFFICE
        elif reporter:
            actor = Actor.REPORTER
        elif action == Action.CORRECT and access.actor_for(by) == Actor.OFFICE:
            actor = Actor.OFFICE
        else:
            raise PermissionDenied
        report = _locked_latest_report(report)
        after = _workflow(report.state, action, actor)
        before = report.state
        if action == Action.RETURN and not reason.strip():
            raise ReportingError(
                {"reason": [gettext(REASON_REQUIRED).format(what=gettext("退回原因"))]}
            )
        if action == Action.CORRECT:
            if not reason.strip():
                raise ReportingError(
                    {"reason": [gettext(REASON_REQUIRED).format(what=gettext("更正原因"))]}
                )
            new = TaskReport.objects.create(
                round=report.round,
                task=report.task,
                unit=report.unit,
                role=report.role,
                version=report.version + 1,
                correction_reason=reason.strip(),
                updated_by=by,
                revision=1,
                is_demo=report.is_demo,
                **{name: getattr(report, name) for name in TASK_FIELDS},
            )
            new.log_action(
                "reporting.task_report.corrected",
                user=by,
                data={"from_version": report.version, "reason": new.correction_reason},
            )
            plan_hooks.plan_changed(plan_id=report.round.plan_id)
            return new
        if action == Action.SUBMIT and not report.progress.strip():
            raise ReportingError(
                {"progress": [gettext(REASON_REQUIRED).format(what=gettext("进展情况"))]}
            )
        report.state = after
        now = timezone.now()
        if action == Action.SUBMIT:
            report.submitted_at = now
        else:
            report.reviewed_at = now
            report.reviewed_by = by
        if action == Action.RETURN:
            report.return_reason = reason.strip()
        report.revision += 1
        report.save()
        data: dict[str, Any] = {"state": [before, after], **_behalf(on_behalf, report.unit)}
        if reason:
            data["reason"] = reason.strip()
        report.log_action(f"reporting.task_report.{_PAST[action]}", user=by, data=data)
        plan_hooks.plan_changed(plan_id=report.round.plan_id)
        return report


_PAST = {
    Action.SUBMIT: "submitted",
    Action.APPROVE: "approved",
    Action.RETURN: "returned",
    Action.CORRECT: "corrected",
}


# --- evidence -------------------------------------------------------------------------------


def evidence_add(
    *, upload: Any, by: User, value: Value | None = None, task_report: TaskReport | None = None
) -> Evidence:
    """Store an uploaded file after checking its type by content and its size."""
    with transaction.atomic():
        owner = value or task_report
        if owner is None:
            raise ReportingError(gettext("佐证材料必须属于一个指标值或任务进展"))
        if owner.is_locked():
            raise ReportingError(gettext(VALUE_LOCKED))
        limit = max_bytes()
        size = getattr(upload, "size", None)
        if size is not None and size > limit:
            raise ReportingError(
                {
                    "file": [
                        EVIDENCE_TOO_LARGE.format(name=upload.name, limit=limit // (1024 * 1024))
                    ]
                }
            )
        content = upload.read(limit + 1)
        try:
            kind = sniff(upload.name, content)
        except EvidenceError as exc:
            raise ReportingError({"file": [str(exc)]}) from None
        digest = hashlib.sha256(content).hexdigest()
        evidence = Evidence(
            value=value,
            task_report=task_report,
            name=upload.name[:255],
            extension=kind.extension,
            content_type=kind.content_type,
            size=len(content),
            sha256=digest,
            uploaded_by=by,
        )
        field, storage = Evidence._meta.get_field("file"), evidence.file.storage
        # Name the file first, so that a partial file left by a full disk can be removed.
        name = field.generate_filename(evidence, f"{digest}.{kind.extension}")
        target = storage.get_available_name(name, max_length=field.max_length)
        try:
            evidence.file = storage.save(target, ContentFile(content), max_length=field.max_length)
        except OSError as exc:
            logger.exception("Evidence %s not stored", target)
            if storage.exists(target):
                storage.delete(target)
            disk_full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
            message = gettext(EVIDENCE_DISK_FULL if disk_full else EVIDENCE_NOT_STORED)
            raise ReportingError({"file": [message]}) from exc
        try:
            evidence.save()
            owner.log_action(
                "reporting.evidence.added",
                user=by,
                data={
                    "evidence": evidence.pk,
                    "name": evidence.name,
                    "size": evidence.size,
                    "sha256": digest,
                },
            )
        except Exception:
            storage.delete(evidence.file.name)  # no row refers to it: the transaction rolls back
            raise
        return evidence


def round_unit_approve(*, round_: Round, unit: Unit, by: User) -> tuple[int, int]:
    """Approve a unit's whole submission in a round at once: every submitted value and task
    report, each audited as a single approval; returns (values, task reports) approved."""
    with transaction.atomic():
        access.require_office(by)
        values = list(
            Value.objects.filter(round=round_, unit=unit, state=State.SUBMITTED).order_by("pk")
        )
        reports = list(
            TaskReport.objects.filter(round=round_, unit=unit, state=State.SUBMITTED).order_by("pk")
        )
        for value in values:
            value_approve(value=value, by=by)
        for report in reports:
            task_report_transition(report=report, action=Action.APPROVE, by=by)
        return len(values), len(reports)
