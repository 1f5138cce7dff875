"""Server time of the monitor pages, in-process with Django's test client (DEBUG off).

Builds a throw-away SQLite database (or uses DATABASE_URL when given; it must be empty),
loads the Qianjiang plan with the demo accounts and demo reporting data, and times each page
for a leader (`--runs` requests each, after one warm-up). Then loads `--plans` − 1 more
copies of the plan under other keys, each with generated approved values for 2022–2025,
rounds and approved task reports, and times the pages again (for the Qianjiang plan and for
one of the copies). Prints median and p95 per page and over all pages.
Goal with the demo data: median < 50 ms, p95 < 100 ms.

    python bench/pages_bench.py [--runs 30] [--plans 20]

Last figures (SQLite, Python 3.11, 30 runs, 2 CPUs with one other test run going):

    demo data (1 plan, 88 values, 82 task reports):  all pages median 32.5 ms, p95 51.9 ms
      cockpit 40.9 / 52.6, task board 34.8 / 39.1, indicator 26.8 / 35.2, ranking 27.1 / 45.7
    20 plans (1285 values, 1678 task reports), Qianjiang:  median 27.3 ms, p95 40.7 ms
    20 plans, a generated copy:                            median 25.3 ms, p95 39.2 ms

Under a load average of about 5 (three other test runs) the same pages took 2–3× longer
(median 100 ms). The number of queries per page does not grow with the data (tests/monitor),
so time is Python: the plan export, template rendering and the ORM.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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


def _pages(plan) -> dict[str, str]:
    unit = plan.units.get(name="市科技局")
    key = plan.key
    return {
        "cockpit": f"/monitor/{key}/",
        "cockpit?period=2024": f"/monitor/{key}/?period=2024",
        "indicator-list": f"/monitor/{key}/indicators/?status=amber",
        "indicator N14": f"/monitor/{key}/indicators/N14/",
        "task-board": f"/monitor/{key}/tasks/",
        "task-board (htmx filter)": f"/monitor/{key}/tasks/?program=2",
        "task 5": f"/monitor/{key}/tasks/5/",
        "ranking": f"/monitor/{key}/ranking/",
        "unit scorecard": f"/monitor/{key}/units/{unit.pk}/",
    }


def _time(client, pages: dict[str, str], runs: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for name, url in pages.items():
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
        assert client.get(url, **headers).status_code == 200, url  # warm-up
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url, **headers)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
        timings[name] = samples
    return timings


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _print(title: str, timings: dict[str, list[float]]) -> None:
    print(f"\n{title}")
    print(f"  {'page':<28}{'median':>9}{'p95':>9}   (ms)")
    for name, samples in timings.items():
        print(f"  {name:<28}{statistics.median(samples):>9.1f}{_p95(samples):>9.1f}")
    every = [s for samples in timings.values() for s in samples]
    print(f"  {'all pages':<28}{statistics.median(every):>9.1f}{_p95(every):>9.1f}")


def _copy_plan(data, key: str, office, index: int) -> None:
    """Load the plan under `key` with generated approved values, rounds and task reports."""
    from django.utils import timezone

    from innocounty.plans.models import TaskUnit
    from innocounty.plans.services import plan_load
    from innocounty.reporting.models import Round, TaskReport, Value, WorkflowState

    plan = plan_load(data=data.model_copy(update={"key": key})).plan
    approved = WorkflowState.APPROVED
    submitted = timezone.make_aware(dt.datetime(2026, 3, 1, 10))
    rounds = {
        year: Round.objects.create(
            plan=plan,
            period=str(year),
            title=f"{year}年度填报",
            deadline=dt.date(year + 1, 3, 31),
            status=Round.Status.CLOSED,
            include_tasks=year >= plan.start_year,
        )
        for year in range(2022, 2026)
    }
    values = []
    for position, indicator in enumerate(plan.indicators.prefetch_related("targets")):
        targets = {(t.year, t.kind): t.value for t in indicator.targets.all()}
        unit = indicator.units.first()
        for year, round_ in rounds.items():
            reference = (
                targets.get((year, "target"))
                or targets.get((year, "assessment"))
                or targets.get((2022, "baseline"))
            )
            if reference is None:
                continue
            factor = Decimal("0.90") + Decimal((position * 7 + index + year) % 20) / 100
            values.append(
                Value(
                    indicator=indicator,
                    period=str(year),
                    round=round_,
                    unit=unit,
                    state=approved,
                    value=(reference * factor).quantize(Decimal("0.01")),
                    submitted_at=submitted,
                    is_demo=True,
                )
            )
    Value.objects.bulk_create(values)
    reports = []
    leads = TaskUnit.objects.filter(task__plan=plan, role=TaskUnit.Role.LEAD)
    for n, link in enumerate(leads):
        for year, round_ in rounds.items():
            if not round_.include_tasks:
                continue
            reports.append(
                TaskReport(
                    round=round_,
                    task_id=link.task_id,
                    unit_id=link.unit_id,
                    role=TaskReport.Role.LEAD,
                    state=approved,
                    progress="生成的进展(基准测试)",
                    percent=min(100, 30 + 10 * ((n + year) % 8)),
                    submitted_at=submitted,
                    is_demo=True,
                )
            )
    TaskReport.objects.bulk_create(reports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--plans", type=int, default=20)
    args = parser.parse_args()
    _setup()

    from django.contrib.auth.models import User
    from django.test import Client

    from innocounty.core.planfile import load_plan_file, shipped_plan_path
    from innocounty.plans.demo import demo_accounts_create
    from innocounty.plans.models import Plan
    from innocounty.plans.services import plan_load
    from innocounty.reporting.demo import demo_reporting_create
    from innocounty.reporting.models import TaskReport, Value

    data = load_plan_file(shipped_plan_path("qianjiang-2023"))
    plan = plan_load(data=data).plan
    demo_accounts_create(plan=plan)
    demo_reporting_create(plan=plan, today=dt.date.today())
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    print(
        f"demo data: 1 plan, {Value.objects.count()} values, "
        f"{TaskReport.objects.count()} task reports"
    )
    _print("demo data (Qianjiang)", _time(client, _pages(plan), args.runs))

    office = User.objects.get(username="office")
    start = time.perf_counter()
    for i in range(1, args.plans):
        _copy_plan(data, f"qianjiang-copy-{i:02d}", office, i)
    print(
        f"\nloaded {args.plans - 1} more plans in {time.perf_counter() - start:.1f} s: "
        f"{Plan.objects.count()} plans, {Value.objects.count()} values, "
        f"{TaskReport.objects.count()} task reports"
    )
    _print(f"{args.plans} plans: Qianjiang", _time(client, _pages(plan), args.runs))
    copy = Plan.objects.get(key=f"qianjiang-copy-{args.plans - 1:02d}")
    _print(f"{args.plans} plans: {copy.key}", _time(client, _pages(copy), args.runs))


if __name__ == "__main__":
    main()
