"""Operations data: failed logins, counted to lock out password guessing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.audit.models import LoggedModel


class LoginFailure(LoggedModel):
    username = models.CharField(_("用户名"), max_length=150)  # as typed, lower-cased
    address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    created = models.DateTimeField(_("时间"), db_index=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
        ordering = ("-created", "-id")
        # login_lock_remaining() counts recent failures of one account and of one address.
        indexes = [
            models.Index(fields=["username", "created"]),
            models.Index(fields=["address", "created"]),
        ]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.username} {self.address or ''}"
