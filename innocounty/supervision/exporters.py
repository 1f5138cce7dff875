"""The ledger (督办台账) as CSV or Excel: one row per item, with the date of each step.

`LedgerExporter` says which rows; the reporting renderers (`write_csv`, `write_xlsx`) write them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from innocounty.core.supervision import STATE_LABELS, State
from innocounty.reporting.exporters import BaseExporter, write_csv, write_xlsx
from innocounty.supervision.models import Item

HEADERS = [
    "编号",
    "督办事项",
    "来源",
    "对应指标或任务",
    "牵头单位",
    "协办单位",
    "办结时限",
    "状态",
    "是否逾期",
    "交办日期",
    "签收日期",
    "整改方案日期",
    "最近反馈日期",
    "申请办结日期",
    "核查日期",
    "销号日期",
    "退回日期",
    "退回原因",
]
SOURCE_LABELS = dict(Item.Source.choices)
STEP_FIELDS = (
    "assigned_at",
    "acknowledged_at",
    "planned_at",
    "reported_at",
    "applied_at",
    "verified_at",
    "closed_at",
    "returned_at",
)


def _day(value) -> str:
    return timezone.localdate(value).isoformat() if value else ""


class LedgerExporter(BaseExporter):
    """The ledger: one row per item, with the date of each step."""

    identifier = "ledger"
    verbose_name = "督办台账"
    # The header is the sheet's first row, as the ledger has always been laid out.
    title_row = False
    widths = (12, 40, 12, 30, 18, 24, 12, 10, 8)
    frozen_columns = 2
    wrap = False

    def __init__(self, items: Iterable[Item]) -> None:
        self.items = items

    def headers(self) -> Sequence[str]:
        return HEADERS

    def rows(self) -> Iterable[Sequence[Any]]:
        today = timezone.localdate()
        for item in self.items:
            target = ""
            if item.indicator is not None:
                target = item.indicator.name
            elif item.task is not None:
                target = f"{item.task.number}. {item.task.title}"
            elif item.meeting is not None:
                target = item.meeting.title
            yield [
                item.code,
                item.title,
                str(SOURCE_LABELS[item.source]),
                target,
                item.lead_unit.name,
                "、".join(u.name for u in item.units.all()),
                item.deadline.isoformat(),
                STATE_LABELS[State(item.state)],
                "是" if item.is_overdue(today) else "否",
                *(_day(getattr(item, f)) for f in STEP_FIELDS),
                item.return_reason,
            ]


def ledger_items(plan=None):
    items = Item.objects.select_related(
        "lead_unit", "indicator", "task", "meeting"
    ).prefetch_related("units")
    if plan is not None:
        items = items.filter(plan=plan)
    return items.order_by("plan", "number")


def to_csv(items: Iterable[Item]) -> bytes:
    return write_csv(LedgerExporter(items))


def to_xlsx(items: Iterable[Item]) -> bytes:
    return write_xlsx(LedgerExporter(items))
