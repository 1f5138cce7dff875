"""Excel exports of a bulletin's snapshot: the indicator monitoring table, the unit scorecards
and ranking, and the 催办 list (`reporting.exporters.ChaseListExporter`, fed from the snapshot).
They are registered in `reporting.exporters.EXPORTERS` under ``bulletins.*``.

Exporters say which rows and which columns hold numbers; the file format is the reporting
writer's (title row, numbers as numbers, print setup), plus conditional formatting (the `style`
hook) that colours each row by the status in `status_column`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from innocounty.bulletins.snapshot import BulletinSnapshot
from innocounty.core.evaluation import STATUS_CELL_COLOURS, STATUS_LABELS
from innocounty.reporting.exporters import BaseExporter, ChaseListExporter, ChaseRow


def _issuer(exporter: BaseExporter, snapshot: BulletinSnapshot) -> None:
    """The snapshot's issuing office and date (ISO) for the title row."""
    exporter.office = snapshot.get("plan", {}).get("office", "")
    exporter.date = str(snapshot.get("as_of", ""))[:10]


def status_style(exporter: BaseExporter, sheet: Any, first_row: int, last_row: int) -> None:
    """A fill per data row by the status label in the exporter's `status_column`."""
    column = getattr(exporter, "status_column", None)
    if column is None:
        return
    letter = get_column_letter(column)
    span = f"A{first_row}:{get_column_letter(sheet.max_column)}{max(last_row, first_row)}"
    for status, (fill, colour) in STATUS_CELL_COLOURS.items():
        label = STATUS_LABELS[status]  # as stored in the snapshot
        sheet.conditional_formatting.add(
            span,
            FormulaRule(
                formula=[f'${letter}{first_row}="{label}"'],
                fill=PatternFill("solid", start_color=fill, end_color=fill, fgColor=fill),
                font=Font(color=colour),
            ),
        )


class IndicatorTableExporter(BaseExporter):
    """Every indicator: target, value, achievement, status and responsible units."""

    identifier = "indicators"
    verbose_name = gettext_lazy("指标监测表")
    status_column = 9
    number_columns = (1, 6, 7, 8)
    frozen_columns = 4

    def __init__(self, snapshot: BulletinSnapshot) -> None:
        self.snapshot = snapshot
        _issuer(self, snapshot)

    def style(self, sheet: Any, first_row: int, last_row: int) -> None:
        status_style(self, sheet, first_row, last_row)

    def highlighted(self, index: int) -> bool:
        """Lagging indicators are shaded in the bulletin's table."""
        return bool(self.snapshot["indicators"][index]["lagging"])

    def headers(self) -> Sequence[str]:
        return [
            _("序号"),
            _("代码"),
            _("一级指标"),
            _("二级指标"),
            _("计量单位"),
            _("目标值"),
            _("完成值"),
            _("完成率"),
            _("状态"),
            _("责任单位"),
            _("说明"),
        ]

    def rows(self) -> Iterable[Sequence[Any]]:
        for number, i in enumerate(self.snapshot["indicators"], start=1):
            yield [
                number,
                i["code"],
                i["category"],
                i["name"],
                i["unit"],
                i["target"],
                i["value"],
                i["achievement"],
                i["label"],
                "、".join(i["units"]),
                i["reason"],
            ]


class ScorecardExporter(BaseExporter):
    """Units' scores and ranks, best first."""

    identifier = "scorecards"
    verbose_name = gettext_lazy("单位考核排名")
    status_column = None
    number_columns = (1, 3, 4, 5, 6, 7)
    frozen_columns = 2

    def __init__(self, snapshot: BulletinSnapshot) -> None:
        self.snapshot = snapshot
        _issuer(self, snapshot)

    def headers(self) -> Sequence[str]:
        return [_("排名"), _("单位"), _("总分"), _("指标"), _("任务"), _("报送及时"), _("及时率")]

    def rows(self) -> Iterable[Sequence[Any]]:
        for card in self.snapshot["scorecards"]:
            yield [
                card["rank"] if card["rank"] is not None else "",
                card["unit"],
                card["score"],
                card["indicator_score"],
                card["task_score"],
                card["timeliness_score"],
                card["on_time_rate"],
            ]


def frozen_chase_rows(snapshot: BulletinSnapshot) -> list[ChaseRow]:
    """The 催办 list as the snapshot froze it (its units, in its `chase` order)."""
    r = snapshot.get("reporting")
    if r is None:
        return []
    units = {u["name"]: u for u in r["units"]}
    return [
        ChaseRow(
            unit=name,
            label=units[name]["label"],
            overdue=units[name]["overdue"],
            completeness=units[name]["completeness_ratio"],
            missing=list(units[name]["missing"]),
        )
        for name in r["chase"]
    ]


class FrozenChaseList(ChaseListExporter):
    """The 催办 list of a bulletin's snapshot."""

    def __init__(self, snapshot: BulletinSnapshot) -> None:
        super().__init__(frozen_chase_rows(snapshot))
        _issuer(self, snapshot)
