"""Benchmark of the office's people page and audit log page.

Runs on a fresh SQLite database in a temporary folder (or on DATABASE_URL if set) after
`innocounty demo --no-serve`, adds --people reporter accounts and --entries audit entries,
then times each page (median of --repeat requests through Django's test client) and counts its
database queries. Target: each page under 0.5 s; the query count does not grow with people.

    python bench/people_bench.py [--people 500] [--entries 20000] [--repeat 5]

Last figures (a shared 2-CPU container at load average ≈ 10: eight engineers' test runs, so
these are several times slower than an idle machine; the query counts are what is exact):

    people: median 1.7–2.6 s, 10 queries (535 people, 20 497 audit entries)
    audit log: median 0.56–0.59 s, 11 queries
    audit log, filtered by action and date: median 0.60–0.65 s, 11 queries
    locked logins: median 0.005–0.06 s, 7 queries
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="innocounty-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "innocounty.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))
    from innocounty.accounts.models import Profile
    from innocounty.audit.models import LogEntry
    from innocounty.plans import roles
    from innocounty.plans.models import Unit

    User = get_user_model()
    units = list(Unit.objects.filter(kind=Unit.Kind.UNIT))
    reporter = roles.ensure_groups()[roles.REPORTER]
    users = User.objects.bulk_create(
        [User(username=f"bench{i:05d}", first_name=f"人员{i}") for i in range(args.people)]
    )
    reporter.user_set.add(*users)
    Profile.objects.bulk_create([Profile(user=u, phone=f"139{i:08d}") for i, u in enumerate(users)])
    for i, u in enumerate(users):
        units[i % len(units)].users.add(u)
    ct = ContentType.objects.get_for_model(User)
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=ct,
                object_id=str(users[i % len(users)].pk),
                action="ops.login.succeeded",
                data={"address": "10.0.0.1"},
            )
            for i in range(args.entries)
        ],
        batch_size=2000,
    )
    client = Client()
    client.force_login(User.objects.get(username="office"))
    for name, url in [
        ("people", "/accounts/manage/people/"),
        ("audit log", "/accounts/manage/audit/"),
        (
            "audit log, filtered",
            "/accounts/manage/audit/?action=ops.login.succeeded&date_from=2020-01-01",
        ),
        ("locked logins", "/accounts/manage/locked/"),
    ]:
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{name}: median {statistics.median(times):.3f} s, max {max(times):.3f} s, "
            f"{len(queries.captured_queries)} queries "
            f"({User.objects.count()} people, {LogEntry.objects.count()} audit entries)"
        )


if __name__ == "__main__":
    main()
