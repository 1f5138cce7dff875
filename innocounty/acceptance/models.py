"""A self-evaluation report (自评报告) for acceptance (验收): a frozen snapshot and its text.

Like a bulletin: `snapshot` holds everything the document shows, already computed and
formatted (see `selectors.acceptance_snapshot`), so the report can be written again identically
later whatever has been corrected since; `paragraphs` holds the text of each section, generated
from the snapshot and editable by the office until the report is issued. Issued reports are
kept and never change.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innocounty.bulletins.drafting import IssuedDocument
from innocounty.plans.models import Plan


class SelfEvaluation(IssuedDocument):
    """States, who created and issued it, snapshot, paragraphs: see `IssuedDocument`."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="self_evaluations")
    title = models.CharField(_("标题"), max_length=200)

    class Meta:
        verbose_name = _("自评报告")
        verbose_name_plural = _("自评报告")
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("acceptance:report-detail", args=[self.pk])
