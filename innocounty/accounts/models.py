"""A person's details beyond Django's user: phone, and whether a password change is due."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    # Set when the office or admin creates the account or resets its password: the person
    # sees only the change-password page until they choose their own. Accounts made by
    # `createsuperuser`, the demo or a plan load have no such flag.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("人员信息")
        verbose_name_plural = _("人员信息")

    def __str__(self) -> str:
        return str(self.user)
