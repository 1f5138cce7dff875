"""Composite innovation index (创新指数): per category and overall, per year, with its trend.

Each indicator's yearly value is normalised as its achievement against the final year's
assessment value (考核值), direction-aware (see `evaluation.achievement`), held within
0 … `cap` (default 1.2, i.e. 120 %). A category's index is the weighted mean of its indicators'
normalised values; the overall index the weighted mean of the categories'. Default weights are
equal within a category and equal between categories. Indices are percentages (100.0 means
every indicator at its assessment value), floats, unrounded.

Missing data: an indicator without a value for the year, or without an assessment value, or
with an undefined achievement (a value ≤ 0 for lower is better counts as the cap instead), is
left out and the weights of the others are renormalised; `coverage` says which share of the
weight had data. A category without any data is left out of the overall index the same way;
a year with no data at all has `overall` None.

The year's value is the annual value (a year falls back to Q4/December) and, for the base
year, the baseline (基期值).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from innocounty.core.evaluation import IndicatorSeries, achievement_exact

DEFAULT_CAP = Decimal("1.2")


@dataclass(frozen=True, slots=True)
class IndexWeights:
    """Weights of the index: per indicator code (default each series' `weight`, itself 1 by
    default) and per category (default 1); `cap` bounds each normalised value."""

    indicators: Mapping[str, Decimal] = field(default_factory=dict)
    categories: Mapping[str, Decimal] = field(default_factory=dict)
    cap: Decimal = DEFAULT_CAP


@dataclass(frozen=True, slots=True)
class IndexPoint:
    """The index for one year: `overall` and per-category values in percent (None without
    data), `coverage` the share of the total weight with data (0–1), `change` the difference
    in points from the previous point of the trend (None for the first)."""

    year: int
    overall: float | None
    categories: dict[str, float | None]
    coverage: float
    change: float | None = None


def normalised(
    value: Decimal | None, assessment: Decimal | None, direction: str, cap: Decimal
) -> float | None:
    """Achievement against the assessment value held within 0 … cap; None when undefined.

    Lower is better with a value ≤ 0 (and a positive assessment) counts as the cap.
    """
    if value is None or assessment is None or assessment <= 0:
        return None
    if direction == "lower" and value <= 0:
        return float(cap)
    ratio = achievement_exact(value, assessment, direction)
    if ratio is None:
        return None
    return float(min(max(ratio, Decimal(0)), cap))


def index_for_year(
    series: Sequence[IndicatorSeries],
    year: int,
    *,
    final_year: int,
    weights: IndexWeights | None = None,
    categories: Sequence[str] = (),
    annual_values: Mapping[str, Mapping[int, Decimal]] | None = None,
) -> IndexPoint:
    """The composite index for `year` (rules in the module docstring).

    `categories` fixes the order and set of categories reported (default: as first seen).
    `annual_values`, when the caller has them already, gives each series' values by year (by
    its code); a year it lacks has no value. Default: `IndicatorSeries.annual_value`.
    """
    (point,) = index_trend(
        series,
        [year],
        final_year=final_year,
        weights=weights,
        categories=categories,
        annual_values=annual_values,
    )
    return point


def index_trend(
    series: Sequence[IndicatorSeries],
    years: Sequence[int],
    *,
    final_year: int,
    weights: IndexWeights | None = None,
    categories: Sequence[str] = (),
    annual_values: Mapping[str, Mapping[int, Decimal]] | None = None,
) -> list[IndexPoint]:
    """The index for each of `years` in order, each with its change from the previous year
    (`annual_values` as in `index_for_year`)."""
    w = weights or IndexWeights()
    order = list(dict.fromkeys([*categories, *(s.category for s in series)]))
    # What does not change from year to year, once: weight, assessment value, direction.
    rows = [
        (
            s,
            s.category,
            float(w.indicators.get(s.code, s.weight)),
            s.target(final_year, "assessment"),
            None if annual_values is None else annual_values.get(s.code, {}),
        )
        for s in series
    ]
    category_weights = {c: float(w.categories.get(c, Decimal(1))) for c in order}
    points: list[IndexPoint] = []
    previous: float | None = None
    for year in years:
        point = _point(rows, year, order, category_weights, w.cap)
        change = None if previous is None or point.overall is None else point.overall - previous
        points.append(
            IndexPoint(point.year, point.overall, point.categories, point.coverage, change)
        )
        if point.overall is not None:
            previous = point.overall
    return points


def _point(
    rows: list[tuple[IndicatorSeries, str, float, Decimal | None, Mapping[int, Decimal] | None]],
    year: int,
    order: list[str],
    category_weights: Mapping[str, float],
    cap: Decimal,
) -> IndexPoint:
    """The index for `year` from `index_trend`'s rows."""
    sums: dict[str, list[float]] = {c: [0.0, 0.0, 0.0] for c in order}  # weighted, weight, all
    for s, category, weight, assessment, annual in rows:
        acc = sums[category]
        acc[2] += weight
        found = s.annual_value(year) if annual is None else annual.get(year)
        score = normalised(found, assessment, s.direction, cap)
        if score is not None:
            acc[0] += weight * score
            acc[1] += weight
    category_index: dict[str, float | None] = {}
    total = covered = weighted = cat_weight_with_data = 0.0
    for c in order:
        acc = sums[c]
        cw = category_weights[c]
        if acc[2] == 0:
            category_index[c] = None
            continue
        total += cw
        covered += cw * acc[1] / acc[2]
        if acc[1] == 0:
            category_index[c] = None
            continue
        value = acc[0] / acc[1] * 100
        category_index[c] = value
        weighted += cw * value
        cat_weight_with_data += cw
    overall = weighted / cat_weight_with_data if cat_weight_with_data else None
    coverage = covered / total if total else 0.0
    return IndexPoint(year, overall, category_index, coverage)
