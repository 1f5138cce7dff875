"""Benchmark of the bulletin: snapshot + Word document with charts, and the Excel exports.

Runs on a fresh SQLite database in a temporary folder (or on DATABASE_URL if set), after
`innocounty demo --no-serve`, for the period 2025. Times, each over --repeat runs:

- create: freeze the snapshot and store the bulletin (`bulletin_create`);
- docx: write the stored bulletin as .docx, charts included (matplotlib, CJK font);
- bulletin: both together, the first run (cold: font loading, first query plans) and the
  median of the warm ones; importing matplotlib (≈1–1.5 s, once per process) is timed apart;
- xlsx: the three Excel exports (indicators, scorecards, 催办 list) together.

Targets: a bulletin under 3 s including charts; the Excel exports under 2 s.

    python bench/bulletin_bench.py [--repeat 5]

Last figures (a shared 2-CPU container, other jobs running):

    import matplotlib (once per process): 0.57 s (1.5 s on a busier run)
    bulletin, first run (cold): 1.08 s; warm median 0.99 s (create 0.10 s, docx 0.90 s)
    xlsx (three exports): median 0.12 s, max 0.16 s
    (cold including the import: 1.7–3.2 s depending on the load of the machine)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="innocounty-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "innocounty.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))

    from innocounty.bulletins import charts
    from innocounty.bulletins.document import bulletin_docx
    from innocounty.bulletins.exporters import EXPORTERS, write_xlsx_with_status
    from innocounty.bulletins.services import bulletin_create
    from innocounty.plans.models import Plan

    plan = Plan.objects.get(key="qianjiang-2023")
    # A one-off cost of the process (a web worker pays it once): reported apart.
    start = time.perf_counter()
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401

    print(f"import matplotlib (once per process): {time.perf_counter() - start:.2f} s")
    font = charts.find_cjk_font()
    print(f"CJK font for charts: {font or 'none (no charts)'}")
    totals, creates, docxs, xlsxs = [], [], [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        bulletin = bulletin_create(plan=plan, period="2025")
        made = time.perf_counter()
        content, _warnings = bulletin_docx(bulletin)
        done = time.perf_counter()
        creates.append(made - start)
        docxs.append(done - made)
        totals.append(done - start)
        start = time.perf_counter()
        for exporter in EXPORTERS.values():
            write_xlsx_with_status(exporter(bulletin.snapshot))  # type: ignore[call-arg]
        xlsxs.append(time.perf_counter() - start)
    warm = totals[1:] or totals
    print(f"docx size: {len(content) / 1024:.0f} KB")
    print(
        f"bulletin, first run (cold): {totals[0]:.2f} s; warm median {statistics.median(warm):.2f} s"
        f" (create {statistics.median(creates[1:] or creates):.2f} s,"
        f" docx {statistics.median(docxs[1:] or docxs):.2f} s)"
    )
    print(f"xlsx (three exports): median {statistics.median(xlsxs):.3f} s, max {max(xlsxs):.3f} s")
    ok = max(totals) < 3 and max(xlsxs) < 2
    print("targets met" if ok else "TARGETS MISSED: bulletin < 3 s, xlsx < 2 s")


if __name__ == "__main__":
    main()
