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

Exactness: values come in as Decimal and are computed in Decimal with 50 significant digits;
counties whose scores come that close to each other are scored again exactly, with
`fractions.Fraction`, before they are ranked, so nothing is rounded before counties are
compared and ties (equal exact scores) share a rank (1, 2, 2, 4). Floats come out only in the
results.

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
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Generic, Protocol, TypeVar

from innocounty.core.index import DEFAULT_CAP
from innocounty.core.messages import N_

OWN_TARGETS = "own_targets"
STANDARD = "standard"
CHAINED = "chained"
EFFICACY = "efficacy"

# Decimal's working precision; scores closer than `NEAR_TIE` (relative) are recomputed exactly.
PRECISION = 50
NEAR_TIE = Decimal("1e-40")

# The number type a computation runs in: Decimal (fast) or Fraction (exact).
N = TypeVar("N", Decimal, Fraction)


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


class IndicatorScore(Protocol):
    """An indicator's score for a county under a method, in the number type `num` makes."""

    def __call__(
        self, county: CountyFigures, code: str, method: Method, num: Callable[[Decimal], N]
    ) -> N | None: ...


def _direction(county: CountyFigures, code: str) -> str:
    return county.directions.get(code, "higher")


def _value(county: CountyFigures, code: str, year: int, num: Callable[[Decimal], N]) -> N | None:
    value = county.values.get(code, {}).get(year)
    return None if value is None else num(value)


def _clamp(value: N, low: N, high: N) -> N:
    return min(max(value, low), high)


def _ratio_score(x: N, reference: N, direction: str, cap: N) -> N:
    """x against a positive reference × 100, direction-aware, held within 0 … cap."""
    if direction == "lower":
        if x <= 0:
            return cap
        return _clamp(reference / x * 100, cap * 0, cap)
    return _clamp(x / reference * 100, cap * 0, cap)


def own_target_score(
    county: CountyFigures, code: str, method: Method, num: Callable[[Decimal], N]
) -> N | None:
    """Achievement against the county's own target in percent, held within 0 … cap × 100."""
    x = _value(county, code, method.year, num)
    target = county.targets.get(code, {}).get(method.target_year or method.year)
    if x is None or target is None or target <= 0:
        return None
    return _ratio_score(x, num(target), _direction(county, code), num(method.cap) * 100)


def standard_score(
    county: CountyFigures, code: str, method: Method, num: Callable[[Decimal], N]
) -> N | None:
    """The ratio to the standard value × 100, held within 0 … 100."""
    x = _value(county, code, method.year, num)
    standard = method.standards.get(code)
    if x is None or standard is None or standard <= 0:
        return None
    return _ratio_score(x, num(standard), _direction(county, code), num(Decimal(100)))


def efficacy_score(
    county: CountyFigures, code: str, method: Method, num: Callable[[Decimal], N]
) -> N | None:
    """60 + (x − unacceptable) / (satisfactory − unacceptable) × 40, held within 60 … 100."""
    x = _value(county, code, method.year, num)
    good = method.satisfactory.get(code)
    bad = method.unacceptable.get(code)
    if x is None or good is None or bad is None or good == bad:
        return None
    fraction = (x - num(bad)) / (num(good) - num(bad))
    return _clamp(60 + fraction * 40, num(Decimal(60)), num(Decimal(100)))


def growth_ratio(
    county: CountyFigures, code: str, year: int, num: Callable[[Decimal], N]
) -> N | None:
    """The indicator's ratio of `year` to the year before, direction-aware; None unless both
    values are > 0."""
    now, before = _value(county, code, year, num), _value(county, code, year - 1, num)
    if now is None or before is None or now <= 0 or before <= 0:
        return None
    return before / now if _direction(county, code) == "lower" else now / before


def _base_year(method: Method) -> int:
    base = method.year - 1 if method.base_year is None else method.base_year
    if base > method.year:
        raise ValueError(f"base year {base} is after the scored year {method.year}")
    return base


def chained_score(
    county: CountyFigures, code: str, method: Method, num: Callable[[Decimal], N]
) -> N | None:
    """The indicator's own chained index: 100 in the base year × each year's growth ratio."""
    base = _base_year(method)
    if _value(county, code, base, num) is None:
        return None
    index = num(Decimal(100))
    for year in range(base + 1, method.year + 1):
        ratio = growth_ratio(county, code, year, num)
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


def _weights(weights: Mapping[str, Decimal], keys: Sequence[str]) -> dict[str, Decimal]:
    found = {key: weights.get(key, Decimal(1)) for key in keys}
    for key, weight in found.items():
        if weight < 0:
            raise ValueError(f"negative weight for {key}")
    return found


@dataclass(frozen=True, slots=True)
class _Plan(Generic[N]):
    """A method made ready for one number type: the codes, their categories' and weights."""

    method: Method
    codes: list[str]
    num: Callable[[Decimal], N]
    weights: dict[str, N]
    category_weights: dict[str, N]
    zero: N


def _prepare(
    counties: Sequence[CountyFigures], method: Method, num: Callable[[Decimal], N]
) -> _Plan[N]:
    if method.kind not in METHODS:
        raise ValueError(f"unknown scoring method {method.kind!r}")
    codes = indicator_codes(counties, method)
    categories = sorted(
        {c.categories.get(code, "") for c in counties for code in codes}
        | set(method.category_weights)
    )
    return _Plan(
        method=method,
        codes=codes,
        num=num,
        weights={k: num(w) for k, w in _weights(method.weights, codes).items()},
        category_weights={
            k: num(w) for k, w in _weights(method.category_weights, categories).items()
        },
        zero=num(Decimal(0)),
    )


def _aggregate(
    plan: _Plan[N], scores: Mapping[str, N | None], county: CountyFigures
) -> tuple[N | None, dict[str, N | None], N]:
    """(overall, per category, coverage): weighted means within and between categories, the
    weights of the missing renormalised."""
    zero = plan.zero
    sums: dict[str, list[N]] = {}  # weighted sum, weight with data, all weight
    for code, score in scores.items():
        acc = sums.setdefault(county.categories.get(code, ""), [zero, zero, zero])
        weight = plan.weights[code]
        acc[2] += weight
        if score is not None:
            acc[0] += weight * score
            acc[1] += weight
    categories: dict[str, N | None] = {}
    total = covered = weighted = with_data = zero
    for category, (wsum, wdata, wall) in sums.items():
        cw = plan.category_weights.get(category, plan.num(Decimal(1)))
        categories[category] = wsum / wdata if wdata else None
        if wall == 0:
            continue
        total += cw
        covered += cw * wdata / wall
        if wdata:
            weighted += cw * wsum / wdata
            with_data += cw
    overall = weighted / with_data if with_data else None
    return overall, categories, (covered / total if total else zero)


@dataclass(frozen=True, slots=True)
class _Result(Generic[N]):
    county: CountyFigures
    overall: N | None
    indicators: dict[str, N | None]
    categories: dict[str, N | None]
    coverage: N


def _chained_overall(
    plan: _Plan[N], county: CountyFigures
) -> tuple[N | None, dict[str, N | None], N]:
    """The chained index of the county and of each category, and the weakest link's coverage."""
    method, num = plan.method, plan.num
    base = _base_year(method)
    hundred = num(Decimal(100))
    one = num(Decimal(1))
    present = {c: _value(county, c, base, num) is not None for c in plan.codes}
    _, in_base, coverage = _aggregate(
        plan, {c: one if present[c] else None for c in plan.codes}, county
    )
    overall: N | None = hundred if any(present.values()) else None
    categories: dict[str, N | None] = {
        c: (hundred if v is not None else None) for c, v in in_base.items()
    }
    for year in range(base + 1, method.year + 1):
        link, links, link_coverage = _aggregate(
            plan, {c: growth_ratio(county, c, year, num) for c in plan.codes}, county
        )
        coverage = min(coverage, link_coverage)
        overall = None if overall is None or link is None else overall * link
        for c, ratio in links.items():
            current = categories.get(c)
            categories[c] = None if current is None or ratio is None else current * ratio
    return overall, categories, coverage


def _score_one(plan: _Plan[N], county: CountyFigures) -> _Result[N]:
    indicator_score = METHODS[plan.method.kind][1]
    scores = {code: indicator_score(county, code, plan.method, plan.num) for code in plan.codes}
    if plan.method.kind == CHAINED:
        overall, categories, coverage = _chained_overall(plan, county)
    else:
        overall, categories, coverage = _aggregate(plan, scores, county)
    return _Result(county, overall, scores, categories, coverage)


def _score_all(counties: Sequence[CountyFigures], method: Method) -> list[_Result[Decimal]]:
    with localcontext() as context:
        context.prec = PRECISION
        plan = _prepare(counties, method, Decimal)
        return [_score_one(plan, county) for county in counties]


def ranks(scores: Sequence[N | None]) -> list[int | None]:
    """Competition ranks (1 is best; equal scores share a rank, the next rank skips: 1, 2, 2,
    4); None for a missing score."""
    present = sorted((s for s in scores if s is not None), reverse=True)
    first: dict[N, int] = {}
    for position, s in enumerate(present, start=1):
        first.setdefault(s, position)
    return [None if s is None else first[s] for s in scores]


def _near(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= NEAR_TIE * max(abs(a), abs(b), Decimal(1))


def _ranks_exact(
    results: Sequence[_Result[Decimal]], counties: Sequence[CountyFigures], method: Method
) -> list[int | None]:
    """Competition ranks of `results`; a run of scores within `NEAR_TIE` of each other (which
    Decimal's rounding could misorder or split) is ranked on exact Fraction scores."""
    present = sorted(
        ((r.overall, i) for i, r in enumerate(results) if r.overall is not None), reverse=True
    )
    order = [i for _, i in present]
    found: list[int | None] = [None] * len(results)
    exact_plan: _Plan[Fraction] | None = None
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(present) and _near(present[end - 1][0], present[end][0]):
            end += 1
        run = order[start:end]
        if len(run) == 1:
            found[run[0]] = start + 1
        else:
            exact_plan = exact_plan or _prepare(counties, method, Fraction)
            exact = [_score_one(exact_plan, counties[i]).overall for i in run]
            for i, rank in zip(run, ranks(exact), strict=True):
                found[i] = None if rank is None else start + rank
        start = end
    return found


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def score(counties: Sequence[CountyFigures], method: Method) -> list[CountyScore]:
    """Score and rank `counties` by `method`, in the order given (rules in the module
    docstring). Raises ValueError for an unknown method, a negative weight or a base year
    after the scored year."""
    results = _score_all(counties, method)
    return _scores(results, _ranks_exact(results, counties, method))


def _scores(
    results: Sequence[_Result[Decimal]], county_ranks: Sequence[int | None]
) -> list[CountyScore]:
    return [
        CountyScore(
            key=r.county.key,
            name=r.county.name,
            score=_float(r.overall),
            rank=rank,
            indicators={c: _float(v) for c, v in r.indicators.items()},
            categories={c: _float(v) for c, v in r.categories.items()},
            coverage=float(r.coverage),
        )
        for r, rank in zip(results, county_ranks, strict=True)
    ]


def entropy_weights(counties: Sequence[CountyFigures], method: Method) -> dict[str, float]:
    """The entropy weight of each indicator on the matrix of `method`'s indicator scores
    (formula in the module docstring); the weights sum to 1."""
    return _entropy_weights(counties, method, _score_all(counties, method))


def _entropy_weights(
    counties: Sequence[CountyFigures], method: Method, results: Sequence[_Result[Decimal]]
) -> dict[str, float]:
    codes = indicator_codes(counties, method)
    divergence: dict[str, float] = {}
    for code in codes:
        present = [r.indicators[code] for r in results if r.indicators[code] is not None]
        total = math.fsum(float(v) for v in present if v is not None)
        if len(present) < 2 or total <= 0:
            divergence[code] = 0.0
            continue
        entropy = 0.0
        for v in present:
            p = float(v) / total if v is not None else 0.0
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
    results = _score_all(counties, method)
    return _moves(counties, method, results, _ranks_exact(results, counties, method))


def score_and_robustness(
    counties: Sequence[CountyFigures], method: Method
) -> tuple[list[CountyScore], list[RankMove]]:
    """`score` and `robustness` together, scoring the counties by the expert weights once
    (three passes over the counties instead of five)."""
    results = _score_all(counties, method)
    expert_ranks = _ranks_exact(results, counties, method)
    return _scores(results, expert_ranks), _moves(counties, method, results, expert_ranks)


def _moves(
    counties: Sequence[CountyFigures],
    method: Method,
    results: Sequence[_Result[Decimal]],
    expert_ranks: Sequence[int | None],
) -> list[RankMove]:
    codes = indicator_codes(counties, method)
    equal = _flat(method, {c: Decimal(1) for c in codes}, counties)
    weights = _entropy_weights(counties, method, results)
    entropy = _flat(method, {c: Decimal(w) for c, w in weights.items()}, counties)
    equal_ranks, entropy_ranks = (
        _ranks_exact(_score_all(counties, m), counties, m) for m in (equal, entropy)
    )
    moves = []
    for county, ex, eq, en in zip(counties, expert_ranks, equal_ranks, entropy_ranks, strict=True):
        distances = [abs(ex - other) for other in (eq, en) if ex is not None and other is not None]
        moves.append(RankMove(county.key, county.name, ex, eq, en, max(distances, default=0)))
    return moves
