"""Importing a filled template or a full export, all or nothing, by the web form's rules.

Every row is read and every problem listed with its sheet, row and column (`Problem`): unknown
or repeated indicator codes, indicators the unit does not report, every check of
`services.value_check`, read-only columns that differ from the database, changes to values
that may no longer be edited (`workflow.is_editable`) or are not the latest version, changes by
someone who is not a reporter of a responsible unit. The changed rows are then saved through
`services.round_unit_values_save`, the web form's batch save, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innocounty.core import workflow
from innocounty.core.validation import warning_message
from innocounty.i18n import translate
from innocounty.plans.models import Indicator, Unit
from innocounty.reporting import access, selectors, services
from innocounty.reporting.excel.export import row_cells, values_with_relations
from innocounty.reporting.excel.formats import (
    ENTRY_COLUMNS,
    EXPORT_COLUMNS,
    EXPORT_FORMAT,
    EXPORT_HEADER_ROW,
    EXPORT_HEADER_SEARCH,
    EXPORT_SHEET,
    FINAL_LABELS,
    FORMAT_PROPERTY,
    FORMAT_VERSION,
    TEMPLATE_COLUMNS,
    TEMPLATE_FORMAT,
    TEMPLATE_HEADER_ROW,
    TEMPLATE_SHEET,
    VERSION_PROPERTY,
    ExcelImportError,
    Problem,
    cell_text,
    marker,
    refuse,
    same_number,
    text,
)
from innocounty.reporting.excel.reader import Row, open_workbook, read_rows
from innocounty.reporting.models import Round, Value, WorkflowState

NOT_OUR_FILE = gettext_noop(
    "文件“{name}”不是本系统下载的填报模板或导出文件（缺少模板标识），请重新下载模板"
)
WRONG_VERSION = gettext_noop(
    "文件“{name}”的模板版本为 {found}，本系统需要版本 {expected}，请重新下载模板"
)
UNKNOWN_PLAN = gettext_noop("模板中的方案“{plan}”在系统中不存在")
UNKNOWN_ROUND = gettext_noop("方案“{plan}”没有报告期 {period} 的填报轮次")
UNKNOWN_UNIT = gettext_noop("方案“{plan}”没有单位“{unit}”")
WRONG_ROUND = gettext_noop("该模板属于“{found}”，不是本页的“{expected}”")
WRONG_UNIT = gettext_noop("该模板属于“{found}”，不是本页的“{expected}”")
HIDDEN_SHEET = gettext_noop("工作表“{sheet}”被隐藏；请取消隐藏或删除后再上传")
UNKNOWN_CODE = gettext_noop("指标代码“{code}”不存在")
NOT_IN_ROUND = gettext_noop("指标“{code}”不是“{unit}”在本轮需要填报的指标")
DUPLICATE_CODE = gettext_noop("指标“{code}”重复，已在第 {first} 行出现")
BAD_FINAL = gettext_noop("“{text}”不是“快报”或“年报”")
BAD_INTEGER = gettext_noop("“{text}”不是整数")
READ_ONLY_COLUMN = gettext_noop(
    "该列只读，不能通过导入修改（文件中为“{found}”，系统中为“{expected}”）"
)
VALUE_NOT_EDITABLE = gettext_noop("该数据{state}，不能通过导入修改")
NOT_LATEST = gettext_noop("该数据不是最新版本（最新为第 {latest} 版），不能通过导入修改")
NO_SUCH_VALUE = gettext_noop(
    "系统中没有方案“{plan}”指标“{code}”{period} 第 {version} 版；导出文件只能修改已有数据"
)
NO_ROUND = gettext_noop("该数据不属于任何填报轮次，不能通过导入修改")
NOT_A_REPORTER = gettext_noop("只有责任单位的填报员可以修改数据；您的导入不能修改这一行")


@dataclass
class ImportResult:
    format: str
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("新增 %(created)s 项，修改 %(changed)s 项，未变 %(unchanged)s 项") % {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }


@dataclass
class Change:
    """A changed row: where it is in the file, and what to save for which unit and round."""

    row: Row
    round_: Round
    unit: Unit
    entry: services.ValueEntry


def _entry(row: Row, stored: Value | None, problems: list[Problem]) -> dict | None:
    """The row's entry fields as `value_save` data, or None when they equal `stored`.
    Numbers equal to the stored ones are passed as stored, so nothing changes by rounding."""
    data: dict[str, Any] = {}
    same = stored is not None
    for column in ENTRY_COLUMNS:
        cell = row.cells.get(column.key)
        before = getattr(stored, column.key) if stored is not None else None
        if column.kind == "number":
            if stored is not None and same_number(cell, before):
                data[column.key] = before
                continue
            same = False
            data[column.key] = cell if not isinstance(cell, str) else cell.strip()
        elif column.kind == "final":
            label = cell_text(cell)
            if label not in FINAL_LABELS:
                problems.append(row.problem(_(BAD_FINAL).format(text=label), column.key))
            data[column.key] = FINAL_LABELS.get(label, label)
            same = same and data[column.key] == before
        else:
            data[column.key] = cell_text(cell)
            same = same and data[column.key] == (before or "")
    return None if same else data


def _located(row: Row, errors: dict[str, list[str]]) -> Iterable[Problem]:
    """A service's errors by field, at their cells (or at the row for other fields)."""
    for name, messages in errors.items():
        for message in messages:
            yield row.problem(message, name if row.has(name) else None)


def _check(change: Change, problems: list[Problem]) -> None:
    checked = services.value_check(
        indicator=change.entry.indicator, period=change.round_.period, data=change.entry.data
    )
    problems += _located(change.row, services.checked_errors(checked))


def _editable_problem(value: Value | None, latest: Value | None) -> str | None:
    if latest is not None and value is not None and latest.pk != value.pk:
        return _(NOT_LATEST).format(latest=latest.version)
    if value is not None and not workflow.is_editable(value.state, round_open=True):
        return _(VALUE_NOT_EDITABLE).format(state=WorkflowState(value.state).label)
    return None


def _template_changes(
    workbook: Any,
    found: dict[str, str],
    by: Any,
    problems: list[Problem],
    expect: dict[str, Any],
    on_behalf: bool = False,
) -> tuple[list[Change], int]:
    plan = access.plans_visible_to(by).filter(key=found.get("innocounty.plan", "")).first()
    if plan is None:
        problems.append(Problem(_(UNKNOWN_PLAN).format(plan=found.get("innocounty.plan", ""))))
        return [], 0
    period = found.get("innocounty.period", "")
    round_ = Round.objects.filter(plan=plan, period=period).select_related("plan").first()
    unit = Unit.objects.filter(plan=plan, name=found.get("innocounty.unit", "")).first()
    if round_ is None:
        problems.append(Problem(_(UNKNOWN_ROUND).format(plan=plan.key, period=period)))
    if unit is None:
        message = _(UNKNOWN_UNIT).format(plan=plan.key, unit=found.get("innocounty.unit"))
        problems.append(Problem(message))
    if round_ is None or unit is None:
        return [], 0
    if expect.get("round") is not None and expect["round"].pk != round_.pk:
        message = _(WRONG_ROUND).format(
            found=round_.display_title(), expected=expect["round"].display_title()
        )
        problems.append(Problem(message))
    if expect.get("unit") is not None and expect["unit"].pk != unit.pk:
        message = _(WRONG_UNIT).format(found=unit.name, expected=expect["unit"].name)
        problems.append(Problem(message))
    if problems:
        return [], 0

    rows = read_rows(workbook, TEMPLATE_SHEET, TEMPLATE_HEADER_ROW, TEMPLATE_COLUMNS, problems)
    entries = {e.indicator.code: e for e in selectors.unit_entries(round_=round_, unit=unit)}
    known = set(Indicator.objects.filter(plan=plan).values_list("code", flat=True))
    seen: dict[str, int] = {}
    changes: list[Change] = []
    unchanged = 0
    may_report = access.may_enter_for(by, unit, on_behalf=on_behalf)
    for row in rows:
        code = text(row.cells["code"])
        if code in seen:
            message = _(DUPLICATE_CODE).format(code=code, first=seen[code])
            problems.append(row.problem(message, "code"))
            continue
        seen[code] = row.number
        if code not in known:
            problems.append(row.problem(_(UNKNOWN_CODE).format(code=code), "code"))
            continue
        entry = entries.get(code)
        if entry is None:
            message = _(NOT_IN_ROUND).format(code=code, unit=unit.name)
            problems.append(row.problem(message, "code"))
            continue
        data = _entry(row, entry.value, problems)
        if data is None:
            unchanged += entry.value is not None
            continue
        value_entry = services.ValueEntry(entry.indicator, data, entry.value)
        if value_entry.is_blank():
            continue  # nothing entered where nothing is stored: skipped, as on the web
        problem = _editable_problem(entry.value, entry.value)
        if problem is None and not may_report:
            problem = _(NOT_A_REPORTER)
        state = entry.value.state if entry.value is not None else None
        if problem is None and not workflow.is_editable(state, round_open=round_.is_open()):
            problem = _(services.ROUND_CLOSED).format(title=round_.display_title())
        if problem is not None:
            problems.append(row.problem(problem))
            continue
        revision = _integer(row, "revision", problems)
        if entry.value is not None:
            value_entry.revision = revision
        changes.append(Change(row, round_, unit, value_entry))
    return changes, unchanged


def _integer(row: Row, key: str, problems: list[Problem]) -> int | None:
    shown = text(row.cells.get(key))
    if shown == "":
        return None
    try:
        return int(shown)
    except ValueError:
        problems.append(row.problem(_(BAD_INTEGER).format(text=shown), key))
        return None


def _export_header_row(workbook: Any) -> int:
    """The export's header row: the first of its first rows that starts with the first header
    (row 2 under the title row; row 1 in files exported before it); else where it should be."""
    if EXPORT_SHEET in workbook.sheetnames:
        sheet = workbook[EXPORT_SHEET]
        for number, (first,) in enumerate(
            sheet.iter_rows(max_row=EXPORT_HEADER_SEARCH, max_col=1, values_only=True), start=1
        ):
            if text(first) == EXPORT_COLUMNS[0].header:
                return number
    return EXPORT_HEADER_ROW


def _export_changes(workbook: Any, by: Any, problems: list[Problem]) -> tuple[list[Change], int]:
    rows = read_rows(
        workbook,
        EXPORT_SHEET,
        _export_header_row(workbook),
        EXPORT_COLUMNS,
        problems,
        require_rows=True,
    )
    keys = {text(row.cells["plan"]) for row in rows}
    # Only versions `by` may read: a row naming another unit's (or county's) draft is told
    # "no such value", never shown the stored cells.
    stored = values_with_relations(
        access.values_visible_to(by, Value.objects.filter(indicator__plan__key__in=keys))
    )
    by_key: dict[tuple[str, str, str, int | None], Value] = {
        (v.indicator.plan.key, v.indicator.code, v.period, v.version): v for v in stored
    }
    latest = selectors.latest_by_key(stored, lambda v: (v.indicator_id, v.period))
    report_units: dict[int, list[Unit]] = {}
    seen: dict[tuple, int] = {}
    changes: list[Change] = []
    unchanged = 0
    for row in rows:
        version = _integer(row, "version", problems)
        ident = (text(row.cells["plan"]), text(row.cells["code"]), text(row.cells["period"]))
        key = (*ident, version)
        if key in seen:
            message = _(DUPLICATE_CODE).format(code=" ".join(map(str, key)), first=seen[key])
            problems.append(row.problem(message))
            continue
        seen[key] = row.number
        value = by_key.get(key)
        if value is None:
            if version is not None:
                plan_, code, period = ident
                message = _(NO_SUCH_VALUE).format(
                    plan=plan_, code=code, period=period, version=version
                )
                problems.append(row.problem(message))
            continue
        expected = row_cells(value)
        for column in EXPORT_COLUMNS:
            if column.kind not in ("info", "int") or column.key == "version":
                continue
            found, wanted = cell_text(row.cells[column.key]), text(expected[column.key])
            if found != wanted:
                message = _(READ_ONLY_COLUMN).format(found=found, expected=wanted)
                problems.append(row.problem(message, column.key))
        data = _entry(row, value, problems)
        if data is None:
            unchanged += 1
            continue
        problem = _editable_problem(value, latest[(value.indicator_id, value.period)])
        if problem is None and value.round is None:
            problem = _(NO_ROUND)
        units = report_units.get(value.indicator_id)
        if units is None:
            units = report_units[value.indicator_id] = (
                list(access.user_units(by).filter(indicator_units__indicator=value.indicator))
                if access.may_edit_indicator(by, value.indicator)
                else []
            )
        if problem is None and not units:
            problem = _(NOT_A_REPORTER)
        if problem is not None:
            problems.append(row.problem(problem))
            continue
        assert value.round is not None
        unit = value.unit if value.unit in units else units[0]
        entry = services.ValueEntry(value.indicator, data, value, value.revision)
        changes.append(Change(row, value.round, unit, entry))
    return changes, unchanged


def import_workbook(
    *,
    data: bytes,
    by: Any,
    filename: str = "",
    round_: Round | None = None,
    unit: Unit | None = None,
    on_behalf: bool = False,
) -> ImportResult:
    """Import a filled template or a full export, all or nothing (see the package docstring).

    `round_` and `unit`, when given (the web upload), must be the ones the template was made
    for. Raises ExcelImportError with every located problem; nothing is written then.
    """
    name = filename or _("上传文件")
    workbook = open_workbook(data, name)
    try:
        problems: list[Problem] = []
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                problems.append(Problem(_(HIDDEN_SHEET).format(sheet=sheet.title)))
        found = marker(workbook)
        fmt = found.get(FORMAT_PROPERTY)
        if fmt not in (TEMPLATE_FORMAT, EXPORT_FORMAT):
            problems.append(Problem(_(NOT_OUR_FILE).format(name=name)))
        elif found.get(VERSION_PROPERTY) != FORMAT_VERSION:
            message = _(WRONG_VERSION).format(
                name=name, found=found.get(VERSION_PROPERTY, "?"), expected=FORMAT_VERSION
            )
            problems.append(Problem(message))
        if problems:
            raise ExcelImportError(problems)
        if fmt == TEMPLATE_FORMAT:
            changes, unchanged = _template_changes(
                workbook, found, by, problems, {"round": round_, "unit": unit}, on_behalf
            )
        elif round_ is not None:
            # The web page of one unit takes that unit's template only.
            raise refuse(_(NOT_OUR_FILE).format(name=name))
        else:
            changes, unchanged = _export_changes(workbook, by, problems)
    finally:
        workbook.close()
    if problems:
        # The saves below would check the changed rows; they are not reached, so check here
        # to list every problem at once.
        for change in changes:
            _check(change, problems)
        raise ExcelImportError(problems)
    result = ImportResult(format=fmt or "", unchanged=unchanged)
    _save(changes, by, result, name, on_behalf=on_behalf)
    return result


def _save(
    changes: list[Change], by: Any, result: ImportResult, name: str, *, on_behalf: bool = False
) -> None:
    """Save the changes through the batch service, one batch per round and unit, all in one
    transaction; log the import on every round it changed."""
    batches: dict[tuple[int, int], list[Change]] = {}
    for change in changes:
        batches.setdefault((change.round_.pk, change.unit.pk), []).append(change)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    with transaction.atomic():
        touched: dict[int, Round] = {}
        for batch in batches.values():
            round_, unit = batch[0].round_, batch[0].unit
            try:
                saved = services.round_unit_values_save(
                    round_=round_,
                    unit=unit,
                    entries=[change.entry for change in batch],
                    by=by,
                    on_behalf=on_behalf,
                )
            except services.BatchError as exc:
                for index, errors in exc.problems.items():
                    problems += _located(batch[index].row, errors)
                continue
            for change, outcome in zip(batch, saved, strict=True):
                if outcome is None:
                    continue
                if outcome.created:
                    result.created += 1
                elif outcome.changes:
                    result.changed += 1
                else:
                    result.unchanged += 1
                if outcome.created or outcome.changes:
                    touched[round_.pk] = round_
                warnings += [
                    change.row.problem(translate(warning_message(w))) for w in outcome.warnings
                ]
        result.warnings = [str(w) for w in sorted(warnings, key=lambda w: w.row or 0)]
        if problems:
            transaction.set_rollback(True)
        else:
            for round_ in touched.values():
                round_.log_action(
                    "reporting.values.imported",
                    user=by,
                    data={
                        "file": name,
                        "created": result.created,
                        "changed": result.changed,
                        "unchanged": result.unchanged,
                    },
                )
    if problems:
        raise ExcelImportError(problems)
