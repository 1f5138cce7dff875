"""System check: the audit log is kept at least MIN_RETENTION_DAYS (等保 2.0)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def audit_retention(app_configs, **kwargs):
    from innocounty.audit.models import MIN_RETENTION_DAYS

    days = getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)
    if not isinstance(days, int) or days < MIN_RETENTION_DAYS:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS is {days!r}; it must be at least {MIN_RETENTION_DAYS}.",
                id="innocounty.E180",
            )
        ]
    return []
