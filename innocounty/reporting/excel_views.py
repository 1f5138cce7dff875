"""Excel pages: a unit's template for a round, its upload, and the office's full export.

Same shape as `views.py`: access helper → one call into `excel` → file, redirect or page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innocounty.plans.models import Plan
from innocounty.reporting import access, excel, views
from innocounty.reporting.exporters import XLSX_TYPE, file_response

NO_FILE = "请选择要上传的 Excel 文件"


@require_GET
def round_unit_template(request: HttpRequest, round_id: int, unit_id: int) -> HttpResponse:
    round_ = access._get_round_for_user(request.user, round_id)
    unit, _editable = access._get_unit_in_round(request.user, round_, unit_id)
    content = excel.template_workbook(round_=round_, unit=unit, user=request.user)
    return file_response(content, XLSX_TYPE, f"填报模板-{round_.period}-{unit.name}.xlsx")


@require_POST
def round_unit_upload(request: HttpRequest, round_id: int, unit_id: int) -> HttpResponse:
    """Import the unit's filled template, all or nothing; show every located problem."""
    round_ = access._get_round_for_user(request.user, round_id)
    on_behalf = views._on_behalf(request)
    unit, editable = access._get_unit_in_round(request.user, round_, unit_id, on_behalf=on_behalf)
    if not editable:
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        problems = [NO_FILE]
    elif upload.size > excel.max_bytes():
        limit = excel.max_bytes() // (1024 * 1024)
        problems = [excel.FILE_TOO_LARGE.format(name=upload.name, limit=limit)]
    else:
        try:
            result = excel.import_workbook(
                data=upload.read(),
                by=request.user,
                filename=upload.name,
                round_=round_,
                unit=unit,
                on_behalf=on_behalf,
            )
        except excel.ExcelImportError as exc:
            problems = exc.problems
        else:
            messages.success(
                request, _("Excel 导入完成：%(summary)s") % {"summary": result.summary()}
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            return views._to_unit(round_, unit, on_behalf)
    context = views._entry_context(round_, unit, editable, user=request.user, on_behalf=on_behalf)
    context["excel_problems"] = problems
    messages.error(request, _("Excel 文件有问题，未导入任何数据。"))
    return render(request, "reporting/entry.html", context, status=400)


@require_GET
def values_export(request: HttpRequest) -> HttpResponse:
    """Every version of every value, for the office and leaders (?format=csv|xlsx, ?plan=)."""
    if not access.can_read_all(request.user):
        raise PermissionDenied
    plan = None
    if request.GET.get("plan"):
        plan = get_object_or_404(Plan, key=request.GET["plan"])
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    content = excel.export_values(plan=plan, fmt=fmt, user=request.user)
    name = f"指标数据-{plan.key if plan else '全部'}.{fmt}"
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE
    return file_response(content, content_type, name)
