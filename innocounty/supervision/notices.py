"""Official notices in the bulletin's style (GB/T 9704): 督办通知单 and 催办通知, as .docx."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from innocounty.core.officedoc import (
    FONT_TITLE,
    RED,
    TITLE_SIZE,
    add_body,
    add_border,
    add_para,
    add_table,
    fixed_zip,
    setup_page,
)
from innocounty.core.supervision import State
from innocounty.plans.models import Plan, Unit
from innocounty.supervision.exporters import SOURCE_LABELS, STATE_LABELS
from innocounty.supervision.models import Item


def office_name(plan: Plan) -> str:
    region = plan.region or plan.title.split("国家")[0]
    return f"{region}创新型县（市）建设工作领导小组办公室"


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _document(
    *,
    plan: Plan,
    title: str,
    number: str,
    addressee: str,
    body: list[str],
    today: dt.date,
    table: tuple[str, list[str], list[tuple[list[str], bool]], list[float]] | None = None,
    closing: str = "",
) -> bytes:
    doc = Document()
    setup_page(doc)
    center = WD_ALIGN_PARAGRAPH.CENTER
    office = office_name(plan)
    add_para(doc, office, font=FONT_TITLE, size=Pt(22), colour=RED, indent=False, align=center)
    add_border(add_para(doc, number, indent=False, align=center))
    add_para(doc, indent=False)
    heading = add_para(doc, title, font=FONT_TITLE, size=TITLE_SIZE, indent=False, align=center)
    heading.paragraph_format.line_spacing = Pt(35)
    add_para(doc, indent=False)
    add_para(doc, f"{addressee}：", indent=False)
    for text in body:
        add_body(doc, text)
    if table is not None:
        add_table(doc, *table)
    if closing:
        add_body(doc, closing)
    add_para(doc, indent=False)
    add_para(doc, indent=False)
    signature = add_para(doc, office, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = Pt(16)
    date_line = add_para(doc, _chinese_date(today), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date_line.paragraph_format.right_indent = Pt(64)
    props = doc.core_properties
    props.title = title
    props.author = office
    props.last_modified_by = office
    moment = dt.datetime.combine(today, dt.time.min)
    props.created = props.modified = props.last_printed = moment
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue())


def item_notice_docx(item: Item, *, today: dt.date) -> bytes:
    """督办通知单: what is to be done, by whom, by when, and how to report back."""
    target = ""
    if item.indicator is not None:
        target = f"（对应指标：{item.indicator.name}）"
    elif item.task is not None:
        target = f"（对应任务：{item.task.number}. {item.task.title}）"
    elif item.meeting is not None:
        target = f"（{item.meeting.title}议定事项）"
    others = "、".join(u.name for u in item.units.all())
    body = [
        f"根据{SOURCE_LABELS[item.source]}{target}，现将“{item.title}”列为督办事项"
        f"（编号 {item.code}），请你单位牵头办理{('，' + others + '协同配合') if others else ''}。",
        f"督办要求：{item.requirement}",
    ]
    if item.instruction:
        body.append(f"领导批示：{item.instruction}（{item.instructed_by or '领导'}）")
    body.append(
        f"请于收到本通知单后及时在平台签收，3个工作日内报送整改方案，按要求反馈进展，"
        f"并于{_chinese_date(item.deadline)}前办结，申请办结时须附佐证材料。"
        f"当前状态：{STATE_LABELS[State(item.state)]}。"
    )
    return _document(
        plan=item.plan,
        title="督办通知单",
        number=f"督办〔{item.assigned_at:%Y}〕{item.number}号",
        addressee=item.lead_unit.name,
        body=body,
        today=today,
    )


def chase_notice_docx(*, plan: Plan, unit: Unit, items: list[Any], today: dt.date) -> bytes:
    """催办通知: a late unit's overdue items, with the date by which to answer."""
    rows = [
        (
            [
                str(i + 1),
                item.title,
                item.deadline.isoformat(),
                f"{(today - item.deadline).days}天",
                STATE_LABELS[State(item.state)],
            ],
            True,
        )
        for i, item in enumerate(items)
    ]
    body = [
        f"截至{_chinese_date(today)}，你单位牵头办理的以下{len(items)}项督办事项已超过办结时限，"
        "尚未办结销号。请高度重视，加快推进，并于5个工作日内将办理情况及未按期办结的原因在平台反馈。"
    ]
    return _document(
        plan=plan,
        title="催办通知",
        number=f"催办〔{today:%Y}〕{unit.pk}号",
        addressee=unit.name,
        body=body,
        today=today,
        table=(
            "逾期未办结督办事项",
            ["序号", "督办事项", "办结时限", "逾期", "状态"],
            rows,
            [12, 80, 28, 18, 18],
        ),
        closing="特此通知。",
    )
