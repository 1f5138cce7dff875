"""The audit trail: who did what, when, old → new (DESIGN.md; pretix's `log_action`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# Keys whose values never reach the log, whatever model writes it.
SECRET_KEYS = frozenset({"password", "secret", "token", "api_key"})


def _mask(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: ("***" if k in SECRET_KEYS else _mask(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [_mask(v) for v in data]
    return data


class LogEntry(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="audit_entries"
    )
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("操作"), max_length=100)  # dotted and stable
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    data = models.JSONField(_("内容"), default=dict, blank=True)
    created = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ("-created", "-id")
        # An object's history page lists its entries, newest first.
        indexes = [models.Index(fields=["content_type", "object_id", "-created"])]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"


class LoggedModel(models.Model):
    """Mixin for models whose changes are recorded with `log_action`."""

    class Meta:
        abstract = True

    def log_action(self, action: str, *, user: Any = None, data: dict | None = None) -> LogEntry:
        return LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(type(self)),
            object_id=str(self.pk),
            action=action,
            user=user if user is not None and user.is_authenticated else None,
            data=_mask(data or {}),
        )

    def log_entries(self) -> models.QuerySet[LogEntry]:
        return LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(self)), object_id=str(self.pk)
        ).select_related("user")
