"""The province comparison as a spreadsheet: one row per county, ranked, with each national
indicator's value, target, achievement and status (the page's columns, the same filters and
method; under a scoring method, the ranks under equal and entropy weights come last)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innocounty.core.comparison import METHODS
from innocounty.monitor.selectors import status_labels
from innocounty.province.selectors import Comparison
from innocounty.reporting.exporters import BaseExporter

FIXED = 10  # columns before the indicators'


class ComparisonExporter(BaseExporter):
    identifier = "comparison"
    verbose_name = gettext_lazy("创新型县（市）比较")
    frozen_columns = 2

    def __init__(self, comparison: Comparison, *, office: str = "", date: str = "") -> None:
        self.comparison = comparison
        self.office = office
        self.date = date
        n = len(comparison.entries)
        self.number_columns = (
            1,
            2,
            5,
            6,
            7,
            8,
            9,
            10,
            *(FIXED + 4 * i + j for i in range(n) for j in (1, 2, 3)),
            *((FIXED + 4 * n + 1, FIXED + 4 * n + 2) if comparison.robust else ()),
        )

    def headers(self) -> Sequence[str]:
        c = self.comparison
        head = [
            _("排名"),
            _("组内排名"),
            _("县（市、区）"),
            _("所属市（州）"),
            (
                _("评价得分（%(method)s，%(year)s年）")
                % {"method": _(METHODS[c.method.code][0]), "year": c.index_year}
                if c.robust
                else _("综合指数（%(year)s年）") % {"year": c.index_year}
            ),
            _("数据覆盖率"),
            _("填报完整率"),
            _("填报及时率"),
            _("未办结督办事项"),
            _("逾期督办事项"),
        ]
        for e in c.entries:
            head += [
                f"{e.code} {_('实际值')}",
                f"{e.code} {_('目标值')}",
                f"{e.code} {_('完成率')}",
                f"{e.code} {_('状态')}",
            ]
        if c.robust:
            head += [_("等权重排名"), _("熵权重排名")]
        return head

    def rows(self) -> Iterable[Sequence[Any]]:
        labels = status_labels()
        for row in self.comparison.page_rows:
            reporting = row.reporting
            cells: list[Any] = [
                row.rank,
                row.group_rank,
                row.county.name,
                row.county.city,
                None if row.index is None else round(row.index, 1),
                round(row.coverage, 3),
                None if reporting is None else reporting.completeness,
                None if reporting is None else reporting.timeliness,
                row.items_open,
                row.items_overdue,
            ]
            for e in self.comparison.entries:
                cell = row.cells.get(e.code)
                if cell is None:
                    cells += [None, None, None, ""]
                    continue
                cells += [
                    cell.value,
                    cell.target,
                    None if cell.achievement is None else round(cell.achievement, 4),
                    labels[cell.status],
                ]
            if self.comparison.robust:
                cells += [row.equal_rank, row.entropy_rank]
            yield cells

    def style(self, sheet: Any, first_row: int, last_row: int) -> None:
        percent = [6, 7, 8, *(FIXED + 4 * i + 3 for i in range(len(self.comparison.entries)))]
        for column in percent:
            for (cell,) in sheet.iter_rows(
                min_row=first_row, max_row=last_row, min_col=column, max_col=column
            ):
                cell.number_format = "0.0%"
