"""The self-evaluation's indicator table (指标完成情况表) as an exporter: baseline, each year,
考核值, 完成值, met or not, the gaps, readiness, units and evidence count, from the report's
snapshot. Registered in `reporting.exporters.EXPORTERS` as ``acceptance.indicators``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.styles import PatternFill

from innocounty.acceptance.document import _met
from innocounty.reporting.exporters import BaseExporter

AT_RISK_FILL = PatternFill("solid", fgColor="F8D7D3")


class IndicatorTableExporter(BaseExporter):
    """Every indicator of the report, one row each; rows at risk are filled red."""

    identifier = "indicators"
    verbose_name = "指标完成情况"
    # The header is the sheet's first row, as the bundle's table has always been laid out.
    title_row = False
    widths = (6, 8, 12, 40, 10)
    frozen_columns = 4
    wrap = False

    def __init__(self, snapshot: dict[str, Any]) -> None:
        self.snapshot = snapshot

    def headers(self) -> Sequence[str]:
        years = self.snapshot["years"]
        base = self.snapshot["plan"]["base_year"]
        return [
            "序号",
            "代码",
            "一级指标",
            "二级指标",
            "计量单位",
            *[f"{y}年{'（基期）' if y == base else ''}" for y in years],
            "考核值",
            "完成值",
            "完成情况",
            "较考核值",
            "较完成值",
            "验收准备",
            "责任单位",
            "佐证材料数",
        ]

    def rows(self) -> Iterable[Sequence[Any]]:
        for n, i in enumerate(self.snapshot["indicators"], start=1):
            yield [
                n,
                i["code"],
                i["category"],
                i["name"],
                i["unit"],
                *i["values"],
                i["assessment"],
                i["expected"],
                _met(i),
                i["against_assessment"]["gap"],
                i["against_expected"]["gap"],
                i["readiness_label"],
                "、".join(i["units"]),
                len(i["evidence"]),
            ]

    def style(self, sheet: Any, first_row: int, last_row: int) -> None:
        for offset, i in enumerate(self.snapshot["indicators"]):
            if i["readiness"] == "at_risk":
                for cell in sheet[first_row + offset]:
                    cell.fill = AT_RISK_FILL
