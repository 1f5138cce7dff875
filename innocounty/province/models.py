"""The province view's own rows: the scoring method frozen per region and year, the province
bulletins. The counties' data stays in their plans; this app only reads it."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innocounty.bulletins.drafting import IssuedDocument
from innocounty.plans.models import Region


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
