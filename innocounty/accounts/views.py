"""The office's people pages, the locked-login page, the audit log and one's own password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from innocounty.accounts import forms, selectors, services
from innocounty.accounts.models import Profile
from innocounty.ops.forms import LOGIN_LOCKED
from innocounty.ops.services import (
    client_address,
    lock_minutes,
    login_failure_record,
    login_lock_remaining,
)
from innocounty.plans import roles, tenancy
from innocounty.types import AnyUser, AuthenticatedHttpRequest, User


def _require_people_manager(user: AnyUser) -> None:
    if not roles.may_manage_people(user):
        raise PermissionDenied


def _units(user: AnyUser) -> Any:
    """The units a person may be put in: those of the plans the office may see."""
    return forms.units_choices().filter(plan__in=tenancy.plans_visible_to(user))


def _get_manageable(request: HttpRequest, user_id: int) -> Any:
    _require_people_manager(request.user)
    target = get_object_or_404(tenancy.people_visible_to(request.user), pk=user_id)
    if not roles.may_manage_account(request.user, target):
        raise PermissionDenied
    return target


# --- one's own password ----------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    forced = services.must_change_password(request.user)
    form = PasswordChangeForm(request.user, request.POST or None, label_suffix="")
    if request.method == "POST":
        # The current password is guessed no faster here than on the login page.
        username, address = request.user.get_username(), client_address(request)
        wait = login_lock_remaining(username=username, address=address, now=timezone.now())
        if wait is not None:
            form.is_valid()
            form.add_error(None, gettext(LOGIN_LOCKED).format(minutes=lock_minutes(wait)))
            return render(
                request, "accounts/password_change.html", {"form": form, "forced": forced}
            )
        if "old_password" in form.errors:
            login_failure_record(username=username, address=address, now=timezone.now())
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        services.password_changed(user=user)
        messages.success(request, _("密码已修改。"))
        return redirect("web:home")
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})


# --- people ----------------------------------------------------------------------------------


@require_GET
def people(request: HttpRequest) -> HttpResponse:
    _require_people_manager(request.user)
    filters = forms.PeopleFilterForm(request.GET or None, units=_units(request.user))
    wanted = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.people_rows(by=request.user, filters=wanted)
    sections = selectors.people_sections(rows, unit=wanted.get("unit"))
    never = sum(1 for row in rows if row["user"].last_login is None and row["user"].is_active)
    return render(
        request,
        "accounts/people.html",
        {
            "filters": filters,
            "sections": sections,
            "total": len(rows),
            "never": never,
            # Row links are built on this (urls.py: people/<id>/edit/ …): one reverse, not 4 a row.
            "people_url": reverse("accounts:people"),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def person_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_people_manager(request.user)
    form = forms.PersonCreateForm(
        request.POST or None,
        initial={"unit": request.GET.get("unit")},
        units=_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.person_create(**form.cleaned_data, by=request.user)
        except IntegrityError:  # the same user name created a moment ago (a double click)
            form.add_error("username", _("该登录名已被使用。"))
        else:
            return _show_password(request, created, _("账号已创建"))
    return render(request, "accounts/person_form.html", {"form": form, "person": None})


@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    target = _get_manageable(request, user_id)
    initial = {
        "real_name": target.first_name,
        "phone": _phone(target),
        "units": list(target.units.all()),
    }
    form = forms.PersonEditForm(request.POST or None, initial=initial, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        changes = services.person_update(
            user=target,
            real_name=form.cleaned_data["real_name"],
            phone=form.cleaned_data["phone"],
            units=list(form.cleaned_data["units"]),
            by=request.user,
        )
        messages.success(request, _("已保存。") if changes else _("没有需要保存的修改。"))
        return redirect("accounts:people")
    return render(request, "accounts/person_form.html", {"form": form, "person": target})


def _phone(user: User) -> str:
    return Profile.objects.filter(user=user).values_list("phone", flat=True).first() or ""


@never_cache
@require_POST
def person_reset(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    target = _get_manageable(request, user_id)
    return _show_password(request, services.password_reset(user=target, by=request.user), None)


def _show_password(request: HttpRequest, result: services.NewPassword, title: str | None):
    response = render(
        request,
        "accounts/person_password.html",
        {"person": result.user, "password": result.password, "title": title},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def person_deactivate(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=False)


@require_POST
def person_reactivate(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=True)


def _set_active(request: AuthenticatedHttpRequest, user_id: int, *, active: bool) -> HttpResponse:
    target = _get_manageable(request, user_id)
    name = target.get_full_name() or target.username
    if services.person_set_active(user=target, active=active, by=request.user):
        text = _("已启用“%(name)s”的账号。") if active else _("已停用“%(name)s”的账号。")
    else:
        text = (
            _("“%(name)s”的账号已是启用状态。") if active else _("“%(name)s”的账号已是停用状态。")
        )
    messages.success(request, text % {"name": name})
    return redirect("accounts:people")


# --- locked logins ---------------------------------------------------------------------------


@require_GET
def locked(request: HttpRequest) -> HttpResponse:
    _require_people_manager(request.user)
    return render(
        request,
        "accounts/locked.html",
        {"locks": services.locks(now=timezone.now())},
    )


@require_POST
def unlock(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_people_manager(request.user)
    kind = request.POST.get("kind", "")
    key = request.POST.get("key", "").strip()
    if kind not in {"account", "address"} or not key:
        messages.error(request, _("请选择要解除锁定的账号或地址。"))
        return redirect("accounts:locked")
    removed = services.unlock(kind=kind, key=key, by=request.user)
    if removed:
        messages.success(request, _("已解除“%(key)s”的登录锁定。") % {"key": key})
    else:
        messages.success(request, _("“%(key)s”没有登录失败记录，无需解除。") % {"key": key})
    return redirect("accounts:locked")


# --- audit log -------------------------------------------------------------------------------


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    _require_people_manager(request.user)
    filters = forms.AuditFilterForm(
        request.GET or None, people=tenancy.people_visible_to(request.user)
    )
    if request.GET and not filters.is_valid():
        entries = selectors.log_entries(None)
    else:
        entries = selectors.log_entries(
            filters.cleaned_data if filters.is_valid() else {}, by=request.user
        )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "filters": filters,
            "page": page,
            "rows": selectors.log_rows(page),
            "query": query.urlencode(),
        },
    )
