"""Stored results (`monitor.results`): refreshing one county after an approval, and the
county cockpit read from its stored result, in-process with Django's test client (DEBUG off).

Builds a throw-away SQLite database (or uses DATABASE_URL when given; it must be empty), loads
the Qianjiang plan with the demo accounts and data plus `--plans` − 1 generated counties (as
`pages_bench.py` does), then times:

- the refresh of one county's stored result (the plan's evaluation as of its default period,
  computed and written), `--runs` times, each after the plan was marked stale;
- a value approval through the service, which marks the plan stale and, once committed,
  refreshes the rows read today (the approval and the refresh together);
- the cockpit as the office sees it, read from the stored result, and (for comparison)
  computed on every request as before.

Targets (issue 16): refresh < 100 ms, cockpit p95 < 100 ms.

    python bench/stored_bench.py [--runs 30] [--plans 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/innocounty_stored_bench \\
        python bench/stored_bench.py

Latest figures (2026-11-30, later, a quieter machine, a niced mutation run on the other CPU;
30 runs, 20 plans):                                  SQLite median/p95   PostgreSQL median/p95
    refresh one county's result                       20.2 /  21.9        32.2 /  38.9
    approve a value + refresh (6 approvals)           25.8 / 120.6        39.8 / 132.5
    cockpit, stored result                            26.5 /  34.7        34.5 /  37.3
    cockpit, computed on every request (before)       34.9 /  41.4        46.6 /  49.8
(With 6 approvals the p95 is the slowest one, the first.)

Figures before (2026-11-30, SQLite, 30 runs, 20 plans, the test suite running on the other
CPU):                                               median / p95 (ms)
    refresh one county's result                      26.7 / 109.0
    approve a value + refresh (6 approvals)          53.2 /  58.7
    cockpit, stored result                           43.4 /  54.5
    cockpit, computed on every request (before)      51.8 /  58.2

Earlier figures under heavy load:
Last figures (30 runs, 20 plans; a 2-CPU container at load average ≈ 9 from other jobs, so
every time is several times what a quiet machine gives; compare the lines with each other):

                                                    SQLite median/p95   PostgreSQL median/p95
    refresh one county's result                      126.9 / 183.9       196.1 / 528.2
    approve a value + refresh (6 approvals)          154.9 / 196.2       299.4 / 522.0
    cockpit, stored result                           148.0 / 204.9       266.7 / 380.0
    cockpit, computed on every request (before)      199.2 / 266.0       342.5 / 437.3

A cockpit read from its stored result spends its time on the round's progress
(`selectors.cockpit_round`), template rendering and reading the stored JSON, not the engine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from pages_bench import _copy_plan, _p95, _setup


def _line(name: str, samples: list[float]) -> None:
    print(f"  {name:<44}{statistics.median(samples):>9.1f}{_p95(samples):>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--plans", type=int, default=20)
    args = parser.parse_args()
    _setup()

    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from innocounty.core.planfile import load_plan_file, shipped_plan_path
    from innocounty.monitor import results, selectors
    from innocounty.monitor.models import PlanResult
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.plans.services import plan_load
    from innocounty.reporting import services
    from innocounty.reporting.demo import demo_reporting_create
    from innocounty.reporting.models import Value

    data = load_plan_file(shipped_plan_path("qianjiang-2023"))
    plan = plan_load(data=data).plan
    demo_accounts_create(plan=plan)
    demo_reporting_create(plan=plan, today=dt.date.today())
    office = User.objects.get(username="office")
    for i in range(1, args.plans):
        _copy_plan(data, f"qianjiang-copy-{i:02d}", office, i)
    print(
        f"{connection.vendor}, {args.plans} plans, {Value.objects.count()} values;"
        f" DEBUG={settings.DEBUG}"
    )
    client = Client()
    client.force_login(office)
    cockpit = f"/monitor/{plan.key}/"
    period = selectors.default_period(plan=plan)
    for other in plan.__class__.objects.exclude(pk=plan.pk)[:5]:
        results.plan_result_default(plan=other)  # other counties read: they must stay stored

    print(f"\n  {'(ms)':<44}{'median':>9}{'p95':>9}")
    refresh = []
    for _ in range(args.runs):
        results.plan_results_stale(plan_id=plan.pk)
        start = time.perf_counter()
        results.plan_result_refresh(plan=plan, period=period)
        refresh.append((time.perf_counter() - start) * 1000)
    _line("refresh one county's result", refresh)

    approvals = []
    others = PlanResult.objects.exclude(plan=plan).count()
    before = results.counter.recomputes
    submitted = list(Value.objects.filter(indicator__plan=plan, state="submitted"))
    for value in submitted:
        assert client.get(cockpit).status_code == 200  # the office has the cockpit open
        start = time.perf_counter()
        services.value_approve(value=value, by=office)  # commits, then refreshes
        approvals.append((time.perf_counter() - start) * 1000)
    assert results.counter.recomputes - before == len(submitted), "one refresh per approval"
    assert PlanResult.objects.exclude(plan=plan).count() == others, "other counties untouched"
    if approvals:
        _line(f"approve a value + refresh ({len(approvals)} approvals)", approvals)

    stored = []
    assert client.get(cockpit).status_code == 200
    hits = results.counter.recomputes
    for _ in range(args.runs):
        start = time.perf_counter()
        assert client.get(cockpit).status_code == 200
        stored.append((time.perf_counter() - start) * 1000)
    assert results.counter.recomputes == hits, "the cockpit computed instead of reading"
    _line("cockpit, stored result", stored)

    def computed_every_time(*, plan, period=None, today=None):
        return selectors.plan_snapshot(plan=plan, period=period, today=today)

    results.plan_result = computed_every_time  # type: ignore[assignment]
    computed = []
    for _ in range(args.runs):
        start = time.perf_counter()
        assert client.get(cockpit).status_code == 200
        computed.append((time.perf_counter() - start) * 1000)
    _line("cockpit, computed on every request (before)", computed)


if __name__ == "__main__":
    main()
