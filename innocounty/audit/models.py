"""The audit trail: who did what, when, old → new (DESIGN.md; pretix's `log_action`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innocounty.types import AnyUser

# 等保 2.0 level 3 asks for audit records kept at least six months: AUDIT_RETENTION_DAYS may
# not go below this, and `innocounty purge-audit` refuses a shorter period.
MIN_RETENTION_DAYS = 180

# Keys whose values never reach the log, whatever model writes it.
SECRET_KEYS = frozenset({"password", "secret", "token", "api_key"})


def _mask(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: ("***" if k in SECRET_KEYS else _mask(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [_mask(v) for v in data]
    return data


class AuditLogImmutable(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class LogEntryQuerySet(models.QuerySet):
    """Entries are only ever added: bulk update and delete are refused.

    (A restore from a signed backup loads entries through the serializer's raw save; that is
    the operator's act, not a user's.)"""

    def update(self, **kwargs: Any) -> int:
        raise AuditLogImmutable("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable("audit entries cannot be deleted")


def retention_days() -> int:
    days = int(getattr(settings, "AUDIT_RETENTION_DAYS", 365))
    if days < MIN_RETENTION_DAYS:
        raise ImproperlyConfigured(
            f"AUDIT_RETENTION_DAYS must be at least {MIN_RETENTION_DAYS}, not {days}"
        )
    return days


@transaction.atomic
def purge_before(*, days: int, now=None) -> int:
    """Delete entries older than `days` days (never fewer than MIN_RETENTION_DAYS)."""
    if days < MIN_RETENTION_DAYS:
        raise ValueError(days)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    plain: models.QuerySet[LogEntry] = models.QuerySet(LogEntry)
    old = plain.filter(created__lt=cutoff)
    # The raw delete bypasses LogEntryQuerySet.delete: this is the one way entries go.
    return old._raw_delete(old.db)


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

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ("-created", "-id")
        # Related lookups and deletions go through the refusing queryset too.
        base_manager_name = "objects"
        # An object's history page lists its entries, newest first.
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created"]),
            # The audit log page filters by action (and lists the actions used).
            models.Index(fields=["action", "-created"]),
        ]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogImmutable("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable("audit entries cannot be deleted")


class LoggedModel(models.Model):
    """Mixin for models whose changes are recorded with `log_action`."""

    class Meta:
        abstract = True

    def log_action(
        self, action: str, *, user: AnyUser | None = None, data: dict | None = None
    ) -> LogEntry:
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
