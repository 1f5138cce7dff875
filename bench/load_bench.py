"""A bounded load test against gunicorn on 127.0.0.1 (issues 6 and 8).

Prepares a fresh database with `innocounty demo --no-serve` (SQLite in a temporary folder, or
the PostgreSQL database named by DATABASE_URL, which must be empty or a previous demo), starts
gunicorn with N workers on a free port of 127.0.0.1, and runs USERS concurrent users for
SECONDS seconds. Each user logs in with a demo account and loops: readers open pages, reporters
also save a value of their unit in the open quarterly round. Afterwards it counts what was sent
and what is stored (every accepted save must have its audit entry), and prints errors and
latency percentiles. Traffic goes to 127.0.0.1 only; every loop stops at the deadline.

    python bench/load_bench.py --users 50 --seconds 60 [--think 2]   # issue 6: reading
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/innocounty_load \\
        python bench/load_bench.py --users 100 --seconds 120 --workers 2 --write-share 0.3

Latest figures (2026-11-30, issue 16's load: 2 workers, 100 users, 90 s, think 2 s, 30 % of
clicks a save; 2 CPUs shared by gunicorn, the load generator and the database; 0 errors, no
lost write in every run):

    SQLite      52 requests/s, pages median 34.4 ms, p95 150.8 ms; saves p95 84.8 ms
    PostgreSQL  53 requests/s, pages median 24.0 ms, p95  58.6 ms; saves p95 71.1 ms
                (with a niced CPU-bound job on the other CPU: median 64.4 ms, p95 352.7 ms)
    Before the plan page read its plan once instead of once per link (182 queries, now 15):
    SQLite p95 206 ms, PostgreSQL p95 470 ms.

Earlier figures (2 CPUs shared by gunicorn, the load generator and the database):

    SQLite, 2 workers, 50 users, 60 s, think 2 s: 1267 requests (21/s), 0 errors,
      pages median 582 ms, p95 1270 ms (with another test run on the machine)
    PostgreSQL, 2 workers, 100 users, 120 s, think 2 s, 30 % of clicks a save:
      3810 requests (32/s), 0 errors, pages median 1319 ms, p95 2445 ms;
      saves median 1230 ms, p95 2167 ms; 39 saves accepted, 7 told of a conflict,
      39 audited saves stored -> no lost write
    The machine is saturated (two sync workers on two cores at ~30 requests/s): latency is
    queueing, so more workers or app servers scale it; in-process a page takes 25-50 ms
    (bench/pages_bench.py).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import math
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field

HOST = "127.0.0.1"
PASSWORD = "demo12345"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    saves_accepted: int = 0
    saves_conflict: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, ms: float) -> None:
        with self.lock:
            self.latencies[kind].append(ms)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # keep 302s visible
        return None


class User:
    def __init__(self, base: str, username: str, stats: Stats) -> None:
        self.base = base
        self.username = username
        self.stats = stats
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, kind: str, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Referer": self.base + path}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode("utf-8", "replace")
        except Exception as exc:  # connection reset, timeout
            self.stats.errors.append(f"{kind} {path}: {exc!r}")
            return 0, ""
        self.stats.record(kind, (time.perf_counter() - start) * 1000)
        if status >= 400:
            self.stats.errors.append(f"{kind} {path}: HTTP {status}")
        return status, text

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self) -> bool:
        self.request("login-page", "/accounts/login/")
        status, _ = self.request(
            "login",
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        return status == 302


THINK = [0.0]  # seconds a user pauses between requests (set from --think)


def pause(deadline: float) -> None:
    """A person reads a page before the next click: uniformly 0.5–1.5 × --think seconds."""
    if THINK[0] > 0:
        time.sleep(min(max(0.0, deadline - time.monotonic()), THINK[0] * random.uniform(0.5, 1.5)))


def reader_loop(user: User, pages: list[str], deadline: float) -> None:
    while time.monotonic() < deadline:
        user.request("page", random.choice(pages))
        pause(deadline)


def reporter_loop(
    user: User, pages: list[str], entry: str, deadline: float, write_share: float
) -> None:
    while time.monotonic() < deadline:
        pause(deadline)
        if random.random() >= write_share:
            user.request("page", random.choice(pages))
            continue
        status, html = user.request("entry", entry)
        fields = re.findall(r'name="([A-Za-z0-9_-]+)-revision" value="(\d+)"', html)
        if status != 200 or not fields:
            continue
        code, revision = random.choice(fields)
        number = f"{random.randint(100, 999)}"
        status, text = user.request(
            "save",
            entry + "save",
            {
                f"{code}-value": number,
                f"{code}-revision": revision,
                f"{code}-explanation": "负载测试",
                "csrfmiddlewaretoken": user.csrf(),
            },
        )
        with user.stats.lock:
            if status == 302:
                user.stats.saves_accepted += 1
            elif "您的修改未保存" in text:
                user.stats.saves_conflict += 1
            elif status == 200:
                # A validation message (e.g. a share above 100): refused, nothing written.
                pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write-share", type=float, default=0.0)
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between clicks, s")
    args = parser.parse_args()
    THINK[0] = args.think
    if not 0 < args.seconds <= 600 or not 0 < args.users <= 200:
        sys.exit("--seconds must be 1–600 and --users 1–200")

    data_dir = tempfile.mkdtemp(prefix="innocounty-load-")
    env = {
        **os.environ,
        "DATA_DIR": data_dir,
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "SECRET_KEY": "load-bench-" + "x" * 50,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": "100000",
        "DB_CONN_MAX_AGE": "60",
    }
    python = sys.executable
    if env["DATABASE_URL"].startswith("postgres"):
        _create_database(env["DATABASE_URL"])
    subprocess.run(
        [python, "-m", "innocounty", "demo", "--no-serve"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [python, "-m", "innocounty", "collectstatic", "--noinput"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    counts = _stored_counts(env)

    port = free_port()
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "innocounty.wsgi", "-b", f"{HOST}:{port}",
         "-w", str(args.workers), "--timeout", "60", "--log-level", "warning",
         "--no-control-socket"],
        env=env, start_new_session=True,
    )  # fmt: skip
    base = f"http://{HOST}:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        stats = Stats()
        plan, rounds, units, entries = _world(env)
        common = [
            f"/plans/{plan}/", f"/plans/{plan}/indicators/", f"/monitor/{plan}/tasks/",
            f"/reporting/rounds/{rounds['2025']}/", f"/plans/{plan}/units/",
        ]  # fmt: skip
        # Leaders and the office watch the cockpit; reporters their to-do list.
        readers = [*common, f"/monitor/{plan}/", f"/monitor/{plan}/ranking/"]
        reporters = [*common, "/reporting/todo/"]
        # Everyone logs in first (password hashing is slow on purpose), then the clock starts.
        names = ["office", "leader", *units]
        users = []
        for i in range(args.users):
            user = User(base, names[i % len(names)], stats)
            if user.login():
                users.append(user)
            else:
                stats.errors.append(f"login {user.username} failed")
        deadline = time.monotonic() + args.seconds
        threads = []
        for user in users:
            pages = readers if user.username in ("office", "leader") else reporters
            if user.username in entries and args.write_share > 0:
                target = reporter_loop
                loop_args = (pages, entries[user.username], deadline, args.write_share)
            else:
                target, loop_args = reader_loop, (pages, deadline)
            thread = threading.Thread(target=target, args=(user, *loop_args), daemon=True)
            threads.append(thread)
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 60)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    after = _stored_counts(env)
    stored = after["value_saves"] - counts["value_saves"]
    total = sum(len(v) for v in stats.latencies.values())
    print(f"database: {'PostgreSQL' if env['DATABASE_URL'] else 'SQLite'}, "
          f"{args.workers} gunicorn workers, {args.users} users, {args.seconds} s, "
          f"think {args.think} s")  # fmt: skip
    print(f"requests: {total} ({total / args.seconds:.0f}/s), errors: {len(stats.errors)}")
    for kind, values in sorted(stats.latencies.items()):
        values.sort()
        p95 = values[max(0, math.ceil(len(values) * 0.95) - 1)]  # nearest rank
        print(f"  {kind:<11} n={len(values):<6} median {statistics.median(values):7.1f} ms"
              f"   p95 {p95:7.1f} ms   max {values[-1]:7.1f} ms")  # fmt: skip
    if args.write_share > 0:
        print(f"saves accepted: {stats.saves_accepted}, told of a conflict: {stats.saves_conflict}, "
              f"audited saves stored: {stored} -> {'no lost write' if stored == stats.saves_accepted else 'MISMATCH'}")  # fmt: skip
    for error in stats.errors[:10]:
        print("  error:", error)
    if stats.errors or (args.write_share > 0 and stored != stats.saves_accepted):
        sys.exit(1)


def _create_database(url: str) -> None:
    """Create the PostgreSQL database named by `url` when it does not exist yet."""
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def _django(env: dict) -> None:
    os.environ.update({k: v for k, v in env.items() if k in ("DATA_DIR", "DATABASE_URL")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "innocounty.settings"
    import django

    django.setup()


def _stored_counts(env: dict) -> dict[str, int]:
    _django(env)
    from django.db import connection

    from innocounty.audit.models import LogEntry

    connection.close()
    return {
        "value_saves": LogEntry.objects.filter(
            action__in=["reporting.value.created", "reporting.value.changed"]
        ).count()
    }


def _world(env: dict) -> tuple[str, dict[str, int], list[str], dict[str, str]]:
    """The plan key, round ids by period, reporter accounts and each one's entry page."""
    _django(env)
    from django.contrib.auth.models import User as DjangoUser

    from innocounty.reporting.models import Round

    rounds = {r.period: r.pk for r in Round.objects.all()}
    open_round = Round.objects.filter(status="open").exclude(period="2025").first()
    plan = open_round.plan
    entries = {}
    units = []
    for user in DjangoUser.objects.filter(groups__name="reporter").exclude(username="office"):
        unit = user.units.first()
        units.append(user.username)
        if unit is not None and open_round.indicators().filter(indicator_units__unit=unit).exists():
            entries[user.username] = f"/reporting/rounds/{open_round.pk}/units/{unit.pk}/"
    return plan.key, rounds, units, entries


if __name__ == "__main__":
    main()
