"""The monitor pages' charts as Apache ECharts options.

Each `chart_*` function builds a plain dict (numbers as floats, rounded for display only)
with a text table for screen readers and print; templates emit them with `json_script` and
`monitor/charts.js` only draws. The bulletin draws its own charts as PNG with matplotlib
(`bulletins/charts.py`) from its stored snapshot, so no drawing code is shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from innocounty.core.engine import IndicatorResult, PlanEvaluation, annual_series
from innocounty.core.evaluation import STATUS_COLOURS
from innocounty.core.index import IndexPoint
from innocounty.core.periods import as_period
from innocounty.core.progress import expected_percent
from innocounty.core.scorecard import UnitScore
from innocounty.monitor.selectors import (
    STATUS_ORDER,
    status_counts,
    status_labels,
)


@dataclass
class Chart:
    """An ECharts option with what makes it accessible: a label and a table of its data."""

    id: str
    label: str
    option: dict[str, Any]
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    height: int = 320

    @property
    def data_id(self) -> str:
        """The id of the `json_script` element holding the option."""
        return f"{self.id}-data"


def _round(value: float | Decimal | None, places: int = 1) -> float | None:
    return None if value is None else round(float(value), places)


def _text(value: float | Decimal | None, places: int = 1) -> str:
    return "—" if value is None else f"{float(value):,.{places}f}"


def _base_option() -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 24, "top": 48, "bottom": 8, "containLabel": True},
        "legend": {"top": 0, "type": "scroll"},
    }


def chart_index_trend(evaluation: PlanEvaluation) -> Chart:
    """The overall innovation index and each category's, per year (percent of 考核值)."""
    years = [str(p.year) for p in evaluation.index]
    overall = _("综合创新指数")
    categories = list(evaluation.index[0].categories) if evaluation.index else []
    series: list[dict[str, Any]] = [
        {
            "name": overall,
            "type": "line",
            "data": [_round(p.overall) for p in evaluation.index],
            "lineStyle": {"width": 4},
            "symbolSize": 8,
            "z": 3,
            "markLine": {
                "silent": True,
                "symbol": "none",
                "lineStyle": {"type": "dashed", "color": "#5b6475"},
                "label": {"formatter": _("考核值水平 100"), "position": "insideEndTop"},
                "data": [{"yAxis": 100}],
            },
        }
    ]
    for name in categories:
        series.append(
            {
                "name": name,
                "type": "line",
                "data": [_round(p.categories.get(name)) for p in evaluation.index],
                "lineStyle": {"width": 1.5},
                "symbolSize": 4,
            }
        )
    option = _base_option()
    option.update(
        {
            "xAxis": {"type": "category", "data": years, "boundaryGap": False},
            "yAxis": {"type": "value", "name": "%", "scale": True},
            "series": series,
        }
    )
    rows = [
        [str(p.year), _text(p.overall), *[_text(p.categories.get(c)) for c in categories]]
        for p in evaluation.index
    ]
    return Chart(
        "chart-index",
        _("综合创新指数走势"),
        option,
        [_("年份"), overall, *categories],
        rows,
    )


def chart_categories(point: IndexPoint | None) -> Chart:
    """The five category indices of one year as bars."""
    items = list(point.categories.items()) if point else []
    option = _base_option()
    option["tooltip"] = {"trigger": "item"}
    option["grid"]["top"] = 16
    option.pop("legend")
    option.update(
        {
            "xAxis": {"type": "value", "name": "%"},
            "yAxis": {"type": "category", "data": [c for c, _v in items], "inverse": True},
            "series": [
                {
                    "type": "bar",
                    "name": _("分类指数"),
                    "data": [_round(v) for _c, v in items],
                    "itemStyle": {"color": "#174a8b"},
                    "label": {"show": True, "position": "right"},
                    "markLine": {
                        "silent": True,
                        "symbol": "none",
                        "lineStyle": {"type": "dashed", "color": "#5b6475"},
                        "data": [{"xAxis": 100}],
                    },
                }
            ],
        }
    )
    year = point.year if point else ""
    return Chart(
        "chart-categories",
        _("%(year)s年分类指数") % {"year": year},
        option,
        [_("一级指标"), _("指数")],
        [[c, _text(v)] for c, v in items],
        height=260,
    )


def chart_status(evaluation: PlanEvaluation) -> Chart:
    """Indicators by status as a ring."""
    labels = status_labels()
    counts = status_counts(evaluation)
    data = [
        {
            "name": labels[s],
            "value": counts[str(s)],
            "itemStyle": {"color": STATUS_COLOURS[s]},
        }
        for s in STATUS_ORDER
        if counts[str(s)]
    ]
    option = {
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0, "type": "scroll"},
        "series": [
            {
                "type": "pie",
                "name": _("指标状态"),
                "radius": ["38%", "62%"],
                "center": ["50%", "45%"],
                "label": {"formatter": "{b} {c}"},
                "labelLine": {"length": 8, "length2": 6},
                "data": data,
            }
        ],
    }
    return Chart(
        "chart-status",
        _("指标状态分布"),
        option,
        [_("状态"), _("指标数")],
        [[labels[s], str(counts[str(s)])] for s in STATUS_ORDER],
        height=260,
    )


def forecast_path(result: IndicatorResult, final_year: int) -> list[tuple[int, float]]:
    """The forecast path: the current value carried forward at the observed growth rate,
    year by year to the final year (empty when the method gives no growth rate)."""
    f = result.forecast
    if (
        f.observed_growth is None
        or f.current_year is None
        or f.current_value is None
        or f.current_year >= final_year
    ):
        return []
    current = float(f.current_value)
    return [
        (year, current * (1 + f.observed_growth) ** (year - f.current_year))
        for year in range(f.current_year, final_year + 1)
    ]


def complete_year(period: str) -> int:
    """The last year that has fully ended within `period` (as the engine counts)."""
    p = as_period(period)
    return p.year if p.is_year_end else p.year - 1


def chart_indicator(
    result: IndicatorResult, *, final_year: int, first_year: int, as_of: str
) -> Chart:
    """One indicator: its yearly values up to the as-of period's last complete year, yearly
    targets, the final year's assessment and expected values as lines, and the forecast path."""
    s = result.series
    places = s.decimals + 1 if s.decimals < 4 else s.decimals
    points = dict(annual_series(s, last_year=min(final_year, complete_year(as_of))))
    years = list(range(min([first_year, *points]) if points else first_year, final_year + 1))
    x = [str(y) for y in years]
    yearly = {y: v for (y, kind), v in s.targets.items() if kind == "target"}
    assessment = s.target(final_year, "assessment")
    expected = s.target(final_year, "expected")
    path = dict(forecast_path(result, final_year))
    actual_name, target_name = _("实际值"), _("年度目标")
    assessment_name = _("%(year)s年考核值") % {"year": final_year}
    expected_name = _("%(year)s年完成值") % {"year": final_year}
    path_name = _("按现增速预测")
    series: list[dict[str, Any]] = [
        {
            "name": actual_name,
            "type": "line",
            "data": [_round(points.get(y), places) for y in years],
            "lineStyle": {"width": 3},
            "symbolSize": 8,
            "itemStyle": {"color": "#174a8b"},
            "connectNulls": True,
            "z": 4,
        },
        {
            "name": target_name,
            "type": "line",
            "data": [_round(yearly.get(y), places) for y in years],
            "lineStyle": {"type": "dotted"},
            "symbol": "diamond",
            "symbolSize": 9,
            "itemStyle": {"color": "#7a5300"},
            "connectNulls": True,
        },
    ]
    if assessment is not None:
        series.append(_flat(assessment_name, assessment, years, places, "#b3261e"))
    if expected is not None:
        series.append(_flat(expected_name, expected, years, places, "#1e7b3c"))
    if path:
        series.append(
            {
                "name": path_name,
                "type": "line",
                "data": [_round(path.get(y), places) for y in years],
                "lineStyle": {"type": "dashed", "width": 2},
                "symbol": "emptyCircle",
                "itemStyle": {"color": "#6b4fa1"},
            }
        )
    option = _base_option()
    option.update(
        {
            "xAxis": {"type": "category", "data": x},
            "yAxis": {"type": "value", "name": s.unit, "scale": True},
            "series": series,
        }
    )
    head = [_("年份"), actual_name, target_name, assessment_name, expected_name, path_name]
    rows = [
        [
            str(y),
            _text(points.get(y), places),
            _text(yearly.get(y), places),
            _text(assessment, places) if y == final_year else "",
            _text(expected, places) if y == final_year else "",
            _text(path.get(y), places) if y in path else "",
        ]
        for y in years
    ]
    return Chart("chart-indicator", _("%(name)s走势与目标") % {"name": s.name}, option, head, rows)


def _flat(name: str, value: Decimal, years: list[int], places: int, colour: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "line",
        "data": [_round(value, places)] * len(years),
        "symbol": "none",
        "lineStyle": {"type": "dashed", "width": 1.5},
        "itemStyle": {"color": colour},
    }


def chart_ranking(cards: list[UnitScore]) -> Chart:
    """Units' scores (out of 100), best first, as horizontal bars."""
    scored = [c for c in cards if c.score is not None]
    option = _base_option()
    option.pop("legend")
    option["grid"]["top"] = 16
    option["tooltip"] = {"trigger": "item"}
    option.update(
        {
            "xAxis": {"type": "value", "max": 100},
            "yAxis": {
                "type": "category",
                "data": [c.unit for c in scored],
                "inverse": True,
                "axisLabel": {"width": 150, "overflow": "truncate"},
            },
            "series": [
                {
                    "type": "bar",
                    "name": _("得分"),
                    "data": [_round(c.score) for c in scored],
                    "itemStyle": {"color": "#174a8b"},
                    "label": {"show": True, "position": "right"},
                }
            ],
        }
    )
    return Chart(
        "chart-ranking",
        _("成员单位考核得分"),
        option,
        [_("排名"), _("单位"), _("得分")],
        [[str(c.rank), c.unit, _text(c.score)] for c in scored],
        height=max(260, 24 * len(scored) + 40),
    )


def chart_unit_parts(card: UnitScore) -> Chart:
    """A unit's three score parts (indicators, tasks, timeliness) and its total."""
    names = [_("指标"), _("任务"), _("报送及时"), _("总分")]
    values = [card.indicator_score, card.task_score, card.timeliness_score, card.score]
    option = _base_option()
    option.pop("legend")
    option["grid"]["top"] = 16
    option["tooltip"] = {"trigger": "item"}
    option.update(
        {
            "xAxis": {"type": "category", "data": names},
            "yAxis": {"type": "value", "max": 100},
            "series": [
                {
                    "type": "bar",
                    "name": _("得分"),
                    "data": [_round(v) for v in values],
                    "itemStyle": {"color": "#174a8b"},
                    "label": {"show": True, "position": "top"},
                }
            ],
        }
    )
    return Chart(
        "chart-unit",
        _("%(unit)s得分构成") % {"unit": card.unit},
        option,
        [_("部分"), _("得分")],
        [[n, _text(v)] for n, v in zip(names, values, strict=True)],
        height=260,
    )


def chart_task_progress(
    reports: list[tuple[str, Decimal | None]], *, start_year: int, end_year: int
) -> Chart:
    """A task's reported percentage per period against the share of the plan elapsed."""
    periods = [p for p, _v in reports]
    expected = [
        _round(expected_percent(p, start_year=start_year, end_year=end_year)) for p in periods
    ]
    reported_name, expected_name = _("完成进度"), _("序时进度")
    option = _base_option()
    option.update(
        {
            "xAxis": {"type": "category", "data": periods},
            "yAxis": {"type": "value", "max": 100, "name": "%"},
            "series": [
                {
                    "name": reported_name,
                    "type": "line",
                    "data": [_round(v) for _p, v in reports],
                    "lineStyle": {"width": 3},
                    "symbolSize": 8,
                    "itemStyle": {"color": "#174a8b"},
                },
                {
                    "name": expected_name,
                    "type": "line",
                    "data": expected,
                    "lineStyle": {"type": "dashed"},
                    "itemStyle": {"color": "#5b6475"},
                },
            ],
        }
    )
    return Chart(
        "chart-task",
        _("任务完成进度"),
        option,
        [_("报告期"), reported_name, expected_name],
        [[p, _text(v), _text(e)] for (p, v), e in zip(reports, expected, strict=True)],
        height=260,
    )


def cockpit_charts(evaluation: PlanEvaluation, point: IndexPoint | None) -> dict[str, Chart]:
    """The cockpit's charts by name: the index trend, the latest categories, the statuses."""
    return {
        "index": chart_index_trend(evaluation),
        "categories": chart_categories(point),
        "status": chart_status(evaluation),
    }
