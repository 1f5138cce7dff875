"""Server time of the province view with many counties, in-process with Django's test client.

Builds `--counties` generated county plans (clearly demo data: region codes ``bench-…``) in one
province of four cities, each with the national 15 indicators and three of its own, targets
for 2023–2025, approved values for 2024 and 2025Q1 (quarterly indicators each quarter), six
rounds and a few supervision items, with bulk inserts. Then times, for the province office
(`--runs` requests each after one warm-up): the page as it opens, one indicator, a peer group,
the second page; and the Excel export once. Prints median and p95 per page and the number of
queries. Use an empty database (DATABASE_URL; default a throw-away SQLite file).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pv_bench python bench/province_bench.py \
        --counties 2000 --runs 30

Goal (issue #16): 2,000 counties, p95 < 300 ms on PostgreSQL. Met since the composite index is
stored per county and year (`province.models.PlanIndex`).

Last figures (2026-11-30, PostgreSQL 15, 2 CPUs, the test suite running on the other CPU):
2,000 counties (36,000 indicators, 104,000 values), built in 29.8 s; 21 queries a page whatever
the number of counties; pages of 25 counties, 30 runs each after a warm-up (which stores the
indices):
  overview       median 139.2 ms  p95 234.5 ms
  one indicator  median 129.4 ms  p95 237.6 ms
  peer group     median 151.6 ms  p95 277.4 ms
  page 2         median 144.5 ms  p95 245.6 ms
  export of all 2,000 counties, one workbook: 6.5 s
Before the stored index (same machine under heavy load, load average 7.5–11): median 2.6 s,
p95 3.4 s, 30 queries a page; export 22 s. The first request after a change recomputes the
changed counties' indices only (four queries for all of them).

With the scoring methods (2026-11-30, PostgreSQL 15, 2 CPUs, nothing else running; 30 runs
after the first request, which computes and stores; 26–27 queries a page):
  overview       median 182.3 ms  p95 192.8 ms  (first request  903 ms: stores the indices)
  one indicator  median 141.7 ms  p95 191.3 ms
  peer group     median 149.8 ms  p95 204.8 ms
  page 2         median 179.2 ms  p95 202.0 ms
  own targets    median 104.0 ms  p95 195.0 ms  (first request 1,085 ms: ranks all 2,000
                 counties exactly, again under equal and entropy weights, and stores it)
  chained        median 142.2 ms  p95 193.6 ms  (first request 4,290 ms: two years of values)
  chained group  median 105.0 ms  p95 195.7 ms  (reads the stored ranking)
  export 4.6 s; export by the chained index 4.8 s.
A method's ranking is stored for the whole set of counties: after any county's data changes,
the first request by that method computes it again (1.1 s / 4.3 s here); the composite index,
the default, is recomputed for the changed county only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocounty.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)


def _build(n: int) -> object:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from innocounty.core import catalogue
    from innocounty.plans.models import Category, Indicator, Plan, Region, Target, Unit
    from innocounty.plans.roles import ensure_groups
    from innocounty.reporting.models import Round, Value
    from innocounty.supervision.models import Item

    rng = random.Random(16)
    province = Region.objects.create(code="bench-p", name="演示省", level="province", demo=True)
    cities = [
        Region.objects.create(
            code=f"bench-c{i}", name=f"演示市{i}", level="city", parent=province, demo=True
        )
        for i in range(4)
    ]
    themes = [t for t, _ in Region.Theme.choices]
    zones = [z for z, _ in Region.Zone.choices]
    counties = Region.objects.bulk_create(
        Region(
            code=f"bench-k{i}",
            name=f"演示县{i:04d}",
            level="county",
            parent=cities[i % 4],
            theme=themes[i % 3],
            zone=zones[(i // 3) % 3],
            demo=True,
        )
        for i in range(n)
    )
    plans = Plan.objects.bulk_create(
        Plan(
            key=f"bench-{i:04d}",
            title=f"演示县{i:04d}国家创新型县建设实施方案（演示数据）",
            region=f"演示县{i:04d}",
            county=counties[i],
            start_year=2023,
            end_year=2025,
            base_year=2022,
        )
        for i in range(n)
    )
    names = [*dict.fromkeys(e.category for e in catalogue.NATIONAL), "特色指标"]
    categories = Category.objects.bulk_create(
        Category(plan=p, name=name, position=j) for p in plans for j, name in enumerate(names)
    )
    by_plan = {(c.plan_id, c.name): c for c in categories}
    indicators = []
    for p in plans:
        for j, e in enumerate(catalogue.NATIONAL):
            indicators.append(
                Indicator(
                    plan=p,
                    category=by_plan[(p.pk, e.category)],
                    code=e.code,
                    catalogue=e.code,
                    number=j + 1,
                    name=e.name,
                    measure_unit=e.unit,
                    direction=str(e.direction),
                    measure_type=str(e.measure_type),
                    frequency=str(e.frequency),
                    decimals=e.decimals,
                    position=j,
                )
            )
        for j in range(3):
            indicators.append(
                Indicator(
                    plan=p,
                    category=by_plan[(p.pk, "特色指标")],
                    code=f"S{j + 1:02d}",
                    number=j + 1,
                    name=f"特色指标{j + 1}",
                    position=20 + j,
                )
            )
    indicators = Indicator.objects.bulk_create(indicators, batch_size=5000)
    targets = []
    values = []
    now = timezone.now()
    for ind in indicators:
        base = Decimal(rng.randint(50, 500))
        growth = Decimal("1.1") if ind.direction == "higher" else Decimal("0.95")
        targets += [
            Target(indicator=ind, year=2022, kind="baseline", value=base),
            Target(indicator=ind, year=2023, kind="target", value=base * growth),
            Target(indicator=ind, year=2024, kind="target", value=base * growth**2),
            Target(indicator=ind, year=2025, kind="assessment", value=base * growth**3),
        ]
        actual = base * Decimal(rng.uniform(0.9, 1.4)).quantize(Decimal("0.01"))
        periods = (
            ["2023", "2024"]
            if ind.frequency == "annual"
            else ["2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1"]
        )
        for period in periods:
            values.append(
                Value(
                    indicator=ind,
                    period=period,
                    state="approved",
                    value=actual,
                    submitted_at=now,
                    is_demo=True,
                )
            )
    Target.objects.bulk_create(targets, batch_size=10000)
    Value.objects.bulk_create(values, batch_size=10000)
    Round.objects.bulk_create(
        Round(plan=p, period=period, deadline=dt.date(2025, 1, 31))
        for p in plans
        for period in ("2023", "2024", "2024Q1", "2024Q2", "2024Q3", "2025Q1")
    )
    units = Unit.objects.bulk_create(Unit(plan=p, name="县科技局") for p in plans)
    Item.objects.bulk_create(
        Item(
            plan_id=u.plan_id,
            number=k,
            title="演示督办事项",
            requirement="整改。",
            source="manual",
            lead_unit=u,
            deadline=dt.date(2025, 1, 1 + k),
            is_demo=True,
        )
        for u in units
        for k in range(1, 3)
    )
    user = User.objects.create_user("province-bench", password=None)
    user.groups.add(ensure_groups()["province"])
    province.users.add(user)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after such inserts
    print(f"built {n} counties: {len(indicators)} indicators, {len(values)} values")
    return user


class _Counter:
    """A database execute wrapper that notes each query."""

    def __init__(self, found: list[str]) -> None:
        self.found = found

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.found.append(sql)
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="time a database built before")
    args = parser.parse_args()
    _setup()
    import time_machine
    from django.db import connection
    from django.test import Client

    started = time.perf_counter()
    if args.reuse:
        from django.contrib.auth.models import User

        user = User.objects.get(username="province-bench")
    else:
        user = _build(args.counties)
    print(f"built in {time.perf_counter() - started:.1f} s on {connection.vendor}")
    client = Client()
    client.force_login(user)
    pages = {
        "overview": "/province/",
        "one indicator": "/province/?indicator=N05",
        "peer group": "/province/?theme=ecology",
        "page 2": "/province/?page=2",
        # Scoring methods: the first request ranks every county in exact arithmetic with the
        # ranks under equal and entropy weights and stores it; the others read it.
        "own targets": "/province/?method=own_targets",
        "chained": "/province/?method=chained",
        "chained group": "/province/?method=chained&zone=ecological",
    }
    with time_machine.travel(dt.datetime(2025, 6, 1, 2, tzinfo=dt.UTC), tick=True):
        everything = []
        for name, path in pages.items():
            t = time.perf_counter()
            assert client.get(path).status_code == 200
            first = (time.perf_counter() - t) * 1000
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200
            queries: list[str] = []
            with connection.execute_wrapper(_Counter(queries)):
                client.get(path)
            everything += times
            times.sort()
            p95 = times[max(0, round(0.95 * len(times)) - 1)]
            print(
                f"{name:14} median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
                f"{len(queries)} queries  (first request {first:6.0f} ms)"
            )
        everything.sort()
        p95 = everything[max(0, round(0.95 * len(everything)) - 1)]
        print(f"{'all pages':14} median {statistics.median(everything):6.1f} ms  p95 {p95:6.1f} ms")
        t = time.perf_counter()
        response = client.get("/province/export.xlsx")
        assert response.status_code == 200
        print(f"export (all counties, one workbook): {(time.perf_counter() - t) * 1000:.0f} ms")
        t = time.perf_counter()
        response = client.get("/province/export.xlsx?method=chained")
        assert response.status_code == 200
        print(f"export by the chained index: {(time.perf_counter() - t) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
