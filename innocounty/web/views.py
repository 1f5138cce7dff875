from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from innocounty.plans import roles, tenancy


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send a reporter to its to-do list, the province office to its counties side by side,
    the office and leaders to the cockpit, anyone else to the plan (with several plans,
    everyone but a reporter gets the plan list)."""
    if roles.is_reporter(request.user) and not roles.is_office(request.user):
        return redirect("reporting:todo")
    if roles.is_province(request.user):
        return redirect("province:overview")
    plans = list(tenancy.plans_visible_to(request.user))
    if len(plans) == 1:
        if roles.is_office(request.user) or roles.is_leader(request.user):
            return redirect("monitor:cockpit", plans[0].key)
        return redirect(plans[0])
    return render(request, "web/home.html", {"plans": plans})


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (error pages, downloads)."""
    return redirect(static("innocounty/favicon.svg"), permanent=True)


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
