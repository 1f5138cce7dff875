"""The province office's page for a year's scoring method: view, edit, freeze.

Shape: access helper (the region, 403 for anyone but the province office and the admin, 404
for a region not theirs) → form → one service call → redirect or render.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from innocounty.core import catalogue, comparison
from innocounty.plans import roles, tenancy
from innocounty.plans.models import Region
from innocounty.province import scoring
from innocounty.province.models import SCORING_KINDS, ScoringMethod
from innocounty.types import AuthenticatedHttpRequest

FIRST_YEAR, LAST_YEAR = 2000, 2100
SAVED = gettext_lazy("{year}年的评价方法已保存。")
FROZEN = gettext_lazy("{year}年的评价方法已锁定，今后按此方法计算的排名不再变化。")
DIRECTION_LABELS = {"higher": gettext_lazy("越大越好"), "lower": gettext_lazy("越小越好")}


def _get_region_for_user(request: AuthenticatedHttpRequest, year: int) -> Region:
    """The region whose method the page shows: `?region=CODE`, else the person's own province
    (or city). 403 for anyone but the province office and the admin; 404 for a region outside
    theirs, as for a missing one, and for a year out of range."""
    user = request.user
    if not (roles.is_province(user) or roles.is_admin(user)):
        raise PermissionDenied
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    regions = tenancy.scoring_regions_for(user)
    code = request.GET.get("region") or request.POST.get("region")
    if code:
        return get_object_or_404(regions, code=code)
    region = tenancy.home_scoring_region(user)
    if region is None:
        raise Http404
    return region


class ScoringMethodForm(forms.Form):
    """The method and one row of numbers per national indicator; the numbers stay text here
    and the service checks them all, naming each field (`scoring.ScoringInputError`)."""

    kind = forms.ChoiceField(label=gettext_lazy("评价方法"), choices=SCORING_KINDS)
    base_year = forms.CharField(
        label=gettext_lazy("基期年份（基期链式指数）"), required=False, max_length=4
    )
    cap = forms.CharField(
        label=gettext_lazy("达标率上限（对照自身目标，1.2即120%）"), required=False, max_length=20
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # Chinese labels carry no colon suffix
        super().__init__(*args, **kwargs)
        for entry in catalogue.NATIONAL:
            code = entry.code
            # The table's cells carry no <label>: each input names its code and column.
            self.fields[f"use:{code}"] = forms.BooleanField(
                label=gettext_lazy("参与评价"),
                required=False,
                widget=forms.CheckboxInput(attrs={"aria-label": f"{code} {_('参与评价')}"}),
            )
            for section, label in (
                ("weights", gettext_lazy("权重")),
                ("standards", gettext_lazy("标准值")),
                ("satisfactory", gettext_lazy("满意值")),
                ("unacceptable", gettext_lazy("不允许值")),
            ):
                self.fields[f"{section}:{code}"] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=30,
                    widget=forms.TextInput(attrs={"aria-label": f"{code} {label}", "size": 8}),
                )
        for category in scoring.national_categories():
            self.fields[f"category_weights:{category}"] = forms.CharField(
                label=category, required=False, max_length=30
            )

    @staticmethod
    def initial_from(kind: str, parameters: dict[str, Any]) -> dict[str, Any]:
        """The form's initial data from a method's stored (or default) parameters."""
        initial: dict[str, Any] = {
            "kind": kind,
            "base_year": parameters.get("base_year") or "",
            "cap": parameters.get("cap") or "",
        }
        for code in parameters.get("indicators") or ():
            initial[f"use:{code}"] = True
        for section in (*scoring.PER_INDICATOR, "category_weights"):
            for key, value in (parameters.get(section) or {}).items():
                initial[f"{section}:{key}"] = value
        return initial

    def parameters(self) -> dict[str, Any]:
        """The parameters as the service takes them."""
        data = self.cleaned_data
        parameters: dict[str, Any] = {
            "indicators": [e.code for e in catalogue.NATIONAL if data.get(f"use:{e.code}")],
            "base_year": data.get("base_year") or None,
            "cap": data.get("cap") or None,
        }
        for section in (*scoring.PER_INDICATOR, "category_weights"):
            parameters[section] = {
                name.split(":", 1)[1]: value
                for name, value in data.items()
                if name.startswith(f"{section}:") and value not in (None, "")
            }
        return parameters

    def attach(self, exc: scoring.ScoringInputError) -> None:
        """Put the service's messages on the fields they name (the rest on the form)."""
        for key, found in exc.errors.items():
            field = key if key in self.fields else None
            for message in found:
                self.add_error(field, message)


def _url(year: int, region: Region, name: str = "province:scoring") -> str:
    return f"{reverse(name, args=[year])}?{urlencode({'region': region.code})}"


@require_http_methods(["GET", "POST"])
def scoring_method(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    region = _get_region_for_user(request, year)
    may_edit = tenancy.may_edit_scoring(request.user, region)
    method = scoring.scoring_method_get(region=region, year=year)
    if method is not None:
        kind, parameters = method.kind, method.parameters
    else:
        kind = scoring.DEFAULT_KIND
        parameters = scoring.default_parameters(kind, year)
    editable = may_edit and (method is None or not method.is_frozen)
    initial = ScoringMethodForm.initial_from(kind, parameters)
    form = ScoringMethodForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                scoring.scoring_method_save(
                    region=region,
                    year=year,
                    kind=form.cleaned_data["kind"],
                    parameters=form.parameters(),
                    by=request.user,
                )
            except scoring.ScoringInputError as exc:
                form.attach(exc)
            else:
                messages.success(request, SAVED.format(year=year))
                return redirect(_url(year, region))
    return render(
        request,
        "province/scoring.html",
        _context(region, year, method, form, editable, kind),
        status=400 if form.errors else 200,
    )


def _context(
    region: Region,
    year: int,
    method: ScoringMethod | None,
    form: ScoringMethodForm,
    editable: bool,
    kind: str,
) -> dict[str, Any]:
    rows = [
        {
            "entry": entry,
            "direction": DIRECTION_LABELS[str(entry.direction)],
            "fields": [form[f"{s}:{entry.code}"] for s in ("use", *scoring.PER_INDICATOR)],
        }
        for entry in catalogue.NATIONAL
    ]
    return {
        "region": region,
        "year": year,
        "method": method,
        "kind_label": _(comparison.METHODS[kind][0]),
        "form": form,
        "rows": rows,
        "category_fields": [form[f"category_weights:{c}"] for c in scoring.national_categories()],
        "editable": editable,
        "previous_url": _url(year - 1, region),
        "next_url": _url(year + 1, region),
        "freeze_url": _url(year, region, "province:scoring-freeze"),
    }


@require_POST
def scoring_method_freeze(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    region = _get_region_for_user(request, year)
    if not tenancy.may_edit_scoring(request.user, region):
        raise PermissionDenied
    try:
        scoring.scoring_method_freeze(region=region, year=year, by=request.user)
    except scoring.ScoringInputError as exc:
        for found in exc.errors.values():
            for message in found:
                messages.error(request, message)
    else:
        messages.success(request, FROZEN.format(year=year))
    return redirect(_url(year, region))
