"""The province view: the counties a person may see side by side, its Excel export, and the
province bulletins (list, draft, edit, issue, .docx).

Who: the province (or city) office and the admin compare every county they may see; a
county's office and leaders see their own county only (`access.plans_visible_to`); reporters
get 403. Province bulletins: the province office of the region drafts, issues and reads them;
nobody in a county does (`access`, "province" section).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innocounty.core import catalogue
from innocounty.monitor.selectors import status_labels
from innocounty.plans.models import Region
from innocounty.province import services
from innocounty.province.document import SECTIONS, province_bulletin_docx
from innocounty.province.forms import (
    SECTION_LABELS,
    ComparisonForm,
    ProvinceBulletinCreateForm,
    ProvinceBulletinEditForm,
)
from innocounty.province.models import ProvinceBulletin
from innocounty.province.selectors import Comparison, Filters, province_comparison
from innocounty.reporting import access
from innocounty.reporting.exporters import DOCX_TYPE, exporter_class, file_response, xlsx_response
from innocounty.types import AuthenticatedHttpRequest


def _filters(request: HttpRequest) -> Filters:
    return ComparisonForm(request.GET).filters()


def _query(filters: Filters, **change: object) -> str:
    """The filters as a query string (for the page links and the export)."""
    values = {
        "year": filters.year,
        "indicator": filters.indicator,
        "theme": filters.theme,
        "zone": filters.zone,
        "city": filters.city,
        "method": filters.method,
        **change,
    }
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _number(value: Decimal | None, decimals: int) -> str:
    return "—" if value is None else f"{value:,.{decimals}f}"


def _percent(share: float | None, places: int = 1) -> str:
    return "—" if share is None else f"{share * 100:.{places}f}%"


def _table(comparison: Comparison) -> list[dict[str, Any]]:
    """The page's rows as text: no maths in the template."""
    labels = status_labels()
    rows = []
    for row in comparison.page_rows:
        cells: list[dict[str, str] | None] = []
        for entry in comparison.entries:
            cell = row.cells.get(entry.code)
            if cell is None:
                cells.append(None)
                continue
            cells.append(
                {
                    "code": entry.code,
                    "period": cell.period,
                    "value": _number(cell.value, cell.decimals),
                    "target": _number(cell.target, cell.decimals),
                    "achievement": _percent(cell.achievement),
                    "status": str(cell.status),
                    "label": labels[cell.status],
                }
            )
        reporting = row.reporting
        rows.append(
            {
                "row": row,
                "index": "—" if row.index is None else f"{row.index:.1f}",
                "moves": [
                    {
                        "rank": "—" if rank is None else str(rank),
                        "moved": rank is not None and row.rank is not None and rank != row.rank,
                    }
                    for rank in (row.equal_rank, row.entropy_rank)
                ],
                "coverage": _percent(row.coverage, 0),
                "completeness": _percent(reporting.completeness if reporting else None),
                "timeliness": _percent(reporting.timeliness if reporting else None),
                "cells": cells,
            }
        )
    return rows


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    access.require_county_comparer(request.user)
    filters = _filters(request)
    comparison = province_comparison(
        user=request.user, filters=filters, region=access.home_scoring_region(request.user)
    )
    chosen = Filters(
        year=comparison.year,
        indicator=filters.indicator,
        theme=filters.theme,
        zone=filters.zone,
        city=filters.city,
        method=comparison.method.code,
    )
    return render(
        request,
        "province/overview.html",
        {
            "c": comparison,
            "table": _table(comparison),
            "filters": chosen,
            "all_entries": catalogue.NATIONAL,
            "single": bool(filters.indicator),
            "themes": Region.Theme.choices,
            "zones": Region.Zone.choices,
            "query": _query(chosen),
            "previous_page": _query(chosen, page=comparison.page - 1),
            "next_page": _query(chosen, page=comparison.page + 1),
            "may_draft": access.may_draft_province_bulletin(request.user),
        },
    )


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The comparison with the page's filters, every county on one sheet."""
    access.require_county_comparer(request.user)
    comparison: Comparison = province_comparison(
        user=request.user,
        filters=_filters(request),
        page_size=None,
        region=access.home_scoring_region(request.user),
    )
    exporter = exporter_class("province.comparison")(comparison)  # type: ignore[call-arg]
    exporter.date = timezone.localdate().isoformat()
    return xlsx_response(exporter, f"{exporter.verbose_name}-{comparison.year}.xlsx")


# --- province bulletins ---------------------------------------------------------------------


def _bulletins() -> QuerySet[ProvinceBulletin]:
    return ProvinceBulletin.objects.select_related("region", "created_by", "issued_by")


@require_GET
def bulletin_list(request: HttpRequest) -> HttpResponse:
    regions = access.bulletin_regions(request.user)
    if not regions.exists():
        access.require_province_drafter(request.user)
    bulletins = access.province_bulletins_visible_to(
        request.user, _bulletins().defer("snapshot", "paragraphs")
    )
    form = None
    if access.may_draft_province_bulletin(request.user):
        form = ProvinceBulletinCreateForm(
            regions=regions,
            initial={"year": timezone.localdate().year - 1},
        )
    return render(request, "province/bulletin_list.html", {"bulletins": bulletins, "form": form})


@require_POST
def bulletin_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_province_drafter(request.user)
    form = ProvinceBulletinCreateForm(request.POST, regions=access.bulletin_regions(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("province:bulletin-list")
    bulletin = services.province_bulletin_create(
        region=form.cleaned_data["region"], year=form.cleaned_data["year"], by=request.user
    )
    messages.success(request, _("已生成通报草稿，可修改正文后印发。"))
    return redirect(bulletin)


@require_GET
def bulletin_detail(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin, editable = access.get_province_bulletin_for_user(
        request.user, _bulletins(), bulletin_id
    )
    by_method = bool(bulletin.snapshot.get("method"))
    sections = [
        (
            str(SECTION_LABELS["ranking-method" if key == "ranking" and by_method else key]),
            [p for p in bulletin.paragraphs.get(key, "").splitlines() if p],
        )
        for key, _head in SECTIONS
    ]
    return render(
        request,
        "province/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "editable": editable,
            "form": ProvinceBulletinEditForm.for_bulletin(bulletin) if editable else None,
            "sections": sections,
            "by_method": by_method,
        },
    )


@require_POST
def bulletin_edit(request: AuthenticatedHttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = access.get_rw_province_bulletin(request.user, _bulletins(), bulletin_id)
    form = ProvinceBulletinEditForm.for_bulletin(bulletin, request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            services.province_bulletin_edit(
                bulletin=bulletin,
                by=request.user,
                data=data,
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("通报正文已保存。"))
    else:
        messages.error(request, _("请检查标题和文号。"))
    return redirect(bulletin)


@require_POST
def bulletin_issue(request: AuthenticatedHttpRequest, bulletin_id: int) -> HttpResponse:
    """Idempotent: issuing an issued bulletin again says so and changes nothing."""
    bulletin, _editable = access.get_province_bulletin_for_user(
        request.user, _bulletins(), bulletin_id
    )
    access.require_province_drafter(request.user)
    try:
        services.province_bulletin_issue(bulletin=bulletin, by=request.user)
    except ValidationError:
        messages.info(request, _("该通报已经印发，无需重复操作。"))
    else:
        messages.success(request, _("通报已印发，此后不能再修改。"))
    return redirect(bulletin)


@require_GET
def bulletin_download(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin, _editable = access.get_province_bulletin_for_user(
        request.user, _bulletins(), bulletin_id
    )
    return file_response(province_bulletin_docx(bulletin), DOCX_TYPE, bulletin.filename("docx"))
