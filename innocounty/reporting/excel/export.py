"""The full export (`values-export`): every version of every value, as xlsx or CSV."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from innocounty.plans.models import Indicator, Plan, Unit
from innocounty.reporting import access
from innocounty.reporting.excel.formats import (
    EXPORT_COLUMNS,
    EXPORT_FORMAT,
    EXPORT_SHEET,
    entry_cells,
    local_time,
    plain,
    set_marker,
)
from innocounty.reporting.exporters import BaseExporter, build_workbook, office_name
from innocounty.reporting.exporters import write_csv as _write_csv
from innocounty.reporting.models import Round, Value, WorkflowState


class ValuesExporter(BaseExporter):
    """Every version of every value (of one plan, or of all), one row each."""

    identifier = "values"
    verbose_name = EXPORT_SHEET
    number_columns = tuple(
        index for index, column in enumerate(EXPORT_COLUMNS, start=1) if column.kind == "number"
    )
    widths = (18, 10, 36, 10, 6, 8, 12, 12, 12, 20, 20, 8, 20, 20, 16, 19, 19, 19, 8)
    frozen_columns = 2
    # No wrapping: 10,000 rows of styled cells would make the file slow to write and read.
    wrap = False

    def __init__(self, plan: Plan | None = None, user: Any = None) -> None:
        self.plan = plan
        self.user = user
        self.office = office_name(plan) if plan is not None else ""

    def headers(self) -> Sequence[str]:
        return [_(column.header) for column in EXPORT_COLUMNS]

    def queryset(self) -> Any:
        values = Value.objects.all()
        if self.plan is not None:
            values = values.filter(indicator__plan=self.plan)
        if self.user is not None:
            values = access.values_visible_to(self.user, values)
        return values.order_by("indicator__plan__key", "indicator__position", "period", "version")

    def rows(self) -> Iterable[Sequence[Any]]:
        for value in values_with_relations(self.queryset()):
            cells = row_cells(value)
            yield [cells[column.key] for column in EXPORT_COLUMNS]


def values_with_relations(values: Any) -> list[Value]:
    """The values with indicator, plan, unit and round attached from a handful of rows each;
    joining them in SQL makes thousands of duplicate model objects."""
    values = list(values)
    indicators = Indicator.objects.in_bulk({v.indicator_id for v in values})
    plans = Plan.objects.in_bulk({i.plan_id for i in indicators.values()})
    for indicator in indicators.values():
        indicator.plan = plans[indicator.plan_id]
    units = Unit.objects.in_bulk({v.unit_id for v in values if v.unit_id})
    rounds = Round.objects.in_bulk({v.round_id for v in values if v.round_id})
    for round_ in rounds.values():
        round_.plan = plans.get(round_.plan_id) or round_.plan
    for value in values:
        value.indicator = indicators[value.indicator_id]
        value.unit = units.get(value.unit_id) if value.unit_id else None
        value.round = rounds.get(value.round_id) if value.round_id else None
    return values


def row_cells(value: Value) -> dict[str, Any]:
    """One value as export cells, by column key; the import compares with exactly these."""
    return {
        "plan": value.indicator.plan.key,
        "code": value.indicator.code,
        "name": value.indicator.name,
        "period": value.period,
        "version": value.version,
        "state": str(WorkflowState(value.state).label),
        **entry_cells(value),
        "unit": value.unit.name if value.unit else "",
        "submitted_at": local_time(value.submitted_at),
        "reviewed_at": local_time(value.reviewed_at),
        "updated": local_time(value.updated),
        "revision": value.revision,
    }


def export_values(*, plan: Plan | None = None, fmt: str = "xlsx", user: Any = None) -> bytes:
    """The full export as xlsx (importable back) or CSV (UTF-8 with BOM, for Excel); with
    `user`, only the versions that person may see (`access.values_visible_to`)."""
    exporter = ValuesExporter(plan, user)
    if fmt == "csv":
        return write_csv(exporter)
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}")
    # Not write-only: that mode writes inline strings and no dimension, which make reading the
    # file back three times slower; 10,000 rows fit in memory comfortably.
    workbook = build_workbook(exporter, title=EXPORT_SHEET)
    set_marker(workbook, EXPORT_FORMAT, plan=plan.key if plan else "")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(exporter: BaseExporter) -> bytes:
    return _write_csv(exporter, cell=lambda c: plain(c) if isinstance(c, Decimal) else c)
