"""Supervision (督办): milestones, supervision items and their steps, meetings, reminders.

Nothing here is deleted by the workflow: an item keeps every step, a reminder every delivery.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innocounty.audit.models import LoggedModel
from innocounty.core import supervision as wf
from innocounty.core.milestones import MilestoneFacts, is_missed
from innocounty.core.supervision import STATE_LABELS, State
from innocounty.plans.models import Indicator, Plan, Task, Unit


class ItemState(models.TextChoices):
    ASSIGNED = State.ASSIGNED.value, _(STATE_LABELS[State.ASSIGNED])
    ACKNOWLEDGED = State.ACKNOWLEDGED.value, _(STATE_LABELS[State.ACKNOWLEDGED])
    RECTIFYING = State.RECTIFYING.value, _(STATE_LABELS[State.RECTIFYING])
    APPLIED = State.APPLIED.value, _(STATE_LABELS[State.APPLIED])
    VERIFIED = State.VERIFIED.value, _(STATE_LABELS[State.VERIFIED])
    RETURNED = State.RETURNED.value, _(STATE_LABELS[State.RETURNED])
    CLOSED = State.CLOSED.value, _(STATE_LABELS[State.CLOSED])


class Milestone(LoggedModel):
    """A task's yearly step (节点), set by its lead unit and confirmed by the office."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="milestones")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("节点内容"), max_length=300)
    due = models.DateField(_("完成时限"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="milestones"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("任务节点")
        verbose_name_plural = _("任务节点")
        ordering = ("task", "year", "due", "id")

    def __str__(self) -> str:
        return f"{self.task.number} {self.year} {self.title}"

    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def facts(self) -> MilestoneFacts:
        """The milestone as the engine judges it (`core.milestones`)."""
        return MilestoneFacts(self.title, self.due, self.done_on, self.is_confirmed())

    def is_missed(self, today: dt.date | None = None) -> bool:
        """Missed by `today` (default: the local date), by the rule in `core.milestones`."""
        return is_missed(self.facts(), on=today or timezone.localdate())


class Meeting(LoggedModel):
    """A coordination meeting (协调会); its decisions are supervision items."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("会议名称"), max_length=200)
    date = models.DateField(_("会议日期"))
    chair = models.CharField(_("主持人"), max_length=100)
    units = models.ManyToManyField(Unit, verbose_name=_("参会单位"), related_name="meetings")
    minutes = models.FileField(_("会议纪要"), upload_to="minutes/%Y/%m", blank=True, max_length=300)
    minutes_name = models.CharField(_("纪要原文件名"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("协调会")
        verbose_name_plural = _("协调会")
        ordering = ("-date", "-id")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:meeting-detail", args=[self.pk])


class Item(LoggedModel):
    """A supervision item (督办事项)."""

    class Source(models.TextChoices):
        INDICATOR = "indicator", _("滞后指标")
        TASK = "task", _("滞后任务")
        INSTRUCTION = "instruction", _("领导批示")
        MEETING = "meeting", _("会议议定事项")
        MANUAL = "manual", _("办公室交办")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="supervision_items")
    number = models.PositiveIntegerField(_("编号"))
    title = models.CharField(_("督办事项"), max_length=300)
    requirement = models.TextField(_("督办要求"))
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    instruction = models.TextField(_("批示内容"), blank=True)
    instructed_by = models.CharField(_("批示领导"), max_length=100, blank=True)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("协办单位"), blank=True, related_name="supervision_items"
    )
    deadline = models.DateField(_("办结时限"))
    state = models.CharField(
        _("状态"), max_length=12, choices=ItemState.choices, default=ItemState.ASSIGNED
    )
    return_reason = models.TextField(_("退回原因"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    # The date of each step, for the ledger (the last time it happened).
    assigned_at = models.DateTimeField(_("交办时间"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    planned_at = models.DateTimeField(_("方案时间"), null=True, blank=True)
    reported_at = models.DateTimeField(_("最近反馈时间"), null=True, blank=True)
    applied_at = models.DateTimeField(_("申请办结时间"), null=True, blank=True)
    verified_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ("plan", "-number")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="item_unique_number")
        ]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"DB{self.assigned_at:%Y}-{self.number:03d}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:item-detail", args=[self.pk])

    def is_open(self) -> bool:
        return self.state != ItemState.CLOSED

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.state == ItemState.CLOSED:
            return timezone.localdate(self.closed_at) > self.deadline
        return today > self.deadline

    def closed_on_time(self) -> bool | None:
        if self.state != ItemState.CLOSED or self.closed_at is None:
            return None
        return timezone.localdate(self.closed_at) <= self.deadline


def step_file_path(instance: Step, filename: str) -> str:
    now = timezone.now()
    ext = filename.rsplit(".", 1)[-1].lower()[:10] if "." in filename else "bin"
    return f"supervision/{now:%Y/%m}/{instance.item_id}-{now:%H%M%S%f}.{ext}"


class Step(models.Model):
    """One step of an item: who did what, when, with what text and evidence. Never changed."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(_("操作"), max_length=12)
    state_before = models.CharField(max_length=12, blank=True)
    state_after = models.CharField(max_length=12)
    text = models.TextField(_("内容"), blank=True)
    due = models.DateField(_("计划完成日期"), null=True, blank=True)
    file = models.FileField(_("佐证材料"), upload_to=step_file_path, blank=True, max_length=300)
    file_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办理过程")
        verbose_name_plural = _("办理过程")
        ordering = ("item", "at", "id")

    def __str__(self) -> str:
        return f"{self.item_id} {self.action} {self.at:%Y-%m-%d}"


class Notification(models.Model):
    """An in-app message (站内消息) for one person: a warning, a reminder or a notice."""

    class Level(models.TextChoices):
        INFO = wf.Level.INFO.value, _(wf.LEVEL_LABELS[wf.Level.INFO])
        YELLOW = wf.Level.YELLOW.value, _(wf.LEVEL_LABELS[wf.Level.YELLOW])
        RED = wf.Level.RED.value, _(wf.LEVEL_LABELS[wf.Level.RED])

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    level = models.CharField(_("级别"), max_length=6, choices=Level.choices)
    text = models.TextField(_("内容"))
    url = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class Delivery(models.Model):
    """One reminder sent (or tried) on one channel to one recipient on one day: the record
    that makes `innocounty remind` idempotent within a day."""

    class Channel(models.TextChoices):
        INAPP = wf.Channel.INAPP.value, _(wf.CHANNEL_LABELS[wf.Channel.INAPP])
        EMAIL = wf.Channel.EMAIL.value, _(wf.CHANNEL_LABELS[wf.Channel.EMAIL])
        WEBHOOK = wf.Channel.WEBHOOK.value, _(wf.CHANNEL_LABELS[wf.Channel.WEBHOOK])

    key = models.CharField(max_length=100)  # e.g. item:12, round:3:unit:4, milestone:7
    level = models.CharField(max_length=6)
    recipient = models.CharField(max_length=254)  # username, e-mail address or "webhook"
    channel = models.CharField(max_length=8, choices=Channel.choices)
    day = models.DateField()
    ok = models.BooleanField(default=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient", "channel", "day"], name="delivery_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.recipient} {self.key}"
