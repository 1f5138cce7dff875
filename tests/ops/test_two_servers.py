"""Two app servers, one PostgreSQL and one shared file store: a value approved through one
server is seen through the other at once, on its pages and in its API.

Each server is its own gunicorn on its own port, with the production settings, the same
DATABASE_URL and the same DATA_DIR (media). The stored results (`monitor.results`) live in the
database, so neither server keeps anything that could go stale. PostgreSQL only (marked so):
two servers on one SQLite file are not a deployment this project supports.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from tests.ops.test_faults import FORM, PASSWORD, Client, Database, _env, _gunicorn

pytestmark = pytest.mark.postgresql

PLAN = "qianjiang-2023"
PERIOD = "2025"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _run(env, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "innocounty", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def servers(tmp_path):
    database = Database(tmp_path)
    env = _env(tmp_path, database.url)  # one DATA_DIR, hence one media folder, for both
    database.create()
    try:
        _run(env, "demo", "--no-serve")
        token = _run(env, "create-token", "office").strip().split()[-1]
        with contextlib.ExitStack() as stack:
            one, _ = stack.enter_context(_gunicorn(env, tmp_path / "one.log"))
            two, _ = stack.enter_context(_gunicorn(env, tmp_path / "two.log"))
            assert one.base != two.base
            yield one, two, database, token
    finally:
        database.drop()


def _api(client: Client, path: str, token: str) -> dict:
    request = urllib.request.Request(
        client.base + path, headers={"Authorization": f"Token {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _row(client: Client, token: str, code: str) -> dict:
    data = _api(client, f"/api/v1/plans/{PLAN}/indicators/?period={PERIOD}&page_size=500", token)
    return next(r for r in data["results"] if r["code"] == code)


def test_a_value_approved_through_one_server_shows_through_the_other_at_once(servers):
    one, two, database, token = servers
    [(value_id, code, number)] = database.rows(
        "SELECT v.id, i.code, v.value FROM reporting_value v"
        " JOIN plans_indicator i ON i.id = v.indicator_id"
        " WHERE v.state = 'submitted' AND v.period = ? ORDER BY v.id LIMIT 1",
        (PERIOD,),
    )
    for client in (one, two):
        client.login("office", PASSWORD)
    url = f"/monitor/{PLAN}/indicators/{code}/?period={PERIOD}"
    # Both servers have read (and stored) the result before the approval.
    before = [_row(client, token, code) for client in (one, two)]
    assert before[0] == before[1] and before[0]["value"] != _number(number)
    page_before = _page(two, url)
    assert database.rows("SELECT COUNT(*) FROM monitor_planresult")[0][0] >= 1

    body = urllib.parse.urlencode({"reason": ""}).encode()
    status, _url, _body, _headers = one.post(f"/reporting/values/{value_id}/approve", body, FORM)
    assert status == 200
    assert database.rows("SELECT state FROM reporting_value WHERE id = ?", (value_id,)) == [
        ("approved",)
    ]

    after = _row(two, token, code)
    assert after["value"] == _number(number) and after["period"] == PERIOD
    assert after == _row(one, token, code)
    assert _page(two, url) != page_before


def _number(value) -> str:
    """The API's form of a decimal: exact, without trailing zeros."""
    return format(value.normalize(), "f")


def _page(client: Client, path: str) -> bytes:
    """A page without its per-response CSRF token."""
    return CSRF.sub(b"", client.get(path))
