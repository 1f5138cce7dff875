"""A bulletin (通报): a frozen snapshot of the approved data at a moment, and its text.

`snapshot` holds everything the document shows, already computed (numbers formatted, labels,
sentences, units, late units …), so the document can be written again identically later,
whatever has been corrected since. `paragraphs` holds the text of each section, generated
from the snapshot and editable by the office until the bulletin is issued.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innocounty.audit.models import LoggedModel
from innocounty.core import periods
from innocounty.plans.models import Plan


class Bulletin(LoggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已印发")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bulletins")
    period = models.CharField(_("报告期"), max_length=10)
    title = models.CharField(_("标题"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The moment of the snapshot; also the document's dates, so regenerating is byte-identical.
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
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ("-created", "-id")
        # The bulletin list filters by plan, newest first.
        indexes = [models.Index(fields=["plan", "-created"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bulletins:bulletin-detail", args=[self.pk])

    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    def period_label(self) -> str:
        return periods.label(self.period)

    def filename(self, ext: str = "docx") -> str:
        return f"{self.title}-{self.pk}.{ext}"

    @property
    def warnings(self) -> list[Any]:
        return list(self.snapshot.get("warnings", []))
