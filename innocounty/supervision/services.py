"""Supervision writes: open and move items, milestones, meetings, in-app messages.

Keyword-only, atomic, audited. Who may do what is decided in `reporting/access.py`, the order
of the steps in `innocounty.core.supervision`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from innocounty.core import supervision as wf
from innocounty.i18n import translate
from innocounty.plans import hooks as plan_hooks
from innocounty.plans.models import Indicator, Plan, Task, Unit
from innocounty.reporting import access
from innocounty.reporting.evidence import EVIDENCE_TOO_LARGE, EvidenceError, max_bytes, sniff
from innocounty.supervision.models import Item, Meeting, Milestone, Notification, Step
from innocounty.types import User

REQUIRED = gettext_noop("请填写{what}")
EVIDENCE_REQUIRED = gettext_noop("申请办结须上传佐证材料")
STALE = gettext_noop("该事项已被他人更新，请刷新页面后再操作")
DEADLINE_PAST = gettext_noop("办结时限不能早于交办日期")
UNIT_OUTSIDE = gettext_noop("单位“{name}”不属于本方案")
MILESTONE_YEAR = gettext_noop("节点年度须在方案期限 {start}—{end} 年内")
MILESTONE_CONFIRMED = gettext_noop("节点已确认，不能再修改")
NO_DECISION = gettext_noop("请至少填写一项议定事项")

# Each action stamps the date of its step on the item, for the ledger.
STAMPS: dict[wf.Action, str] = {
    wf.Action.ACKNOWLEDGE: "acknowledged_at",
    wf.Action.PLAN: "planned_at",
    wf.Action.REPORT: "reported_at",
    wf.Action.APPLY: "applied_at",
    wf.Action.VERIFY: "verified_at",
    wf.Action.CLOSE: "closed_at",
    wf.Action.RETURN: "returned_at",
}
TEXT_REQUIRED: dict[wf.Action, str] = {
    wf.Action.PLAN: gettext_noop("整改措施"),
    wf.Action.REPORT: gettext_noop("进展情况"),
    wf.Action.APPLY: gettext_noop("办结情况"),
    wf.Action.RETURN: gettext_noop("退回原因"),
}


class SupervisionInputError(ValueError):
    """A write refused; `errors` maps a field (or "__all__") to Chinese messages."""

    def __init__(self, errors: dict[str, list[str]] | str) -> None:
        if isinstance(errors, str):
            errors = {"__all__": [errors]}
        self.errors = errors
        super().__init__("；".join(m for ms in errors.values() for m in ms))


def _unit_people(unit: Unit) -> list[Any]:
    return list(unit.users.filter(is_active=True))


def notify(
    *, users: Iterable[Any], text: str, url: str = "", key: str = "", level: str = "info"
) -> list[Notification]:
    """Put a message in each person's in-app inbox (no e-mail: `remind` does the chasing)."""
    now = timezone.now()
    return Notification.objects.bulk_create(
        [
            Notification(user=u, text=text, url=url, key=key, level=level, created=now)
            for u in {u.pk: u for u in users}.values()
        ]
    )


def _store_evidence(upload: Any) -> tuple[ContentFile, str]:
    limit = max_bytes()
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise SupervisionInputError(
            {
                "file": [
                    gettext(EVIDENCE_TOO_LARGE).format(
                        name=upload.name, limit=limit // (1024 * 1024)
                    )
                ]
            }
        )
    try:
        kind = sniff(upload.name, content)
    except EvidenceError as exc:
        raise SupervisionInputError({"file": [str(exc)]}) from None
    return ContentFile(content, name=f"evidence.{kind.extension}"), upload.name[:255]


# --- items ----------------------------------------------------------------------------------


@transaction.atomic
def item_open(
    *,
    plan: Plan,
    by: User,
    title: str,
    requirement: str,
    source: str,
    lead_unit: Unit,
    deadline: dt.date | None,
    units: Sequence[Unit] = (),
    indicator: Indicator | None = None,
    task: Task | None = None,
    meeting: Meeting | None = None,
    instruction: str = "",
    instructed_by: str = "",
    is_demo: bool = False,
    at: dt.datetime | None = None,
) -> Item:
    """Assign (交办) a new item to its lead unit; the unit's people are told in-app."""
    if not access.may_open_item(by):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [gettext(REQUIRED).format(what=gettext("督办事项"))]
    if not requirement.strip():
        errors["requirement"] = [gettext(REQUIRED).format(what=gettext("督办要求"))]
    if deadline is None:
        errors["deadline"] = [gettext(REQUIRED).format(what=gettext("办结时限"))]
    source = Item.Source(source)
    if source == Item.Source.INDICATOR and indicator is None:
        errors["indicator"] = [gettext(REQUIRED).format(what=gettext("对应指标"))]
    if source == Item.Source.TASK and task is None:
        errors["task"] = [gettext(REQUIRED).format(what=gettext("对应任务"))]
    if source == Item.Source.INSTRUCTION and not instruction.strip():
        errors["instruction"] = [gettext(REQUIRED).format(what=gettext("批示内容"))]
    if source == Item.Source.MEETING and meeting is None:
        errors["meeting"] = [gettext(REQUIRED).format(what=gettext("协调会"))]
    at = at or timezone.now()
    if deadline is not None and deadline < timezone.localdate(at):
        errors["deadline"] = [gettext(DEADLINE_PAST)]
    for unit in (lead_unit, *units):
        if unit.plan_id != plan.pk:
            errors.setdefault("units", []).append(gettext(UNIT_OUTSIDE).format(name=unit.name))
    for obj in (indicator, task, meeting):
        if obj is not None and obj.plan_id != plan.pk:
            errors.setdefault("__all__", []).append(gettext("督办对象不属于本方案"))
    if errors:
        raise SupervisionInputError(errors)
    number = (
        Item.objects.select_for_update().filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    item = Item.objects.create(
        plan=plan,
        number=number,
        title=title.strip(),
        requirement=requirement.strip(),
        source=source,
        indicator=indicator,
        task=task,
        meeting=meeting,
        instruction=instruction.strip(),
        instructed_by=instructed_by.strip(),
        lead_unit=lead_unit,
        deadline=deadline,
        assigned_at=at,
        created_by=by,
        is_demo=is_demo,
    )
    others = [u for u in units if u.pk != lead_unit.pk]
    item.units.set(others)
    Step.objects.create(
        item=item,
        action="assign",
        state_after=wf.State.ASSIGNED,
        text=item.requirement,
        due=deadline,
        by=by,
        at=at,
    )
    item.log_action(
        "supervision.item.assigned",
        user=by,
        data={
            "title": item.title,
            "source": source.value,
            "lead_unit": lead_unit.name,
            "units": [u.name for u in others],
            "deadline": deadline.isoformat(),
        },
    )
    notify(
        users=_unit_people(lead_unit),
        text=f"督办事项 {item.code}“{item.title}”已交办贵单位牵头办理，办结时限 {deadline:%Y-%m-%d}。",
        url=item.get_absolute_url(),
        key=f"item:{item.pk}",
    )
    return item


@transaction.atomic
def item_act(
    *,
    item: Item,
    action: str,
    by: User,
    text: str = "",
    due: dt.date | None = None,
    upload: Any = None,
    revision: int | None = None,
    at: dt.datetime | None = None,
) -> Item:
    """Move an item one step along the workflow, recording the step and the audit entry."""
    action = wf.Action(action)
    item = Item.objects.select_for_update().select_related("lead_unit", "plan").get(pk=item.pk)
    actor = access.supervision_actor(by, item)
    if actor is None:
        raise PermissionDenied
    try:
        after = wf.check(item.state, action, actor)
    except wf.SupervisionError as exc:
        raise SupervisionInputError(translate(exc.message)) from None
    if revision is not None and revision != item.revision:
        raise SupervisionInputError(gettext(STALE))
    errors: dict[str, list[str]] = {}
    if action in TEXT_REQUIRED and not text.strip():
        errors["text"] = [gettext(REQUIRED).format(what=gettext(TEXT_REQUIRED[action]))]
    if action == wf.Action.PLAN and due is None:
        errors["due"] = [gettext(REQUIRED).format(what=gettext("计划完成日期"))]
    if action == wf.Action.APPLY and upload is None:
        errors["file"] = [gettext(EVIDENCE_REQUIRED)]
    if errors:
        raise SupervisionInputError(errors)
    stored, name = _store_evidence(upload) if upload is not None else (None, "")
    at = at or timezone.now()
    before = item.state
    step = Step(
        item=item,
        action=action.value,
        state_before=before,
        state_after=after,
        text=text.strip(),
        due=due,
        file_name=name,
        by=by,
        at=at,
    )
    if stored is not None:
        step.file.save(stored.name, stored, save=False)
    step.save()
    item.state = after
    setattr(item, STAMPS[action], at)
    if action == wf.Action.RETURN:
        item.return_reason = text.strip()
    item.revision += 1
    item.save()
    data: dict[str, Any] = {"state": [before, after.value]}
    if text.strip():
        data["text"] = text.strip()
    if name:
        data["file"] = name
    if due is not None:
        data["due"] = due.isoformat()
    item.log_action(f"supervision.item.{action.value}", user=by, data=data)
    label = wf.ACTION_LABELS[action]
    message = f"督办事项 {item.code}“{item.title}”：{label}。"
    if action == wf.Action.RETURN:
        notify(
            users=_unit_people(item.lead_unit),
            text=f"{message}退回原因：{item.return_reason}",
            url=item.get_absolute_url(),
            key=f"item:{item.pk}",
        )
    elif action in (wf.Action.VERIFY, wf.Action.CLOSE):
        notify(
            users=_unit_people(item.lead_unit),
            text=message,
            url=item.get_absolute_url(),
            key=f"item:{item.pk}",
        )
    return item


# --- milestones (任务分解) ------------------------------------------------------------------


@transaction.atomic
def milestone_set(
    *,
    task: Task,
    by: User,
    year: int,
    title: str,
    due: dt.date | None,
    unit: Unit,
    milestone: Milestone | None = None,
    is_demo: bool = False,
) -> Milestone:
    """The lead unit proposes (or changes, before confirmation) a yearly milestone."""
    if not (access.may_set_milestones(by, task) or access.may_confirm_milestones(by)):
        raise PermissionDenied
    plan = task.plan
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [gettext(REQUIRED).format(what=gettext("节点内容"))]
    if due is None:
        errors["due"] = [gettext(REQUIRED).format(what=gettext("完成时限"))]
    # The work goes on after the plan's last year until acceptance: a later year is allowed.
    last = max(plan.end_year, timezone.localdate().year + 1)
    if not plan.start_year <= year <= last:
        errors["year"] = [gettext(MILESTONE_YEAR).format(start=plan.start_year, end=last)]
    elif due is not None and due.year != year:
        errors["due"] = [gettext("完成时限须在 {year} 年内").format(year=year)]
    if unit.plan_id != plan.pk:
        errors["unit"] = [gettext(UNIT_OUTSIDE).format(name=unit.name)]
    if milestone is not None and milestone.is_confirmed():
        errors["__all__"] = [gettext(MILESTONE_CONFIRMED)]
    if errors:
        raise SupervisionInputError(errors)
    created = milestone is None
    if milestone is None:
        milestone = Milestone(task=task, created_by=by, is_demo=is_demo)
    before = {} if created else {"title": milestone.title, "due": milestone.due.isoformat()}
    milestone.year, milestone.title, milestone.due, milestone.unit = year, title.strip(), due, unit
    milestone.save()
    milestone.log_action(
        "supervision.milestone.created" if created else "supervision.milestone.changed",
        user=by,
        data={
            "task": task.number,
            "year": year,
            "title": milestone.title,
            "due": due.isoformat(),
            "unit": unit.name,
            **({"before": before} if before else {}),
        },
    )
    plan_hooks.plan_changed(plan_id=plan.pk)
    return milestone


@transaction.atomic
def milestone_confirm(*, milestone: Milestone, by: User) -> Milestone:
    if not access.may_confirm_milestones(by):
        raise PermissionDenied
    if milestone.is_confirmed():
        raise SupervisionInputError(gettext(MILESTONE_CONFIRMED))
    milestone.confirmed_at = timezone.now()
    milestone.confirmed_by = by
    milestone.save(update_fields=["confirmed_at", "confirmed_by"])
    milestone.log_action("supervision.milestone.confirmed", user=by)
    notify(
        users=_unit_people(milestone.unit),
        text=f"任务 {milestone.task.number} 的节点“{milestone.title}”已确认，完成时限 "
        f"{milestone.due:%Y-%m-%d}。",
        url=milestone.task.get_absolute_url(),
        key=f"milestone:{milestone.pk}",
    )
    plan_hooks.plan_changed(plan_id=milestone.task.plan_id)
    return milestone


@transaction.atomic
def milestone_done(*, milestone: Milestone, by: User, done_on: dt.date | None) -> Milestone:
    if not (access.may_mark_milestone(by, milestone) or access.may_confirm_milestones(by)):
        raise PermissionDenied
    if done_on is None:
        raise SupervisionInputError(
            {"done_on": [gettext(REQUIRED).format(what=gettext("完成日期"))]}
        )
    if done_on > timezone.localdate():
        raise SupervisionInputError({"done_on": [gettext("完成日期不能晚于今天")]})
    before = milestone.done_on
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    milestone.log_action(
        "supervision.milestone.done",
        user=by,
        data={"done_on": [before.isoformat() if before else None, done_on.isoformat()]},
    )
    plan_hooks.plan_changed(plan_id=milestone.task.plan_id)
    return milestone


# --- meetings (协调会) -----------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    plan: Plan,
    by: User,
    title: str,
    date: dt.date | None,
    chair: str,
    units: Sequence[Unit],
    decisions: Sequence[dict[str, Any]],
    minutes: Any = None,
    is_demo: bool = False,
) -> Meeting:
    """Record a coordination meeting; each decision (议定事项) becomes a supervision item."""
    if not access.may_open_item(by):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [gettext(REQUIRED).format(what=gettext("会议名称"))]
    if date is None:
        errors["date"] = [gettext(REQUIRED).format(what=gettext("会议日期"))]
    if not chair.strip():
        errors["chair"] = [gettext(REQUIRED).format(what=gettext("主持人"))]
    if not decisions:
        errors["decisions"] = [gettext(NO_DECISION)]
    if errors:
        raise SupervisionInputError(errors)
    meeting = Meeting(
        plan=plan,
        title=title.strip(),
        date=date,
        chair=chair.strip(),
        created_by=by,
        is_demo=is_demo,
    )
    if minutes is not None:
        stored, name = _store_evidence(minutes)
        meeting.minutes.save(stored.name, stored, save=False)
        meeting.minutes_name = name
    meeting.save()
    meeting.units.set(units)
    meeting.log_action(
        "supervision.meeting.recorded",
        user=by,
        data={
            "title": meeting.title,
            "date": date.isoformat(),
            "chair": meeting.chair,
            "units": [u.name for u in units],
            "minutes": meeting.minutes_name,
        },
    )
    for decision in decisions:
        item_open(
            plan=plan,
            by=by,
            source=Item.Source.MEETING,
            meeting=meeting,
            is_demo=is_demo,
            **decision,
        )
    return meeting


# --- the inbox ------------------------------------------------------------------------------


@transaction.atomic
def notifications_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the person's messages read (all when `ids` is None); returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())


def notify_value_returned(*, value: Any) -> None:
    """A returned value tells its reporter at once (in-app); the unit's people if unknown."""
    users = [value.updated_by] if value.updated_by is not None else []
    if not users and value.unit is not None:
        users = _unit_people(value.unit)
    notify(
        users=users,
        text=f"指标“{value.indicator.name}”（{value.period}）的填报已被退回：{value.return_reason}",
        url=value.get_absolute_url(),
        key=f"value:{value.pk}",
        level=Notification.Level.RED,
    )
