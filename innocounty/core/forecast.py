"""Forecast to the target year by the progress method of DESIGN.md (Statistics Canada / Open SDG).

`assess(series, target=…, target_year=…, direction=…)` is a stable contract. The method:

- Base point: the value at `base_year` (default: the earliest year in the series); if that year
  has no value, the first later year that has one. Current point: the latest year. Values
  before the base year are ignored. Fewer than one year between them → ``not_available``,
  unless the target is already met.
- Observed growth g = (current/base)^(1/years) − 1; d = +1 (higher) or −1 (lower); s = −1 when
  the base is negative, else +1. A zero base or zero target counts as 0.001. Base and current
  of opposite signs → ``not_available``.
- With a target, checked first: the current value meeting it (≥ higher, ≤ lower) →
  ``target_achieved``. Otherwise required growth r = (target/base)^(1/(target_year −
  base_year)) − 1 and progress p = s·d·g/|r|: ≥ 0.95 substantial, ≥ 0.60 moderate, ≥ 0
  limited, < 0 deterioration. Score: 5 when achieved, min(7.1429·p − 4.2857, 5) for p ≥ 0.6,
  max(4.1667·p − 2.5, −5) below.
- Without a target: p = s·d·g; ≥ 1.5 %·C substantial, ≥ 0.5 %·C moderate, ≥ 0 limited, < 0
  deterioration, where C = 1 unless a natural `limit` L is given: C = 1 − (base/L)^4.44 when
  base ≤ L, 1 − ((2L − base)/L)^4.44 when L < base < 2L, else 1; C = 0 and p ≥ 0 →
  substantial. Score: piecewise linear through −5 at −2 %, −2.5 at 0, 0 at 0.5 %·C, 2.5 at
  1.5 %·C and 5 at 2 %·C, held at −5 / 5 beyond.
- Several series of one indicator (`combine`): the mean score banded at 2.5 / 0 / −2.5.

Cases the method leaves open, decided here (each documented where it happens): a target of
the opposite sign to the base or a target year not after the base year (r undefined) →
``not_available`` unless achieved; r = 0 (target equals base, not met) → ``deterioration`` with
score −5 and progress None; a base ≤ 0 with a limit → C = 1; C is held within 0…1.

Values may be `Decimal`, `int` or `float`; the achievement check compares the unrounded
values exactly, growth rates are computed in float. `projected` is the current value carried
forward at the observed growth rate to `target_year`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any, NamedTuple

from innocounty.core.messages import EMPTY, N_, NC_, Message, text

TARGET_ACHIEVED = "target_achieved"
SUBSTANTIAL = "substantial_progress"
MODERATE = "moderate_progress"
LIMITED = "limited_progress"
DETERIORATION = "deterioration"
NOT_AVAILABLE = "not_available"

STATUSES = (TARGET_ACHIEVED, SUBSTANTIAL, MODERATE, LIMITED, DETERIORATION, NOT_AVAILABLE)
STATUS_LABELS = {
    TARGET_ACHIEVED: N_("已实现目标"),
    SUBSTANTIAL: N_("进展显著"),
    MODERATE: N_("进展一般"),
    LIMITED: N_("进展有限"),
    DETERIORATION: N_("出现倒退"),
    NOT_AVAILABLE: N_("无法评估"),
}

ZERO_REPLACEMENT = 0.001
LIMIT_EXPONENT = 4.44

# Why a result is not_available (or odd), as a Chinese clause for the sentence.
REASON_NO_DATA = N_("无数据")
REASON_ONE_POINT = N_("仅有{year}年一个数据点，不足一年，无法推算")
REASON_OPPOSITE_SIGNS = N_("基期值与最新值正负号相反，无法按年均增速推算")
REASON_TARGET_SIGN = N_("目标值与基期值正负号相反，无法计算所需增速")
REASON_TARGET_YEAR = N_("目标年份不晚于基期年份，无法计算所需增速")
# The names a sentence gives the target (`Assessment.target_label`), marked for translation.
TARGET_LABELS = (
    NC_("reference value", "目标"),
    NC_("reference value", "考核值"),
    NC_("reference value", "完成值"),
)
_REASONS = {REASON_NO_DATA, REASON_OPPOSITE_SIGNS, REASON_TARGET_SIGN, REASON_TARGET_YEAR}

Number = Decimal | int | float


@dataclass(frozen=True, slots=True)
class Assessment:
    """The result of `assess`: the contract fields first, then what explains them.

    `progress` is a ratio to the required growth (with a target) or a yearly growth rate as a
    fraction (without); `observed_growth` and `required_growth` are fractions (0.07 = 7 %).
    """

    status: str
    progress: float | None
    score: float | None
    projected: float | None
    direction: str = "higher"
    target: Number | None = None
    target_year: int | None = None
    base_year: int | None = None
    base_value: Number | None = None
    current_year: int | None = None
    current_value: Number | None = None
    observed_growth: float | None = None
    required_growth: float | None = None
    limit_factor: float | None = None
    reason: str = ""
    unit: str = ""
    decimals: int | None = None
    target_label: str = "目标"  # how the sentence names the target: 考核值, 完成值, 目标

    @property
    def label(self) -> str:
        """Chinese label of `status`."""
        return STATUS_LABELS[self.status]

    @property
    def sentence(self) -> str:
        """One Chinese sentence explaining the result (see `explain`)."""
        return explain(self)

    @property
    def sentence_message(self) -> Message:
        """`sentence`, to be translated at display time (`innocounty.core.messages`)."""
        return explain_message(self)


def assess(
    series: Iterable[tuple[int, Number | None]],
    *,
    target: Number | None,
    target_year: int,
    direction: str,
    base_year: int | None = None,
    limit: Number | None = None,
    unit: str = "",
    decimals: int | None = None,
    target_label: str = "目标",
) -> Assessment:
    """Assess progress of `series` towards `target` in `target_year` (DESIGN.md method).

    `series` holds ``(year, value)`` pairs in any order; pairs with a None value are skipped
    and a repeated year keeps its last value. `direction` is ``"higher"`` or ``"lower"``.
    `unit`, `decimals` and `target_label` only shape the explaining sentence
    (`Assessment.sentence`).
    An empty series gives ``not_available``.
    """
    (result,) = assess_targets(
        series,
        [(target, target_label)],
        target_year=target_year,
        direction=direction,
        base_year=base_year,
        limit=limit,
        unit=unit,
        decimals=decimals,
    )
    return result


def assess_targets(
    series: Iterable[tuple[int, Number | None]],
    targets: Iterable[tuple[Number | None, str]],
    *,
    target_year: int,
    direction: str,
    base_year: int | None = None,
    limit: Number | None = None,
    unit: str = "",
    decimals: int | None = None,
) -> list[Assessment]:
    """`assess` of one series against each ``(target, target_label)`` of `targets`, in order
    (an indicator's 考核值 and 完成值): the series' base, current point and growth are worked
    out once."""
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction must be 'higher' or 'lower', not {direction!r}")
    points: dict[int, Number] = {}
    for year, value in series:
        if value is not None:
            points[int(year)] = value
    fixed: dict[str, Any] = {
        "direction": str(direction),
        "target_year": target_year,
        "unit": unit,
        "decimals": decimals,
    }
    targets = list(targets)
    if not points:
        return _nothing_to_measure(targets, fixed)

    years = sorted(points)
    start = years[0] if base_year is None else base_year
    later = [y for y in years if y >= start]
    current_year = years[-1]
    current = points[current_year]
    if not later:
        # Every value lies before the requested base year: nothing to measure from.
        return _nothing_to_measure(
            targets, {**fixed, "current_year": current_year, "current_value": current}
        )
    base_y = later[0]
    base = points[base_y]
    fixed.update(
        base_year=base_y, base_value=base, current_year=current_year, current_value=current
    )

    g: float | None = None
    projected: float | None = None
    reason = ""
    years_between = current_year - base_y
    base_f = float(base) or ZERO_REPLACEMENT
    current_f = float(current)
    if years_between < 1:
        reason = REASON_ONE_POINT.format(year=current_year)
    elif (base_f > 0 and current_f < 0) or (base_f < 0 and current_f > 0):
        reason = REASON_OPPOSITE_SIGNS
    else:
        # A zero current value with a positive base is a fall to nothing: growth −100 %.
        g = (current_f / base_f) ** (1 / years_between) - 1
        projected = _project(current_f, g, target_year - current_year)
    growth = _Growth(
        1 if direction == "higher" else -1,
        -1 if base_f < 0 else 1,
        base_f,
        base_y,
        current,
        g,
        projected,
        reason,
        limit,
    )
    return [
        _against(growth, target, target_year, {"target_label": label, **fixed})
        for target, label in targets
    ]


def _nothing_to_measure(
    targets: list[tuple[Number | None, str]], fixed: dict[str, Any]
) -> list[Assessment]:
    """``not_available`` for each target: no value from the base year on."""
    return [
        Assessment(
            NOT_AVAILABLE,
            None,
            None,
            None,
            target=target,
            target_label=label,
            reason=REASON_NO_DATA,
            **fixed,
        )
        for target, label in targets
    ]


class _Growth(NamedTuple):
    """What `assess_targets` works out of a series once, for each of its targets."""

    d: int  # +1 higher is better, −1 lower
    s: int  # −1 when the base is negative
    base_f: float
    base_year: int
    current: Number
    g: float | None
    projected: float | None
    reason: str  # why g is None
    limit: Number | None


def _against(
    growth: _Growth, target: Number | None, target_year: int, fixed: dict[str, Any]
) -> Assessment:
    """The assessment of a series' `growth` against `target` (module docstring)."""
    d, s, base_f, base_y, current, g, projected, _reason, _limit = growth
    achieved = target is not None and (current >= target if d == 1 else current <= target)
    if achieved:
        return Assessment(
            TARGET_ACHIEVED,
            _target_progress(g, s, d, base_f, target, target_year, base_y),
            5.0,
            projected,
            target=target,
            observed_growth=g,
            required_growth=_required_growth(base_f, target, target_year, base_y),
            **fixed,
        )
    if g is None:
        return Assessment(
            NOT_AVAILABLE, None, None, None, target=target, reason=growth.reason, **fixed
        )

    if target is not None:
        r = _required_growth(base_f, target, target_year, base_y)
        if r is None:
            reason = REASON_TARGET_YEAR if target_year <= base_y else REASON_TARGET_SIGN
            return Assessment(
                NOT_AVAILABLE,
                None,
                None,
                projected,
                target=target,
                observed_growth=g,
                reason=reason,
                **fixed,
            )
        if r == 0:
            # The target equals the base and is not met: the series has moved away from it.
            return Assessment(
                DETERIORATION,
                None,
                -5.0,
                projected,
                target=target,
                observed_growth=g,
                required_growth=r,
                **fixed,
            )
        p = s * d * g / abs(r)
        return Assessment(
            _band_with_target(p),
            p,
            _score_with_target(p),
            projected,
            target=target,
            observed_growth=g,
            required_growth=r,
            **fixed,
        )

    c = limit_factor(base_f, growth.limit)
    p = s * d * g
    return Assessment(
        _band_without_target(p, c),
        p,
        _score_without_target(p, c),
        projected,
        target=target,
        observed_growth=g,
        limit_factor=c,
        **fixed,
    )


def _project(current: float, g: float, years: int) -> float | None:
    """Carry `current` forward `years` at growth `g`; None when the float overflows."""
    try:
        return current * (1 + g) ** years
    except OverflowError:
        return None


def _required_growth(
    base_f: float, target: Number | None, target_year: int, base_year: int
) -> float | None:
    """r = (target/base)^(1/(target_year − base_year)) − 1; None when undefined."""
    if target is None or target_year <= base_year:
        return None
    target_f = float(target) or ZERO_REPLACEMENT
    if (target_f > 0) != (base_f > 0):
        return None
    growth: float = (target_f / base_f) ** (1 / (target_year - base_year)) - 1
    return growth


def _target_progress(
    g: float | None,
    s: int,
    d: int,
    base_f: float,
    target: Number | None,
    target_year: int,
    base_year: int,
) -> float | None:
    """Progress ratio of an achieved series, for information (None when undefined)."""
    if g is None:
        return None
    r = _required_growth(base_f, target, target_year, base_year)
    if not r:
        return None
    return s * d * g / abs(r)


def limit_factor(base: Number, limit: Number | None) -> float:
    """C of the method: 1 without a limit; shrinks to 0 as the base nears the limit L.

    A base ≤ 0 or a limit ≤ 0 gives 1 (the formula is meant for positive levels); the result
    is held within 0…1.
    """
    if limit is None:
        return 1.0
    b, lim = float(base) or ZERO_REPLACEMENT, float(limit)
    if b <= 0 or lim <= 0:
        return 1.0
    c: float
    if b <= lim:
        c = 1 - (b / lim) ** LIMIT_EXPONENT
    elif b < 2 * lim:
        c = 1 - ((2 * lim - b) / lim) ** LIMIT_EXPONENT
    else:
        c = 1.0
    return min(max(c, 0.0), 1.0)


def _band_with_target(p: float) -> str:
    if p >= 0.95:
        return SUBSTANTIAL
    if p >= 0.60:
        return MODERATE
    if p >= 0:
        return LIMITED
    return DETERIORATION


def _score_with_target(p: float) -> float:
    if p >= 0.6:
        return min(7.1429 * p - 4.2857, 5.0)
    return max(4.1667 * p - 2.5, -5.0)


def _band_without_target(p: float, c: float) -> str:
    if c == 0 and p >= 0:
        return SUBSTANTIAL
    if p >= 0.015 * c:
        return SUBSTANTIAL
    if p >= 0.005 * c:
        return MODERATE
    if p >= 0:
        return LIMITED
    return DETERIORATION


def _score_without_target(p: float, c: float) -> float:
    if p < 0:
        # −5 at −2 %, −2.5 at 0.
        return max(-2.5 + p / 0.02 * 2.5, -5.0)
    if c == 0:
        return 5.0
    knots = ((0.0, -2.5), (0.005 * c, 0.0), (0.015 * c, 2.5), (0.02 * c, 5.0))
    for (x0, y0), (x1, y1) in pairwise(knots):
        if p <= x1:
            return y0 + (p - x0) * (y1 - y0) / (x1 - x0)
    return 5.0


def band(score: float) -> str:
    """Status of a (mean) score: ≥ 2.5 substantial, ≥ 0 moderate, ≥ −2.5 limited, else deterioration."""
    if score >= 2.5:
        return SUBSTANTIAL
    if score >= 0:
        return MODERATE
    if score >= -2.5:
        return LIMITED
    return DETERIORATION


@dataclass(frozen=True, slots=True)
class Combined:
    """Several series of one indicator taken together (`combine`)."""

    status: str
    score: float | None
    parts: tuple[Assessment, ...]

    @property
    def label(self) -> str:
        """Chinese label of `status`."""
        return STATUS_LABELS[self.status]


def combine(assessments: Sequence[Assessment]) -> Combined:
    """Combine the assessments of several series of one indicator: the mean score, banded.

    Series without a score (``not_available``) are left out; none left → ``not_available``.
    When every scored series has achieved its target the result is ``target_achieved``.
    """
    scored = [a for a in assessments if a.score is not None]
    if not scored:
        return Combined(NOT_AVAILABLE, None, tuple(assessments))
    mean = math.fsum(a.score for a in scored if a.score is not None) / len(scored)
    if all(a.status == TARGET_ACHIEVED for a in scored):
        return Combined(TARGET_ACHIEVED, mean, tuple(assessments))
    return Combined(band(mean), mean, tuple(assessments))


def format_value(value: Number | None, decimals: int | None = None, unit: str = "") -> str:
    """Format a value with `decimals` places (as stored when None) and its unit: ``3.50%``."""
    if value is None:
        return "—"
    if decimals is None:
        if isinstance(value, float):
            text = f"{value:.4g}" if abs(value) < 1e6 else f"{value:.0f}"
        else:
            text = str(value)
    else:
        text = f"{value:,.{decimals}f}"
    return f"{text}{unit}"


def _rate(fraction: float) -> Message:
    """A yearly rate as words: ``增长7.0%`` / ``下降2.3%``."""
    word = N_("增长{rate}%") if fraction >= 0 else N_("下降{rate}%")
    return Message(word, {"rate": f"{abs(fraction) * 100:.1f}"})


def _reason_clause(a: Assessment) -> Message:
    """Why the result is not available, as a translatable clause."""
    if not a.reason:
        return Message(N_("数据不足"))
    if a.current_year is not None and a.reason == REASON_ONE_POINT.format(year=a.current_year):
        return Message(REASON_ONE_POINT, {"year": a.current_year})
    if a.reason in _REASONS:
        return Message(a.reason)
    return text(a.reason)


def explain(a: Assessment) -> str:
    """One Chinese sentence saying how the status was reached, values with their unit.

    E.g. ``按2022年以来年均增长7.0%推算,2025年可达1225万元,低于目标1300万元,需年均增长9.1%,
    进展一般。``
    """
    return str(explain_message(a))


def explain_message(a: Assessment) -> Message:
    """`explain`, to be translated at display time (`innocounty.core.messages`)."""

    def fmt(value: Number | None) -> str:
        return format_value(value, a.decimals, a.unit)

    status = Message(STATUS_LABELS[a.status])
    target_word = Message(a.target_label, context="reference value")
    target_text = (
        EMPTY
        if a.target is None
        else Message(
            N_("{year}年{target_word}{target}"),
            {"year": a.target_year, "target_word": target_word, "target": fmt(a.target)},
        )
    )
    if a.status == NOT_AVAILABLE:
        return Message(N_("{reason}，{status}。"), {"reason": _reason_clause(a), "status": status})
    if a.status == TARGET_ACHIEVED:
        return Message(
            N_("{year}年为{value}，已达到{target}，{status}。"),
            {
                "year": a.current_year,
                "value": fmt(a.current_value),
                "target": target_text,
                "status": status,
            },
        )
    if (
        a.target is not None
        and a.current_year is not None
        and a.target_year is not None
        and a.current_year >= a.target_year
        and a.current_value is not None
    ):
        # The target year is over: say what happened, not what "can be reached".
        gap = abs(float(a.target) - float(a.current_value))
        return Message(
            N_("{year}年实际{value}，未达{target_word}{target}（相差{gap}），{status}。"),
            {
                "year": a.target_year,
                "value": fmt(a.current_value),
                "target_word": target_word,
                "target": fmt(a.target),
                "gap": fmt(gap),
                "status": status,
            },
        )
    assert a.observed_growth is not None
    trend = Message(
        N_("按{year}年以来年均{rate}推算"), {"year": a.base_year, "rate": _rate(a.observed_growth)}
    )
    projected = Message(
        N_("{year}年可达{value}"), {"year": a.target_year, "value": fmt(a.projected)}
    )
    parts = {"trend": trend, "projected": projected, "status": status}
    if a.target is None:
        return Message(N_("{trend}，{projected}（无目标值，按增速评价），{status}。"), parts)
    if a.required_growth is None or a.required_growth == 0:
        return Message(
            N_("{trend}，{projected}，{target}仍未达到且与基期持平，{status}。"),
            {**parts, "target": target_text},
        )
    return Message(
        N_("{trend}，{projected}，达到目标{target}需年均{rate}，{status}。"),
        {**parts, "target": fmt(a.target), "rate": _rate(a.required_growth)},
    )
