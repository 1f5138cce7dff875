"""The Django admin is the system administrator's only; what they change there is audited.

The office manages people on the site's own pages (innocounty/accounts/views.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from innocounty import types
from innocounty.accounts import services
from innocounty.accounts.models import Profile
from innocounty.plans import roles
from innocounty.plans.admin import UnitAdmin
from innocounty.plans.models import Unit

User = get_user_model()


def _admin_only(request) -> bool:
    return roles.may_use_django_admin(request.user)


admin.site.has_permission = _admin_only  # type: ignore[method-assign]  # on purpose

PERMISSION_FIELDS = ("is_active", "is_staff", "is_superuser", "groups")
DETAIL_FIELDS = ("username", "first_name", "last_name", "email")


def _snapshot(user: types.User) -> dict[str, Any]:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "units": sorted(user.units.values_list("name", flat=True)),
    }


def _diff(before: dict[str, Any], after: dict[str, Any], fields) -> dict[str, list]:
    return {f: [before[f], after[f]] for f in fields if before[f] != after[f]}


def audit_user_change(user: types.User, before: dict[str, Any], *, by: types.User) -> None:
    """Write what changed on a user since `before`: details, permissions, units."""
    after = _snapshot(user)
    details = _diff(before, after, DETAIL_FIELDS)
    if details:
        services.audit_user(user, "accounts.user.changed", by=by, data={"changes": details})
    permissions = _diff(before, after, PERMISSION_FIELDS)
    if permissions:
        services.audit_user(
            user, "accounts.user.permissions_changed", by=by, data={"changes": permissions}
        )
    if before["units"] != after["units"]:
        services.audit_user(
            user,
            "accounts.user.units_changed",
            by=by,
            data={"units": [before["units"], after["units"]]},
        )


class ProfileInline(admin.StackedInline):
    model = Profile
    fk_name = "user"
    can_delete = False
    fields = ("phone", "must_change_password")


admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):
    inlines = [ProfileInline]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            request._innocounty_before = _snapshot(obj)
        return obj

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        # An account the admin creates has a password someone else knows: change it first.
        Profile.objects.update_or_create(
            user=obj, defaults={"must_change_password": True, "created_by": request.user}
        )
        services.audit_user(
            obj,
            "accounts.user.created",
            by=request.user,
            data={"username": obj.username, "roles": sorted(roles.roles_of(obj))},
        )
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        before = getattr(request, "_innocounty_before", None)
        if before is not None:
            audit_user_change(obj, before, by=request.user)
            request._innocounty_before = _snapshot(obj)
        return entry

    def log_deletions(self, request, queryset):
        for obj in queryset:
            services.audit_user(
                obj, "accounts.user.deleted", by=request.user, data={"username": obj.username}
            )
        return super().log_deletions(request, queryset)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            profile = services.profile_of(user)
            profile.must_change_password = True
            profile.save(update_fields=["must_change_password"])
            services.audit_user(
                user, "accounts.password.reset", by=request.user, data={"username": user.username}
            )
        return response


admin.site.unregister(Unit)


@admin.register(Unit)
class AuditedUnitAdmin(UnitAdmin):
    """Who reports for which unit: each person added or removed gets an audit entry."""

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        before = {u.pk: _snapshot(u) for u in obj.users.all()} if obj.pk else {}
        super().save_related(request, form, formsets, change)
        after_ids = set(obj.users.values_list("pk", flat=True))
        for user in User.objects.filter(pk__in=set(before) | after_ids):
            old = before.get(user.pk) or {**_snapshot(user), "units": None}
            if old["units"] is None:
                old["units"] = sorted(
                    n for n in user.units.values_list("name", flat=True) if n != obj.name
                )
            audit_user_change(user, old, by=request.user)
