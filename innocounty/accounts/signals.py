"""Audit logouts (logins and failed logins are written by the throttled login form)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from innocounty.accounts.services import audit_user
from innocounty.ops.services import client_address


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None and user.is_authenticated:
        audit_user(user, "accounts.logout", by=user, data={"address": client_address(request)})
