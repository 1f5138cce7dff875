"""Supervision reads: the ledger (督办台账), milestones, the inbox, counts for other pages."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from innocounty.plans.models import IndicatorUnit, Plan, Task, TaskUnit
from innocounty.reporting import access
from innocounty.supervision.models import Item, ItemState, Milestone, Notification
from innocounty.types import AnyUser, User


@dataclass
class LedgerFilter:
    state: str = ""
    unit: int | None = None
    source: str = ""
    overdue: bool = False


def ledger(
    *, plan: Plan, user: AnyUser, filters: LedgerFilter, today: dt.date | None = None
) -> QuerySet:
    """The items of `plan` that `user` may see, filtered, newest first."""
    today = today or timezone.localdate()
    items = access.items_visible_to(user, Item.objects.filter(plan=plan))
    if filters.state:
        items = items.filter(state=filters.state)
    if filters.unit:
        items = items.filter(Q(lead_unit_id=filters.unit) | Q(units__id=filters.unit)).distinct()
    if filters.source:
        items = items.filter(source=filters.source)
    if filters.overdue:
        items = items.filter(overdue_q(today))
    return items.select_related("lead_unit").prefetch_related("units").order_by("-number")


def overdue_q(today: dt.date) -> Q:
    """Open past the deadline, or closed after it."""
    closed_late = Q(state=ItemState.CLOSED) & Q(closed_at__date__gt=F("deadline"))
    return (~Q(state=ItemState.CLOSED) & Q(deadline__lt=today)) | closed_late


@dataclass
class LedgerCounts:
    open: int
    overdue: int
    closed_this_year: int
    closed_on_time: int


def counts(
    *, plan: Plan, today: dt.date | None = None, user: AnyUser | None = None
) -> LedgerCounts:
    """Open / overdue / closed this year (and how many of those on time), for the cockpit;
    with `user`, of the items that person may see."""
    today = today or timezone.localdate()
    items = Item.objects.filter(plan=plan)
    if user is not None:
        items = access.items_visible_to(user, items)
    open_ = items.exclude(state=ItemState.CLOSED)
    closed = [
        i
        for i in items.filter(state=ItemState.CLOSED).only("closed_at", "deadline", "state")
        if timezone.localdate(i.closed_at).year == today.year
    ]
    return LedgerCounts(
        open=open_.count(),
        overdue=open_.filter(deadline__lt=today).count(),
        closed_this_year=len(closed),
        closed_on_time=sum(1 for i in closed if i.closed_on_time()),
    )


def by_unit(*, plan: Plan, today: dt.date | None = None) -> list[tuple[str, int, int, int]]:
    """(unit, opened, closed, overdue now) per lead unit, for the rectification section."""
    today = today or timezone.localdate()
    opened: Counter[str] = Counter()
    closed: Counter[str] = Counter()
    late: Counter[str] = Counter()
    for item in Item.objects.filter(plan=plan).select_related("lead_unit"):
        name = item.lead_unit.name
        opened[name] += 1
        if item.state == ItemState.CLOSED:
            closed[name] += 1
        elif item.deadline < today:
            late[name] += 1
    return [(name, opened[name], closed[name], late[name]) for name in opened]


def rectification_as_of(*, plan: Plan, now: dt.datetime) -> list[tuple[str, int, int, int]]:
    """(lead unit, opened, closed, overdue) as things stood at `now`, for the bulletin's
    rectification section (整改情况): opened = assigned by `now`; closed = 销号 by `now`;
    overdue = not closed by `now` and past its deadline on that day. Units in name order."""
    today = timezone.localtime(now).date()
    opened: Counter[str] = Counter()
    closed: Counter[str] = Counter()
    late: Counter[str] = Counter()
    rows = Item.objects.filter(plan=plan, assigned_at__lte=now).select_related("lead_unit")
    for item in rows:
        name = item.lead_unit.name
        opened[name] += 1
        if item.state == ItemState.CLOSED and item.closed_at is not None and item.closed_at <= now:
            closed[name] += 1
        elif item.deadline < today:
            late[name] += 1
    return [(name, opened[name], closed[name], late[name]) for name in sorted(opened)]


@dataclass
class OnTime:
    due: int
    on_time: int

    @property
    def rate(self) -> float | None:
        return None if not self.due else self.on_time / self.due


def closing_on_time(*, plan: Plan, unit: Any, today: dt.date | None = None) -> OnTime:
    """How `unit` closes the items it leads on time (for its scorecard): of the items due
    (deadline passed, or already closed), how many were 销号 by their deadline."""
    today = today or timezone.localdate()
    due = on_time = 0
    for item in Item.objects.filter(plan=plan, lead_unit=unit):
        closed = (
            item.state == ItemState.CLOSED
            and item.closed_at is not None
            and timezone.localdate(item.closed_at) <= today
        )
        if not closed and item.deadline >= today:
            continue
        due += 1
        if closed and item.closed_on_time():
            on_time += 1
    return OnTime(due=due, on_time=on_time)


# --- milestones ---------------------------------------------------------------------------


def milestones_for(*, task: Task) -> list[Milestone]:
    return list(task.milestones.select_related("unit").order_by("year", "due", "pk"))


# --- inbox ----------------------------------------------------------------------------------


def inbox(*, user: User, unread_only: bool = False) -> QuerySet:
    rows = Notification.objects.filter(user=user)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created", "-id")


def item_initial(*, plan: Plan, query: Any) -> dict[str, Any]:
    """A new item's form, filled in from the page it was opened on: `?indicator=<code>` or
    `?task=<number>` (title, source and lead unit from it), `?source=` overriding the source."""
    initial: dict[str, Any] = {"source": Item.Source.MANUAL}
    indicator = plan.indicators.filter(code=query.get("indicator", "")).first()
    task = None
    if query.get("task", "").isdigit():
        task = plan.tasks.filter(number=int(query["task"])).first()
    if indicator is not None:
        lead: IndicatorUnit | TaskUnit | None = indicator.indicator_units.select_related(
            "unit"
        ).first()
        initial.update(
            source=Item.Source.INDICATOR,
            indicator=indicator,
            title=_("加快推进“%(name)s”指标") % {"name": indicator.name},
            lead_unit=lead.unit if lead else None,
        )
    elif task is not None:
        lead = task.task_units.filter(role="lead").select_related("unit").first()
        initial.update(
            source=Item.Source.TASK,
            task=task,
            title=_("加快推进重点任务“%(title)s”") % {"title": task.title},
            lead_unit=lead.unit if lead else None,
        )
    if query.get("source") in Item.Source.values:
        initial["source"] = query["source"]
    return initial


def milestone_rows(*, task: Task, user: Any, today: dt.date) -> list[tuple[Milestone, bool, bool]]:
    """A task's milestones with whether each is missed by `today` and whether `user` may mark
    it done."""
    return [
        (m, m.is_missed(today), access.may_mark_milestone(user, m))
        for m in milestones_for(task=task)
    ]
