"""Send a person whose password was set by the office to the change-password page first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from innocounty.accounts.services import must_change_password

# Pages a person with a password to change may still open.
ALLOWED_NAMES = ("accounts:password-change", "logout", "login", "set_language")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # In process_view, after FaultMiddleware has loaded the user (a database fault there
        # is its 503 page); a fault in the check below is left to the view to meet.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or self._allowed(request.path):
            return None
        try:
            forced = must_change_password(user)
        except (OperationalError, InterfaceError):
            return None
        return redirect("accounts:password-change") if forced else None

    @staticmethod
    def _allowed(path: str) -> bool:
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        return path in {reverse(name) for name in ALLOWED_NAMES}
