"""A self-evaluation report (自评报告) for acceptance (验收): a frozen snapshot and its text.

Like a bulletin: `snapshot` holds everything the document shows, already computed and
formatted (see `selectors.acceptance_snapshot`), so the report can be written again identically
later whatever has been corrected since; `paragraphs` holds the text of each section, generated
from the snapshot and editable by the office until the report is issued. Issued reports are
kept and never change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innocounty.audit.models import LoggedModel
from innocounty.plans.models import Plan


class SelfEvaluation(LoggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已印发")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="self_evaluations")
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created = models.DateTimeField(_("生成时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(_("数据快照"), default=dict)
    paragraphs = models.JSONField(_("正文段落"), default=dict)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("自评报告")
        verbose_name_plural = _("自评报告")
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("acceptance:report-detail", args=[self.pk])

    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    def filename(self, ext: str = "docx") -> str:
        return f"{self.title}-{self.pk}.{ext}"
