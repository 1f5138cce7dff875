"""Reads for the province view: every visible county's facts in a fixed number of queries,
whatever the number of counties; the maths is in `province.ranking` (pure).

`province_comparison` ranks every county the user may see (`access.plans_visible_to`) on the
composite index, read from the stored `PlanIndex` rows (one query for all counties; a county
whose data changed since is computed again from its year-end values and targets, four
queries for all such counties, `stored_indices`), and loads the details shown beside each county (statuses,
reporting, supervision items) for the counties of one page only (six more queries). Nothing
is read per plan.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models import Value as V
from django.db.models.functions import Coalesce
from django.utils import timezone

from innocounty.core import catalogue, comparison
from innocounty.core.evaluation import IndicatorSeries
from innocounty.core.ontime import RoundFacts, Submission
from innocounty.core.periods import Period
from innocounty.core.versions import latest_approved
from innocounty.core.workflow import State
from innocounty.monitor.models import PlanResultStamp
from innocounty.monitor.results import code_version
from innocounty.plans.models import Indicator, Plan, Region, Target
from innocounty.province import methods, ranking
from innocounty.province.models import PlanIndex
from innocounty.province.ranking import County, CountyRow
from innocounty.reporting import access
from innocounty.reporting.models import Round, Value
from innocounty.supervision.models import Item, ItemState
from innocounty.types import AnyUser

PAGE_SIZE = 25
# What the comparison reads of a plan and its county (`_counties` unpacks them in this order).
PLAN_FIELDS = (
    "pk",
    "key",
    "title",
    "region",
    "start_year",
    "end_year",
    "county__name",
    "county__parent_id",
    "county__parent__name",
    "county__parent__level",
    "county__theme",
    "county__zone",
)


@dataclass(frozen=True)
class Filters:
    """What the comparison is narrowed to; empty means everything."""

    year: int | None = None
    indicator: str = ""
    theme: str = ""
    zone: str = ""
    city: int | None = None
    page: int = 1
    method: str = ""  # `methods.INDEX` or a core method's code; "" the year's default

    @property
    def group(self) -> bool:
        """Whether a peer group or a city narrows the counties (ranks within it are shown)."""
        return bool(self.theme or self.zone or self.city)


@dataclass
class Comparison:
    """The comparison as the page, the export and the bulletin show it."""

    year: int
    years: list[int]
    as_of: Period
    index_year: int
    entries: list[catalogue.CatalogueEntry]
    rows: list[CountyRow]  # every county matching the filters, ranked
    page_rows: list[CountyRow]  # the rows of the page, with their details
    page: int
    pages: int
    total: int  # counties visible to the user, before filters
    cities: list[tuple[int, str]] = field(default_factory=list)
    method: methods.MethodChoice = field(
        default_factory=lambda: methods.MethodChoice(methods.INDEX, "")
    )
    methods: list[methods.MethodChoice] = field(default_factory=list)

    @property
    def robust(self) -> bool:
        """Whether the rows carry their ranks under equal and entropy weights."""
        return self.method.method is not None

    @property
    def moved(self) -> int:
        """How many of the rows change rank under equal or entropy weights."""
        return sum(1 for r in self.rows if r.largest_move)

    @property
    def largest_move(self) -> int:
        return max((r.largest_move or 0 for r in self.rows), default=0)


def _index_facts(plans: QuerySet[Any], year: int) -> dict[int, list[ranking.IndexFact]]:
    """What the composite index of `year` reads of every plan in `plans` (a subquery of plan
    ids), by plan id, in catalogue code order (three queries, whatever the number of plans):
    each national indicator's year-end value that counts, its baseline for the year and its
    assessment values."""
    codes = list(catalogue.BY_CODE)
    national = Indicator.objects.filter(plan__in=plans, catalogue__in=codes)
    indicators: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    for pk, plan_id, code, direction in national.order_by("plan_id", "position", "pk").values_list(
        "pk", "plan_id", "catalogue", "direction"
    ):
        indicators[plan_id].setdefault(code, (pk, direction))
    values = _values(
        Value.objects.filter(indicator__plan__in=plans, indicator__catalogue__in=codes),
        ranking.index_periods(year),
    )
    targets = _targets(
        Target.objects.filter(indicator__plan__in=plans, indicator__catalogue__in=codes).filter(
            Q(kind=Target.Kind.ASSESSMENT) | Q(kind=Target.Kind.BASELINE, year=year)
        )
    )
    periods = ranking.index_periods(year)
    result: dict[int, list[ranking.IndexFact]] = {}
    for plan_id, by_code in indicators.items():
        facts = []
        for code in sorted(by_code):
            pk, direction = by_code[code]
            found = values.get(pk, {})
            value = next((found[p] for p in periods if p in found), None)
            own = targets.get(pk, {})
            if value is None:
                value = own.get((year, Target.Kind.BASELINE))
            assessments = {y: v for (y, kind), v in own.items() if kind == Target.Kind.ASSESSMENT}
            facts.append(
                ranking.IndexFact(catalogue.BY_CODE[code].category, direction, value, assessments)
            )
        result[plan_id] = facts
    return result


def stored_indices(counties: Iterable[County], year: int) -> dict[int, tuple[float | None, float]]:
    """Each county's composite index and coverage for `year`, by plan id: the stored rows
    that are current (one query for all counties), the others computed from their index facts
    and stored (`PlanIndex`). A row is current while the plan's result generation and the
    program version are those it was computed with: every change to a plan's data raises the
    generation (`plans.hooks.plan_changed`), so a stale row is never read."""
    by_plan = {c.plan_id: c for c in counties}
    code = code_version()
    stamp = Subquery(
        PlanResultStamp.objects.filter(plan_id=OuterRef("plan_id")).values("generation")[:1]
    )
    found: dict[int, tuple[float | None, float]] = {
        plan_id: (index, coverage)
        for plan_id, index, coverage in PlanIndex.objects.annotate(current=Coalesce(stamp, V(0)))
        .filter(plan_id__in=list(by_plan), year=year, code=code, generation=F("current"))
        .values_list("plan_id", "index", "coverage")
    }
    missing = [plan_id for plan_id in by_plan if plan_id not in found]
    if not missing:
        return found
    # The generations before the data they describe (see `monitor.results`, "Races").
    generations = dict(
        PlanResultStamp.objects.filter(plan_id__in=missing).values_list("plan_id", "generation")
    )
    facts = _index_facts(Plan.objects.filter(pk__in=missing).values("pk"), year)
    rows = []
    for plan_id in missing:
        index, coverage = ranking.composite_index(
            facts.get(plan_id, ()), by_plan[plan_id].end_year, year
        )
        found[plan_id] = (index, coverage)
        rows.append(
            PlanIndex(
                plan_id=plan_id,
                year=year,
                index=index,
                coverage=coverage,
                generation=generations.get(plan_id, 0),
                code=code,
            )
        )
    try:
        with transaction.atomic():
            PlanIndex.objects.filter(plan_id__in=missing, year=year).delete()
            PlanIndex.objects.bulk_create(rows)
    except IntegrityError:  # a parallel request stored the same rows first: theirs hold
        pass
    return found


def _indicators(plan_ids: Iterable[int] | QuerySet[Any]) -> dict[int, dict[int, dict[str, Any]]]:
    """The national indicators of the plans: plan id → indicator id → facts (one query).
    A plan with two indicators on the same catalogue code compares the first one."""
    rows = (
        Indicator.objects.filter(plan_id__in=plan_ids)
        .exclude(catalogue="")
        .order_by("plan_id", "position", "pk")
        .values_list(
            "pk", "plan_id", "catalogue", "direction", "measure_type", "frequency", "decimals"
        )
    )
    found: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    seen: set[tuple[int, str]] = set()
    for pk, plan_id, code, direction, measure_type, frequency, decimals in rows:
        if code not in catalogue.BY_CODE or (plan_id, code) in seen:
            continue
        seen.add((plan_id, code))
        found[plan_id][pk] = {
            "code": code,
            "direction": direction,
            "measure_type": measure_type,
            "frequency": frequency,
            "decimals": decimals,
        }
    return found


def _values(values: Any, periods: list[str]) -> dict[int, dict[str, Decimal]]:
    """The latest approved value per indicator id and period (`core.versions`, one query)."""
    # No ordering: the model's default would join the plan to sort thousands of rows.
    rows = (
        values.filter(state=State.APPROVED, value__isnull=False, period__in=periods)
        .order_by()
        .values_list("indicator_id", "period", "version", "state", "value")
    )
    counting = latest_approved(
        ((indicator, period), version, state, value, value)
        for indicator, period, version, state, value in rows
    )
    result: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for (indicator, period), value in counting.items():
        result[indicator][period] = value
    return result


def _targets(targets: Any) -> dict[int, dict[tuple[int, str], Decimal]]:
    result: dict[int, dict[tuple[int, str], Decimal]] = defaultdict(dict)
    for indicator, year, kind, value in targets.order_by().values_list(
        "indicator_id", "year", "kind", "value"
    ):
        result[indicator][(year, kind)] = value
    return result


def _counties(
    plans: list[tuple[Any, ...]],
    indicators: dict[int, dict[int, dict[str, Any]]],
    values: dict[int, dict[str, Decimal]],
    targets: dict[int, dict[tuple[int, str], Decimal]],
) -> list[County]:
    counties = []
    for pk, key, title, region, start, end, county, city_id, city, level, theme, zone in plans:
        series = []
        for indicator_id, facts in indicators.get(pk, {}).items():
            code = facts["code"]
            entry = catalogue.BY_CODE[code]
            series.append(
                IndicatorSeries(
                    code=code,
                    name=entry.name,
                    unit=entry.unit,
                    category=entry.category,
                    direction=facts["direction"],
                    measure_type=facts["measure_type"],
                    frequency=facts["frequency"],
                    decimals=facts["decimals"],
                    targets=targets.get(indicator_id, {}),
                    values=values.get(indicator_id, {}),
                )
            )
        series.sort(key=lambda s: s.code)
        counties.append(
            County(
                plan_id=pk,
                key=key,
                title=title,
                name=county or region or title,
                city=city if level == Region.Level.CITY else "",
                city_id=city_id if level == Region.Level.CITY else None,
                theme=theme or "",
                zone=zone or "",
                start_year=start,
                end_year=end,
                series=tuple(series),
            )
        )
    return counties


def _deadline_end(deadline: dt.date) -> dt.datetime:
    """The end of the deadline day in the site's time zone (as `reporting.selectors`)."""
    day_after = deadline + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day_after, dt.time.min)) - dt.timedelta(
        microseconds=1
    )


def _details(
    rows: list[CountyRow], *, as_of: Period, year: int, today: dt.date, now: dt.datetime
) -> list[CountyRow]:
    """The rows with their cells, reporting and supervision items (six queries)."""
    if not rows:
        return rows
    ids = [r.county.plan_id for r in rows]
    indicators = _indicators(ids)
    national = [pk for by_id in indicators.values() for pk in by_id]
    periods = ranking.cell_periods(as_of)
    values = _values(Value.objects.filter(indicator_id__in=national), periods)
    targets = _targets(Target.objects.filter(indicator_id__in=national))
    plans = {r.county.plan_id: r.county for r in rows}
    detailed = {
        c.plan_id: c
        for c in _counties([_plan_tuple(plans[i]) for i in ids], indicators, values, targets)
    }
    # Reporting: the year's rounds, every indicator's frequency, the value versions in them.
    rounds: dict[int, list[RoundFacts]] = defaultdict(list)
    for plan_id, pk, period, deadline, include_tasks in (
        Round.objects.filter(plan_id__in=ids, period__gte=str(year), period__lt=str(year + 1))
        .order_by()
        .values_list("plan_id", "pk", "period", "deadline", "include_tasks")
    ):
        rounds[plan_id].append(RoundFacts(pk, period, _deadline_end(deadline), include_tasks))
    frequencies: dict[int, list[str]] = defaultdict(list)
    for plan_id, frequency in (
        Indicator.objects.filter(plan_id__in=ids).order_by().values_list("plan_id", "frequency")
    ):
        frequencies[plan_id].append(frequency)
    round_periods = sorted({r.period for facts in rounds.values() for r in facts})
    versions: dict[int, list[tuple[str, str, Submission]]] = defaultdict(list)
    for plan_id, code, period, version, state, submitted in (
        Value.objects.filter(indicator__plan_id__in=ids, period__in=round_periods)
        .order_by()
        .values_list(
            "indicator__plan_id", "indicator__code", "period", "version", "state", "submitted_at"
        )
    ):
        versions[plan_id].append((code, period, Submission(version, state, submitted)))
    items = {
        row["plan_id"]: row
        for row in Item.objects.filter(plan_id__in=ids)
        .order_by()
        .values("plan_id")
        .annotate(
            open=Count("pk", filter=~Q(state=ItemState.CLOSED)),
            overdue=Count("pk", filter=~Q(state=ItemState.CLOSED) & Q(deadline__lt=today)),
        )
    }
    result = []
    for row in rows:
        plan_id = row.county.plan_id
        counts = items.get(plan_id, {})
        result.append(
            replace(
                row,
                cells=ranking.county_cells(detailed[plan_id], as_of),
                reporting=ranking.reporting_rates(
                    rounds=rounds.get(plan_id, []),
                    frequencies=frequencies.get(plan_id, []),
                    values=versions.get(plan_id, []),
                    now=now,
                ),
                items_open=counts.get("open", 0),
                items_overdue=counts.get("overdue", 0),
            )
        )
    return result


def _plan_tuple(c: County) -> tuple[Any, ...]:
    level = Region.Level.CITY if c.city else ""
    return (
        c.plan_id,
        c.key,
        c.title,
        c.name,
        c.start_year,
        c.end_year,
        c.name,
        c.city_id,
        c.city,
        level,
        c.theme,
        c.zone,
    )


def province_comparison(
    *,
    user: AnyUser | None,
    filters: Filters,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    page_size: int | None = PAGE_SIZE,
    plans: QuerySet[Plan] | None = None,
    region: Region | None = None,
) -> Comparison:
    """Every county `user` may see, ranked on the composite index for `filters.year`, and
    the counties of `filters.page` (all of them when `page_size` is None) with their
    details. `today` defaults to the local date and `now` to the current time (the end of
    `today` when `today` is given). The counties are ranked by `filters.method` among the
    methods `region` offers for the year (`methods.method_choices`; no region: the composite
    index and the methods that score with today's defaults)."""
    if today is None:
        today = timezone.localdate()
    if now is None:
        now = (
            timezone.now()
            if today == timezone.localdate()
            else timezone.make_aware(dt.datetime.combine(today, dt.time.max))
        )
    if plans is None:
        assert user is not None, "the plans of a user or given plans"
        plans = access.plans_visible_to(user)
    found = list(plans.order_by("key").values_list(*PLAN_FIELDS))
    counties = _counties(found, {}, {}, {})
    years = ranking.years_offered(counties, today)
    year = filters.year if filters.year in years else ranking.default_year(years, today)
    as_of = ranking.as_of_for(year, today)
    index_year = ranking.index_year_for(as_of)
    offered = methods.method_choices(region, index_year)
    chosen = methods.choose(offered, filters.method)
    if chosen.method is None:
        indices = stored_indices(counties, index_year)
        overall = ranking.rank_counties(
            CountyRow(c, *indices.get(c.plan_id, (None, 0.0))) for c in counties
        )
    else:
        overall = _method_rows(counties, plans, chosen.method)
    rows = [r for r in overall if _matches(r.county, filters)]
    if filters.group:
        rows = group_ranked(rows)
    cities = sorted({(p[7], p[8]) for p in found if p[9] == Region.Level.CITY}, key=lambda c: c[1])
    if page_size is None:
        page, pages, shown = 1, 1, rows
    else:
        pages = max(1, -(-len(rows) // page_size))
        page = min(max(filters.page, 1), pages)
        shown = rows[(page - 1) * page_size : page * page_size]
    entries = [
        e for e in catalogue.NATIONAL if not filters.indicator or e.code == filters.indicator
    ]
    return Comparison(
        year=year,
        years=years,
        as_of=as_of,
        index_year=index_year,
        entries=entries,
        rows=rows,
        page_rows=_details(shown, as_of=as_of, year=year, today=today, now=now),
        page=page,
        pages=pages,
        total=len(found),
        cities=cities,
        method=chosen,
        methods=offered,
    )


def _method_rows(
    counties: list[County], plans: QuerySet[Plan], method: comparison.Method
) -> list[CountyRow]:
    """The counties ranked by `method` (stored, `methods.method_ranking`): ranked rows by
    rank, then the unranked, each group by name."""
    results = methods.method_ranking(plans=plans, method=method)
    rows = []
    for county in counties:
        found = results.get(county.plan_id)
        if found is None:
            rows.append(CountyRow(county, None, 0.0))
            continue
        rows.append(
            CountyRow(
                county,
                found.score,
                found.coverage,
                rank=found.rank,
                equal_rank=found.equal,
                entropy_rank=found.entropy,
                largest_move=found.largest_move,
            )
        )
    return sorted(
        rows,
        key=lambda r: (r.rank is None, r.rank or 0, r.county.name, r.county.key),
    )


def group_ranked(rows: list[CountyRow]) -> list[CountyRow]:
    """`rows` (ranked over every county) with their rank within themselves: one more than
    the number of rows ranked strictly better (ties stay tied, as the overall ranks were
    worked out exactly)."""
    ranks = sorted(r.rank for r in rows if r.rank is not None)
    return [
        replace(r, group_rank=None if r.rank is None else 1 + bisect_left(ranks, r.rank))
        for r in rows
    ]


def _matches(county: County, filters: Filters) -> bool:
    if filters.theme and county.theme != filters.theme:
        return False
    if filters.zone and county.zone != filters.zone:
        return False
    return not (filters.city and county.city_id != filters.city)


def region_plans(*, region: Region) -> QuerySet[Plan]:
    """The plans of every county under `region`."""
    return Plan.objects.filter(county_id__in=region.subtree_ids())
