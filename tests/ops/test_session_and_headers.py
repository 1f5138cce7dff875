"""Idle session timeout, Content-Security-Policy, no caching of signed-in pages, and the
language switch before login."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session

from innocounty.audit.models import LogEntry
from innocounty.ops.middleware import LAST_SEEN

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
PASSWORD = "pw-for-tests-123"


@pytest.fixture(autouse=True)
def idle(settings):
    settings.SESSION_IDLE_TIMEOUT = 1800
    settings.SESSION_COOKIE_AGE = 8 * 3600


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def login(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and signed_in(client)


# --- idle timeout ----------------------------------------------------------------------------


def test_a_session_idle_for_longer_than_the_timeout_is_signed_out(client, reporter_a):
    with time_machine.travel(START, tick=False) as traveller:
        login(client, "reporter-a")
        assert client.get("/reporting/todo/").status_code == 200
        # Busy: requests 29 minutes apart keep the session alive for two hours.
        for _ in range(4):
            traveller.shift(timedelta(minutes=29))
            assert client.get("/reporting/todo/").status_code == 200
        assert signed_in(client)
        # Idle 30 minutes and one second: the next request is sent to the login page.
        traveller.shift(timedelta(minutes=30, seconds=1))
        response = client.get("/reporting/todo/", follow=True)
        assert response.redirect_chain == [("/accounts/login/?next=/reporting/todo/", 302)]
        assert "长时间未操作，已自动退出，请重新登录。" in response.content.decode()
        assert not signed_in(client)
    entry = LogEntry.objects.get(action="ops.session.idle_timeout")
    assert entry.user == reporter_a and entry.data["idle_seconds"] == 1801


def test_exactly_the_timeout_still_counts_as_active(client, reporter_a):
    with time_machine.travel(START, tick=False) as traveller:
        login(client, "reporter-a")
        client.get("/reporting/todo/")
        traveller.shift(timedelta(seconds=1800))
        assert client.get("/reporting/todo/").status_code == 200
        assert not LogEntry.objects.filter(action="ops.session.idle_timeout").exists()


def test_the_timeout_is_configurable_and_zero_turns_it_off(client, reporter_a, settings):
    settings.SESSION_IDLE_TIMEOUT = 300
    with time_machine.travel(START, tick=False) as traveller:
        login(client, "reporter-a")
        client.get("/reporting/todo/")
        traveller.shift(timedelta(seconds=301))
        assert client.get("/reporting/todo/").status_code == 302
    settings.SESSION_IDLE_TIMEOUT = 0
    with time_machine.travel(START, tick=False) as traveller:
        login(client, "reporter-a")
        client.get("/reporting/todo/")
        traveller.shift(timedelta(hours=7))
        assert client.get("/reporting/todo/").status_code == 200


def test_the_session_is_written_at_most_once_a_minute(client, reporter_a):
    with time_machine.travel(START, tick=False) as traveller:
        login(client, "reporter-a")
        key = client.session.session_key
        client.get("/reporting/todo/")
        stored = Session.objects.get(session_key=key)
        first = stored.get_decoded()[LAST_SEEN]
        assert first == int(START.timestamp())
        for _ in range(5):
            traveller.shift(timedelta(seconds=10))
            client.get("/reporting/todo/")
        # 50 seconds later: not written again (same row, same content).
        again = Session.objects.get(session_key=key)
        assert (again.session_data, again.expire_date) == (stored.session_data, stored.expire_date)
        traveller.shift(timedelta(seconds=10))
        client.get("/reporting/todo/")
        assert Session.objects.get(session_key=key).get_decoded()[LAST_SEEN] == first + 60


# --- headers ---------------------------------------------------------------------------------


def test_every_page_has_a_content_security_policy_without_inline_script(client, reporter_a):
    for response in (client.get("/accounts/login/"), client.get("/healthz")):
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["default-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in directives["style-src"]
        assert "unsafe-eval" not in policy
    client.force_login(reporter_a)
    assert client.get("/reporting/todo/")["Content-Security-Policy"] == policy


def test_signed_in_pages_are_not_stored_by_browsers_or_proxies(client, reporter_a):
    client.force_login(reporter_a)
    for path in ("/reporting/todo/", "/reporting/rounds/"):
        cache = client.get(path)["Cache-Control"]
        assert {"no-store", "private"} <= {d.strip() for d in cache.split(",")}, path
    # Logging out: that answer is not stored either.
    response = client.post("/accounts/logout/")
    assert "no-store" in response["Cache-Control"]


# --- the language switch before login ----------------------------------------------------------


def test_the_language_switch_works_on_the_login_page_before_login(client, db):
    page = client.get("/accounts/login/?next=/reporting/todo/")
    assert 'action="/i18n/setlang/"' in page.content.decode()
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/accounts/login/?next=/reporting/todo/"},
        follow=True,
    )
    assert response.redirect_chain == [("/accounts/login/?next=/reporting/todo/", 302)]
    assert client.cookies["django_language"].value == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html and "Password" in html
    # And back to Chinese.
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"
    assert client.cookies["django_language"].value == "zh-hans"
