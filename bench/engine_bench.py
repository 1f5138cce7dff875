"""Benchmark of the evaluation engine (innocounty.core.engine) at province scale.

Generates 120 plans × 21 indicators with monthly values for 4 years (≈120,000 values), plus
tasks and on-time rates, then evaluates everything (statuses for every period, forecasts,
index trend, scorecards, lagging list) in one process, and one seed-sized plan alone.
Prints wall time and peak memory (tracemalloc for Python allocations, ru_maxrss for the
process). Targets: province under 1 s and 500 MB; one plan under 20 ms.

    python bench/engine_bench.py [--plans 120] [--seed 1] [--runs 5]

Last figures (Python 3.11, pure Python, no numpy; a shared 2-CPU container, other jobs
running; spread over several runs):

    plans: 120, indicators: 2640, values: 123360
    one plan (as of the latest month): median 1.5–2.4 ms
    province, statuses for every period: 0.65–0.85 s (114840 statuses)
    province, statuses as of the latest period only: 0.20–0.28 s
    peak Python allocations during evaluation: 20.9 MB; process max RSS: 122 MB

After sharing period instances, caching value_at's fallbacks and filling statuses' slots
directly (issue 16; results unchanged): the province with every period's status took 0.63 s of
CPU against 0.86 s before, best of 3, same machine and load (load average 9 on 2 CPUs: wall
times were 2.5–4.6 s and not comparable). About −27 %, so roughly 0.45 s on a quiet machine:
the issue's goal of 0.15 s is not reached. What is left is spread out: the status rule itself
(Decimal division, float(), building 115,000 statuses), forecasts, the lagging list's
sentences, the index.

On a quieter machine (2026-11-30, later): 0.47 s wall for the province with every period's
status (125,160 statuses); under the profiler `_Judge.judge` with the status constructor it
calls takes about half of the time.

The history judged in one pass per series (2026-11-30, issue 16): `evaluation.status_history`
decides each period's status in a loop that builds no object per period (the year's target
once a year, the in-year share once a month, "achievement ≥ threshold" cross-multiplied
instead of divided), and a period's `IndicatorStatus` is built when it is read. Lagging
reasons are written when read and scorecards built once. Quiet machine, best of 7, this
script run against the code before and after:

    before: every period's status 0.511 s, latest period only 0.191 s, history's own 0.320 s,
            peak Python allocations 23.6 MB, max RSS 141 MB
    after:  every period's status 0.243 s, latest period only 0.168 s, history's own 0.074 s,
            peak Python allocations 9.3 MB, max RSS 95 MB

The history itself is 4.3× faster (0.65 µs a period with everything around it; the rule's
loop alone 0.35 µs for a stock, 0.65 µs for a flow). The issue's goal, 0.15 s for the whole
evaluation with history, is not met: the latest-only evaluation alone (two forecasts per
indicator, the index, scorecards, lagging list, derived values) takes 0.17 s.

Later the same day (issue 16, a slower machine of the same kind: the code above measured
0.304 s here). The generated values now have two decimals, as stored values do; before, each
was the 45-digit binary expansion of a float, which made Decimal arithmetic dearer (about 5 %).
Lagging items read their reason from the indicator's status when read; each indicator's annual
values are read once, for its forecasts and the index; both forecasts share one growth
(`forecast.assess_targets`); the status rule precomputes its bounds once a year (and month)
and finds the earliest year without a pass over the identifiers. Best of 7, quiet:

    before: every period's status 0.304 s, latest period only 0.204 s, history's own 0.101 s,
            peak Python allocations 9.3 MB, max RSS 95 MB
    after:  every period's status 0.266 s, latest period only 0.180 s, history's own 0.086 s,
            peak Python allocations 7.2 MB, max RSS 88 MB

Still short of 0.15 s. Per indicator the evaluation now costs about 100 µs: its 45 periods'
statuses about 30 µs (0.5 µs a period, most of it Decimal comparison and multiplication), two
forecasts 15 µs, the annual values 4 µs, and a share of the scorecards, lagging list, index
and derived values.

Stop 27 (a faster machine of the same kind; quiet, best of 7). The scorecards turn the
weights' points into floats once per call instead of once per unit:

    before: every period's status 0.216 s, latest period only 0.151 s, history's own 0.065 s
    after:  every period's status 0.208 s, latest period only 0.144 s, history's own 0.064 s

The code before issue 16's engine work (cefb72f, run with this script) measures 0.760 s here
(latest only 0.280 s, history's own 0.479 s, peak allocations 23.4 MB): 3.65 times the time of
today's code. Where the rest goes (py-spy, share of the whole with history): the status rule
24 %, the two forecasts 17 %, scorecards 13 %, annual values 8 %, the index 7 %, the current
period's explained status 5 %, lagging list 5 %, derived values 5 %, grouping by unit 4 %,
the identifiers up to the as-of period 4 %; no part is large enough for 0.15 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import time
import tracemalloc
from decimal import Decimal

from innocounty.core.derived import parse_formula
from innocounty.core.engine import PlanData, PlanSettings, evaluate_plan, evaluate_plans
from innocounty.core.evaluation import IndicatorSeries
from innocounty.core.scorecard import TaskProgress, TaskStatus

CATEGORIES = ("创新投入", "企业创新", "创新环境", "创新绩效", "特色指标")
UNITS = tuple(f"单位{i:02d}" for i in range(30))
YEARS = (2022, 2023, 2024, 2025)


def make_plan(rng: random.Random, key: str, indicators: int = 21) -> PlanData:
    """One synthetic plan: monthly values 2022-01 … 2025-12, targets 2023–2025, a baseline."""
    series = []
    for i in range(indicators):
        direction = "lower" if i % 10 == 9 else "higher"
        measure = ("stock", "flow", "ratio")[i % 3]
        base = Decimal(rng.randint(50, 5000))
        growth = 1 + rng.uniform(-0.05, 0.15) * (-1 if direction == "lower" else 1)
        targets = {(2022, "baseline"): base}
        level = float(base)
        for year in YEARS[1:]:
            level *= 1.08 if direction == "higher" else 0.95
            kind = "target" if year < 2025 else "assessment"
            targets[(year, kind)] = Decimal(round(level))
        targets[(2025, "expected")] = Decimal(
            round(level * (1.05 if direction == "higher" else 0.97))
        )
        values: dict[str, Decimal] = {}
        annual = float(base)
        for year in YEARS:
            annual *= growth
            for month in range(1, 13):
                share = month / 12 if measure == "flow" else 1.0
                noise = rng.uniform(0.97, 1.03)
                # Two decimals, as a form or a sheet gives them (Decimal(round(x, 2)) would hold
                # the float's binary expansion, 45 digits, which no stored value has).
                values[f"{year}-{month:02d}"] = Decimal(f"{annual * share * noise:.2f}")
        series.append(
            IndicatorSeries(
                code=f"I{i:02d}",
                name=f"指标{i:02d}",
                unit="万元",
                category=CATEGORIES[i % len(CATEGORIES)],
                direction=direction,
                measure_type=measure,
                frequency="monthly",
                decimals=2,
                targets=targets,
                values=values,
                responsible_units=(UNITS[i % len(UNITS)], UNITS[(i * 7) % len(UNITS)]),
            )
        )
    # One derived indicator per plan: a per-10k rate from two data elements.
    elements = {
        "patents": {f"{y}Q{q}": Decimal(rng.randint(100, 900)) for y in YEARS for q in range(1, 5)},
        "population": {str(y): Decimal(rng.randint(300_000, 900_000)) for y in YEARS},
    }
    series.append(
        IndicatorSeries(
            code="D01",
            name="万人发明专利拥有量",
            unit="件/万人",
            category="创新绩效",
            measure_type="ratio",
            frequency="quarterly",
            decimals=2,
            targets={
                (2023, "target"): Decimal(8),
                (2024, "target"): Decimal(10),
                (2025, "assessment"): Decimal(12),
            },
            formula=parse_formula("patents / last(population) * 10000"),
            responsible_units=(UNITS[0],),
        )
    )
    statuses = list(TaskStatus)
    tasks = [
        TaskProgress(
            n,
            f"任务{n}",
            (UNITS[n % len(UNITS)],),
            rng.choice(statuses),
            Decimal(rng.randint(0, 100)),
        )
        for n in range(1, 29)
    ]
    rates = {u: Decimal(rng.randint(60, 100)) / 100 for u in UNITS}
    return PlanData(
        key,
        series,
        elements=elements,
        tasks=tasks,
        on_time_rates=rates,
        units=UNITS,
        categories=CATEGORIES,
        settings=PlanSettings(final_year=2025, base_year=2022),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5, help="province runs; the best is shown")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    plans = [make_plan(rng, f"county-{i:03d}") for i in range(args.plans)]
    n_values = sum(len(s.values) for p in plans for s in p.indicators) + sum(
        len(v) for p in plans for v in p.elements.values()
    )
    today = dt.date(2025, 10, 15)

    single = plans[0]
    evaluate_plan(single, today=today)  # warm caches (period parsing) as a server would be
    runs = []
    for _ in range(20):
        t0 = time.perf_counter()
        evaluate_plan(single, today=today)
        runs.append(time.perf_counter() - t0)
    runs.sort()

    elapsed = latest_only = float("inf")
    for _ in range(args.runs):
        t0 = time.perf_counter()
        results = evaluate_plans(plans, today=today, history=True)
        elapsed = min(elapsed, time.perf_counter() - t0)
        t0 = time.perf_counter()
        evaluate_plans(plans, today=today)
        latest_only = min(latest_only, time.perf_counter() - t0)
    del results
    tracemalloc.start()
    results = evaluate_plans(plans, today=today, history=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    statuses = sum(len(r.history) for e in results for r in e.indicators.values())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"plans: {len(plans)}, indicators: {sum(len(p.indicators) for p in plans)}, values: {n_values}"
    )
    print(
        f"one plan (as of the latest month): median {runs[len(runs) // 2] * 1000:.1f} ms, best {runs[0] * 1000:.1f} ms"
    )
    print(
        f"province, statuses for every period: {elapsed:.3f} s ({statuses} statuses), best of {args.runs}"
    )
    print(f"province, statuses as of the latest period only: {latest_only:.3f} s")
    print(f"the history's own cost (the difference): {elapsed - latest_only:.3f} s")
    print(
        f"peak Python allocations during evaluation: {peak / 2**20:.1f} MB; process max RSS: {rss:.0f} MB"
    )


if __name__ == "__main__":
    main()
