"""Roles are Django groups; a person's units are `Unit.users`. The rules live here, once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeGuard

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from innocounty.core.roles import ADMIN, LEADER, OFFICE, PROVINCE, REPORTER, ROLE_LABELS
from innocounty.types import AnyUser, User

# The role codes (re-exported above) and their labels in the current language, from the
# core's one table.
ROLES: dict[str, object] = {code: _(label) for code, label in ROLE_LABELS.items()}


def ensure_groups() -> dict[str, Group]:
    """Create the role groups if missing; office and admin may use the Django admin."""
    from django.contrib.auth.models import Permission

    groups = {code: Group.objects.get_or_create(name=code)[0] for code in ROLES}
    office_perms = Permission.objects.filter(content_type__app_label__in=["plans", "reporting"])
    groups[OFFICE].permissions.set(office_perms)
    admin_perms = Permission.objects.filter(
        content_type__app_label__in=["plans", "reporting", "auth", "audit"]
    )
    groups[ADMIN].permissions.set(admin_perms)
    return groups


def roles_of(user: AnyUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_innocounty_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) & set(ROLES)
        if user.is_superuser:
            cached.add(ADMIN)
        # A cache on the instance, which lives as long as the request.
        user._innocounty_roles = cached  # type: ignore[attr-defined]
    return cached


def is_office(user: AnyUser) -> bool:
    return bool(roles_of(user) & {OFFICE, ADMIN})


def require_office(user: AnyUser) -> None:
    """403 unless `user` is the office (or the admin): for every change only the office makes."""
    if not is_office(user):
        raise PermissionDenied


def is_leader(user: AnyUser) -> bool:
    return LEADER in roles_of(user)


def is_province(user: AnyUser) -> bool:
    """The province (or city) office: reads the counties of its region, changes none."""
    return PROVINCE in roles_of(user)


def is_reporter(user: AnyUser) -> TypeGuard[User]:
    return REPORTER in roles_of(user)


def role_label(user: AnyUser) -> str:
    for code in (ADMIN, PROVINCE, OFFICE, LEADER, REPORTER):
        if code in roles_of(user):
            return str(ROLES[code])
    return ""


def is_admin(user: AnyUser) -> bool:
    return ADMIN in roles_of(user)


def may_manage_people(user: AnyUser) -> bool:
    """The office and the admin manage accounts on the site's people pages."""
    return is_office(user)


def may_manage_account(user: AnyUser, target: AnyUser) -> bool:
    """Reset, deactivate or edit `target`: never oneself; the office only reporters and
    leaders (an office able to reset the admin's password would be the admin)."""
    if not may_manage_people(user) or target.pk == user.pk:
        return False
    if is_admin(user):
        return True
    return not (target.is_superuser or target.is_staff or roles_of(target) & {OFFICE, ADMIN})


def may_use_django_admin(user: AnyUser) -> bool:
    """The Django admin is the system administrator's tool only."""
    return bool(user.is_active and user.is_staff and is_admin(user))


def prime_roles(users: Iterable[User]) -> None:
    """Fill roles_of's cache from prefetched `groups`, so a list of people costs no query each."""
    for user in users:
        names = {g.name for g in user.groups.all()} & set(ROLES)
        if user.is_superuser:
            names.add(ADMIN)
        user._innocounty_roles = names  # type: ignore[attr-defined]  # roles_of's cache
