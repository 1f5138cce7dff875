"""Reporting: rounds, values with their versions, task reports, evidence files.

A `Value` row is one version of one indicator's value for one period. Versions of the same
(indicator, period) share a `series_key`-like identity through (indicator, period) and differ by
`version`; the latest approved version is the one that counts. Approved rows are never updated;
nothing here is ever deleted by the workflow.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innocounty.audit.models import LoggedModel
from innocounty.core import periods
from innocounty.core.rounds import round_title
from innocounty.core.workflow import STATE_LABELS, State
from innocounty.i18n import translate
from innocounty.plans.models import Indicator, Plan, Task, Unit


class WorkflowState(models.TextChoices):
    DRAFT = State.DRAFT.value, _(STATE_LABELS[State.DRAFT])
    SUBMITTED = State.SUBMITTED.value, _(STATE_LABELS[State.SUBMITTED])
    RETURNED = State.RETURNED.value, _(STATE_LABELS[State.RETURNED])
    APPROVED = State.APPROVED.value, _(STATE_LABELS[State.APPROVED])


class Round(LoggedModel):
    """A reporting round (填报轮次) for one period of one plan, with a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    period = models.CharField(_("报告期"), max_length=10)
    title = models.CharField(_("名称"), max_length=100)
    deadline = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    include_tasks = models.BooleanField(_("包含重点任务进展"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("填报轮次")
        verbose_name_plural = _("填报轮次")
        ordering = ("plan", "-deadline", "-id")
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="round_unique_period")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:round-detail", args=[self.pk])

    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return today > self.deadline

    def period_label(self) -> str:
        return periods.label(self.period)

    def display_title(self) -> str:
        """The title in the current language when it is the one given at opening (2025年填报)."""
        opening_title = round_title(self.period)
        return translate(opening_title) if self.title == str(opening_title) else self.title

    def status_display(self) -> str:
        """The status as lists show it: an open round past its deadline is overdue (逾期)."""
        if self.is_open() and self.is_overdue():
            return str(_("逾期"))
        return self.get_status_display()

    def indicators(self) -> models.QuerySet[Indicator]:
        """Indicators due in this round: those whose frequency fits the period."""
        kinds = [str(k) for k in periods.frequencies_for(self.period)]
        return self.plan.indicators.filter(frequency__in=kinds).order_by("position")


class ReviewedItem(LoggedModel):
    """What values and task reports share: versions, the review workflow, who and when.

    A row is one version; approved rows are never updated (the services enforce it).
    """

    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    state = models.CharField(
        _("状态"), max_length=10, choices=WorkflowState.choices, default=WorkflowState.DRAFT
    )
    return_reason = models.TextField(_("退回原因"), blank=True)
    correction_reason = models.TextField(_("更正原因"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    # Optimistic lock: a save names the revision it started from.
    revision = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def is_locked(self) -> bool:
        return self.state == WorkflowState.APPROVED


class Value(ReviewedItem):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.CharField(_("报告期"), max_length=10)  # DHIS2 style: 2024, 2024Q3, 2024-07
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.PROTECT, related_name="values"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("填报单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="values",
    )
    value = models.DecimalField(_("数值"), max_digits=24, decimal_places=8, null=True, blank=True)
    numerator = models.DecimalField(
        _("分子"), max_digits=24, decimal_places=8, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("分母"), max_digits=24, decimal_places=8, null=True, blank=True
    )
    source = models.CharField(_("数据来源"), max_length=200, blank=True)
    caliber = models.CharField(_("统计口径说明"), max_length=500, blank=True)
    is_final = models.BooleanField(_("年报（正式数）"), default=False)  # False: 快报
    note = models.TextField(_("备注"), blank=True)
    explanation = models.TextField(_("异常情况说明"), blank=True)
    warnings = models.JSONField(_("提示"), default=list, blank=True)

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        ordering = ("indicator", "period", "version")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "version"], name="value_unique_version"
            )
        ]
        # The engine and every page read "the latest version per indicator and period".
        indexes = [models.Index(fields=["indicator", "period", "-version"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:value-detail", args=[self.pk])

    def display(self) -> str:
        return self.indicator.format_value(self.value)

    def ratio_shown(self) -> Decimal | None:
        if self.numerator is None or not self.denominator:
            return None
        return self.value


class TaskReport(ReviewedItem):
    """A unit's progress report on a task in a round: the lead unit's, or a contribution."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位报告")
        CONTRIBUTION = "responsible", _("责任单位补充")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="task_reports")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_reports")
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices)
    progress = models.TextField(_("进展情况"), blank=True)
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), null=True, blank=True)
    milestone = models.CharField(_("节点目标"), max_length=300, blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下一步计划"), blank=True)

    class Meta:
        verbose_name = _("任务进展")
        verbose_name_plural = _("任务进展")
        ordering = ("round", "task", "role", "unit", "version")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "task", "unit", "version"], name="taskreport_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.task.number} {self.unit} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:task-report-detail", args=[self.pk])


def evidence_path(instance: Evidence, filename: str) -> str:
    # The stored name never comes from the user: the original name is kept in a field.
    now = timezone.now()
    return f"evidence/{now:%Y/%m}/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class Evidence(models.Model):
    """A file attached to a value or a task report (佐证材料); never deleted by the workflow."""

    value = models.ForeignKey(
        Value, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    task_report = models.ForeignKey(
        TaskReport, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=300)
    name = models.CharField(_("原文件名"), max_length=255)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ("uploaded", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | models.Q(task_report__isnull=False),
                name="evidence_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reporting:evidence-download", args=[self.pk])
