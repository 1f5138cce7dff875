"""Faults a person can do nothing about, shown as a plain page instead of a server error.

`FaultMiddleware` turns these into a 503 page with Retry-After:

- the database going away (`OperationalError`, `InterfaceError`) while the session and user
  are loaded or while a view runs: every write is one transaction, so nothing of the request
  was saved; the browser's “back” button returns to the form with what was typed in it;
- the server's disk filling up (ENOSPC, EDQUOT) while an upload is received into a temporary
  file (large uploads are, before the view runs) or while a view writes a file.

The page is a standalone template: the base template's context processors query the database.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from typing import Any

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER = 30  # seconds
DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)


def _database_message(request: HttpRequest) -> str:
    if request.method == "POST":
        return _(
            "数据库暂时无法连接，您刚才提交的内容没有保存。请稍后点击浏览器的“后退”返回，"
            "您填写的内容仍在表单中，再次提交即可。"
        )
    return _("数据库暂时无法连接，请稍后刷新页面。")


def _disk_message() -> str:
    return _("服务器磁盘空间不足，文件未保存，请联系管理员")


def fault_response(message: str) -> HttpResponse:
    content = render_to_string("503.html", {"message": message, "retry_after": RETRY_AFTER})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def _handle(request: HttpRequest, exc: BaseException) -> HttpResponse | None:
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("Database unavailable: %s %s", request.method, request.path, exc_info=exc)
        return fault_response(_database_message(request))
    if isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
        logger.error("Disk full: %s %s", request.method, request.path, exc_info=exc)
        return fault_response(_disk_message())
    return None


class FaultMiddleware:
    """Place before CsrfViewMiddleware: its `process_view` runs first and reads the user and
    an uploaded body the way CSRF checking would, so their faults are caught here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        try:
            # The session and user are loaded lazily, first by LoginRequiredMiddleware.
            user = getattr(request, "user", None)
            if user is not None:
                user.is_authenticated  # noqa: B018
            # CsrfViewMiddleware reads the body of every POST to a view it protects.
            if request.method == "POST" and not getattr(view, "csrf_exempt", False):
                request.POST  # noqa: B018
        except UnreadablePostError:
            return None  # the client went away; CsrfViewMiddleware answers as it always does
        except (OperationalError, InterfaceError, OSError) as exc:
            response = _handle(request, exc)
            if response is None:
                raise
            return response
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return _handle(request, exception)
