"""The ledger (督办台账) as CSV or Excel: one row per item, with the date of each step."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

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
STATE_LABELS = {
    "assigned": "已交办",
    "acknowledged": "已签收",
    "rectifying": "整改中",
    "applied": "已申请办结",
    "verified": "已核查",
    "returned": "已退回",
    "closed": "已销号",
}


def _day(value) -> str:
    return timezone.localdate(value).isoformat() if value else ""


def rows(items: Iterable[Item]) -> list[list[str]]:
    today = timezone.localdate()
    out = []
    for item in items:
        target = ""
        if item.indicator is not None:
            target = item.indicator.name
        elif item.task is not None:
            target = f"{item.task.number}. {item.task.title}"
        elif item.meeting is not None:
            target = item.meeting.title
        out.append(
            [
                item.code,
                item.title,
                str(SOURCE_LABELS[item.source]),
                target,
                item.lead_unit.name,
                "、".join(u.name for u in item.units.all()),
                item.deadline.isoformat(),
                STATE_LABELS[item.state],
                "是" if item.is_overdue(today) else "否",
                *(_day(getattr(item, f)) for f in STEP_FIELDS),
                item.return_reason,
            ]
        )
    return out


def ledger_items(plan=None):
    items = Item.objects.select_related(
        "lead_unit", "indicator", "task", "meeting"
    ).prefetch_related("units")
    if plan is not None:
        items = items.filter(plan=plan)
    return items.order_by("plan", "number")


def to_csv(items: Iterable[Item]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows(items))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(items: Iterable[Item]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "督办台账"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(items):
        sheet.append(row)
    for letter, width in zip(
        "ABCDEFGHIJKLMNOPQR", (12, 40, 12, 30, 18, 24, 12, 10, 8), strict=False
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
