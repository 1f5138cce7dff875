"""The province view's own rows: the scoring method frozen per region and year, the province
bulletins. The counties' data stays in their plans; this app only reads it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innocounty.audit.models import LoggedModel
from innocounty.bulletins.drafting import IssuedDocument
from innocounty.core.comparison import METHODS
from innocounty.plans.models import Plan, Region

# The methods' codes and labels come from the core's one table.
SCORING_KINDS = [(code, _(label)) for code, (label, _score) in METHODS.items()]


class ScoringMethod(LoggedModel):
    """How a region's counties are scored in a year: the method and its parameters (weights,
    standard values, satisfactory and unacceptable values, base year), stored complete when
    saved, so a later change of the defaults never changes it. Once frozen it never changes
    again, and a past ranking is reproduced exactly (`innocounty.province.scoring`)."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("地区"),
        on_delete=models.PROTECT,
        related_name="scoring_methods",
    )
    year = models.PositiveSmallIntegerField(_("评价年度"))
    kind = models.CharField(_("评价方法"), max_length=20, choices=SCORING_KINDS)
    # Decimals as strings (exact), e.g. {"weights": {"N01": "1.5"}, "cap": "1.2", …}.
    parameters = models.JSONField(_("参数"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    frozen_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("锁定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("评价方法")
        verbose_name_plural = _("评价方法")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="province_scoring_region_year")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.get_kind_display()}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class ProvinceBulletin(IssuedDocument):
    """A province (or city) bulletin (通报) ranking its counties for a year: a frozen
    snapshot of the comparison (`province.snapshot`) and its editable text; states, creator,
    issuer, snapshot and paragraphs: see `IssuedDocument`."""

    region = models.ForeignKey(
        Region, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="bulletins"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("全省通报")
        verbose_name_plural = _("全省通报")
        ordering = ("-created", "-id")
        # The bulletin list filters by the person's regions, newest first.
        indexes = [models.Index(fields=["region", "-created"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("province:bulletin-detail", args=[self.pk])


class PlanIndex(models.Model):
    """A plan's composite index on the national indicators for a year, as the province
    comparison ranks it, stored so that the comparison of thousands of counties reads one row
    per county. A row holds while its plan's result generation (`monitor.PlanResultStamp`,
    raised by every change to the plan's data) and the program version are those it was
    computed with; otherwise it is computed again (`province.selectors.stored_indices`)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    index = models.FloatField(_("综合指数"), null=True)
    coverage = models.FloatField(_("数据覆盖率"))
    generation = models.PositiveBigIntegerField(_("版本"))
    code = models.CharField(_("程序版本"), max_length=40)

    class Meta:
        verbose_name = _("综合指数（全省比较）")
        verbose_name_plural = _("综合指数（全省比较）")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="province_planindex_plan_year")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.year}: {self.index}"


class MethodRanking(models.Model):
    """A scoring method's ranking of a set of counties for a year, with its robustness (the
    ranks under equal and entropy weights), stored so that a method other than the composite
    index reads one row for thousands of counties (`innocounty.province.methods`).

    `scope` names the set of plans (a digest of their ids), `method` the method with its
    parameters (a digest), `inputs` what the ranking was computed from: the program version
    and every plan's result generation (`monitor.PlanResultStamp`, raised by every change to a
    plan's data). A row whose `inputs` differ from today's is computed again, never read."""

    scope = models.CharField(_("比较范围"), max_length=64)
    year = models.PositiveSmallIntegerField(_("年度"))
    method = models.CharField(_("评价方法"), max_length=64)
    inputs = models.CharField(_("数据版本"), max_length=64)
    # JSON: {"<plan id>": [score, rank, equal rank, entropy rank, largest move, coverage]}.
    data = models.TextField(_("结果"))
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("评价方法排名（全省比较）")
        verbose_name_plural = _("评价方法排名（全省比较）")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "year", "method"], name="province_methodranking_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.method[:8]} ({self.scope[:8]})"
