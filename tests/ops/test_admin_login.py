"""The admin accepts no password of its own: /admin/login/ goes through the throttled login."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth.models import User

from innocounty.audit.models import LogEntry
from innocounty.ops.models import LoginFailure

PASSWORD = "admin-pw-for-tests-123"
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 50
    settings.LOGIN_LOCKOUT_SECONDS = 600
    settings.USE_X_FORWARDED_FOR = False


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", "admin@example.org", PASSWORD)


def admin_login(client, password, follow=True):
    """Log in the way the admin's login page asks to, as a browser would."""
    page = client.get("/admin/login/?next=/admin/auth/user/", follow=True, REMOTE_ADDR="10.0.0.7")
    action = page.redirect_chain[-1][0] if page.redirect_chain else "/admin/login/"
    return client.post(
        action,
        {"username": "admin", "password": password, "next": page.context["next"]},
        REMOTE_ADDR="10.0.0.7",
        follow=follow,
    )


def test_the_admin_login_page_sends_anonymous_visitors_to_the_site_login(client, db):
    response = client.get("/admin/login/?next=/admin/auth/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/auth/user/"
    # A post with a password straight to the admin's URL checks nothing and logs nobody in.
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    # An address that is not ours is not followed.
    response = client.get("/admin/login/?next=https://evil.example.org/")
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_wrong_admin_passwords_are_counted_and_audited(client, admin_user):
    with time_machine.travel(START, tick=False):
        response = admin_login(client, "wrong-1")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
        admin_login(client, "wrong-2")
    assert LoginFailure.objects.filter(username="admin").count() == 2
    failed = LogEntry.objects.filter(action="ops.login.failed")
    assert [e.data for e in failed.order_by("pk")] == [
        {"username": "admin", "address": "10.0.0.7"},
    ] * 2


def test_a_locked_account_cannot_open_a_session_through_the_admin(client, admin_user):
    with time_machine.travel(START, tick=False):
        for n in range(3):
            admin_login(client, f"wrong-{n}")
        response = admin_login(client, PASSWORD)
        assert "_auth_user_id" not in client.session
        assert re.search("登录失败次数过多，请 10 分钟后再试。", response.content.decode())
        assert LogEntry.objects.filter(action="ops.login.locked").count() == 1
        assert not LogEntry.objects.filter(action="ops.login.succeeded").exists()
        # Straight to the admin's own URL: still no session.
        client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
        assert "_auth_user_id" not in client.session
        assert client.get("/admin/auth/user/").status_code == 302


def test_the_right_admin_password_logs_in_and_returns_to_the_admin(client, admin_user):
    response = admin_login(client, PASSWORD)
    assert response.redirect_chain[-1][0] == "/admin/auth/user/"
    assert response.status_code == 200
    entry = LogEntry.objects.get(action="ops.login.succeeded")
    assert entry.user == admin_user
    # Signed in, the admin's login URL goes on to `next`.
    response = client.get("/admin/login/?next=/admin/auth/group/")
    assert response["Location"] == "/admin/auth/group/"


def test_people_without_admin_access_get_403_not_a_login_form(client, reporter_a):
    client.force_login(reporter_a)
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/").status_code == 302  # → /admin/login/ → 403
