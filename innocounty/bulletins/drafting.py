"""What the office's documents share: a bulletin (通报) and a self-evaluation report (自评报告)
are frozen from a snapshot, their text is edited while a draft, then they are issued and stay
read-only for good.

`IssuedDocument` holds the fields and states (an abstract model: the apps' tables keep their
columns, no migration); the service steps below lock a draft for a change, apply the section
texts, save with the audit entry and issue. Each app's services keep their own messages and
action codes (`bulletins.bulletin.edited`, `acceptance.report.issued`, …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innocounty.audit.models import LoggedModel


class IssuedDocument(LoggedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已印发")

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
        abstract = True

    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    def filename(self, ext: str = "docx") -> str:
        return f"{self.title}-{self.pk}.{ext}"  # type: ignore[attr-defined]


D = TypeVar("D", bound=IssuedDocument)


def person(by: Any) -> Any:
    """`by` as the document's creator or issuer: None for nobody or an anonymous user."""
    return by if by is not None and by.is_authenticated else None


def draft_lock(document: D, *, issued: str, changed: str = "", revision: int | None = None) -> D:
    """The document again, locked for a change (call inside the service's transaction).

    ValidationError(`issued`) once it is issued; ValidationError(`changed`) when the caller
    started from another `revision` than the stored one (someone saved in between). Both are
    msgids (`gettext_noop`), translated here.
    """
    document = type(document)._default_manager.select_for_update().get(pk=document.pk)
    if document.is_issued():
        raise ValidationError(gettext(issued))
    if revision is not None and revision != document.revision:
        raise ValidationError(gettext(changed))
    return document


def paragraphs_apply(
    document: IssuedDocument,
    *,
    sections: Iterable[tuple[str, Any]],
    data: dict[str, str],
    changes: dict[str, list[str]],
) -> None:
    """Put the section texts given in `data` into the document's paragraphs (line ends
    normalised, trimmed) and record each one that differs in `changes` as [old, new]."""
    paragraphs = dict(document.paragraphs)
    for key, _head in sections:
        if key in data:
            text = data[key].replace("\r\n", "\n").strip()
            if text != paragraphs.get(key, ""):
                changes[key] = [paragraphs.get(key, ""), text]
                paragraphs[key] = text
    document.paragraphs = paragraphs


def draft_save(
    document: D, *, by: Any, action: str, changes: dict[str, list[str]], fields: list[str]
) -> D:
    """Save an edited draft (`fields` besides the paragraphs) and log old → new of what
    changed as `action`; nothing is saved or logged when nothing changed."""
    if not changes:
        return document
    document.revision += 1
    document.full_clean()
    document.save(update_fields=[*fields, "paragraphs", "revision"])
    document.log_action(action, user=by, data={"changes": changes})
    return document


def document_issue(
    document: D, *, by: Any, now: dt.datetime | None, action: str, logged: str, issued: str
) -> D:
    """Issue a draft: from now on it is read-only. Logs `action` with the field `logged`.
    ValidationError(`issued`) when it already is."""
    document = draft_lock(document, issued=issued)
    document.status = IssuedDocument.Status.ISSUED
    document.issued_at = now or timezone.now()
    document.issued_by = person(by)
    document.save(update_fields=["status", "issued_at", "issued_by"])
    document.log_action(action, user=by, data={logged: getattr(document, logged)})
    return document
