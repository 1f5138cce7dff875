"""Benchmark of supervision: `innocounty remind` and the ledger page (督办台账).

Runs on a fresh SQLite database in a temporary folder (or on DATABASE_URL if set), after
`innocounty demo --no-serve`, with 2,000 open supervision items (a third overdue, a third due
within three days, a third later) and 500 more people spread over the units. Times:

- remind: one run sending every reminder due today, in-app plus e-mail to a local SMTP server
  (aiosmtpd) plus a webhook to a local HTTP receiver; then the same day again (nothing new);
- ledger: the office's ledger page (first page of 50 items), --repeat requests, p50 / p95.

Targets: remind under 5 s; ledger page p95 under 200 ms.

    python bench/supervision_bench.py [--repeat 50]

Last figures (a shared 2-CPU container with a load average of 10–11 from other jobs; e-mail
goes out over 4 parallel SMTP connections):

    items: 2010, users: 535
    remind: 4.25 s wall, 1.17 s CPU — 1353 reminders, 46331 deliveries (533 e-mail recipients,
    65 webhook posts), 0 failed
    remind again the same day: 0.73 s, 0 sent
    ledger page (50 requests, 50 items a page): p50 114 ms, p95 155 ms
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="innocounty-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "innocounty.settings"
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    # The mail server runs in its own process, as a real one would.
    smtp_port = _free_port()
    smtp = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{smtp_port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ]
    )
    time.sleep(1.5)

    class Hook(BaseHTTPRequestHandler):
        posts = 0

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            Hook.posts += 1
            self.send_response(200)
            self.end_headers()

        def log_message(self, *a):
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    os.environ["EMAIL_HOST"] = "127.0.0.1"
    os.environ["EMAIL_PORT"] = str(smtp_port)
    os.environ["NOTIFY_WEBHOOK_URL"] = f"http://127.0.0.1:{http.server_address[1]}/robot"

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from innocounty.plans.models import Plan, Unit
    from innocounty.supervision.models import Delivery, Item
    from innocounty.supervision.reminders import remind

    call_command("demo", no_serve=True, stdout=open(os.devnull, "w"))
    plan = Plan.objects.get(key="qianjiang-2023")
    units = list(plan.units.filter(kind=Unit.Kind.UNIT))
    User = get_user_model()
    people = User.objects.bulk_create(
        [User(username=f"bench{i:03d}", email=f"bench{i:03d}@bench.invalid") for i in range(500)]
    )
    through = Unit.users.through
    through.objects.bulk_create(
        [through(unit_id=units[i % len(units)].pk, user_id=u.pk) for i, u in enumerate(people)]
    )
    today = timezone.localdate()
    now = timezone.now()
    start_number = (Item.objects.filter(plan=plan).order_by("-number").first().number) + 1
    Item.objects.bulk_create(
        [
            Item(
                plan=plan,
                number=start_number + i,
                title=f"压测督办事项 {i}",
                requirement="压测",
                source="manual",
                lead_unit=units[i % len(units)],
                deadline=today + dt.timedelta(days=(-5, 2, 30)[i % 3]),
                assigned_at=now - dt.timedelta(days=40),
            )
            for i in range(2000)
        ]
    )
    print(f"items: {Item.objects.count()}, users: {User.objects.count()}")

    lines: list[str] = []
    start, cpu = time.perf_counter(), time.process_time()
    result = remind(out=lines.append)
    first = time.perf_counter() - start
    cpu = time.process_time() - cpu
    emails = Delivery.objects.filter(channel="email", ok=True).values_list("recipient", flat=True)
    print(
        f"remind: {first:.2f} s wall, {cpu:.2f} s CPU — {len(result.reminders)} reminders, {result.sent} deliveries "
        f"({len({d for d in emails})} e-mail recipients, {Hook.posts} webhook posts), {result.failed} failed"
    )
    start = time.perf_counter()
    again = remind(out=lines.append)
    print(f"remind again the same day: {time.perf_counter() - start:.2f} s, {again.sent} sent")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="office"))
    url = f"/supervision/plans/{plan.key}/"
    assert client.get(url).status_code == 200
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"ledger page ({args.repeat} requests): p50 {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms"
    )
    smtp.terminate()
    smtp.wait()
    http.shutdown()


if __name__ == "__main__":
    main()
