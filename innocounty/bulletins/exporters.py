"""Excel exports of a bulletin's snapshot: the indicator monitoring table, the unit scorecards
and ranking, and the 催办 list (`reporting.exporters.ChaseListExporter`, fed from the snapshot).

Exporters say which rows and which columns hold numbers; the file format is the reporting
writer's (title row, numbers as numbers, print setup), plus conditional formatting (the `style`
hook) that colours each row by the status in `status_column`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from innocounty.bulletins.snapshot import BulletinSnapshot
from innocounty.core.rounds import Item, UnitProgress, UnitStatus, summarise
from innocounty.reporting.exporters import BaseExporter, ChaseListExporter, write_xlsx
from innocounty.reporting.selectors import RoundStatus, UnitRow

# Status label (as stored in the snapshot) → (fill, font colour) for the conditional format.
STATUS_STYLES = {
    "已达标": ("D7EFDD", "1E5B2E"),
    "正常": ("EAF5EC", "1E5B2E"),
    "滞后": ("FFF0CC", "7A5300"),
    "严重滞后": ("F8D7D3", "8C1D18"),
    "无数据": ("ECEEF2", "4A5261"),
}


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
    for label, (fill, colour) in STATUS_STYLES.items():
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


@dataclass
class _Named:
    name: str


def frozen_round_status(snapshot: BulletinSnapshot) -> RoundStatus | None:
    """The round's status as stored in the snapshot, shaped for `ChaseListExporter`."""
    r = snapshot.get("reporting")
    if r is None:
        return None
    rows = []
    for u in r["units"]:
        missing = [Item(key="", label=label, state=None) for label in u["missing"]]
        progress = UnitProgress(
            unit=u["name"],
            items=missing
            + [Item(key="", label="", state="approved")] * (u["items"] - len(missing)),
            status=UnitStatus(u["status"]),
            completeness=u["completeness_ratio"],
            overdue=u["overdue"],
            missing=missing,
        )
        rows.append(UnitRow(unit=_Named(u["name"]), progress=progress))  # type: ignore[arg-type]
    return RoundStatus(None, rows, summarise([row.progress for row in rows]))  # type: ignore[arg-type]


class FrozenChaseList(ChaseListExporter):
    def __init__(self, snapshot: BulletinSnapshot) -> None:
        status = frozen_round_status(snapshot)
        super().__init__(status or RoundStatus(None, [], summarise([])))  # type: ignore[arg-type]
        _issuer(self, snapshot)

    status_column = None


# identifier → exporter class, for the download view and the bench.
EXPORTERS: dict[str, type[BaseExporter]] = {
    IndicatorTableExporter.identifier: IndicatorTableExporter,
    ScorecardExporter.identifier: ScorecardExporter,
    ChaseListExporter.identifier: FrozenChaseList,
}


def write_xlsx_with_status(exporter: BaseExporter, *, title: str = "") -> bytes:
    """`reporting.exporters.write_xlsx`; the status fill is the exporter's `style` hook."""
    return write_xlsx(exporter, title=title or str(exporter.verbose_name))
