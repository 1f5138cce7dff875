"""Achievement, in-year expectation (序时进度), status and year-on-year change of one indicator.

Input is an `IndicatorSeries`: the indicator's facts, its targets by ``(year, kind)`` and its
values by period identifier. Flow values are year-to-date totals (1–9月累计); stock and ratio
values are levels at the period end.

Achievement (完成率) is direction-aware: higher is better → value ÷ reference; lower is better
→ reference ÷ value. It is undefined (None) when the reference is missing or ≤ 0, or, for
lower is better, when the value is ≤ 0.

The year's target is its ``target`` value, else its ``assessment`` value, else its
``expected`` value (the final year of a plan has only the last two).

In-year expectation: a flow is expected to have reached the year's target × the share of the
year elapsed at the period end (Q2 → 1/2, September → 3/4), or × the indicator's own
cumulative `profile` (month → share, linear between given months, from 0 at month 0) when it
is seasonal. Stocks and ratios are compared with the year's target directly.

Status of an indicator in a period, with the reason in one Chinese sentence:

- 已达标 (met): the value meets the year's full target (≥ higher, ≤ lower). A lower-is-better
  flow is only judged met at the year end, since its total can still grow.
- otherwise the achievement against the in-year expectation decides, with the plan's
  `Thresholds` (defaults: ``on_track`` 0.95, ``serious`` 0.80): ≥ on_track → 正常 (on track);
  ≥ serious → 滞后 (behind); below → 严重滞后 (seriously behind). An undefined achievement
  (target ≤ 0) that is not met → 滞后.
- 无数据 (no data): no value for the period.
- no target for the year: the value a year earlier decides: not worse → 正常, worse → 滞后;
  with no earlier value either → 正常, and the reason says nothing could be compared.

Comparisons use the exact stored `Decimal` values; nothing is rounded before comparing.
Ratios are reported as floats (1.0 = 100 %).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise
from typing import overload

from innocounty.core.derived import Formula
from innocounty.core.forecast import format_value
from innocounty.core.messages import EMPTY, N_, NC_, Message
from innocounty.core.periods import (
    ANNUAL,
    Period,
    annual_period,
    as_period,
    label_message,
    parse_period,
    value_at,
)
from innocounty.core.schema import Indicator

Number = Decimal | int | float


class Status(StrEnum):
    """Status of an indicator in a period; Chinese labels in `STATUS_LABELS`."""

    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    SERIOUSLY_BEHIND = "seriously_behind"
    NO_DATA = "no_data"


# The one table of labels (Chinese msgids; the app layer translates them) and colours.
STATUS_LABELS = {
    Status.MET: N_("已达标"),
    Status.ON_TRACK: N_("正常"),
    Status.BEHIND: N_("滞后"),
    Status.SERIOUSLY_BEHIND: N_("严重滞后"),
    Status.NO_DATA: N_("无数据"),
}
# Chart colour of each status (met and on track are both green lights).
STATUS_COLOURS = {
    Status.MET: "#1e7b3c",
    Status.ON_TRACK: "#5aa469",
    Status.BEHIND: "#d08a00",
    Status.SERIOUSLY_BEHIND: "#b3261e",
    Status.NO_DATA: "#9aa3b2",
}
# Table cell fill and text colour of each status (bulletin and exports).
STATUS_CELL_COLOURS = {
    Status.MET: ("D7EFDD", "1E5B2E"),
    Status.ON_TRACK: ("EAF5EC", "1E5B2E"),
    Status.BEHIND: ("FFF0CC", "7A5300"),
    Status.SERIOUSLY_BEHIND: ("F8D7D3", "8C1D18"),
    Status.NO_DATA: ("ECEEF2", "4A5261"),
}
# Higher is more severe; the lagging list sorts by it.
SEVERITY = {
    Status.MET: 0,
    Status.ON_TRACK: 0,
    Status.NO_DATA: 1,
    Status.BEHIND: 2,
    Status.SERIOUSLY_BEHIND: 3,
}
# Order from best to worst, for "a better value never gives a worse status".
RANK = {
    Status.MET: 4,
    Status.ON_TRACK: 3,
    Status.BEHIND: 2,
    Status.SERIOUSLY_BEHIND: 1,
    Status.NO_DATA: 0,
}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Achievement (against the in-year expectation) needed for 正常 and to stay out of 严重滞后."""

    on_track: Decimal = Decimal("0.95")
    serious: Decimal = Decimal("0.80")


@dataclass(frozen=True, slots=True)
class IndicatorSeries:
    """One indicator with its targets and values, as plain data.

    `targets` maps ``(year, kind)`` (kind: baseline, target, assessment, expected) to a value;
    `values` maps period identifiers to values. `profile` (flows only) maps a month (1–12) to
    the cumulative share of the annual target expected by its end. `formula` makes the
    indicator derived (see `innocounty.core.derived`); `limit` is the natural limit for the
    forecast without a target; `weight` is its weight within its category in the index.
    """

    code: str
    name: str = ""
    unit: str = ""
    category: str = ""
    direction: str = "higher"
    measure_type: str = "stock"
    frequency: str = "annual"
    decimals: int = 0
    targets: Mapping[tuple[int, str], Decimal] = field(default_factory=dict)
    values: Mapping[str, Decimal] = field(default_factory=dict)
    responsible_units: tuple[str, ...] = ()
    profile: Mapping[int, Decimal] | None = None
    formula: Formula | None = None
    limit: Decimal | None = None
    weight: Decimal = Decimal(1)

    def target(self, year: int, kind: str) -> Decimal | None:
        """The target of `kind` for `year`, or None."""
        return self.targets.get((year, kind))

    def year_target(self, year: int) -> tuple[str, Decimal] | None:
        """The year's target with its kind: target, else assessment, else expected; or None."""
        for kind in ("target", "assessment", "expected"):
            value = self.targets.get((year, kind))
            if value is not None:
                return kind, value
        return None

    def value(self, period: Period | str) -> Decimal | None:
        """The value for `period` (see `periods.value_at` for the year-end fallback)."""
        return value_at(self.values, period)

    def annual_value(self, year: int) -> Decimal | None:
        """The year's value, else its baseline target (基期值 stands for the base year)."""
        value = value_at(self.values, annual_period(year))
        if value is None:
            value = self.targets.get((year, "baseline"))
        return value


def from_indicator(
    indicator: Indicator, values: Mapping[str, Decimal], **extra: object
) -> IndicatorSeries:
    """Build an `IndicatorSeries` from a plan's `Indicator` and its values by period.

    `extra` sets the fields the schema does not hold (`profile`, `formula`, `limit`,
    `weight`) or overrides one it does.
    """
    fields: dict[str, object] = {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "category": indicator.category,
        "direction": str(indicator.direction),
        "measure_type": str(indicator.measure_type),
        "frequency": str(indicator.frequency),
        "decimals": indicator.decimals,
        "targets": {(t.year, str(t.kind)): t.value for t in indicator.targets},
        "responsible_units": tuple(indicator.responsible_units),
        "values": dict(values),
    }
    fields.update(extra)
    return IndicatorSeries(**fields)  # type: ignore[arg-type]


def achievement(value: Number | None, reference: Number | None, direction: str) -> float | None:
    """Direction-aware achievement ratio (1.0 = 100 %), unrounded; None when undefined.

    Higher is better: value ÷ reference. Lower is better: reference ÷ value. None when either
    is missing, the reference is ≤ 0, or (lower is better) the value is ≤ 0.
    """
    exact = achievement_exact(value, reference, direction)
    return None if exact is None else float(exact)


def achievement_exact(
    value: Number | None, reference: Number | None, direction: str
) -> Decimal | None:
    """`achievement` as an exact Decimal, for comparing with thresholds without rounding."""
    if value is None or reference is None or reference <= 0:
        return None
    if direction == "lower":
        if value <= 0:
            return None
        return Decimal(reference) / Decimal(value)
    return Decimal(value) / Decimal(reference)


def meets(value: Number, reference: Number, direction: str) -> bool:
    """True when `value` is at least as good as `reference` (≥ higher, ≤ lower), exactly."""
    return value <= reference if direction == "lower" else value >= reference


@dataclass(frozen=True, slots=True)
class Achievements:
    """Achievement of one value against the year's target and the final year's two values."""

    value: Decimal | None
    year_target: Decimal | None
    assessment: Decimal | None
    expected: Decimal | None
    against_target: float | None
    against_assessment: float | None
    against_expected: float | None


def achievements(series: IndicatorSeries, period: Period | str, *, final_year: int) -> Achievements:
    """Achievement of the period's value against the year's target, and the final year's
    assessment (考核值) and expected (完成值) values, each separately; None where missing.

    A flow's value mid-year is compared with the full-year figures (52 % at Q2 is normal);
    `status` applies the in-year expectation.
    """
    p = as_period(period)
    value = series.value(p)
    year_target = series.year_target(p.year)
    target = None if year_target is None else year_target[1]
    assessment = series.target(final_year, "assessment")
    expected = series.target(final_year, "expected")
    d = series.direction
    return Achievements(
        value,
        target,
        assessment,
        expected,
        achievement(value, target, d),
        achievement(value, assessment, d),
        achievement(value, expected, d),
    )


def expected_share(series: IndicatorSeries, period: Period | str) -> Fraction:
    """Share of the year's target expected by the period end: 1 for stocks and ratios;
    for flows the elapsed share of the year (Q2 → 1/2) or the indicator's `profile`."""
    p = as_period(period)
    if series.measure_type != "flow":
        return Fraction(1)
    if not series.profile:
        return p.fraction_elapsed
    return _profile_share(series.profile, p.end_month)


def _profile_share(profile: Mapping[int, Decimal], month: int) -> Fraction:
    """Cumulative share at `month` from a month → share profile, linear between its points."""
    points = sorted({0: Decimal(0), 12: Decimal(1), **profile}.items())
    for (m0, s0), (m1, s1) in pairwise(points):
        if m0 <= month <= m1:
            if m1 == m0:
                return Fraction(s1)
            return Fraction(s0) + (Fraction(s1) - Fraction(s0)) * Fraction(month - m0, m1 - m0)
    return Fraction(1)


def in_year_expectation(series: IndicatorSeries, period: Period | str) -> Decimal | None:
    """The value expected by the period end (序时进度目标); None without a target for the year.

    Exact: the year's target × `expected_share`, in Decimal, unrounded.
    """
    p = as_period(period)
    year_target = series.year_target(p.year)
    if year_target is None:
        return None
    parts = _expected_parts(series, p)
    return year_target[1] if parts is None else year_target[1] * parts[0] / parts[1]


def _share_parts(share: Fraction) -> tuple[Decimal, Decimal] | None:
    """The numerator and denominator `in_year_expectation` multiplies and divides the year's
    target by (in that order, so the expectation is exact whenever it can be); None for the
    whole target."""
    if share == 1:
        return None
    return Decimal(share.numerator), Decimal(share.denominator)


# `_share_parts` of the share of the year elapsed at the end of each month: a flow's in-year
# expectation without a profile (`expected_share`).
_ELAPSED_PARTS = {month: _share_parts(Fraction(month, 12)) for month in range(1, 13)}


def _expected_parts(series: IndicatorSeries, p: Period) -> tuple[Decimal, Decimal] | None:
    """`_share_parts` of `expected_share`: a table lookup for a flow without a profile."""
    if series.measure_type == "flow" and not series.profile:
        return _ELAPSED_PARTS[p.end_month]
    return _share_parts(expected_share(series, p))


@dataclass(frozen=True, slots=True)
class YearOnYear:
    """Change against the same period a year earlier: `change` in the indicator's unit,
    `rate` as a fraction of the earlier value's magnitude (None when that is 0)."""

    previous: Decimal
    change: Decimal
    rate: float | None


def year_on_year(series: IndicatorSeries, period: Period | str) -> YearOnYear | None:
    """Year-on-year change (同比); None when either value is missing.

    The earlier value of a year may be its baseline (基期值). Unrounded.
    """
    p = as_period(period)
    value = series.value(p)
    if value is None:
        return None
    earlier = p.year_earlier()
    previous = (
        series.annual_value(earlier.year) if earlier.kind == ANNUAL else series.value(earlier)
    )
    if previous is None:
        return None
    change = value - previous
    rate = None if previous == 0 else float(change / abs(previous))
    return YearOnYear(previous, change, rate)


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    """Status of one indicator in one period, with everything that explains it.

    `expectation` is the value expected by the period end (序时进度目标), `ratio` the
    achievement against it (float, None when undefined). `achievements`, `yoy` and `reason`
    (one Chinese sentence) are worked out from `series` when read, so judging many periods
    stays cheap.
    """

    code: str
    period: str
    status: Status
    value: Decimal | None
    expectation: Decimal | None
    ratio: float | None
    series: IndicatorSeries
    final_year: int

    @property
    def label(self) -> str:
        """Chinese label of the status."""
        return STATUS_LABELS[self.status]

    @property
    def name(self) -> str:
        """The indicator's name."""
        return self.series.name

    @property
    def responsible_units(self) -> tuple[str, ...]:
        """The units responsible for the indicator."""
        return self.series.responsible_units

    @property
    def achievements(self) -> Achievements:
        """Achievement against the year's target and the final year's two values."""
        return achievements(self.series, self.period, final_year=self.final_year)

    @property
    def yoy(self) -> YearOnYear | None:
        """Change against the same period a year earlier (None when either is missing)."""
        return year_on_year(self.series, self.period)

    @property
    def reason(self) -> str:
        """Why the status is what it is, in one Chinese sentence."""
        return str(_reason(self))

    @property
    def reason_message(self) -> Message:
        """`reason` to be translated at display time (`innocounty.core.messages`)."""
        return _reason(self)


def status(
    series: IndicatorSeries,
    period: Period | str,
    *,
    final_year: int,
    thresholds: Thresholds | None = None,
) -> IndicatorStatus:
    """Status of `series` in `period` (rules in the module docstring)."""
    p = as_period(period)
    return status_history(series, [p], final_year=final_year, thresholds=thresholds)[0]


def statuses(
    series: IndicatorSeries,
    periods: Iterable[Period | str],
    *,
    final_year: int,
    thresholds: Thresholds | None = None,
) -> list[IndicatorStatus]:
    """`status` for each of `periods`, sharing the per-year work (for histories and charts)."""
    return list(status_history(series, periods, final_year=final_year, thresholds=thresholds))


def status_history(
    series: IndicatorSeries,
    periods: Iterable[Period | str],
    *,
    final_year: int,
    thresholds: Thresholds | None = None,
) -> History:
    """The status of `series` in each of `periods`, judged in one pass over the periods.

    The statuses themselves are worked out at once (`History.statuses`); the
    `IndicatorStatus` explaining a period is built when it is read.
    """
    return History(series, final_year, *_judge(series, periods, thresholds or Thresholds()))


class History(Sequence[IndicatorStatus]):
    """Statuses of one indicator in several periods (`status_history`), in the order asked.

    `periods` and `statuses` are plain tuples, for a chart or a count. Indexing or iterating
    gives the `IndicatorStatus` of each period, as `status` would: its value, in-year
    expectation (`in_year_expectation`) and achievement against it (`achievement`) are
    looked up when it is read. Equal to any sequence of the same statuses.
    """

    __slots__ = ("final_year", "periods", "series", "statuses")

    def __init__(
        self,
        series: IndicatorSeries,
        final_year: int,
        periods: tuple[str, ...],
        statuses: tuple[Status, ...],
    ) -> None:
        self.series, self.final_year = series, final_year
        self.periods, self.statuses = periods, statuses

    def __len__(self) -> int:
        return len(self.periods)

    @overload
    def __getitem__(self, index: int) -> IndicatorStatus: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[IndicatorStatus, ...]: ...
    def __getitem__(self, index: int | slice) -> IndicatorStatus | tuple[IndicatorStatus, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        series, period, judged = self.series, self.periods[index], self.statuses[index]
        value = expectation = ratio = None
        if judged != _NO_DATA:
            value = value_at(series.values, period)
            expectation = in_year_expectation(series, period)
            ratio = achievement(value, expectation, series.direction)
        return IndicatorStatus(
            series.code, period, judged, value, expectation, ratio, series, self.final_year
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        pairs = ", ".join(f"{p}: {self.statuses[i]}" for i, p in enumerate(self.periods))
        return f"History({self.series.code}, {{{pairs}}})"


_MET, _ON_TRACK, _BEHIND = Status.MET, Status.ON_TRACK, Status.BEHIND
_SERIOUSLY_BEHIND, _NO_DATA = Status.SERIOUSLY_BEHIND, Status.NO_DATA


def _judge(
    series: IndicatorSeries, periods: Iterable[Period | str], t: Thresholds
) -> tuple[tuple[str, ...], tuple[Status, ...]]:
    """The status rule (module docstring) applied to `periods` of `series` at once: their
    identifiers and their statuses.

    The one place of the rule. A province's history judges a hundred thousand periods, so the
    loop builds nothing per period: the year's target is looked up once a year, the in-year
    share once a month, and "achievement ≥ threshold" is decided without dividing (below).
    """
    values, direction = series.values, series.direction
    lower, flow = direction == "lower", series.measure_type == "flow"
    on_track, serious = t.on_track, t.serious
    get = values.get
    keys: list[str] = []
    judged: list[Status] = []
    add, name = judged.append, keys.append
    shares: dict[int, tuple[Decimal, Decimal] | None] = {}  # the in-year share's parts by month
    bounds: dict[int, tuple[Decimal | None, Decimal, Decimal, Decimal]] = {}  # by month, a year
    year = 0
    target = None
    first_year = 0  # the earliest year of the values, read when first needed
    earlier_year: bool  # whether the values may have the year before `year`, without a target
    for x in periods:
        p = x if isinstance(x, Period) else parse_period(x)
        key = p.ident
        name(key)
        value = get(key)
        if value is None:
            value = value_at(values, p)
            if value is None:
                add(_NO_DATA)
                continue
        if p.year != year:
            year = p.year
            bounds = {}
            year_target = series.year_target(year)
            target = None if year_target is None else year_target[1]
            defined = target is not None and target > 0  # the achievement can be worked out
            if target is None:
                # Without any value before this year, no quarter or month of it has one to
                # compare with (a year may still have its baseline). Identifiers start with
                # their year, so the smallest has the earliest.
                if not first_year:
                    first_year = int(min(values)[:4])
                earlier_year = year > first_year
        if target is None:
            # `year_on_year`'s earlier value, without working out the change and rate.
            if p.kind == ANNUAL:
                previous = series.annual_value(year - 1)
            elif earlier_year:
                previous = value_at(values, p.year_earlier())
            else:
                previous = None
            add(_ON_TRACK if previous is None or meets(value, previous, direction) else _BEHIND)
            continue
        if lower:
            if value <= target and (not flow or p.end_month == 12):
                add(_MET)
                continue
        elif value >= target:
            add(_MET)
            continue
        # The achievement against the in-year expectation E = target × n/d (`in_year_expectation`)
        # compared with a threshold θ, without dividing: value/E ≥ θ ⇔ value·d ≥ θ·target·n;
        # lower is better, E/value ≥ θ ⇔ target·n ≥ θ·value·d. Exact, and the same as
        # dividing whenever the division is exact.
        if not defined or (lower and value <= 0):
            add(_BEHIND)  # the achievement is undefined
            continue
        month = p.end_month if flow else 0
        bound = bounds.get(month)
        if bound is None:
            # d, target·n and θ·target·n for both thresholds: once a year (and month, for a flow).
            if not flow:
                parts = None
            elif month in shares:
                parts = shares[month]
            else:
                parts = shares[month] = _expected_parts(series, p)
            d, theirs = (None, target) if parts is None else (parts[1], target * parts[0])
            bound = bounds[month] = (d, theirs, on_track * theirs, serious * theirs)
        d, theirs, on_track_bound, serious_bound = bound
        mine = value if d is None else value * d
        if lower:
            add(
                _ON_TRACK
                if on_track * mine <= theirs
                else _BEHIND
                if serious * mine <= theirs
                else _SERIOUSLY_BEHIND
            )
        else:
            add(
                _ON_TRACK
                if mine >= on_track_bound
                else _BEHIND
                if mine >= serious_bound
                else _SERIOUSLY_BEHIND
            )
    return tuple(keys), tuple(judged)


# How a sentence names the year's target, by target kind.
TARGET_WORDS = {
    "target": NC_("reference value", "年度目标"),
    "assessment": NC_("reference value", "考核值"),
    "expected": NC_("reference value", "完成值"),
}


def _reason(st: IndicatorStatus) -> Message:
    series = st.series
    p = as_period(st.period)
    when = label_message(p)

    def fmt(v: Number | None) -> str:
        return format_value(v, series.decimals, series.unit)

    if st.value is None:
        return Message(N_("{period}未报送数据。"), {"period": when})
    flow = series.measure_type == "flow"
    shown = Message(
        N_("{period}累计为{value}") if flow else N_("{period}为{value}"),
        {"period": when, "value": fmt(st.value)},
    )
    status_label = Message(st.label)
    year_target = series.year_target(p.year)
    if year_target is None:
        yoy = st.yoy
        if yoy is None:
            return Message(
                N_("{shown}，{year}年无目标值，也无上年同期数据可比，暂按正常。"),
                {"shown": shown, "year": p.year},
            )
        better = st.status == Status.ON_TRACK
        return Message(
            N_("{shown}，{year}年无目标值；上年同期为{previous}，未变差，{status}。")
            if better
            else N_("{shown}，{year}年无目标值；上年同期为{previous}，有所变差，{status}。"),
            {"shown": shown, "year": p.year, "previous": fmt(yoy.previous), "status": status_label},
        )
    kind, target = year_target
    target_word = TARGET_WORDS[kind]
    ratio_text = (
        EMPTY
        if st.ratio is None
        else Message(N_("，完成率{ratio}%"), {"ratio": f"{st.ratio * 100:.1f}"})
    )
    if st.status == Status.MET:
        return Message(
            N_("{shown}，已达到{year}年{target_word}{target}{ratio}，{status}。"),
            {
                "shown": shown,
                "year": p.year,
                "target_word": target_word,
                "target": fmt(target),
                "ratio": ratio_text,
                "status": status_label,
            },
        )
    if st.expectation != target:
        share = expected_share(series, p)
        reference = Message(
            N_("序时进度目标{expectation}（全年{target_word}{target}的{share}%）"),
            {
                "expectation": fmt(st.expectation),
                "target_word": target_word,
                "target": fmt(target),
                "share": f"{float(share) * 100:.0f}",
            },
        )
    else:
        reference = Message(
            N_("{target_word}{target}"), {"target_word": target_word, "target": fmt(target)}
        )
    return Message(
        N_("{shown}，对照{reference}{ratio}，{status}。"),
        {"shown": shown, "reference": reference, "ratio": ratio_text, "status": status_label},
    )
