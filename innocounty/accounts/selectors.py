"""Reads for the office's people pages and the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from innocounty.accounts.models import Profile
from innocounty.audit.models import LogEntry
from innocounty.plans import roles, tenancy
from innocounty.plans.models import Unit


def people_rows(*, by: Any, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Every account matching the people filters (`unit`, `status`, `q`; none when empty),
    with its phone, units, role and whether `by` may manage it. Four queries."""
    users = (
        tenancy.people_visible_to(by)
        .select_related("profile")
        .prefetch_related("groups", Prefetch("units", queryset=Unit.objects.order_by("position")))
        .order_by("username")
    )
    if filters:
        unit = filters["unit"]
        status = filters["status"]
        q = filters["q"].strip()
        if unit is not None:
            users = users.filter(units=unit)
        if status == "active":
            users = users.filter(is_active=True)
        elif status == "inactive":
            users = users.filter(is_active=False)
        elif status == "never":
            users = users.filter(last_login__isnull=True)
        if q:
            users = users.filter(
                Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
            )
    people = list(users)
    roles.prime_roles(people)
    rows = []
    for person in people:
        try:
            profile = person.profile
        except Profile.DoesNotExist:
            profile = None
        rows.append(
            {
                "user": person,
                "phone": profile.phone if profile else "",
                "must_change": bool(profile and profile.must_change_password),
                "units": list(person.units.all()),
                "role": roles.role_label(person),
                "manageable": roles.may_manage_account(by, person),
            }
        )
    return rows


def people_sections(rows: list[dict[str, Any]], *, unit: Unit | None) -> list[tuple[Any, list]]:
    """People per unit: each unit with its people, then those without a unit (only when the
    list is not filtered by `unit`)."""
    sections: list[tuple[Any, list[dict]]] = []
    by_unit: dict[int, list[dict]] = {}
    for row in rows:
        for u in row["units"]:
            if unit is None or u.pk == unit.pk:
                by_unit.setdefault(u.pk, []).append(row)
    for u in (
        Unit.objects.filter(pk__in=by_unit)
        .select_related("plan")
        .order_by("plan", "position", "id")
    ):
        sections.append((u, by_unit[u.pk]))
    loose = [row for row in rows if not row["units"]]
    if loose and unit is None:
        sections.append((None, loose))
    return sections


def log_entries(filters: dict[str, Any] | None, *, by: Any = None) -> QuerySet[LogEntry]:
    """Audit log entries matching the filters (who, action, dates, object); `None` for
    filters that did not validate, which match nothing. With `by`, only the actions of the
    people `by` may see (tenancy: a county's office reads its own county's log)."""
    entries = LogEntry.objects.select_related("user", "content_type")
    if by is not None and not roles.is_admin(by):
        entries = entries.filter(user__in=tenancy.people_visible_to(by))
    if filters is None:
        return entries.none()
    data = filters
    if data.get("who") is not None:
        entries = entries.filter(user=data["who"])
    if data.get("action"):
        entries = entries.filter(action=data["action"])
    tz = timezone.get_current_timezone()
    if data.get("date_from"):
        start = dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz)
        entries = entries.filter(created__gte=start)
    if data.get("date_to"):
        end = dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        entries = entries.filter(created__lt=end)
    if data.get("object_type") is not None:
        entries = entries.filter(content_type=data["object_type"])
    if data.get("object_id", "").strip():
        entries = entries.filter(object_id=data["object_id"].strip())
    return entries


def log_rows(page: Any) -> list[dict[str, Any]]:
    """A page of entries with the person each is about (one query) and its object type."""
    user_ct = ContentType.objects.get_for_model(get_user_model())
    ids = [e.object_id for e in page if e.content_type_id == user_ct.pk and e.object_id.isdigit()]
    people = {str(u.pk): u for u in get_user_model().objects.filter(pk__in=ids)}
    return [
        {
            "entry": e,
            "about": people.get(e.object_id) if e.content_type_id == user_ct.pk else None,
            "type": type_label(e.content_type),
        }
        for e in page
    ]


def type_label(ct: ContentType) -> str:
    """The verbose name of the model an audit entry is about (its model name if gone)."""
    model = ct.model_class()
    return str(model._meta.verbose_name) if model is not None else ct.model
