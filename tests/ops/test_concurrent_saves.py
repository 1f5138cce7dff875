"""Simultaneous saves in a real server with several workers: none is refused.

On SQLite a transaction that reads and then writes used to be upgraded from a read lock to a
write lock, which fails at once with "database is locked" (the busy timeout does not apply)
when another worker wrote in between: the user saw the 503 page. Write transactions now take
the write lock when they begin (`transaction_mode: IMMEDIATE`), so they wait their turn.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import urllib.parse
import uuid

import pytest

from tests.ops.test_faults import FORM, PASSWORD, Client, Database, _env, _gunicorn

SAVES = 20
WORKERS = 4


@pytest.fixture
def server(tmp_path):
    database = Database(tmp_path)
    env = _env(tmp_path, database.url)
    database.create()
    try:
        demo = subprocess.run(
            [sys.executable, "-m", "innocounty", "demo", "--no-serve"],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert demo.returncode == 0, demo.stderr
        with _gunicorn(env, tmp_path / "gunicorn.log", workers=WORKERS) as (client, _master):
            yield client.base, database
    finally:
        database.drop()


def test_twenty_units_saving_at_the_same_moment_all_succeed(server):
    base, database = server
    [(round_id,)] = database.rows(
        "SELECT id FROM reporting_round WHERE period = '2025' AND status = 'open'"
    )
    # One (reporter, unit, task) per unit: a task of the unit with no report in the round yet.
    pairs = database.rows(
        "SELECT MIN(u.username), tu.unit_id, MIN(t.number) FROM plans_taskunit tu"
        " JOIN plans_task t ON t.id = tu.task_id"
        " JOIN plans_unit_users uu ON uu.unit_id = tu.unit_id"
        " JOIN auth_user u ON u.id = uu.user_id"
        " WHERE NOT EXISTS (SELECT 1 FROM reporting_taskreport r WHERE r.round_id = ?"
        "   AND r.unit_id = tu.unit_id AND r.task_id = tu.task_id)"
        " GROUP BY tu.unit_id ORDER BY tu.unit_id",
        (round_id,),
    )[:SAVES]
    assert len(pairs) == SAVES, "the demo should have 20 units with an unreported task"
    marker = uuid.uuid4().hex[:12]
    jobs = []
    for username, unit_id, number in pairs:
        client = Client(base)
        client.login(username, PASSWORD)
        path = f"/reporting/rounds/{round_id}/units/{unit_id}/tasks/{number}/save"
        body = urllib.parse.urlencode(
            {"progress": f"{marker} {username}", "percent": "40", "milestone": "", "revision": ""}
        ).encode()
        jobs.append((client, path, body))

    start = threading.Barrier(SAVES)
    results: list = [None] * SAVES

    def save(index: int) -> None:
        client, path, body = jobs[index]
        start.wait(timeout=30)
        try:
            status, url, _page, _headers = client.post(path, body, FORM, timeout=120)
            results[index] = (status, url)
        except OSError as exc:
            results[index] = exc

    threads = [threading.Thread(target=save, args=(i,), daemon=True) for i in range(SAVES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=150)
    assert not any(thread.is_alive() for thread in threads)

    for (username, unit_id, number), result in zip(pairs, results, strict=True):
        # Saved: the redirect back to the task's edit page, answered with 200.
        assert result == (
            200,
            f"{base}/reporting/rounds/{round_id}/units/{unit_id}/tasks/{number}/",
        ), (username, result)
    stored = database.rows(
        "SELECT r.unit_id, t.number, r.progress FROM reporting_taskreport r"
        " JOIN plans_task t ON t.id = r.task_id WHERE r.round_id = ? AND r.progress LIKE ?",
        (round_id, f"{marker} %"),
    )
    assert sorted(stored) == sorted(
        (unit_id, number, f"{marker} {username}") for username, unit_id, number in pairs
    )
