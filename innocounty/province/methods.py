"""The province comparison ranked by a scoring method (`innocounty.core.comparison`), with how
robust each rank is, for any number of counties.

Which methods a comparison offers (`method_choices`): the composite index (`INDEX`, the
stored `PlanIndex`, as before) and each of the core's methods that can score with the
region's parameters for the year: the method saved (or frozen) for the year on the scoring
page uses its own parameters; another method uses today's defaults (every national indicator,
equal weights), and is offered only when those can score (the standard-value and efficacy
methods need values a person sets, so they are offered only as the year's saved method).
Without a choice, the comparison ranks by the year's saved method when there is one, else
by the composite index; a frozen method therefore ranks the same data the same way forever.

What a method reads of a county (`county_figures`): each national indicator's year-end value
that counts (the latest approved version; the baseline target stands for a year without
one, as for the composite index) for the scored year and, for the chained index, every year
back to the base year; its target for each year (target, else assessment, else expected, as
`IndicatorSeries.year_target`); its direction; the catalogue's category.

Stored (`MethodRanking`), one row per set of counties, year and method: the ranking of
thousands of counties in exact arithmetic and its robustness (each rank again under equal and
entropy weights) take seconds, so they are computed once and read while nothing they depend
on changed. A row records the program version and every plan's result generation
(`monitor.PlanResultStamp`, raised inside every change to a plan's data); when they differ
from today's, the row is computed again. The generations are read before the data (as in
`monitor.results`), so a row never claims to be newer than what it was computed from.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models import Value as V
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from innocounty.core import catalogue, comparison
from innocounty.monitor.models import PlanResultStamp
from innocounty.monitor.results import code_version
from innocounty.plans.models import Plan, Region, Target
from innocounty.province import ranking, scoring
from innocounty.province.models import MethodRanking
from innocounty.reporting.models import Value

# The composite index (`province.selectors.stored_indices`), the comparison's first method.
INDEX = "index"
# Methods that score only with values a person sets (offered when saved for the year).
NEED_VALUES = {
    comparison.STANDARD: ("standards",),
    comparison.EFFICACY: ("satisfactory", "unacceptable"),
}


@dataclass(frozen=True, slots=True)
class MethodChoice:
    """A method the comparison offers: its `code` (`INDEX` or a core method), its label, the
    core's `Method` (None for the index), and whether it is the year's saved method and
    frozen."""

    code: str
    label: str
    method: comparison.Method | None = None
    saved: bool = False
    frozen: bool = False


@dataclass(frozen=True, slots=True)
class MethodResult:
    """A county's score and rank under a method, its ranks under equal and entropy weights,
    the largest move between them (`comparison.RankMove`) and its coverage (0–1)."""

    score: float | None
    rank: int | None
    equal: int | None
    entropy: int | None
    largest_move: int
    coverage: float


def _can_score(kind: str, parameters: dict[str, Any]) -> bool:
    return all(parameters.get(section) for section in NEED_VALUES.get(kind, ()))


def method_choices(region: Region | None, year: int) -> list[MethodChoice]:
    """The methods offered for `year` (module docstring), the composite index first."""
    choices = [MethodChoice(INDEX, _("综合指数（对照实施方案考核值）"))]
    saved = None if region is None else scoring.scoring_method_get(region=region, year=year)
    for kind, (label, _score) in comparison.METHODS.items():
        if saved is not None and saved.kind == kind:
            status = (
                pgettext("scoring method", "已锁定")
                if saved.is_frozen
                else pgettext("scoring method", "未锁定")
            )
            choices.append(
                MethodChoice(
                    kind,
                    _("{method}（{year}年评价方法，{status}）").format(
                        method=_(label), year=year, status=status
                    ),
                    scoring.method_from_parameters(kind, year, saved.parameters),
                    saved=True,
                    frozen=saved.is_frozen,
                )
            )
            continue
        parameters = scoring.default_parameters(kind, year)
        if _can_score(kind, parameters):
            choices.append(
                MethodChoice(
                    kind,
                    _("{method}（等权重）").format(method=_(label)),
                    scoring.method_from_parameters(kind, year, parameters),
                )
            )
    return choices


def choose(choices: Sequence[MethodChoice], code: str) -> MethodChoice:
    """The choice named `code`; without one (or an unknown one) the year's saved method,
    else the composite index."""
    for choice in choices:
        if code and choice.code == code:
            return choice
    return next((c for c in choices if c.saved), choices[0])


def years_read(method: comparison.Method) -> list[int]:
    """The years whose values `method` reads."""
    if method.kind == comparison.CHAINED:
        base = method.base_year if method.base_year is not None else method.year - 1
        return list(range(base, method.year + 1))
    return [method.year]


def county_figures(
    plans: QuerySet[Plan], years: Sequence[int]
) -> dict[int, comparison.CountyFigures]:
    """Every plan's national indicators as the scoring methods read them (module docstring),
    by plan id, in four queries whatever the number of plans."""
    from innocounty.province.selectors import _indicators, _targets, _values

    # Subqueries, not lists of ids: thousands of counties hold tens of thousands of indicators
    # (more than SQLite takes as parameters of one query).
    chosen = plans.order_by().values("pk")
    ids = list(chosen.values_list("pk", flat=True))
    indicators = _indicators(chosen)
    national = {"indicator__plan__in": chosen, "indicator__catalogue__in": list(catalogue.BY_CODE)}
    year_of = {ident: year for year in years for ident in ranking.index_periods(year)}
    values = _values(Value.objects.filter(**national), list(year_of))
    targets = _targets(Target.objects.filter(**national, year__in=list(years)))
    found: dict[int, comparison.CountyFigures] = {}
    for plan_id in ids:
        by_code: dict[str, dict[int, Decimal]] = defaultdict(dict)
        target_by_code: dict[str, dict[int, Decimal]] = defaultdict(dict)
        directions: dict[str, str] = {}
        categories: dict[str, str] = {}
        for indicator_id, facts in indicators.get(plan_id, {}).items():
            code = facts["code"]
            directions[code] = facts["direction"]
            categories[code] = catalogue.BY_CODE[code].category
            own_values = values.get(indicator_id, {})
            own_targets = targets.get(indicator_id, {})
            for year in years:
                periods = ranking.index_periods(year)
                value = next((own_values[p] for p in periods if p in own_values), None)
                if value is None:
                    value = own_targets.get((year, Target.Kind.BASELINE))
                if value is not None:
                    by_code[code][year] = value
                for kind in (Target.Kind.TARGET, Target.Kind.ASSESSMENT, Target.Kind.EXPECTED):
                    target = own_targets.get((year, kind))
                    if target is not None:
                        target_by_code[code][year] = target
                        break
        found[plan_id] = comparison.CountyFigures(
            key=str(plan_id),
            name=str(plan_id),
            values=dict(by_code),
            targets=dict(target_by_code),
            directions=directions,
            categories=categories,
        )
    return found


def method_digest(method: comparison.Method) -> str:
    """A digest of `method` with every parameter (equal digests: the same ranking)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in sorted(value.items())}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    parts = {f.name: plain(getattr(method, f.name)) for f in fields(method)}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def method_ranking(*, plans: QuerySet[Plan], method: comparison.Method) -> dict[int, MethodResult]:
    """The counties of `plans` scored and ranked by `method`, with the ranks under equal and
    entropy weights, by plan id: the stored row when current, else computed and stored."""
    stamp = Subquery(
        PlanResultStamp.objects.filter(plan_id=OuterRef("pk")).values("generation")[:1]
    )
    # The generations before the data (module docstring).
    generations = list(
        plans.order_by("pk").annotate(g=Coalesce(stamp, V(0))).values_list("pk", "g")
    )
    scope = _digest(",".join(str(pk) for pk, _g in generations))
    inputs = _digest(code_version() + ";" + ",".join(f"{pk}:{g}" for pk, g in generations))
    key = method_digest(method)
    row = (
        MethodRanking.objects.filter(scope=scope, year=method.year, method=key)
        .values_list("inputs", "data")
        .first()
    )
    if row is not None and row[0] == inputs:
        return _thaw(row[1])
    ids = [pk for pk, _g in generations]
    figures = county_figures(plans, years_read(method))
    # A plan deleted since the generations were read scores as one without data.
    counties = [figures.get(pk) or comparison.CountyFigures(str(pk), str(pk)) for pk in ids]
    scores, moves = comparison.score_and_robustness(counties, method)
    results = {
        pk: MethodResult(s.score, s.rank, m.equal, m.entropy, m.largest_move, s.coverage)
        for pk, s, m in zip(ids, scores, moves, strict=True)
    }
    data = json.dumps({str(pk): list(_frozen(r)) for pk, r in results.items()})
    # Django's update_or_create locks the row, and takes the row a parallel request inserted
    # first; a stale row is caught by `inputs` on the next read anyway.
    MethodRanking.objects.update_or_create(
        scope=scope,
        year=method.year,
        method=key,
        defaults={"inputs": inputs, "data": data, "computed_at": timezone.now()},
    )
    return results


def _frozen(result: MethodResult) -> tuple[Any, ...]:
    return tuple(getattr(result, f.name) for f in fields(result))


def _thaw(text: str) -> dict[int, MethodResult]:
    return {int(pk): MethodResult(*parts) for pk, parts in json.loads(text).items()}
