from __future__ import annotations

from django.http import HttpRequest

from innocounty.plans import roles, tenancy


def navigation(request: HttpRequest) -> dict[str, object]:
    """The current plan key (from the URL) and the user's role label, for the header.

    Off a plan's pages the header links to the person's plan (the first they may see); the
    province office has no plan of its own: its header links to a county's pages only on
    that county's pages (a drill-down from the comparison)."""
    match = getattr(request, "resolver_match", None)
    plan_key = match.kwargs.get("plan_key") if match else None
    user = getattr(request, "user", None)
    is_province = user is not None and user.is_authenticated and roles.is_province(user)
    if plan_key is None and user is not None and user.is_authenticated and not is_province:
        plan_key = tenancy.plans_visible_to(user).values_list("key", flat=True).first()
    return {
        "nav_plan_key": plan_key,
        "nav_role": roles.role_label(user) if user is not None else "",
        "nav_is_office": roles.is_office(user) if user is not None else False,
        "nav_is_reporter": roles.is_reporter(user) if user is not None else False,
        "nav_is_leader": roles.is_leader(user) if user is not None else False,
        "nav_is_admin": roles.may_use_django_admin(user) if user is not None else False,
        "nav_is_province": is_province,
    }
