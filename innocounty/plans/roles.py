"""Roles are Django groups; a person's units are `Unit.users`. The rules live here, once."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.utils.translation import gettext_lazy as _

OFFICE = "office"
REPORTER = "reporter"
LEADER = "leader"
ADMIN = "admin"

ROLES: dict[str, object] = {
    OFFICE: _("领导小组办公室"),
    REPORTER: _("填报员"),
    LEADER: _("领导"),
    ADMIN: _("系统管理员"),
}

User = AbstractBaseUser | AnonymousUser


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


def roles_of(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_innocounty_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) & set(ROLES)
        if user.is_superuser:
            cached.add(ADMIN)
        user._innocounty_roles = cached
    return cached


def is_office(user: User) -> bool:
    return bool(roles_of(user) & {OFFICE, ADMIN})


def is_leader(user: User) -> bool:
    return LEADER in roles_of(user)


def is_reporter(user: User) -> bool:
    return REPORTER in roles_of(user)


def role_label(user: User) -> str:
    for code in (ADMIN, OFFICE, LEADER, REPORTER):
        if code in roles_of(user):
            return str(ROLES[code])
    return ""
