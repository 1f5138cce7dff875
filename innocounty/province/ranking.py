"""The province comparison worked out from plain data; pure, no Django.

A county is compared on the national 15 indicators (`core.catalogue`), each read from the
county's own plan: the indicator that carries the catalogue code, with the county's own
targets. The selectors load every county's facts in a handful of queries and hand them here.

- As of: a year that has ended by `today` is judged as the year itself (``2024``); the current
  year as of the latest month ended by `today` (``2025-06``). Each indicator is judged at
  `periods.judged_period` of its frequency, as the cockpit judges it.
- A cell: the value that counts (latest approved) at that period, the year's target (target,
  else assessment, else expected), the engine's status (`evaluation.status`) and the
  achievement against the county's own target (value ÷ target, lower is better inverted;
  None when undefined).
- The composite index (综合指数): today's index (`core.index.index_for_year`) over the
  county's national indicators only, so every county is scored on the same set: each value's
  achievement against the county's own final-year assessment value (考核值), capped at 120 %,
  averaged within the catalogue's four categories and then between them. It is worked out
  for the last complete year within the as-of period (the year itself once it has ended).
- The ranking (`rank_counties`): by index, highest first; equal indices share a rank and the
  next rank is skipped (1, 2, 2, 4); counties without an index come last, unranked.
- Reporting (`reporting_rates`): over the county's rounds of the year whose deadline has
  passed, the items due are its indicators whose frequency fits the round's period;
  completeness is the share whose latest version is submitted or approved, timeliness the
  share first submitted by the end of the deadline day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from innocounty.core import catalogue
from innocounty.core.evaluation import IndicatorSeries, Status, achievement, status
from innocounty.core.index import DEFAULT_CAP, index_for_year, normalised
from innocounty.core.ontime import DONE, RoundFacts, Submission
from innocounty.core.periods import (
    ANNUAL,
    MONTHLY,
    Period,
    as_period,
    fits,
    judged_period,
    latest_period,
    parse_period,
    period_ending,
)

# The ranking methods this module knows: code → label (Chinese msgid). Other scoring methods
# (standard value, chained index, efficacy) come with `core.comparison` when it is merged.
OWN_TARGETS = "own_targets"
METHODS: dict[str, str] = {OWN_TARGETS: "对照自身目标的综合指数"}

# The catalogue's categories, in its order: the index's categories for every county.
CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(e.category for e in catalogue.NATIONAL))


@dataclass(frozen=True, slots=True)
class County:
    """One county's plan as the comparison needs it: `series` holds its national indicators,
    each with `code` set to the catalogue code and `category` to the catalogue's category."""

    plan_id: int
    key: str
    title: str
    name: str
    city: str = ""
    city_id: int | None = None
    theme: str = ""
    zone: str = ""
    start_year: int = 2023
    end_year: int = 2025
    series: tuple[IndicatorSeries, ...] = ()


@dataclass(frozen=True, slots=True)
class Cell:
    """One county's value of one national indicator as of the comparison's period."""

    code: str
    period: str
    value: Decimal | None
    target: Decimal | None
    status: Status
    achievement: float | None
    decimals: int = 0


@dataclass(frozen=True, slots=True)
class Reporting:
    """A county's reporting over the year's past-deadline rounds: items due, done, on time;
    `completeness` and `timeliness` are shares (0–1), None when nothing was due."""

    due: int
    done: int
    on_time: int

    @property
    def completeness(self) -> float | None:
        return self.done / self.due if self.due else None

    @property
    def timeliness(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass(frozen=True, slots=True)
class CountyRow:
    """A county in the comparison: its index (percent, None without data) and coverage,
    its rank (None: unranked) and, for the rows shown, its cells, reporting and
    supervision items (open, of which overdue)."""

    county: County
    index: float | None
    coverage: float
    rank: int | None = None
    group_rank: int | None = None
    cells: dict[str, Cell] = field(default_factory=dict)
    reporting: Reporting | None = None
    items_open: int | None = None
    items_overdue: int | None = None
    # Under a scoring method: the ranks under equal and entropy weights, the largest move.
    equal_rank: int | None = None
    entropy_rank: int | None = None
    largest_move: int | None = None


def as_of_for(year: int, today: dt.date) -> Period:
    """The period a year is compared as of: the year once it has ended, else the latest
    month ended by `today`."""
    if year < today.year:
        return Period(year, ANNUAL)
    return latest_period(MONTHLY, today)


def index_year_for(as_of: Period) -> int:
    """The last complete year within the as-of period (the year the index is worked out for)."""
    return as_of.year if as_of.is_year_end else as_of.year - 1


def _same_day(period: Period) -> list[str]:
    """`period` and the periods of other kinds that end on the same day (`periods.value_at`)."""
    found = [period.ident]
    for kind in ("annual", "quarterly", "monthly"):
        other = period_ending(period.year, period.end_month, kind)
        if other is not None and other.ident not in found:
            found.append(other.ident)
    return found


def index_periods(year: int) -> list[str]:
    """The period identifiers the index reads for `year` (its year-end values)."""
    return _same_day(Period(year, ANNUAL))


def cell_periods(as_of: Period) -> list[str]:
    """Every period identifier a cell may read as of `as_of`: each frequency's judged period
    and the same period a year earlier (for a status without a target), with the periods
    ending on the same days."""
    found: list[str] = []
    for kind in ("annual", "quarterly", "monthly"):
        here = judged_period(kind, as_of)
        for p in (here, here.year_earlier()):
            for ident in _same_day(p):
                if ident not in found:
                    found.append(ident)
    return found


@dataclass(frozen=True, slots=True)
class IndexFact:
    """What the index reads of one national indicator of a county for a year: its category,
    direction, the year's value (the year-end value, else the baseline) and its assessment
    values by year."""

    category: str
    direction: str
    value: Decimal | None
    assessments: Mapping[int, Decimal]


def composite_index(
    facts: Iterable[IndexFact], final_year: int, year: int
) -> tuple[float | None, float]:
    """The composite index and coverage from a county's `facts` (in catalogue code order):
    `core.index.index_for_year` with its default weights (each indicator 1 within its
    category, each category 1) and cap, without building the series; `county_index` is the
    same from the series, and the tests hold the two equal. `year` is unused but names the
    year the facts are for."""
    del year
    sums: dict[str, list[float]] = {}
    cap = DEFAULT_CAP
    for fact in facts:
        acc = sums.setdefault(fact.category, [0.0, 0.0, 0.0])
        acc[2] += 1.0
        score = normalised(fact.value, fact.assessments.get(final_year), fact.direction, cap)
        if score is not None:
            acc[0] += score
            acc[1] += 1.0
    total = covered = weighted = with_data = 0.0
    for category in [*CATEGORIES, *(c for c in sums if c not in CATEGORIES)]:
        got = sums.get(category)
        if got is None or got[2] == 0:
            continue
        total += 1.0
        covered += got[1] / got[2]
        if got[1] == 0:
            continue
        weighted += got[0] / got[1] * 100
        with_data += 1.0
    return (weighted / with_data if with_data else None), (covered / total if total else 0.0)


def county_index(county: County, year: int) -> tuple[float | None, float]:
    """The county's composite index for `year` and its coverage (module docstring)."""
    point = index_for_year(county.series, year, final_year=county.end_year, categories=CATEGORIES)
    return point.overall, point.coverage


def county_cells(county: County, as_of: Period) -> dict[str, Cell]:
    """Each national indicator of the county judged as of `as_of`, by catalogue code."""
    cells = {}
    for series in county.series:
        st = status(series, judged_period(series.frequency, as_of), final_year=county.end_year)
        found = series.year_target(as_period(st.period).year)
        target = None if found is None else found[1]
        cells[series.code] = Cell(
            series.code,
            st.period,
            st.value,
            target,
            st.status,
            achievement(st.value, target, series.direction),
            series.decimals,
        )
    return cells


def rank_counties(rows: Iterable[CountyRow], method: str | None = None) -> list[CountyRow]:
    """`rows` ranked by their index, highest first (competition ranking: 1, 2, 2, 4); rows
    without an index last, unranked, by name. `method` names the scoring method; only
    `OWN_TARGETS` (the default) is known here."""
    if method not in (None, OWN_TARGETS):
        raise ValueError(f"unknown ranking method: {method}")
    rows = list(rows)
    scored = sorted(
        (r for r in rows if r.index is not None),
        key=lambda r: (-(r.index or 0.0), r.county.name, r.county.key),
    )
    ranked: list[CountyRow] = []
    previous: float | None = None
    rank = 0
    for position, row in enumerate(scored, start=1):
        if previous is None or row.index != previous:
            rank = position
        previous = row.index
        ranked.append(replace(row, rank=rank))
    unranked = sorted(
        (r for r in rows if r.index is None), key=lambda r: (r.county.name, r.county.key)
    )
    return ranked + [replace(r, rank=None) for r in unranked]


def reporting_rates(
    *,
    rounds: Sequence[RoundFacts],
    frequencies: Sequence[str],
    values: Iterable[tuple[str, str, Submission]],
    now: dt.datetime,
) -> Reporting:
    """A county's reporting over `rounds` whose deadline ended before `now` (module
    docstring). `frequencies` has one entry per indicator of the plan; `values` are
    (indicator code, period, version) of every value version in those rounds' periods."""
    counted = [r for r in rounds if r.deadline_end < now]
    periods = {r.period for r in counted}
    latest: dict[tuple[str, str], list[object]] = {}
    for code, period, version in values:
        if period not in periods:
            continue
        entry = latest.get((code, period))
        if entry is None:
            latest[(code, period)] = [version.version, version.state, version.submitted]
            continue
        if version.version > entry[0]:  # type: ignore[operator]
            entry[0], entry[1] = version.version, version.state
        if version.submitted is not None and (
            entry[2] is None or version.submitted < entry[2]  # type: ignore[operator]
        ):
            entry[2] = version.submitted
    by_period: dict[str, list[list[object]]] = {}
    for (_code, period), entry in latest.items():
        by_period.setdefault(period, []).append(entry)
    due = done = on_time = 0
    for round_ in counted:
        due += sum(1 for f in frequencies if fits(f, round_.period))
        for entry in by_period.get(round_.period, []):
            if entry[1] in DONE:
                done += 1
                if entry[2] is not None and entry[2] <= round_.deadline_end:  # type: ignore[operator]
                    on_time += 1
    return Reporting(due, min(done, due), min(on_time, due))


def years_offered(counties: Sequence[County], today: dt.date) -> list[int]:
    """The years a comparison may be asked for: from the earliest plan's base year (the year
    before it starts) to the latest plan's end, never past the current year."""
    if not counties:
        return [today.year]
    first = min(c.start_year for c in counties) - 1
    last = min(max(c.end_year for c in counties), today.year)
    return list(range(first, max(first, last) + 1))


def default_year(years: Sequence[int], today: dt.date) -> int:
    """The last complete year among `years`, else the earliest of them."""
    complete = [y for y in years if y < today.year]
    return max(complete) if complete else min(years)


def parse_year(text: str, years: Sequence[int]) -> int | None:
    """`text` as one of `years`, or None."""
    try:
        year = parse_period(text.strip()).year if text.strip().isdigit() else None
    except ValueError:
        return None
    return year if year in years else None
