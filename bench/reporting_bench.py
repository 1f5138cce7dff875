"""Server time of the data-entry requests with demo data (issue 4: each under 200 ms).

Runs in-process with Django's test client on a fresh SQLite database in a temporary folder
(or on DATABASE_URL if set), after `innocounty demo --no-serve`. Prints median and p95.

    python bench/reporting_bench.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="innocounty-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "innocounty.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))

    from django.contrib.auth.models import User

    from innocounty.reporting.models import Round, Value

    round_ = Round.objects.get(period="2025")
    value = (
        Value.objects.filter(round=round_, state="draft")
        .select_related("unit", "indicator")
        .first()
    )
    if value is None:
        sys.exit("the demo has no draft value to edit")
    unit = value.unit
    reporter = User.objects.filter(units=unit, groups__name="reporter").first()
    office = User.objects.get(username="office")

    def timed(client: Client, method: str, url: str, data_fn=None) -> list[float]:
        times = []
        for i in range(args.repeat):
            data = data_fn(i) if data_fn else None
            start = time.perf_counter()
            response = client.post(url, data) if method == "POST" else client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code in (200, 302), (url, response.status_code)
        return times

    reporter_client = Client()
    reporter_client.force_login(reporter)
    office_client = Client()
    office_client.force_login(office)
    code = value.indicator.code

    def save_data(i: int) -> dict:
        current = (
            Value.objects.filter(indicator=value.indicator, period="2025")
            .order_by("-version")
            .first()
        )
        number = current.value + (1 if i % 2 == 0 else -1)
        return {
            f"{code}-value": str(number),
            f"{code}-revision": current.revision,
            f"{code}-explanation": "基准测试",
        }

    results = {
        "GET entry page (reporter)": timed(
            reporter_client, "GET", f"/reporting/rounds/{round_.pk}/units/{unit.pk}/"
        ),
        "POST save one value": timed(
            reporter_client,
            "POST",
            f"/reporting/rounds/{round_.pk}/units/{unit.pk}/save",
            save_data,
        ),
        "GET value page": timed(reporter_client, "GET", f"/reporting/values/{value.pk}/"),
        "GET round status (office)": timed(office_client, "GET", f"/reporting/rounds/{round_.pk}/"),
        "GET review queue (office)": timed(
            office_client, "GET", f"/reporting/rounds/{round_.pk}/review/"
        ),
    }
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, repeat {args.repeat}"
    )
    for name, times in results.items():
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"{name:<30} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
