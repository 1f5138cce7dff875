"""Bulletin pages: the list, a bulletin (edit and issue), its .docx, PDF and Excel exports.

Who: the office (and admin) creates, edits and issues; leaders read and download; reporters
get 403 everywhere. An issued bulletin is read-only for everyone (403 on edit or issue).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innocounty.bulletins import charts, pdf, services
from innocounty.bulletins.document import bulletin_docx, section_tables
from innocounty.bulletins.forms import BulletinCreateForm, BulletinEditForm
from innocounty.bulletins.models import Bulletin
from innocounty.core.officedoc import H2
from innocounty.plans import roles
from innocounty.reporting import access
from innocounty.reporting.exporters import DOCX_TYPE, exporters_of, file_response, xlsx_response
from innocounty.types import AnyUser, AuthenticatedHttpRequest


def _bulletins() -> QuerySet[Bulletin]:
    return Bulletin.objects.select_related("plan", "created_by", "issued_by")


def _get_bulletin_for_user(user: AnyUser, bulletin_id: int) -> tuple[Bulletin, bool]:
    """The bulletin and whether the user may change it (office, draft); 403 for reporters."""
    return access.get_draft_for_user(user, _bulletins(), bulletin_id)


def _get_editable_bulletin(user: AnyUser, bulletin_id: int) -> Bulletin:
    return access.get_rw_draft_for_user(user, _bulletins(), bulletin_id)


@require_GET
def bulletin_list(request: HttpRequest) -> HttpResponse:
    access.require_reader(request.user)
    bulletins = access.scoped(
        request.user,
        Bulletin.objects.select_related("plan", "created_by").defer("snapshot", "paragraphs"),
    )
    plans = access.plans_visible_to(request.user)
    form = BulletinCreateForm(plans=plans) if roles.is_office(request.user) else None
    return render(request, "bulletins/bulletin_list.html", {"bulletins": bulletins, "form": form})


@require_POST
def bulletin_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_office(request.user)
    form = BulletinCreateForm(request.POST, plans=access.plans_visible_to(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("bulletins:bulletin-list")
    bulletin = services.bulletin_create(
        plan=form.cleaned_data["plan"], period=form.cleaned_data["period"], by=request.user
    )
    messages.success(request, _("已生成通报草稿，可修改正文后印发。"))
    return redirect(bulletin)


@require_GET
def bulletin_detail(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin, editable = _get_bulletin_for_user(request.user, bulletin_id)
    return render(
        request,
        "bulletins/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "editable": editable,
            "form": BulletinEditForm.for_bulletin(bulletin) if editable else None,
            "sections": _sections(bulletin),
            "no_font": charts.find_cjk_font() is None,
            "can_pdf": pdf.soffice_path() is not None,
            "exports": [(key, cls.verbose_name) for key, cls in exporters_of("bulletins").items()],
        },
    )


def _sections(bulletin: Bulletin) -> list[tuple[str, list[str]]]:
    from innocounty.bulletins.forms import section_labels
    from innocounty.bulletins.selectors import sections_for

    labels = section_labels(bulletin.snapshot)
    return [
        (str(labels[key]), [p for p in bulletin.paragraphs.get(key, "").splitlines() if p])
        for key, _head in sections_for(bulletin.snapshot)
    ]


@require_POST
def bulletin_edit(request: AuthenticatedHttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin = _get_editable_bulletin(request.user, bulletin_id)
    form = BulletinEditForm.for_bulletin(bulletin, request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            services.bulletin_edit(
                bulletin=bulletin,
                by=request.user,
                data=data,
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("通报正文已保存。"))
            if request.POST.get("then") == "preview":
                return redirect("bulletins:bulletin-preview", bulletin.pk)
    else:
        messages.error(request, _("请检查标题和文号。"))
    return redirect(bulletin)


@require_POST
def bulletin_issue(request: AuthenticatedHttpRequest, bulletin_id: int) -> HttpResponse:
    """Idempotent: issuing an issued bulletin again (a double click, a second tab, parallel
    requests) says so and changes nothing."""
    bulletin, _editable = _get_bulletin_for_user(request.user, bulletin_id)
    access.require_office(request.user)
    try:
        services.bulletin_issue(bulletin=bulletin, by=request.user)
    except ValidationError:
        messages.info(request, _("该通报已经印发，无需重复操作。"))
    else:
        messages.success(request, _("通报已印发，此后不能再修改。"))
    return redirect(bulletin)


@require_GET
def bulletin_download(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin, _editable = _get_bulletin_for_user(request.user, bulletin_id)
    content, _warnings = bulletin_docx(bulletin)
    return file_response(content, DOCX_TYPE, bulletin.filename("docx"))


@require_GET
def bulletin_pdf(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    bulletin, _editable = _get_bulletin_for_user(request.user, bulletin_id)
    if pdf.soffice_path() is None:
        raise Http404(pdf.PDF_NO_SOFFICE)
    content, _warnings = bulletin_docx(bulletin)
    return file_response(pdf.docx_to_pdf(content), "application/pdf", bulletin.filename("pdf"))


@require_GET
def bulletin_export(request: HttpRequest, bulletin_id: int, kind: str) -> HttpResponse:
    bulletin, _editable = _get_bulletin_for_user(request.user, bulletin_id)
    exporter_class = exporters_of("bulletins").get(kind)
    if exporter_class is None:
        raise Http404
    exporter = exporter_class(bulletin.snapshot)  # type: ignore[call-arg]
    name = f"{exporter.verbose_name}-{bulletin.period}-{bulletin.pk}.xlsx"
    return xlsx_response(exporter, name)


@require_GET
def bulletin_preview(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """The bulletin laid out as it prints: the same text, tables and charts as the .docx."""
    bulletin, editable = _get_bulletin_for_user(request.user, bulletin_id)
    return render(
        request,
        "bulletins/bulletin_preview.html",
        {
            "bulletin": bulletin,
            "editable": editable,
            "office": bulletin.snapshot["plan"]["office"],
            "date": bulletin.snapshot["date"],
            "parts": _preview_parts(bulletin),
            "no_font": charts.find_cjk_font() is None,
        },
    )


def _preview_parts(bulletin: Bulletin) -> list[dict[str, Any]]:
    """Each section's heading, paragraphs (second-level heading split off), charts and tables."""
    import base64

    from innocounty.bulletins.selectors import sections_for

    font = charts.find_cjk_font()
    images = [
        (caption, "data:image/png;base64," + base64.b64encode(png).decode("ascii"))
        for caption, png in charts.chart_images(bulletin.snapshot, font=font)
    ]
    tables = section_tables(bulletin.snapshot)
    parts = []
    for key, head in sections_for(bulletin.snapshot):
        paragraphs = []
        for line in (line.strip() for line in bulletin.paragraphs.get(key, "").splitlines()):
            if not line:
                continue
            match = H2.match(line)
            paragraphs.append((match.group(1), match.group(2)) if match else ("", line))
        parts.append(
            {
                "head": head,
                "paragraphs": paragraphs,
                "charts": images if key == "overview" else [],
                "no_charts": key == "overview" and font is None,
                "tables": tables.get(key, []),
            }
        )
    return parts
