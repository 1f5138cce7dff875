"""Request-level security: the idle session timeout and the security headers of every page."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from innocounty.ops.services import session_idle_record

# Seconds since the epoch of the session's last request, rounded down to LAST_SEEN_STEP.
LAST_SEEN = "ops_last_seen"
# The session is written at most once a step, not on every request.
LAST_SEEN_STEP = 60


def session_login_seen(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """`user_logged_in` receiver: the login is the session's first activity, stored with it,
    so the first page after login does not write the session again."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN] = int(time.time())


class IdleSessionMiddleware:
    """Sign out a session that made no request for SESSION_IDLE_TIMEOUT seconds (0: never).

    This sits on top of SESSION_COOKIE_AGE, which counts from the login. The time of the last
    request is kept in the session and written only when it is more than LAST_SEEN_STEP old, so
    a busy user costs one session write a minute, not one per page; the timeout is therefore
    exact to within that step. Placed just before LoginRequiredMiddleware: its `process_view`
    runs after FaultMiddleware has loaded the user (a database fault is its 503 page) and
    before the login check, which then sends the signed-out request to the login page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        user = getattr(request, "user", None)
        timeout = settings.SESSION_IDLE_TIMEOUT
        if timeout <= 0 or user is None or not user.is_authenticated:
            return None
        if not request.session.session_key:
            return None  # signed in without a session (a token): nothing to time out
        now = int(time.time())
        last = request.session.get(LAST_SEEN)
        if isinstance(last, int) and now - last > timeout:
            session_idle_record(user=user, idle=now - last, request=request)
            logout(request)
            messages.info(request, _("长时间未操作，已自动退出，请重新登录。"))
        elif not isinstance(last, int) or now - last >= LAST_SEEN_STEP:
            request.session[LAST_SEEN] = now
        return None


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response; no caching of anything a signed-in user sees.

    The policy is CONTENT_SECURITY_POLICY (empty: none). Pages and downloads of a signed-in
    session get `Cache-Control: no-store` (and Django's other never-cache headers), so neither
    the browser's back button after logout nor a proxy keeps a copy.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        if self._signed_in(request):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def _signed_in(request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None:
            return False
        try:
            return user.is_authenticated
        except DatabaseError:  # the session cannot be read: the answer is the 503 page
            return False
