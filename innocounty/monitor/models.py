"""Stored results: the engine's evaluation of a plan, computed once and read by every page.

`PlanResult` holds one evaluation (`monitor.selectors.plan_snapshot`, as plain JSON by
`core.codec`) per plan, as-of period and day; `PlanResultStamp.generation` counts the changes
to what the evaluation depends on. A row counts only while its generation is the plan's
current one, so a result computed from data that changed meanwhile is never served. The rules
are in `monitor.results`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.plans.models import Plan


class PlanResultStamp(models.Model):
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="+")
    generation = models.PositiveBigIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("结果版本")
        verbose_name_plural = _("结果版本")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.generation}"


class PlanResult(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("截至报告期"), max_length=16)
    # The day the result is for: milestones and deadlines are judged against it.
    day = models.DateField(_("日期"))
    generation = models.PositiveBigIntegerField(_("版本"))
    # The code that computed it (`results.code_version`): an upgrade recomputes.
    code = models.CharField(_("程序版本"), max_length=64)
    data = models.TextField(_("结果"))
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("监测结果")
        verbose_name_plural = _("监测结果")
        constraints = [
            # One row per key; `results.plan_result` reads by it.
            models.UniqueConstraint(fields=["plan", "period", "day"], name="monitor_result_key"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.period} {self.day}"
