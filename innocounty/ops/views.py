"""Views of the ops app: the admin's login, sent through the site's throttled login page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


@login_not_required
def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """Replace `admin.site.login`: the admin accepts no password of its own.

    Every password goes through the site's login page (ThrottledAuthenticationForm: lock-out,
    audit). Anonymous visitors are sent there with `next` pointing back into the admin;
    signed-in staff go on to `next`; signed-in people without admin access get 403.
    """
    target = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME) or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    target = target or reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(target, settings.LOGIN_URL)
    if request.user.is_active and request.user.is_staff:
        return HttpResponseRedirect(target)
    raise PermissionDenied
