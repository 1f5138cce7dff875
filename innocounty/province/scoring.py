"""The scoring method of a region for a year: save, freeze, load (the formulas are in
`innocounty.core.comparison`).

A method is stored complete: every scored indicator's weight and every category's weight are
written out when it is saved, so changing the defaults below never changes a saved method.
Once frozen it never changes, and the year's ranking can be reproduced exactly. A year without
a saved method scores by the counties' own targets with equal weights, from today's defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from innocounty.core import catalogue, comparison
from innocounty.core.index import DEFAULT_CAP
from innocounty.plans.models import Region
from innocounty.province.models import ScoringMethod
from innocounty.types import User

FROZEN = gettext_noop("{year}年的评价方法已于{date}锁定，不能再修改。")
ALREADY_FROZEN = gettext_noop("{year}年的评价方法已经锁定。")
UNKNOWN_KIND = gettext_noop("请选择评价方法。")
UNKNOWN_INDICATOR = gettext_noop("指标代码“{code}”不在全国统一指标中。")
NO_INDICATOR = gettext_noop("请至少选择一项指标。")
NOT_A_NUMBER = gettext_noop("“{value}”不是数字。")
NEGATIVE_WEIGHT = gettext_noop("权重不能为负数。")
ALL_WEIGHTS_ZERO = gettext_noop("权重不能全部为零。")
STANDARD_REQUIRED = gettext_noop("请填写标准值。")
STANDARD_NOT_POSITIVE = gettext_noop("标准值须大于零。")
EFFICACY_REQUIRED = gettext_noop("请填写满意值和不允许值。")
EFFICACY_EQUAL = gettext_noop("满意值不能等于不允许值。")
EFFICACY_HIGHER = gettext_noop("该指标越大越好，满意值须大于不允许值。")
EFFICACY_LOWER = gettext_noop("该指标越小越好，满意值须小于不允许值。")
BASE_YEAR_LATE = gettext_noop("基期年份须早于评价年度{year}年。")
CAP_NOT_POSITIVE = gettext_noop("达标率上限须大于零。")

# Today's defaults, written into a method when it is saved (never read for a saved one).
DEFAULT_KIND = comparison.OWN_TARGETS
DEFAULT_WEIGHT = Decimal(1)
DEFAULT_CAP_VALUE = DEFAULT_CAP

# The sections of the parameters that map an indicator code to a number.
PER_INDICATOR = ("weights", "standards", "satisfactory", "unacceptable")


class ScoringInputError(ValueError):
    """A method refused; `errors` maps a parameter ("kind", "weights:N01",
    "category_weights:创新投入", "base_year", "cap" or "__all__") to Chinese messages."""

    def __init__(self, errors: dict[str, list[str]] | str) -> None:
        if isinstance(errors, str):
            errors = {"__all__": [errors]}
        self.errors = errors
        super().__init__("；".join(m for ms in errors.values() for m in ms))


def national_codes() -> list[str]:
    """The codes of the national 15, the indicators the province compares."""
    return [entry.code for entry in catalogue.NATIONAL]


def national_categories(codes: list[str] | None = None) -> list[str]:
    """The categories (一级指标) of `codes` (default the national 15), in catalogue order."""
    chosen = set(codes or national_codes())
    return list(
        dict.fromkeys(entry.category for entry in catalogue.NATIONAL if entry.code in chosen)
    )


def default_parameters(kind: str, year: int) -> dict[str, Any]:
    """The parameters a method starts from today: every national indicator, equal weights."""
    codes = national_codes()
    parameters: dict[str, Any] = {
        "indicators": codes,
        "weights": {code: str(DEFAULT_WEIGHT) for code in codes},
        "category_weights": {c: str(DEFAULT_WEIGHT) for c in national_categories(codes)},
    }
    if kind == comparison.OWN_TARGETS:
        parameters["cap"] = str(DEFAULT_CAP_VALUE)
    if kind == comparison.CHAINED:
        parameters["base_year"] = year - 1
    return parameters


def _decimal(raw: object) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(str(raw)) from None
    if not value.is_finite():
        raise ValueError(str(raw))
    return value


def scoring_parameters_clean(
    *, kind: str, year: int, parameters: Mapping[str, Any]
) -> dict[str, Any]:
    """`parameters` checked and completed from today's defaults, numbers as exact strings.

    Every problem is collected and raised together as a `ScoringInputError`.
    """
    errors: dict[str, list[str]] = {}

    def problem(key: str, message: str, **values: object) -> None:
        errors.setdefault(key, []).append(gettext(message).format(**values))

    if kind not in comparison.METHODS:
        raise ScoringInputError({"kind": [gettext(UNKNOWN_KIND)]})
    defaults = default_parameters(kind, year)
    given_codes = parameters.get("indicators")
    codes = list(defaults["indicators"] if given_codes is None else given_codes)
    for code in codes:
        if code not in catalogue.BY_CODE:
            problem("indicators", UNKNOWN_INDICATOR, code=code)
    if not codes:
        problem("indicators", NO_INDICATOR)
    clean: dict[str, Any] = {"indicators": codes}

    def numbers(section: str, keys: list[str], default: Decimal | None) -> dict[str, Decimal]:
        given = parameters.get(section) or {}
        found: dict[str, Decimal] = {}
        for key in keys:
            try:
                value = _decimal(given.get(key))
            except ValueError as exc:
                problem(f"{section}:{key}", NOT_A_NUMBER, value=exc)
                continue
            if value is None:
                value = default
            if value is not None:
                found[key] = value
        return found

    categories = national_categories(codes)
    weights = numbers("weights", codes, DEFAULT_WEIGHT)
    category_weights = numbers("category_weights", categories, DEFAULT_WEIGHT)
    for section, found in (("weights", weights), ("category_weights", category_weights)):
        for key, value in found.items():
            if value < 0:
                problem(f"{section}:{key}", NEGATIVE_WEIGHT)
    if weights and all(w == 0 for w in weights.values()):
        problem("__all__", ALL_WEIGHTS_ZERO)
    elif category_weights and all(w == 0 for w in category_weights.values()):
        problem("__all__", ALL_WEIGHTS_ZERO)
    clean["weights"] = {k: str(v) for k, v in weights.items()}
    clean["category_weights"] = {k: str(v) for k, v in category_weights.items()}

    if kind == comparison.STANDARD:
        standards = numbers("standards", codes, None)
        for code in codes:
            if code not in standards:
                problem(f"standards:{code}", STANDARD_REQUIRED)
            elif standards[code] <= 0:
                problem(f"standards:{code}", STANDARD_NOT_POSITIVE)
        clean["standards"] = {k: str(v) for k, v in standards.items()}
    if kind == comparison.EFFICACY:
        good = numbers("satisfactory", codes, None)
        bad = numbers("unacceptable", codes, None)
        for code in codes:
            if code not in good or code not in bad:
                key = "satisfactory" if code not in good else "unacceptable"
                problem(f"{key}:{code}", EFFICACY_REQUIRED)
            elif good[code] == bad[code]:
                problem(f"satisfactory:{code}", EFFICACY_EQUAL)
            elif catalogue.BY_CODE[code].direction == "lower" and good[code] > bad[code]:
                problem(f"satisfactory:{code}", EFFICACY_LOWER)
            elif catalogue.BY_CODE[code].direction != "lower" and good[code] < bad[code]:
                problem(f"satisfactory:{code}", EFFICACY_HIGHER)
        clean["satisfactory"] = {k: str(v) for k, v in good.items()}
        clean["unacceptable"] = {k: str(v) for k, v in bad.items()}
    if kind == comparison.CHAINED:
        base = parameters.get("base_year")
        try:
            base_year = defaults["base_year"] if base in (None, "") else int(str(base))
        except ValueError:
            problem("base_year", NOT_A_NUMBER, value=base)
        else:
            if base_year >= year:
                problem("base_year", BASE_YEAR_LATE, year=year)
            clean["base_year"] = base_year
    if kind == comparison.OWN_TARGETS:
        try:
            given_cap = _decimal(parameters.get("cap"))
        except ValueError as exc:
            problem("cap", NOT_A_NUMBER, value=exc)
        else:
            cap = DEFAULT_CAP_VALUE if given_cap is None else given_cap
            if cap <= 0:
                problem("cap", CAP_NOT_POSITIVE)
            clean["cap"] = str(cap)
    if errors:
        raise ScoringInputError(errors)
    return clean


def scoring_method_get(*, region: Region, year: int) -> ScoringMethod | None:
    return ScoringMethod.objects.filter(region=region, year=year).first()


def scoring_method_save(
    *, region: Region, year: int, kind: str, parameters: Mapping[str, Any], by: User
) -> ScoringMethod:
    """Save the region's method for `year` (checked and completed); refused once frozen.
    A refused method changes nothing."""
    clean = scoring_parameters_clean(kind=kind, year=year, parameters=parameters)
    with transaction.atomic():
        method = ScoringMethod.objects.select_for_update().filter(region=region, year=year).first()
        if method is not None and method.is_frozen:
            raise ScoringInputError(_frozen_message(method))
        before = None if method is None else {"kind": method.kind, "parameters": method.parameters}
        if method is None:
            method = ScoringMethod(region=region, year=year)
        method.kind = kind
        method.parameters = clean
        method.updated_by = by
        method.full_clean()
        method.save()
        method.log_action(
            "province.scoring.saved",
            user=by,
            data={"year": year, "before": before, "after": {"kind": kind, "parameters": clean}},
        )
    return method


def scoring_method_freeze(*, region: Region, year: int, by: User) -> ScoringMethod:
    """Freeze the region's method for `year` (the default one, written out, when none was
    saved); a frozen method is never changed again."""
    with transaction.atomic():
        method = ScoringMethod.objects.select_for_update().filter(region=region, year=year).first()
        if method is None:
            method = scoring_method_save(
                region=region,
                year=year,
                kind=DEFAULT_KIND,
                parameters=default_parameters(DEFAULT_KIND, year),
                by=by,
            )
        elif method.is_frozen:
            raise ScoringInputError(gettext(ALREADY_FROZEN).format(year=year))
        method.frozen_at = timezone.now()
        method.frozen_by = by
        method.save(update_fields=["frozen_at", "frozen_by"])
        method.log_action("province.scoring.frozen", user=by, data={"year": year})
    return method


def _frozen_message(method: ScoringMethod) -> str:
    assert method.frozen_at is not None
    date = timezone.localtime(method.frozen_at).date()
    return gettext(FROZEN).format(year=method.year, date=f"{date:%Y-%m-%d}")


def method_from_parameters(
    kind: str, year: int, parameters: Mapping[str, Any]
) -> comparison.Method:
    """The core's `Method` for stored parameters, as stored (no default is read)."""

    def numbers(section: str) -> dict[str, Decimal]:
        return {k: Decimal(v) for k, v in (parameters.get(section) or {}).items()}

    extra: dict[str, Any] = {}
    if parameters.get("cap") is not None:
        extra["cap"] = Decimal(parameters["cap"])
    if parameters.get("base_year") is not None:
        extra["base_year"] = int(parameters["base_year"])
    return comparison.Method(
        kind=kind,
        year=year,
        indicators=tuple(parameters.get("indicators") or ()),
        weights=numbers("weights"),
        category_weights=numbers("category_weights"),
        standards=numbers("standards"),
        satisfactory=numbers("satisfactory"),
        unacceptable=numbers("unacceptable"),
        **extra,
    )


def scoring_method_for(*, region: Region, year: int) -> comparison.Method:
    """The method the region's counties are scored by in `year`: the saved one, else the
    counties' own targets with equal weights (today's defaults)."""
    method = scoring_method_get(region=region, year=year)
    if method is None:
        return method_from_parameters(DEFAULT_KIND, year, default_parameters(DEFAULT_KIND, year))
    return method_from_parameters(method.kind, method.year, method.parameters)
