"""The login page: throttling per account and per address, no user enumeration, audit."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from innocounty.audit.models import LogEntry
from innocounty.ops.models import LoginFailure

PASSWORD = "pw-for-tests-123"
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 5
    settings.LOGIN_LOCKOUT_SECONDS = 600
    settings.USE_X_FORWARDED_FOR = False


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def login(client, username, password, address="10.0.0.1", **extra):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def alerts(response) -> list[str]:
    return re.findall(r'<p class="error" role="alert">(.*?)</p>', response.content.decode())


def logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_the_right_password_logs_in_and_is_audited(client, office_user):
    response = login(client, "office", PASSWORD)
    assert logged_in(response)
    entry = LogEntry.objects.get(action="ops.login.succeeded")
    assert entry.user == office_user and entry.data == {"address": "10.0.0.1"}


def test_wrong_user_and_wrong_password_get_the_same_answer(client, office_user):
    office_user.is_active = False
    office_user.save()
    answers = [
        login(client, "office", "wrong-password"),
        login(client, "nobody-by-that-name", "wrong-password"),
        login(client, "office", PASSWORD),  # right password, inactive account
    ]
    assert {r.status_code for r in answers} == {200}
    assert all(alerts(r) == ["用户名或密码不正确，请重新输入。"] for r in answers)
    failures = LogEntry.objects.filter(action="ops.login.failed").order_by("pk")
    assert [e.data["username"] for e in failures] == ["office", "nobody-by-that-name", "office"]
    assert all(e.user is None for e in failures)


def test_an_account_locks_after_too_many_failures_even_with_the_right_password(
    client, office_user, traveller
):
    for _ in range(2):
        assert alerts(login(client, "office", "wrong")) == ["用户名或密码不正确，请重新输入。"]
    assert alerts(login(client, "Office", "wrong")) == ["登录失败次数过多，请 10 分钟后再试。"]

    traveller.shift(timedelta(minutes=4))
    response = login(client, "office", PASSWORD, address="10.9.9.9")  # another address too
    assert not logged_in(response)
    assert alerts(response) == ["登录失败次数过多，请 6 分钟后再试。"]
    locked = LogEntry.objects.get(action="ops.login.locked")
    assert locked.data == {"username": "office", "address": "10.9.9.9", "minutes": 6}
    assert LoginFailure.objects.count() == 3  # a refused attempt does not extend the lock


def test_the_lock_expires_when_the_failures_leave_the_window(client, office_user, traveller):
    for _ in range(3):
        login(client, "office", "wrong")
    traveller.shift(timedelta(seconds=599))
    assert not logged_in(login(client, "office", PASSWORD))
    traveller.shift(timedelta(seconds=2))
    assert logged_in(login(client, "office", PASSWORD))


def test_a_success_forgets_the_accounts_failures(client, office_user, traveller):
    for _ in range(2):
        login(client, "office", "wrong")
    assert logged_in(login(client, "office", PASSWORD))
    client.logout()
    for _ in range(2):
        login(client, "office", "wrong")
    assert logged_in(login(client, "office", PASSWORD))


def test_unknown_names_lock_like_real_ones(client, db, traveller):
    for _ in range(2):
        login(client, "ghost", "wrong")
    assert alerts(login(client, "ghost", "wrong")) == ["登录失败次数过多，请 10 分钟后再试。"]


def test_an_address_locks_after_failures_on_many_accounts(
    client, office_user, reporter_a, traveller
):
    for name in ["a1", "a2", "a3", "a4"]:
        login(client, name, "wrong", address="192.0.2.7")
    response = login(client, "a5", "wrong", address="192.0.2.7")
    assert alerts(response) == ["登录失败次数过多，请 10 分钟后再试。"]
    assert not logged_in(login(client, "office", PASSWORD, address="192.0.2.7"))
    assert logged_in(login(client, "reporter-a", PASSWORD, address="192.0.2.8"))


def test_behind_a_proxy_the_address_is_the_one_the_proxy_appended(
    client, office_user, settings, traveller
):
    settings.USE_X_FORWARDED_FOR = True
    for n in range(5):
        # The client forges the first entry; the proxy appends the real address.
        login(
            client,
            f"u{n}",
            "wrong",
            address="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 198.51.100.4",
        )
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"198.51.100.4"}
    assert not logged_in(
        login(client, "office", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    )
    assert logged_in(
        login(client, "office", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5")
    )


def test_without_a_proxy_the_forwarded_header_is_ignored(client, office_user, traveller):
    login(client, "x", "wrong", address="10.1.1.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert LoginFailure.objects.get().address == "10.1.1.1"


def test_the_login_page_still_renders(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert alerts(response) == []
