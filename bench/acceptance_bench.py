"""Benchmark of acceptance: the self-evaluation report (snapshot + Word) and the evidence bundle.

Runs on a fresh SQLite database in a temporary folder (or on DATABASE_URL if set), after
`innocounty demo --no-serve`. The demo has no evidence files, so the benchmark first attaches
one 100 KB PDF to each approved value and approved lead task report of the final two years
(about 80 files, 8 MB), as an office would have by acceptance. Times, over --repeat runs:

- create: freeze the snapshot and store the report (`self_evaluation_create`);
- docx: write the stored report as .docx;
- bundle: the zip (report, indicator table, every approved evidence file);
- total: the three together (first run cold, then the median of the warm ones).

Target: report and bundle for the demo under 5 s.

    python bench/acceptance_bench.py [--repeat 5]

Last figures (a shared 2-CPU container, other jobs running):

    evidence files attached: 78 (7.8 MB); docx 47 KB, bundle 7.9 MB
    first run (cold): total 1.58 s (create 0.13 s, docx 0.63 s, bundle 0.83 s)
    warm median: total 1.71 s (create 0.15 s, docx 0.75 s, bundle 0.81 s); max 1.80 s
    (evidence deflated instead of stored: bundle 2.2 s, total 3.4 s)
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
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="innocounty-bench-media-")

    from innocounty.acceptance.bundle import bundle_zip
    from innocounty.acceptance.document import report_docx
    from innocounty.acceptance.services import self_evaluation_create
    from innocounty.plans.models import Plan
    from innocounty.reporting.models import Evidence, TaskReport, Value

    plan = Plan.objects.get(key="qianjiang-2023")
    last = str(plan.end_year - 1), str(plan.end_year)
    owners = [
        {"value": v}
        for v in Value.objects.filter(indicator__plan=plan, state="approved", period__in=last)
    ] + [
        {"task_report": r}
        for r in TaskReport.objects.filter(
            round__plan=plan, state="approved", role="lead", round__period__in=last
        )
    ]
    body = b"%PDF-1.4\n" + os.urandom(100_000)
    for n, owner in enumerate(owners):
        e = Evidence(
            name=f"佐证材料{n}.pdf",
            extension="pdf",
            content_type="application/pdf",
            size=len(body),
            sha256=f"{n:064d}",
            **owner,
        )
        e.file.save(e.name, ContentFile(body), save=False)
        e.save()
    print(f"evidence files attached: {len(owners)} ({len(owners) * len(body) / 1e6:.1f} MB)")

    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        report = self_evaluation_create(plan=plan)
        t1 = time.perf_counter()
        docx = report_docx(report)
        t2 = time.perf_counter()
        archive = bundle_zip(report)
        t3 = time.perf_counter()
        runs.append((t1 - t0, t2 - t1, t3 - t2, t3 - t0))
    first, warm = runs[0], runs[1:] or runs
    median = [statistics.median(r[i] for r in warm) for i in range(4)]
    print(f"docx {len(docx) / 1e3:.0f} KB, bundle {len(archive) / 1e6:.1f} MB")
    print(
        f"first run (cold): total {first[3]:.2f} s "
        f"(create {first[0]:.2f} s, docx {first[1]:.2f} s, bundle {first[2]:.2f} s)"
    )
    print(
        f"warm median: total {median[3]:.2f} s "
        f"(create {median[0]:.2f} s, docx {median[1]:.2f} s, bundle {median[2]:.2f} s); "
        f"max total {max(r[3] for r in runs):.2f} s"
    )


if __name__ == "__main__":
    main()
