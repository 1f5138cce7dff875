"""A bulletin (通报): a frozen snapshot of the approved data at a moment, and its text.

`snapshot` holds everything the document shows, already computed (numbers formatted, labels,
sentences, units, late units …), so the document can be written again identically later,
whatever has been corrected since. `paragraphs` holds the text of each section, generated
from the snapshot and editable by the office until the bulletin is issued.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innocounty.bulletins.drafting import IssuedDocument
from innocounty.core import periods
from innocounty.plans.models import Plan


class Bulletin(IssuedDocument):
    """States, who created and issued it, snapshot, paragraphs: see `IssuedDocument`."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bulletins")
    period = models.CharField(_("报告期"), max_length=10)
    title = models.CharField(_("标题"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)

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

    def period_label(self) -> str:
        return periods.label(self.period)

    @property
    def warnings(self) -> list[Any]:
        return list(self.snapshot.get("warnings", []))
