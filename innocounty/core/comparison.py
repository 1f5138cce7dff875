"""Scoring counties side by side on a set of indicators for one year, by a selectable method.

A method turns each county's value of an indicator into an indicator score; the scores are
combined by the expert weights into a county's score, and the counties ranked on it.

Methods (`METHODS`; x is the county's value of the year, d the indicator score):

- ``own_targets`` — achievement against the county's own targets, as the composite index
  (`innocounty.core.index`): d = x / target × 100 (lower is better: target / x × 100), held
  within 0 … cap × 100 (cap 1.2 by default); lower is better with x ≤ 0 counts as the cap.
  The target is the county's target for `Method.target_year` (default the scored year).
- ``standard`` — ratio to a standard value (标准值) capped at 100, as the national 科技进步统计
  监测 does (科学技术部《全国科技进步统计监测报告》, 监测方法: d = x / 标准值 × 100, d ≤ 100;
  for a lower-is-better indicator d = 标准值 / x × 100). Here d is also held at ≥ 0, and lower
  is better with x ≤ 0 scores 100.
- ``chained`` — a base-year chained index, as the national 中国创新指数 (国家统计局社科文司
  《中国创新指数研究》, 测算方法: 基年 = 100, 逐年环比链接): each indicator's growth ratio
  year on year r = x_t / x_{t−1} (lower is better: x_{t−1} / x_t); a year's link is the weighted
  mean of the ratios (within each category, then between categories); the index of year t is
  the index of year t − 1 times the link, from 100 in the base year. An indicator's own score is
  its chained index 100 × Π r. A ratio needs both years' values > 0; an indicator without it is
  left out of that year's link (weights renormalised), and `coverage` is the weakest link's.
- ``efficacy`` — the efficacy coefficient method (功效系数法): d = 60 + (x − 不允许值) /
  (满意值 − 不允许值) × 40, held within 60 … 100. Lower is better needs no other formula: its
  satisfactory value is below its unacceptable one, and the same fraction runs the right way.

Aggregation (every method but ``chained``, whose links are aggregated the same way): a
category's score is the weighted mean of its indicators' scores, a county's the weighted mean
of its categories' (`Method.weights` per indicator, `Method.category_weights` per category,
1 by default). An indicator without a score for a county (no value, no target or standard,
undefined ratio) is left out and the others' weights renormalised; `coverage` is the share of
the total weight that had data. A county without any data has score and rank None.

Exactness: values come in as Decimal and are computed with `fractions.Fraction`, so nothing
is rounded before counties are compared; ties (equal exact scores) share a rank (1, 2, 2, 4).
Floats come out only in the results.

Robustness: `entropy_weights` gives each indicator the entropy weight (熵权法) of the matrix of
indicator scores: p_ij = d_ij / Σ_i d_ij over the n counties with a score, e_j = −(1 / ln n) ·
Σ_i p_ij ln p_ij (0 · ln 0 = 0), w_j = (1 − e_j) / Σ_k (1 − e_k); an indicator with fewer than
two counties, or all zero, carries no information (w = 0); when none does, every weight is
equal. `robustness` ranks the counties under the expert weights, under equal weights (every
indicator the same weight) and under the entropy weights, and reports the largest move.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from innocounty.core.index import DEFAULT_CAP
from innocounty.core.messages import N_

OWN_TARGETS = "own_targets"
STANDARD = "standard"
CHAINED = "chained"
EFFICACY = "efficacy"

HUNDRED = Fraction(100)


@dataclass(frozen=True, slots=True)
class CountyFigures:
    """One county's figures: `values` and `targets` map an indicator code to {year: value};
    `directions` a code to "higher" or "lower" (default higher); `categories` a code to its
    category (一级指标; default "")."""

    key: str
    name: str
    values: Mapping[str, Mapping[int, Decimal]] = field(default_factory=dict)
    targets: Mapping[str, Mapping[int, Decimal]] = field(default_factory=dict)
    directions: Mapping[str, str] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Method:
    """A scoring method with its parameters, for the scored `year`.

    `indicators` fixes the indicator codes scored (default every code in any county's
    values, sorted). `weights` per indicator and `category_weights` per category default to 1.
    `standards` (``standard``), `satisfactory` and `unacceptable` (``efficacy``) map a code to
    its value; an indicator without one has no score. `base_year` (``chained``, default the
    year before `year`), `target_year` (``own_targets``, default `year`) and `cap`
    (``own_targets``) complete it.
    """

    kind: str
    year: int
    indicators: Sequence[str] = ()
    weights: Mapping[str, Decimal] = field(default_factory=dict)
    category_weights: Mapping[str, Decimal] = field(default_factory=dict)
    standards: Mapping[str, Decimal] = field(default_factory=dict)
    satisfactory: Mapping[str, Decimal] = field(default_factory=dict)
    unacceptable: Mapping[str, Decimal] = field(default_factory=dict)
    base_year: int | None = None
    target_year: int | None = None
    cap: Decimal = DEFAULT_CAP


@dataclass(frozen=True, slots=True)
class CountyScore:
    """A county's result: `score` (None without data), `rank` (1 is best; ties share a rank;
    None without a score), the indicator and category scores, and `coverage` (0–1)."""

    key: str
    name: str
    score: float | None
    rank: int | None
    indicators: dict[str, float | None]
    categories: dict[str, float | None]
    coverage: float


@dataclass(frozen=True, slots=True)
class RankMove:
    """A county's rank under the expert, equal and entropy weights, and the largest distance
    between its expert rank and the other two (0 when every rank is the same or missing)."""

    key: str
    name: str
    expert: int | None
    equal: int | None
    entropy: int | None
    largest_move: int


# --- indicator scores, one function per method -------------------------------------------

IndicatorScore = Callable[[CountyFigures, str, Method], Fraction | None]


def _direction(county: CountyFigures, code: str) -> str:
    return county.directions.get(code, "higher")


def _value(county: CountyFigures, code: str, year: int) -> Fraction | None:
    value = county.values.get(code, {}).get(year)
    return None if value is None else Fraction(value)


def _clamp(value: Fraction, low: Fraction, high: Fraction) -> Fraction:
    return min(max(value, low), high)


def _ratio_score(x: Fraction, reference: Fraction, direction: str, cap: Fraction) -> Fraction:
    """x against a positive reference × 100, direction-aware, held within 0 … cap."""
    if direction == "lower":
        if x <= 0:
            return cap
        return _clamp(reference / x * HUNDRED, Fraction(0), cap)
    return _clamp(x / reference * HUNDRED, Fraction(0), cap)


def own_target_score(county: CountyFigures, code: str, method: Method) -> Fraction | None:
    """Achievement against the county's own target in percent, held within 0 … cap × 100."""
    x = _value(county, code, method.year)
    target = county.targets.get(code, {}).get(method.target_year or method.year)
    if x is None or target is None or target <= 0:
        return None
    return _ratio_score(x, Fraction(target), _direction(county, code), Fraction(method.cap) * 100)


def standard_score(county: CountyFigures, code: str, method: Method) -> Fraction | None:
    """The ratio to the standard value × 100, held within 0 … 100."""
    x = _value(county, code, method.year)
    standard = method.standards.get(code)
    if x is None or standard is None or standard <= 0:
        return None
    return _ratio_score(x, Fraction(standard), _direction(county, code), HUNDRED)


def efficacy_score(county: CountyFigures, code: str, method: Method) -> Fraction | None:
    """60 + (x − unacceptable) / (satisfactory − unacceptable) × 40, held within 60 … 100."""
    x = _value(county, code, method.year)
    good = method.satisfactory.get(code)
    bad = method.unacceptable.get(code)
    if x is None or good is None or bad is None or good == bad:
        return None
    fraction = (x - Fraction(bad)) / (Fraction(good) - Fraction(bad))
    return _clamp(60 + fraction * 40, Fraction(60), HUNDRED)


def growth_ratio(county: CountyFigures, code: str, year: int) -> Fraction | None:
    """The indicator's ratio of `year` to the year before, direction-aware; None unless both
    values are > 0."""
    now, before = _value(county, code, year), _value(county, code, year - 1)
    if now is None or before is None or now <= 0 or before <= 0:
        return None
    return before / now if _direction(county, code) == "lower" else now / before


def _base_year(method: Method) -> int:
    base = method.year - 1 if method.base_year is None else method.base_year
    if base > method.year:
        raise ValueError(f"base year {base} is after the scored year {method.year}")
    return base


def chained_score(county: CountyFigures, code: str, method: Method) -> Fraction | None:
    """The indicator's own chained index: 100 in the base year × each year's growth ratio."""
    base = _base_year(method)
    if _value(county, code, base) is None:
        return None
    index = HUNDRED
    for year in range(base + 1, method.year + 1):
        ratio = growth_ratio(county, code, year)
        if ratio is None:
            return None
        index *= ratio
    return index


METHODS: dict[str, tuple[str, IndicatorScore]] = {
    OWN_TARGETS: (N_("对照自身目标"), own_target_score),
    STANDARD: (N_("标准值比值法"), standard_score),
    CHAINED: (N_("基期链式指数"), chained_score),
    EFFICACY: (N_("功效系数法"), efficacy_score),
}


# --- aggregation -------------------------------------------------------------------------


def indicator_codes(counties: Sequence[CountyFigures], method: Method) -> list[str]:
    """The codes scored: `method.indicators`, else every code in any county's values, sorted."""
    if method.indicators:
        return list(method.indicators)
    return sorted({code for county in counties for code in county.values})


def _weight(weights: Mapping[str, Decimal], key: str) -> Fraction:
    weight = Fraction(weights.get(key, Decimal(1)))
    if weight < 0:
        raise ValueError(f"negative weight for {key}")
    return weight


def _aggregate(
    scores: Mapping[str, Fraction | None], county: CountyFigures, method: Method
) -> tuple[Fraction | None, dict[str, Fraction | None], Fraction]:
    """(overall, per category, coverage): weighted means within and between categories, the
    weights of the missing renormalised."""
    sums: dict[str, list[Fraction]] = {}  # weighted sum, weight with data, all weight
    for code, score in scores.items():
        acc = sums.setdefault(county.categories.get(code, ""), [Fraction(0)] * 3)
        weight = _weight(method.weights, code)
        acc[2] += weight
        if score is not None:
            acc[0] += weight * score
            acc[1] += weight
    categories: dict[str, Fraction | None] = {}
    total = covered = weighted = with_data = Fraction(0)
    for category, (wsum, wdata, wall) in sums.items():
        cw = _weight(method.category_weights, category)
        categories[category] = wsum / wdata if wdata else None
        if wall == 0:
            continue
        total += cw
        covered += cw * wdata / wall
        if wdata:
            weighted += cw * wsum / wdata
            with_data += cw
    overall = weighted / with_data if with_data else None
    return overall, categories, (covered / total if total else Fraction(0))


@dataclass(frozen=True, slots=True)
class _Exact:
    county: CountyFigures
    overall: Fraction | None
    indicators: dict[str, Fraction | None]
    categories: dict[str, Fraction | None]
    coverage: Fraction


def _chained_overall(
    county: CountyFigures, codes: Sequence[str], method: Method
) -> tuple[Fraction | None, dict[str, Fraction | None], Fraction]:
    """The chained index of the county and of each category, and the weakest link's coverage."""
    base = _base_year(method)
    present = {c: _value(county, c, base) is not None for c in codes}
    overall: Fraction | None = HUNDRED
    _, cats, coverage = _aggregate(
        {c: Fraction(1) if present[c] else None for c in codes}, county, method
    )
    categories: dict[str, Fraction | None] = {
        c: (HUNDRED if v is not None else None) for c, v in cats.items()
    }
    if not any(present.values()):
        overall = None
    for year in range(base + 1, method.year + 1):
        link, cat_links, link_coverage = _aggregate(
            {c: growth_ratio(county, c, year) for c in codes}, county, method
        )
        coverage = min(coverage, link_coverage)
        overall = None if overall is None or link is None else overall * link
        for c, ratio in cat_links.items():
            current = categories.get(c)
            categories[c] = None if current is None or ratio is None else current * ratio
    return overall, categories, coverage


def _score_exact(counties: Sequence[CountyFigures], method: Method) -> list[_Exact]:
    if method.kind not in METHODS:
        raise ValueError(f"unknown scoring method {method.kind!r}")
    indicator_score = METHODS[method.kind][1]
    codes = indicator_codes(counties, method)
    results = []
    for county in counties:
        scores = {code: indicator_score(county, code, method) for code in codes}
        if method.kind == CHAINED:
            overall, categories, coverage = _chained_overall(county, codes, method)
        else:
            overall, categories, coverage = _aggregate(scores, county, method)
        results.append(_Exact(county, overall, scores, categories, coverage))
    return results


def ranks(scores: Sequence[Fraction | None]) -> list[int | None]:
    """Competition ranks (1 is best; equal scores share a rank, the next rank skips: 1, 2, 2,
    4); None for a missing score."""
    present = sorted((s for s in scores if s is not None), reverse=True)
    first: dict[Fraction, int] = {}
    for position, s in enumerate(present, start=1):
        first.setdefault(s, position)
    return [None if s is None else first[s] for s in scores]


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def score(counties: Sequence[CountyFigures], method: Method) -> list[CountyScore]:
    """Score and rank `counties` by `method`, in the order given (rules in the module
    docstring). Raises ValueError for an unknown method, a negative weight or a base year
    after the scored year."""
    exact = _score_exact(counties, method)
    county_ranks = ranks([e.overall for e in exact])
    return [
        CountyScore(
            key=e.county.key,
            name=e.county.name,
            score=_float(e.overall),
            rank=rank,
            indicators={c: _float(v) for c, v in e.indicators.items()},
            categories={c: _float(v) for c, v in e.categories.items()},
            coverage=float(e.coverage),
        )
        for e, rank in zip(exact, county_ranks, strict=True)
    ]


def entropy_weights(counties: Sequence[CountyFigures], method: Method) -> dict[str, float]:
    """The entropy weight of each indicator on the matrix of `method`'s indicator scores
    (formula in the module docstring); the weights sum to 1."""
    exact = _score_exact(counties, method)
    codes = indicator_codes(counties, method)
    divergence: dict[str, float] = {}
    for code in codes:
        column = [e.indicators[code] for e in exact]
        present = [v for v in column if v is not None]
        total = sum(present, Fraction(0))
        if len(present) < 2 or total <= 0:
            divergence[code] = 0.0
            continue
        entropy = 0.0
        for v in present:
            p = float(v / total)
            if p > 0:
                entropy -= p * math.log(p)
        # A column of equal scores has entropy ln n exactly; max() keeps rounding from
        # making its divergence a tiny negative number.
        divergence[code] = max(0.0, 1 - entropy / math.log(len(present)))
    total_divergence = math.fsum(divergence.values())
    if total_divergence <= 0:
        return {code: 1 / len(codes) for code in codes} if codes else {}
    return {code: d / total_divergence for code, d in divergence.items()}


def _flat(
    method: Method, weights: Mapping[str, Decimal], counties: Sequence[CountyFigures]
) -> Method:
    """`method` with one weight per indicator and no separate category weights: each category
    weighs the sum of its indicators' weights, so the two-level mean is the flat one."""
    category_weights: dict[str, Decimal] = {}
    for code in indicator_codes(counties, method):
        category = next((c.categories[code] for c in counties if code in c.categories), "")
        category_weights[category] = category_weights.get(category, Decimal(0)) + weights[code]
    return replace(method, weights=dict(weights), category_weights=category_weights)


def robustness(counties: Sequence[CountyFigures], method: Method) -> list[RankMove]:
    """Each county's rank under the expert weights (`method` as given), under equal weights
    and under entropy weights, with the largest move from the expert rank; in input order."""
    codes = indicator_codes(counties, method)
    equal = _flat(method, {c: Decimal(1) for c in codes}, counties)
    entropy = _flat(
        method, {c: Decimal(w) for c, w in entropy_weights(counties, method).items()}, counties
    )
    expert_ranks, equal_ranks, entropy_ranks = (
        ranks([e.overall for e in _score_exact(counties, m)]) for m in (method, equal, entropy)
    )
    moves = []
    for county, ex, eq, en in zip(counties, expert_ranks, equal_ranks, entropy_ranks, strict=True):
        distances = [abs(ex - other) for other in (eq, en) if ex is not None and other is not None]
        moves.append(RankMove(county.key, county.name, ex, eq, en, max(distances, default=0)))
    return moves
