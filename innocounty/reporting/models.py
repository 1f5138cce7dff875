"""Indicator values by period.

For now one row per indicator and period holds the value that counts; the reporting workflow
(rounds, drafts, review, versions) builds on this table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.audit.models import LoggedModel
from innocounty.plans.models import Indicator


class Value(LoggedModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.CharField(_("期间"), max_length=10)  # DHIS2 style: 2024, 2024Q3, 2024-07
    value = models.DecimalField(_("数值"), max_digits=24, decimal_places=8)
    source = models.CharField(_("数据来源"), max_length=200, blank=True)
    note = models.TextField(_("备注"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        ordering = ("indicator", "period")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="value_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} {self.value}"
