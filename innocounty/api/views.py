"""The API (`/api/v1/`): plans, indicators with their status and forecast, approved value
history, a comparison across plans on a national catalogue code, and value submission.

Every read and write goes through `innocounty.reporting.access` (the plans a person may see,
the values a person may read, the units a person may enter for): a plan outside
`plans_visible_to` answers 404. Values come from the reporting selectors, statuses and
forecasts from the engine's stored results exactly as the cockpit reads them
(`monitor.results`), and
submissions run through the reporting services that the web form calls.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from innocounty.api import serializers as s
from innocounty.api.selectors import compare_items
from innocounty.api.services import NOTHING_SAVED, EntriesRefused, values_enter
from innocounty.core import catalogue
from innocounty.core.forecast import NOT_AVAILABLE
from innocounty.core.forecast import STATUS_LABELS as FORECAST_LABELS
from innocounty.core.periods import PeriodError, parse_period
from innocounty.core.workflow import State
from innocounty.i18n import translate
from innocounty.monitor import results
from innocounty.monitor import selectors as monitor
from innocounty.monitor.forms import PeriodForm
from innocounty.plans import roles
from innocounty.plans.models import Indicator, Plan, Unit
from innocounty.reporting import access, services
from innocounty.reporting import selectors as reporting
from innocounty.reporting.models import Round, Value

WHICH_UNIT = _("您属于本方案的多个单位（{units}），请用“unit”指明填报单位")
NO_UNIT = _("您不是本方案任何单位的填报员")
UNKNOWN_CATALOGUE = _("未知的国家标准指标代码“{code}”")


PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT, description=_("页码，从 1 开始")),
    OpenApiParameter("page_size", OpenApiTypes.INT, description=_("每页条数，最多 500")),
]


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _number(value: Decimal | None) -> str | None:
    """A decimal as exact text without trailing zeros (2.50000000 → "2.5"), None as null."""
    if value is None:
        return None
    normal = value.normalize()
    return format(normal.quantize(1) if normal == normal.to_integral_value() else normal, "f")


def _get_plan(user: Any, key: str) -> Plan:
    """The plan if `user` may see it, else 404: its existence is not revealed."""
    return get_object_or_404(access.plans_visible_to(user), key=key)


def _page(request: Request, rows: Any, serializer: type[s.serializers.Serializer]) -> Response:
    paginator = Pagination()
    page = paginator.paginate_queryset(rows, request)
    return paginator.get_paginated_response(serializer(page, many=True).data)


def _region(plan: Plan) -> str | None:
    return plan.region or None


# --- reads ----------------------------------------------------------------------------------


@extend_schema(parameters=PAGE_PARAMETERS, responses=s.PaginatedPlans)
@api_view(["GET"])
def plan_list(request: Request) -> Response:
    """The plans the token's user may see."""
    plans = access.plans_visible_to(request.user).order_by("key")
    paginator = Pagination()
    page = paginator.paginate_queryset(plans, request)
    rows = [
        {
            "key": p.key,
            "title": p.title,
            "region": _region(p),
            "start_year": p.start_year,
            "end_year": p.end_year,
        }
        for p in page
    ]
    return paginator.get_paginated_response(s.PlanSerializer(rows, many=True).data)


def _forecast(result: Any) -> dict[str, Any] | None:
    a = result.forecast
    if a.status == NOT_AVAILABLE:
        return None
    return {
        "status": a.status,
        "label": FORECAST_LABELS[a.status],
        "target": _number(Decimal(a.target)) if a.target is not None else None,
        "target_year": a.target_year,
        "projected": a.projected,
        "reason": a.reason,
    }


def _period(request: Request, plan: Plan) -> str:
    """`?period=` checked as the cockpit checks it; absent: the cockpit's default period."""
    form = PeriodForm(request.query_params or None, plan=plan)
    if form.is_bound:
        if not form.is_valid():
            raise ValidationError(form.errors)
        if form.cleaned_data["period"]:
            return form.cleaned_data["period"]
    return monitor.default_period(plan=plan)


@extend_schema(
    parameters=[
        OpenApiParameter("period", OpenApiTypes.STR, description=_("截至报告期")),
        *PAGE_PARAMETERS,
    ],
    responses=s.PaginatedIndicators,
)
@api_view(["GET"])
def indicator_list(request: Request, plan_key: str) -> Response:
    """Each indicator of the plan as of `period`: its latest approved value, the engine's
    status for that period and, where the engine gives one, its forecast."""
    plan = _get_plan(request.user, plan_key)
    evaluation = results.plan_result(plan=plan, period=_period(request, plan)).evaluation
    approved = reporting.approved_values(plan=plan)
    labels = monitor.status_labels()
    rows = []
    for indicator in plan.indicators.order_by("position"):
        result = evaluation.indicators.get(indicator.code)
        if result is None:
            continue
        st = result.status
        rows.append(
            {
                "code": indicator.code,
                "catalogue": indicator.catalogue or None,
                "name": indicator.name,
                "unit": indicator.measure_unit,
                "frequency": indicator.frequency,
                "period": st.period,
                "value": _number(approved.get(indicator.code, {}).get(st.period)),
                "target": _number(st.achievements.year_target),
                "status": str(st.status),
                "status_label": labels[st.status],
                "forecast": _forecast(result),
            }
        )
    return _page(request, rows, s.IndicatorSerializer)


@extend_schema(parameters=PAGE_PARAMETERS, responses=s.PaginatedValueVersions)
@api_view(["GET"])
def value_history(request: Request, plan_key: str, code: str) -> Response:
    """The approved versions of one indicator's values, latest period first; a corrected
    value lists each approved version."""
    plan = _get_plan(request.user, plan_key)
    indicator = get_object_or_404(Indicator, plan=plan, code=code)
    versions = (
        access.values_visible_to(
            request.user, Value.objects.filter(indicator=indicator, state=State.APPROVED)
        )
        .select_related("unit")
        .order_by("-period", "-version")
    )
    paginator = Pagination()
    page = paginator.paginate_queryset(versions, request)
    rows = [
        {
            "period": v.period,
            "version": v.version,
            "value": _number(v.value),
            "numerator": _number(v.numerator),
            "denominator": _number(v.denominator),
            "is_final": v.is_final,
            "source": v.source,
            "unit": v.unit.name if v.unit else None,
            "reviewed_at": v.reviewed_at,
        }
        for v in page
    ]
    return paginator.get_paginated_response(s.ValueVersionSerializer(rows, many=True).data)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "indicator", OpenApiTypes.STR, required=True, description=_("国家标准指标代码")
        ),
        OpenApiParameter("period", OpenApiTypes.STR, description=_("报告期")),
        *PAGE_PARAMETERS,
    ],
    responses=s.PaginatedCompareRows,
)
@api_view(["GET"])
def compare(request: Request) -> Response:
    """One row per visible plan that has the national indicator `indicator`: its value,
    target and status as of `period` (default: each plan's own default period)."""
    code = request.query_params.get("indicator", "").strip()
    if code not in catalogue.BY_CODE:
        raise ValidationError({"indicator": [str(UNKNOWN_CATALOGUE).format(code=code)]})
    period = request.query_params.get("period", "").strip() or None
    if period is not None:
        try:
            period = parse_period(period).ident
        except PeriodError as exc:
            raise ValidationError({"period": [translate(exc.message)]}) from None
    plans = (
        access.plans_visible_to(request.user)
        .filter(pk__in=Indicator.objects.filter(catalogue=code).values("plan_id"))
        .order_by("key")
    )
    paginator = Pagination()
    page = paginator.paginate_queryset(plans, request)
    labels = monitor.status_labels()
    rows = [
        {
            "plan": item.plan.key,
            "title": item.plan.title,
            "region": _region(item.plan),
            "indicator": item.indicator.code,
            "period": item.status.period,
            "value": _number(item.value),
            "target": _number(item.status.achievements.year_target),
            "status": str(item.status.status),
            "status_label": labels[item.status.status],
        }
        for item in compare_items(plans=list(page or []), code=code, period=period)
    ]
    return paginator.get_paginated_response(s.CompareRowSerializer(rows, many=True).data)


# --- submitting values ----------------------------------------------------------------------


def _unit_for(user: Any, plan: Plan, wanted: str | None, on_behalf: bool) -> Unit:
    """The unit the entries are for: the one named (by name or id), else the person's only
    unit in the plan. 404 for a unit the person may not read, 403 when it may not enter."""
    if wanted:
        units = Unit.objects.filter(plan=plan)
        unit = (units.filter(pk=int(wanted)).first() if wanted.isdigit() else None) or units.filter(
            name=wanted
        ).first()
        if unit is None or not access.may_read_unit(user, unit):
            raise Http404
    else:
        own = list(access.user_units(user, plan))
        if not own:
            raise PermissionDenied(str(NO_UNIT))
        if len(own) > 1:
            raise ValidationError(
                {"unit": [str(WHICH_UNIT).format(units="、".join(u.name for u in own))]}
            )
        unit = own[0]
    if not access.may_enter_for(user, unit, on_behalf=on_behalf):
        raise PermissionDenied(services.NOT_YOUR_UNIT.format(unit=unit.name))
    return unit


@extend_schema(
    parameters=[OpenApiParameter("submit", OpenApiTypes.BOOL, description=_("保存后直接报送"))],
    request=s.ValueSubmissionSerializer,
    responses={201: s.SubmissionResultSerializer, 400: s.SubmissionProblemsSerializer},
)
@api_view(["POST"])
def round_values(request: Request, plan_key: str, round_id: int) -> Response:
    """Save the entries as the unit's drafts in the round, all or nothing, with the web
    form's rules and audit entries; with `submit`, send them for review as well."""
    access.require_writer(request.user)
    plan = _get_plan(request.user, plan_key)
    round_ = get_object_or_404(Round, pk=round_id, plan=plan)
    body = request.data
    if isinstance(body, list):
        body = {"values": body}
    shape = s.ValueSubmissionSerializer(data=body)
    shape.is_valid(raise_exception=True)
    given = shape.validated_data
    on_behalf = bool(given.get("on_behalf")) and roles.is_office(request.user)
    submit = bool(given.get("submit")) or request.query_params.get("submit") in ("1", "true")
    unit = _unit_for(request.user, plan, given.get("unit"), on_behalf)
    try:
        saved = values_enter(
            round_=round_,
            unit=unit,
            entries=given["values"],
            by=request.user,
            on_behalf=on_behalf,
            submit=submit,
        )
    except EntriesRefused as exc:
        return Response(
            {"detail": str(NOTHING_SAVED), "errors": exc.problems},
            status=status.HTTP_400_BAD_REQUEST,
        )
    result = {
        "unit": unit.name,
        "submitted": submit,
        "results": [
            {
                "indicator": v.indicator.code,
                "period": v.period,
                "version": v.version,
                "revision": v.revision,
                "state": v.state,
                "value": _number(v.value),
                "warnings": v.warnings,
            }
            for v in saved
        ],
    }
    return Response(s.SubmissionResultSerializer(result).data, status=status.HTTP_201_CREATED)
