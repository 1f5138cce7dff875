"""Accounts: the office creates, resets, edits and (de)activates people; everything is audited.

Audit codes (labels in innocounty/audit/labels.py), all on the person's user record:
accounts.user.created, accounts.user.changed, accounts.user.units_changed,
accounts.user.permissions_changed, accounts.user.deactivated, accounts.user.reactivated,
accounts.password.reset (by the office or admin), accounts.password.changed (by the person),
accounts.logout; accounts.lock.cleared on the login-failure record.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count

from innocounty.accounts.models import Profile
from innocounty.audit.models import LogEntry, _mask
from innocounty.ops.models import LoginFailure
from innocounty.plans import roles
from innocounty.plans.models import Unit
from innocounty.types import User

# No 0/O, 1/l/I: the office reads the password out over the phone.
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_DIGITS = "23456789"


def generate_password(length: int = 12) -> str:
    """A random password meeting AUTH_PASSWORD_VALIDATORS (three classes, ≥ 8 characters)."""
    alphabet = _UPPER + _LOWER + _DIGITS
    while True:
        chars = [secrets.choice(_UPPER), secrets.choice(_LOWER), secrets.choice(_DIGITS)]
        chars += [secrets.choice(alphabet) for _ in range(length - 3)]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        try:
            password_validation.validate_password(password)
        except Exception:
            continue
        return password


def audit_user(
    target: User, action: str, *, by: User | None = None, data: dict | None = None
) -> LogEntry:
    """Write an audit entry about a person's account."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id=str(target.pk),
        action=action,
        user=by if by is not None and by.is_authenticated else None,
        data=_mask(data or {}),
    )


def profile_of(user: User) -> Profile:
    return Profile.objects.get_or_create(user=user)[0]


def must_change_password(user: User) -> bool:
    return Profile.objects.filter(user=user, must_change_password=True).exists()


@dataclass(frozen=True)
class NewPassword:
    user: User
    password: str  # shown once to the office, never stored in clear


@transaction.atomic
def person_create(
    *, username: str, real_name: str, phone: str, unit: Unit, by: User
) -> NewPassword:
    """Create a reporter of `unit` with a generated password to change at first login."""
    User = get_user_model()
    password = generate_password()
    user = User.objects.create_user(username=username, password=password, first_name=real_name)
    user.groups.add(roles.ensure_groups()[roles.REPORTER])
    unit.users.add(user)
    Profile.objects.create(user=user, phone=phone, must_change_password=True, created_by=by)
    audit_user(
        user,
        "accounts.user.created",
        by=by,
        data={
            "username": username,
            "real_name": real_name,
            "phone": phone,
            "role": roles.REPORTER,
            "units": [unit.name],
        },
    )
    return NewPassword(user=user, password=password)


@transaction.atomic
def person_update(
    *, user: User, real_name: str, phone: str, units: list[Unit], by: User
) -> dict[str, list]:
    """Change a person's name, phone and units; return (and audit) what changed."""
    profile = profile_of(user)
    changes: dict[str, list] = {}
    if user.first_name != real_name:
        changes["real_name"] = [user.first_name, real_name]
        user.first_name = real_name
        user.save(update_fields=["first_name"])
    if profile.phone != phone:
        changes["phone"] = [profile.phone, phone]
        profile.phone = phone
        profile.save(update_fields=["phone"])
    if changes:
        audit_user(user, "accounts.user.changed", by=by, data={"changes": changes})
    before = sorted(user.units.values_list("name", flat=True))
    after = sorted(u.name for u in units)
    if before != after:
        user.units.set(units)
        audit_user(user, "accounts.user.units_changed", by=by, data={"units": [before, after]})
        changes["units"] = [before, after]
    return changes


@transaction.atomic
def password_reset(*, user: User, by: User) -> NewPassword:
    """Give a person a new generated password, to change at next login."""
    password = generate_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    profile = profile_of(user)
    profile.must_change_password = True
    profile.save(update_fields=["must_change_password"])
    audit_user(user, "accounts.password.reset", by=by, data={"username": user.username})
    return NewPassword(user=user, password=password)


@transaction.atomic
def password_changed(*, user: User) -> None:
    """Record that the person chose a new password themselves (the form has set it)."""
    Profile.objects.filter(user=user).update(must_change_password=False)
    audit_user(user, "accounts.password.changed", by=user)


@transaction.atomic
def person_set_active(*, user: User, active: bool, by: User) -> bool:
    """Deactivate or reactivate an account; False when it already was so."""
    if user.is_active == active:
        return False
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = "accounts.user.reactivated" if active else "accounts.user.deactivated"
    audit_user(user, action, by=by, data={"username": user.username})
    return True


# --- locked logins ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Lock:
    kind: str  # "account" or "address"
    key: str
    failures: int
    until: datetime
    user: AbstractBaseUser | None = None


def _window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def locks(*, now: datetime) -> list[Lock]:
    """Accounts and addresses the login throttle refuses at `now`, longest lock first."""
    since = now - _window()
    recent = LoginFailure.objects.filter(created__gt=since)
    found: list[Lock] = []
    for kind, field, limit in (
        ("account", "username", settings.LOGIN_MAX_FAILURES),
        ("address", "address", settings.LOGIN_MAX_FAILURES_PER_ADDRESS),
    ):
        if limit <= 0:
            continue
        rows = (
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(n=Count("id"))
            .filter(n__gte=limit)
        )
        for row in rows:
            key = row[field]
            times = list(
                recent.filter(**{field: key})
                .order_by("-created")
                .values_list("created", flat=True)[:limit]
            )
            found.append(Lock(kind=kind, key=key, failures=row["n"], until=times[-1] + _window()))
    users = {
        u.username.lower(): u
        for u in get_user_model().objects.filter(
            username__in=[lock.key for lock in found if lock.kind == "account"]
        )
    }
    found = [
        Lock(kind=lk.kind, key=lk.key, failures=lk.failures, until=lk.until, user=users.get(lk.key))
        if lk.kind == "account"
        else lk
        for lk in found
    ]
    return sorted(found, key=lambda lk: lk.until, reverse=True)


@transaction.atomic
def unlock(*, kind: str, key: str, by: User) -> int:
    """Forget the recorded failures of an account or an address; audited. Returns how many."""
    field = {"account": "username", "address": "address"}[kind]
    removed, _ = LoginFailure.objects.filter(**{field: key}).delete()
    data = {"kind": kind, field: key, "failures": removed}
    user = None
    if kind == "account":
        user = get_user_model().objects.filter(username__iexact=key).first()
    if user is not None:
        audit_user(user, "accounts.lock.cleared", by=by, data=data)
    else:
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(LoginFailure),
            object_id="",
            action="accounts.lock.cleared",
            user=by,
            data=data,
        )
    return removed
