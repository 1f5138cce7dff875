from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from innocounty.ops.services import (
    client_address,
    lock_minutes,
    login_failure_record,
    login_lock_remaining,
    login_locked_record,
    login_success_record,
)

# One message for an unknown user, a wrong password and an inactive account.
LOGIN_INVALID = _("用户名或密码不正确，请重新输入。")
LOGIN_LOCKED = gettext_noop("登录失败次数过多，请 {minutes} 分钟后再试。")


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, refusing accounts and addresses with too many recent failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": LOGIN_INVALID,
        "inactive": LOGIN_INVALID,
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data  # the field errors say what is missing
        address = client_address(self.request)
        now = timezone.now()
        wait = login_lock_remaining(username=username, address=address, now=now)
        if wait is not None:
            login_locked_record(username=username, address=address, wait=wait)
            raise self._locked(wait)
        try:
            super().clean()
        except ValidationError:
            login_failure_record(username=username, address=address, now=now)
            wait = login_lock_remaining(username=username, address=address, now=now)
            if wait is not None:
                raise self._locked(wait) from None
            raise
        login_success_record(user=self.get_user(), address=address)
        return self.cleaned_data

    def _locked(self, wait) -> ValidationError:
        return ValidationError(
            gettext(LOGIN_LOCKED).format(minutes=lock_minutes(wait)), code="locked"
        )
