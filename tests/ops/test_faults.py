"""Faults in a real server: a gunicorn worker killed in the middle of an Excel import.

The server runs as in production (gunicorn, DEBUG=0) on 127.0.0.1 against a database of its own:
a SQLite file, or a PostgreSQL database created for the test when the suite runs on PostgreSQL.
The server runs `tests/ops/slow_import_wsgi.py`, the production application with a wait after each
saved row, so the worker can be killed while its transaction holds some rows but not all.
Every wait is bounded and the server's process group is always killed.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import io
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import dj_database_url
import pytest
from openpyxl import load_workbook

from innocounty.reporting import excel
from tests.ops.slow import DELAY

UNIT = "市科技局"
REPORTER = "unit05"  # the demo reporter of 市科技局
PASSWORD = "demo12345"
PERIOD = "2025"
FORM = "application/x-www-form-urlencoded"  # the demo's yearly round: a draft, a returned value and a missing one


# --- the database the server uses -----------------------------------------------------------


class Database:
    """The server's database, read with plain sqlite3 or psycopg (not the test's Django)."""

    def __init__(self, tmp_path: Path) -> None:
        suite = dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite://")
        self.postgres = suite["ENGINE"] == "django.db.backends.postgresql"
        if self.postgres:
            self.server = {
                "host": suite["HOST"] or "127.0.0.1",
                "port": suite["PORT"] or 5432,
                "user": suite["USER"],
                "password": suite["PASSWORD"] or None,
            }
            self.name = f"innocounty_fault_{os.getpid()}"
            auth = suite["USER"] + (f":{suite['PASSWORD']}" if suite["PASSWORD"] else "")
            self.url = f"postgres://{auth}@{self.server['host']}:{self.server['port']}/{self.name}"
        else:
            self.path = tmp_path / "fault.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as conn:
            conn.execute(sql)

    def create(self) -> None:
        if self.postgres:
            self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            self._admin(f"CREATE DATABASE {self.name}")

    def drop(self) -> None:
        if self.postgres:
            self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.postgres:
            import psycopg

            with psycopg.connect(dbname=self.name, **self.server) as conn:
                return [tuple(r) for r in conn.execute(sql.replace("?", "%s"), params)]
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def writing(self) -> bool:
        """Whether a transaction has written rows and is still open (neither committed nor
        rolled back)."""
        if self.postgres:
            return bool(
                self.rows(
                    "SELECT 1 FROM pg_stat_activity WHERE datname = ? AND backend_xid IS NOT NULL"
                    " AND state = 'idle in transaction'",
                    (self.name,),
                )
            )
        conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:  # "database is locked": a writer holds the lock
            return True
        finally:
            conn.close()

    def snapshot(self) -> tuple[list[tuple], list[tuple]]:
        values = self.rows("SELECT * FROM reporting_value ORDER BY id")
        log = self.rows("SELECT id, action, object_id FROM audit_logentry ORDER BY id")
        return values, log


# --- the server -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid …; comm may hold spaces and parentheses.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _wait(condition, timeout: float, what: str, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Client:
    """A browser's cookies and CSRF token over urllib (requests is not installed)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str, timeout: float = 10) -> bytes:
        with self.opener.open(self.base + path, timeout=timeout) as response:
            return response.read()

    def post(self, path: str, body: bytes, content_type: str, timeout: float = 10):
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Content-Type": content_type, "X-CSRFToken": self.cookie("csrftoken")},
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.geturl(), response.read(), response.headers
        except urllib.error.HTTPError as exc:
            return exc.code, exc.geturl(), exc.read(), exc.headers

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def login_form(self, username: str, password: str) -> bytes:
        page = self.get("/accounts/login/").decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        return urllib.parse.urlencode(form).encode()

    def login(self, username: str, password: str) -> None:
        body = self.login_form(username, password)
        status, url, _body, _headers = self.post("/accounts/login/", body, FORM)
        assert status == 200 and "/accounts/login/" not in url, "login failed"
        assert self.cookie("sessionid")

    def upload(self, path: str, name: str, content: bytes, timeout: float = 30):
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                "\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.post(path, body, f"multipart/form-data; boundary={boundary}", timeout)


@contextlib.contextmanager
def _gunicorn(env: dict[str, str], log: Path, workers: int = 1, app: str = "innocounty.wsgi"):
    """gunicorn serving `app` with `workers` workers on a free port; yields (client, master
    process)."""
    port = _free_port()
    # No control socket: it defaults to one path per user, which parallel servers would share.
    command = [sys.executable, "-m", "gunicorn", app, "--no-control-socket"]
    with log.open("wb") as out:
        master = subprocess.Popen(
            [*command, "-b", f"127.0.0.1:{port}", "-w", str(workers), "--timeout", "60"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            client = Client(f"http://127.0.0.1:{port}")
            _wait(lambda: _serving(client), 30, "gunicorn to answer", step=0.2)
            yield client, master
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(master.pid, signal.SIGKILL)
            master.wait(timeout=10)


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "fault-test-" + uuid.uuid4().hex,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.fixture
def server(tmp_path):
    """A demo install served by gunicorn with one worker; yields (client, database, master)."""
    database = Database(tmp_path)
    env = _env(tmp_path, database.url)
    database.create()
    try:
        demo = subprocess.run(
            [sys.executable, "-m", "innocounty", "demo", "--no-serve"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert demo.returncode == 0, demo.stderr
        slow = "tests.ops.slow_import_wsgi"
        with _gunicorn(env, tmp_path / "gunicorn.log", app=slow) as (client, master):
            yield client, database, master
    finally:
        database.drop()


def _serving(client: Client) -> bool:
    try:
        return bool(client.get("/accounts/login/", timeout=2))
    except OSError:
        return False


# --- the test -------------------------------------------------------------------------------


def _filled_template(template: bytes) -> tuple[bytes, dict[str, float]]:
    """The template with a new number in every editable 数值 cell."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[excel.TEMPLATE_SHEET]
    columns = {c.key: i for i, c in enumerate(excel.TEMPLATE_COLUMNS, start=1)}
    filled = {}
    for row in range(excel.TEMPLATE_HEADER_ROW + 1, sheet.max_row + 1):
        cell = sheet.cell(row, columns["value"])
        if cell.protection.locked:
            continue
        number = float(cell.value or 0) + 7
        cell.value = number
        filled[sheet.cell(row, columns["code"]).value] = number
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), filled


def test_a_worker_killed_in_the_middle_of_an_import_leaves_all_or_nothing(server):
    started = time.monotonic()
    client, database, master = server
    [(round_id,)] = database.rows("SELECT id FROM reporting_round WHERE period = ?", (PERIOD,))
    [(unit_id,)] = database.rows("SELECT id FROM plans_unit WHERE name = ?", (UNIT,))
    client.login(REPORTER, PASSWORD)
    base = f"/reporting/rounds/{round_id}/units/{unit_id}"
    content, filled = _filled_template(client.get(f"{base}/template.xlsx"))
    assert len(filled) >= 3, "the demo round should have several editable rows"
    before = database.snapshot()

    # Upload in the background and kill the worker while its transaction is open.
    outcome: dict = {}

    def upload() -> None:
        try:
            outcome["response"] = client.upload(f"{base}/upload", "fault.xlsx", content)
        except OSError as exc:  # the connection dies with the worker
            outcome["error"] = exc

    [worker] = _wait(lambda: _children(master.pid), 10, "the gunicorn worker")
    thread = threading.Thread(target=upload, daemon=True)
    thread.start()
    _wait(database.writing, 15, "the import to write its first row")
    time.sleep(DELAY * 1.5)  # a row or two more, well before the last (len(filled) × DELAY)
    assert database.writing(), "the import finished before the worker could be killed"
    os.kill(worker, signal.SIGKILL)
    thread.join(timeout=15)
    assert not thread.is_alive()
    assert "error" in outcome or outcome["response"][0] >= 500, outcome

    # Nothing of the import is stored: no value, no version, no audit entry.
    _wait(lambda: not database.writing(), 10, "the killed transaction to end")
    assert database.snapshot() == before

    # The master starts a new worker; the same file then imports completely (all).
    _wait(lambda: [p for p in _children(master.pid) if p != worker], 15, "a new worker")
    _wait(lambda: _serving(client), 15, "the new worker to answer", step=0.2)
    status, url, _body, _headers = client.upload(f"{base}/upload", "fault.xlsx", content)
    assert status == 200 and url.endswith(f"{base}/"), (status, url)
    stored = dict(
        database.rows(
            "SELECT i.code, v.value FROM reporting_value v"
            " JOIN plans_indicator i ON i.id = v.indicator_id"
            " WHERE v.round_id = ? AND v.unit_id = ? AND v.state IN ('draft', 'returned')",
            (round_id, unit_id),
        )
    )
    assert {code: float(stored[code]) for code in filled} == filled
    _values, log = database.snapshot()
    actions = [action for _id, action, _object in log[len(before[1]) :]]
    assert actions.count("reporting.values.imported") == 1
    assert len(actions) == len(filled) + 1
    assert time.monotonic() - started < 60


def test_a_database_that_does_not_answer_gives_the_503_page(tmp_path):
    """The database server is gone (nothing listens on its port): a posted form and a page
    read with a session both get the fault page with Retry-After, not a server error."""
    import psycopg  # noqa: F401  (a dependency: never skipped)

    gone = f"postgres://postgres@127.0.0.1:{_free_port()}/innocounty"
    with _gunicorn(_env(tmp_path, gone), tmp_path / "gunicorn.log") as (client, _master):
        body = client.login_form(REPORTER, PASSWORD)  # the login page itself needs no database
        status, _url, page, headers = client.post("/accounts/login/", body, FORM)
        assert (status, headers["Retry-After"]) == (503, "30")
        assert "数据库暂时无法连接，您刚才提交的内容没有保存" in page.decode()

        session = http.cookiejar.Cookie(
            0, "sessionid", "a" * 32, None, False, "127.0.0.1", False, False, "/", True,
            False, None, True, None, None, {},
        )  # fmt: skip
        client.cookies.set_cookie(session)
        with pytest.raises(urllib.error.HTTPError) as error:
            client.get("/reporting/todo/")
        assert (error.value.code, error.value.headers["Retry-After"]) == (503, "30")
        assert "数据库暂时无法连接，请稍后刷新页面" in error.value.read().decode()


def test_the_slowdown_stays_in_the_server():
    """The slow WSGI module patches the services only in the server it is loaded into: this
    process (and every test after this file) saves at full speed."""
    from innocounty.reporting import services

    assert services.value_save.__module__ == "innocounty.reporting.services"
    assert services.value_save.__qualname__ == "value_save"
