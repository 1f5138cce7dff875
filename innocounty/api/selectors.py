"""Reads the API shapes itself: the comparison of many plans on one national indicator.

The cockpit evaluates a whole plan (`monitor.selectors.plan_evaluation`, some 15 queries and
every indicator, task and unit); a comparison across a province's counties needs one
indicator of each. `compare_items` reads that indicator, its targets and its approved values
for every plan of a page at once (four queries, five with the default periods, whatever the
number of plans) and judges each as the engine's `evaluate_indicator` does, on the series
the cockpit builds (`plans.services.plan_export` → `core.engine.plan_data`): the same status,
period and target as the cockpit shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from innocounty.core.engine import PlanSettings
from innocounty.core.evaluation import IndicatorSeries, IndicatorStatus, status
from innocounty.core.periods import judged_period
from innocounty.core.versions import latest_approved
from innocounty.core.workflow import State
from innocounty.monitor.selectors import default_periods
from innocounty.plans.models import Indicator, Plan, Target
from innocounty.plans.services import normal_decimal
from innocounty.reporting.models import Value


@dataclass(frozen=True)
class CompareItem:
    plan: Plan
    indicator: Indicator
    status: IndicatorStatus
    value: Decimal | None  # the approved value of the judged period


def compare_items(*, plans: list[Plan], code: str, period: str | None) -> list[CompareItem]:
    """Each plan's first indicator on the national `code` (by position) judged as of `period`
    (None: each plan's default period), in the order of `plans`; plans without one are left
    out."""
    indicators: dict[int, Indicator] = {}
    for indicator in (
        Indicator.objects.filter(plan__in=plans, catalogue=code)
        .select_related("category")
        .order_by("plan_id", "position", "pk")
    ):
        indicators.setdefault(indicator.plan_id, indicator)
    ids = [i.pk for i in indicators.values()]
    targets: dict[int, dict[tuple[int, str], Decimal]] = defaultdict(dict)
    for indicator_id, year, kind, target in (
        Target.objects.filter(indicator_id__in=ids)
        .order_by("id")
        .values_list("indicator_id", "year", "kind", "value")
    ):
        targets[indicator_id][(year, kind)] = normal_decimal(target)
    rows = Value.objects.filter(indicator_id__in=ids, state=State.APPROVED).values_list(
        "indicator_id", "period", "version", "state", "value"
    )
    counting = latest_approved(
        ((indicator_id, period), version, state, value, value)
        for indicator_id, period, version, state, value in rows
        if value is not None  # as latest_approved itself: a version without a value
    )
    values: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for (indicator_id, p), number in sorted(counting.items()):
        values[indicator_id][p] = number
    as_of = (
        {plan.pk: period for plan in plans}
        if period is not None
        else default_periods(plans=[p for p in plans if p.pk in indicators])
    )
    items = []
    for plan in plans:
        if plan.pk not in indicators:
            continue
        indicator = indicators[plan.pk]
        series = IndicatorSeries(
            code=indicator.code,
            name=indicator.name,
            unit=indicator.measure_unit,
            category=indicator.category.name,
            direction=indicator.direction,
            measure_type=indicator.measure_type,
            frequency=indicator.frequency,
            decimals=indicator.decimals,
            targets=targets[indicator.pk],
            values=values[indicator.pk],
        )
        # As `core.engine.evaluate_indicator` judges it (without the forecasts), with the
        # settings `core.engine.plan_data` gives the plan.
        settings = PlanSettings(final_year=plan.end_year, base_year=plan.base_year)
        here = judged_period(series.frequency, as_of[plan.pk])
        st = status(series, here, final_year=plan.end_year, thresholds=settings.thresholds)
        items.append(CompareItem(plan, indicator, st, values[indicator.pk].get(st.period)))
    return items
