"""The per-unit template: one protected sheet “填报” for one unit in one round, with the
entry cells of values that may still be edited unlocked and data validation on them."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from innocounty.core import workflow
from innocounty.plans.models import Indicator, Unit
from innocounty.reporting import selectors
from innocounty.reporting.excel.formats import (
    TEMPLATE_COLUMNS,
    TEMPLATE_FORMAT,
    TEMPLATE_HEADER_ROW,
    TEMPLATE_SHEET,
    entry_cells,
    set_marker,
)
from innocounty.reporting.exporters import safe_cell
from innocounty.reporting.models import Round, WorkflowState

_HEADER_FILL = PatternFill("solid", fgColor="DDE6F3")
_LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
_UNLOCKED = Protection(locked=False)


def template_workbook(*, round_: Round, unit: Unit, user: Any = None) -> bytes:
    """The unit's template for the round: protected, with entry cells unlocked where the value
    may still be edited, and data validation on the number and 数据性质 cells. With `user`,
    only the versions that person may see are written."""
    plan = round_.plan
    rows = selectors.unit_entries(round_=round_, unit=unit, user=user)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TEMPLATE_SHEET
    set_marker(workbook, TEMPLATE_FORMAT, plan=plan.key, period=round_.period, unit=unit.name)

    sheet["A1"] = safe_cell(_("%(plan)s 指标数据填报表") % {"plan": plan.title})
    sheet["A1"].font = Font(bold=True, size=14)
    header_block = [
        (_("方案"), plan.title, _("方案代码"), plan.key),
        (_("填报轮次"), round_.title, _("报告期"), round_.period),
        (_("填报单位"), unit.name, _("截止日期"), round_.deadline.isoformat()),
    ]
    for offset, (label_a, value_a, label_b, value_b) in enumerate(header_block):
        line = 2 + offset
        sheet.cell(line, 1, safe_cell(label_a)).font = Font(bold=True)
        sheet.cell(line, 2, safe_cell(value_a))
        sheet.cell(line, 5, safe_cell(label_b)).font = Font(bold=True)
        sheet.cell(line, 6, safe_cell(value_b))
    sheet["A5"] = _(
        "只能填写白色单元格；比率指标可填写分子和分母，由系统计算数值；数据性质选“快报”或“年报”。"
        "请勿插入或删除行列、合并单元格或使用公式。上传时与网页填报按同样的规则检查。"
    )
    sheet["A5"].font = Font(color="555555")

    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(TEMPLATE_HEADER_ROW, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")

    positions = {column.key: index for index, column in enumerate(TEMPLATE_COLUMNS, start=1)}
    validations: dict[tuple[str, ...], DataValidation] = {}

    def validate(kind: tuple[str, ...], cell_ref: str) -> None:
        if kind not in validations:
            validations[kind] = _validation(kind)
        validations[kind].add(cell_ref)

    for offset, row in enumerate(rows):
        r = TEMPLATE_HEADER_ROW + 1 + offset
        indicator, value = row.indicator, row.value
        state = value.state if value else ""
        editable = workflow.is_editable(state, round_open=round_.is_open())
        cells = {
            "code": indicator.code,
            "name": indicator.name,
            "measure_unit": indicator.measure_unit,
            "previous": row.previous,
            "target": row.target,
            "state": str(WorkflowState(state).label) if state else _("未填报"),
            "revision": value.revision if value else None,
        }
        if value is not None:
            cells |= entry_cells(value)
        is_ratio = indicator.measure_type == Indicator.MeasureType.RATIO
        for column in TEMPLATE_COLUMNS:
            cell = sheet.cell(r, positions[column.key], safe_cell(cells.get(column.key)))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            unlocked = editable and column.editable
            if column.key in ("numerator", "denominator") and not is_ratio:
                unlocked = False
            if unlocked:
                cell.protection = _UNLOCKED
                if column.key == "value":
                    share = indicator.measure_unit.strip() in ("%", "\uff05")
                    validate(("value", str(indicator.decimals), str(share)), cell.coordinate)
                elif column.kind == "number":
                    validate(("part",), cell.coordinate)
                elif column.kind == "final":
                    validate(("final",), cell.coordinate)
            else:
                cell.fill = _LOCKED_FILL

    for validation in validations.values():
        sheet.add_data_validation(validation)
    widths = [10, 36, 12, 10, 10, 8, 12, 12, 12, 20, 24, 10, 24, 24, 8]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # The revision is bookkeeping for the conflict check, not something to read.
    sheet.column_dimensions[get_column_letter(positions["revision"])].hidden = True
    sheet.freeze_panes = sheet.cell(TEMPLATE_HEADER_ROW + 1, 3)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _validation(kind: tuple[str, ...]) -> DataValidation:
    if kind[0] == "final":
        validation = DataValidation(type="list", formula1='"快报,年报"', allow_blank=True)
        validation.error = _("请选择“快报”或“年报”")
        return _messages(validation)
    if kind[0] == "value" and kind[2] == "True":
        validation = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
        )
        validation.error = _("请填写 0 到 100 之间的数字")
    else:
        validation = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        validation.error = _("请填写不小于 0 的数字")
    if kind[0] == "value":
        validation.promptTitle = _("数值")
        validation.prompt = _("最多保留 %(decimals)s 位小数") % {"decimals": kind[1]}
        validation.showInputMessage = True
    return _messages(validation)


def _messages(validation: DataValidation) -> DataValidation:
    validation.errorTitle = _("输入有误")
    validation.showErrorMessage = True
    return validation
