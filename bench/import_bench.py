"""Excel import benchmark (issue 4: a 10,000-row workbook under 5 s and 300 MB).

Builds a plan with 50 monthly indicators and 200 open monthly rounds (10,000 draft values) on a
fresh SQLite database in a temporary folder, exports them, then times `import_workbook` on:

- the export as it is (the round trip: every row compared, nothing written);
- the export with `--changed N` drafts edited (each saved through `services.value_save`).

    python bench/import_bench.py [--changed 1000]

Last measured (dev container, 2 CPUs shared with other jobs, load ≈ 5, Python 3.11, SQLite):
export 2.5 s CPU (5.8 s wall); unchanged round trip 2.4 s CPU (2.6 s wall on a quieter moment,
5.7 s wall under load); 1,000 changed drafts 8.6 s CPU (≈ 6 ms per `value_save`); max RSS 210 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import resource
import sys
import tempfile
import time
from decimal import Decimal

INDICATORS = 50
PERIODS = 200


def build() -> tuple:
    from django.contrib.auth.models import User

    from innocounty.core import schema
    from innocounty.plans.roles import ensure_groups
    from innocounty.plans.services import plan_load
    from innocounty.reporting.models import Round, Value

    data = {
        "key": "bench-2024",
        "title": "基准测试方案",
        "start_year": 2024,
        "end_year": 2026,
        "categories": ["创新投入"],
        "units": [{"name": "县统计局"}],
        "programs": [],
        "indicators": [
            {
                "code": f"B{i:03d}",
                "category": "创新投入",
                "number": i,
                "name": f"基准指标{i}",
                "unit": "个",
                "frequency": "monthly",
                "measure_type": "flow",
                "decimals": 2,
                "responsible_units": ["县统计局"],
            }
            for i in range(1, INDICATORS + 1)
        ],
    }
    plan = plan_load(data=schema.Plan.model_validate(data)).plan
    unit = plan.units.get(name="县统计局")
    user = User.objects.create_user("bench-reporter")
    user.groups.add(ensure_groups()["reporter"])
    unit.users.add(user)
    months = [f"{2008 + m // 12}-{m % 12 + 1:02d}" for m in range(PERIODS)]
    rounds = Round.objects.bulk_create(
        Round(plan=plan, period=p, title=p, deadline=dt.date(2030, 1, 1)) for p in months
    )
    indicators = list(plan.indicators.all())
    Value.objects.bulk_create(
        Value(
            indicator=indicator,
            period=round_.period,
            round=round_,
            unit=unit,
            value=Decimal(100 + n % 7),
            source="统计月报",
            revision=1,
        )
        for round_ in rounds
        for n, indicator in enumerate(indicators)
    )
    return plan, user


def timed(label: str, call) -> object:
    start, cpu = time.perf_counter(), time.process_time()
    result = call()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    # CPU time too: on a shared machine the wall time also counts other processes.
    print(f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU")
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changed", type=int, default=1000, help="drafts edited in the file")
    args = parser.parse_args()
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="innocounty-import-bench-")
    os.environ["DATABASE_URL"] = ""
    os.environ["DJANGO_SETTINGS_MODULE"] = "innocounty.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from openpyxl import load_workbook

    from innocounty.reporting import excel
    from innocounty.reporting.models import Value

    call_command("migrate", verbosity=0)
    plan, user = build()
    data = timed("export 10,000 rows", lambda: excel.export_values(plan=plan))
    print(f"workbook: {len(data) / 1024 / 1024:.2f} MB, {Value.objects.count()} rows")

    result = timed(
        "import unchanged (round trip)", lambda: excel.import_workbook(data=data, by=user)
    )
    print(f"  {result.summary()}")

    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[excel.EXPORT_SHEET]
    first = excel.EXPORT_HEADER_ROW + 1  # below the title and header rows
    for row in range(first, first + args.changed):
        sheet.cell(row, 7, 200.5)
    buffer = io.BytesIO()
    workbook.save(buffer)
    edited = buffer.getvalue()
    result = timed(
        f"import with {args.changed} changed drafts",
        lambda: excel.import_workbook(data=edited, by=user),
    )
    print(f"  {result.summary()}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
