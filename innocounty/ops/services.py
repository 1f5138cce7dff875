"""Login throttling: count failed logins per account and per client address, lock out.

The count is over a sliding window of LOGIN_LOCKOUT_SECONDS: once LOGIN_MAX_FAILURES failures
of one account (or LOGIN_MAX_FAILURES_PER_ADDRESS of one address) fall inside it, further
attempts are refused without checking the password until enough of them have left the window.
Unknown user names are counted like real ones, so the lock-out says nothing about which
accounts exist.
"""

from __future__ import annotations

import ipaddress
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from innocounty.audit.models import LogEntry
from innocounty.ops.models import LoginFailure


def client_address(request: HttpRequest | None) -> str | None:
    """Return the client's IP address, or None when it is missing or malformed.

    Behind a proxy (USE_X_FORWARDED_FOR) it is the last X-Forwarded-For entry, the one the
    proxy appended itself; earlier entries come from the client and prove nothing.
    """
    if request is None:
        return None
    candidate = request.META.get("REMOTE_ADDR", "")
    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            candidate = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def _account(username: str) -> str:
    return username.strip().lower()[:150]


def _window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def login_lock_remaining(*, username: str, address: str | None, now: datetime) -> timedelta | None:
    """Return how long the account or the address stays locked, or None when it is not."""
    since = now - _window()
    limits = [(Q(username=_account(username)), settings.LOGIN_MAX_FAILURES)]
    if address is not None:
        limits.append((Q(address=address), settings.LOGIN_MAX_FAILURES_PER_ADDRESS))
    waits = []
    for condition, limit in limits:
        if limit <= 0:
            continue  # 0 turns this lock off
        recent = list(
            LoginFailure.objects.filter(condition, created__gt=since)
            .order_by("-created")
            .values_list("created", flat=True)[:limit]
        )
        if len(recent) >= limit:
            # Unlocked once the limit-th newest failure leaves the window.
            waits.append(recent[limit - 1] + _window() - now)
    return max(waits) if waits else None


def lock_minutes(wait: timedelta) -> int:
    return max(1, math.ceil(wait.total_seconds() / 60))


@transaction.atomic
def login_failure_record(*, username: str, address: str | None, now: datetime) -> LoginFailure:
    """Count a failed login and write `ops.login.failed` to the audit log."""
    # Failures older than the window no longer count; the audit log keeps the history.
    LoginFailure.objects.filter(created__lte=now - _window()).delete()
    failure = LoginFailure.objects.create(username=_account(username), address=address, created=now)
    failure.log_action("ops.login.failed", data={"username": username, "address": address})
    return failure


def login_locked_record(*, username: str, address: str | None, wait: timedelta) -> LogEntry:
    """Write `ops.login.locked`: an attempt refused without checking the password."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(LoginFailure),
        object_id="",
        action="ops.login.locked",
        data={"username": username, "address": address, "minutes": lock_minutes(wait)},
    )


@transaction.atomic
def login_success_record(*, user, address: str | None) -> LogEntry:
    """Forget the account's failures and write `ops.login.succeeded`.

    The address keeps its failures: one good password must not reset guessing at others.
    """
    LoginFailure.objects.filter(username=_account(user.get_username())).delete()
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id=str(user.pk),
        action="ops.login.succeeded",
        user=user,
        data={"address": address},
    )


def session_idle_record(*, user, idle: int, request: HttpRequest | None = None) -> LogEntry:
    """Write `ops.session.idle_timeout`: a session signed out after `idle` seconds unused."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id=str(user.pk),
        action="ops.session.idle_timeout",
        user=user,
        data={"idle_seconds": idle, "address": client_address(request)},
    )
