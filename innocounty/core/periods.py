"""Reporting periods with DHIS2-style identifiers: ``2024``, ``2024Q3``, ``2024-07``.

A period is annual, quarterly or monthly (the kinds are the plan's reporting frequencies,
`innocounty.core.schema.Frequency`). Everything here is calendar arithmetic on whole months:
the fraction of the year elapsed at the end of ``2024Q2`` is exactly 1/2, at the end of
``2024-09`` exactly 3/4 (序时进度 counts months, not days).

Bad identifiers raise `PeriodError` (a `ValueError`) with a Chinese message naming the text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import TypeVar

from innocounty.core.messages import N_, Message
from innocounty.core.schema import Frequency

V = TypeVar("V")

PeriodKind = Frequency
ANNUAL, QUARTERLY, MONTHLY = Frequency.ANNUAL, Frequency.QUARTERLY, Frequency.MONTHLY

# Finest last: a period of a kind is reported by indicators of that kind and of every finer one.
_KINDS_COARSE_TO_FINE = (ANNUAL, QUARTERLY, MONTHLY)
_MONTHS_PER_PERIOD = {ANNUAL: 12, QUARTERLY: 3, MONTHLY: 1}
_PERIODS_PER_YEAR = {ANNUAL: 1, QUARTERLY: 4, MONTHLY: 12}

# Fractions are immutable: one per month end, shared.
_ELAPSED = {month: Fraction(month, 12) for month in range(1, 13)}

_PATTERN = re.compile(r"^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$")
MIN_YEAR, MAX_YEAR = 1900, 2200

PERIOD_INVALID = N_("无效的报告期“{text}”：应为 2024、2024Q3 或 2024-07 的形式")
PERIOD_YEAR_RANGE = N_("报告期“{text}”的年份超出 {low}–{high}")


class PeriodError(ValueError):
    """A period identifier that cannot be read; the message is Chinese and names the text;
    `message` is the same as a `Message`, for a page in another language."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True, order=True, slots=True)
class Period:
    """One reporting period. `number` is 1 for a year, 1–4 for a quarter, 1–12 for a month;
    `end_month` (1–12) is the month it ends in and `ident` its identifier.

    Periods of one kind sort chronologically; use `end_month` to order periods of mixed kinds.
    """

    year: int
    kind: Frequency
    number: int = 1
    # Derived once: periods are compared and formatted in hot loops.
    end_month: int = field(init=False, compare=False, repr=False)
    ident: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        end_month = self.number * _MONTHS_PER_PERIOD[self.kind]
        object.__setattr__(self, "end_month", end_month)
        if self.kind == QUARTERLY:
            ident = f"{self.year}Q{self.number}"
        elif self.kind == MONTHLY:
            ident = f"{self.year}-{self.number:02d}"
        else:
            ident = str(self.year)
        object.__setattr__(self, "ident", ident)

    def __str__(self) -> str:
        return self.ident

    @property
    def months(self) -> int:
        """Number of months the period covers (12, 3 or 1)."""
        return _MONTHS_PER_PERIOD[self.kind]

    @property
    def start_month(self) -> int:
        """Month of the year (1–12) in which the period starts."""
        return self.end_month - self.months + 1

    @property
    def start(self) -> dt.date:
        """First day of the period."""
        return dt.date(self.year, self.start_month, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the period."""
        if self.end_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.end_month + 1, 1) - dt.timedelta(days=1)

    @property
    def fraction_elapsed(self) -> Fraction:
        """Share of the calendar year elapsed at the period's end, in whole months (exact)."""
        return _ELAPSED[self.end_month]

    @property
    def is_year_end(self) -> bool:
        """True when the period ends on 31 December (a year, Q4 or December)."""
        return self.end_month == 12

    @property
    def annual(self) -> Period:
        """The year containing the period."""
        return _period(self.year, ANNUAL, 1)

    def previous(self) -> Period:
        """The period of the same kind just before this one (``2024Q1`` → ``2023Q4``)."""
        if self.number > 1:
            return _period(self.year, self.kind, self.number - 1)
        return _period(self.year - 1, self.kind, _PERIODS_PER_YEAR[self.kind])

    def next(self) -> Period:
        """The period of the same kind just after this one (``2024-12`` → ``2025-01``)."""
        if self.number < _PERIODS_PER_YEAR[self.kind]:
            return _period(self.year, self.kind, self.number + 1)
        return _period(self.year + 1, self.kind, 1)

    def year_earlier(self) -> Period:
        """The same period one year earlier (for year-on-year comparison)."""
        return _period(self.year - 1, self.kind, self.number)

    def contains(self, other: Period) -> bool:
        """True when `other` lies entirely inside this period."""
        return (
            self.year == other.year
            and self.start_month <= other.start_month
            and other.end_month <= self.end_month
        )


# Periods are immutable and few (a handful of years × 17 periods), but the engine asks for the
# same ones hundreds of thousands of times: each is built once.
_period = lru_cache(maxsize=8192)(Period)


def annual_period(year: int) -> Period:
    """The year `year` as a period (one shared instance per year)."""
    return _period(year, ANNUAL, 1)


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """Read a period identifier (``2024``, ``2024Q3``, ``2024-07``); surrounding spaces are ignored.

    Raises `PeriodError` with a Chinese message for anything else, including years outside
    1900–2200, ``2024Q5``, ``2024-13`` and ``2024-7`` (months take two digits).
    """
    if not isinstance(text, str):
        raise PeriodError(Message(PERIOD_INVALID, {"text": text}))
    match = _PATTERN.match(text.strip())
    if not match:
        raise PeriodError(Message(PERIOD_INVALID, {"text": text}))
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            Message(PERIOD_YEAR_RANGE, {"text": text, "low": MIN_YEAR, "high": MAX_YEAR})
        )
    if match.group(2):
        return Period(year, QUARTERLY, int(match.group(2)))
    if match.group(3):
        return Period(year, MONTHLY, int(match.group(3)))
    return Period(year, ANNUAL, 1)


def format_period(period: Period) -> str:
    """Write a period as its identifier: ``2024``, ``2024Q3`` or ``2024-07``."""
    return period.ident


def as_period(value: Period | str) -> Period:
    """Return `value` as a `Period`, parsing identifiers (see `parse_period`)."""
    return value if isinstance(value, Period) else parse_period(value)


def period_kind(text: str) -> Frequency:
    """The kind (annual, quarterly, monthly) of a period identifier; `PeriodError` if bad."""
    return parse_period(text).kind


def label(period: Period | str) -> str:
    """Chinese label of a period: ``2024年``, ``2024年第3季度``, ``2024年7月``."""
    return str(label_message(period))


def label_message(period: Period | str) -> Message:
    """`label`, to be translated at display time (`innocounty.core.messages`)."""
    p = as_period(period)
    if p.kind == QUARTERLY:
        return Message(N_("{year}年第{number}季度"), {"year": p.year, "number": p.number})
    if p.kind == MONTHLY:
        return Message(N_("{year}年{number}月"), {"year": p.year, "number": p.number})
    return Message(N_("{year}年"), {"year": p.year})


def periods_in_year(year: int, kind: Frequency | str) -> list[Period]:
    """All periods of `kind` in `year`, in order (1, 4 or 12 of them)."""
    kind = Frequency(kind)
    return [Period(year, kind, n) for n in range(1, _PERIODS_PER_YEAR[kind] + 1)]


@lru_cache(maxsize=8192)
def period_ending(year: int, month: int, kind: Frequency | str) -> Period | None:
    """The period of `kind` that ends in `month` of `year`, or None (e.g. quarterly, month 8)."""
    kind = Frequency(kind)
    months = _MONTHS_PER_PERIOD[kind]
    if month % months:
        return None
    return Period(year, kind, month // months)


def latest_period(kind: Frequency | str, today: dt.date) -> Period:
    """The latest period of `kind` that has fully ended on or before `today`."""
    kind = Frequency(kind)
    months = _MONTHS_PER_PERIOD[kind]
    # The month before today's month is the last one that has surely ended, unless today is
    # the last day of its month.
    month_index = today.year * 12 + today.month - 1  # 0-based, today's month
    if (today + dt.timedelta(days=1)).month == today.month:
        month_index -= 1
    year, month0 = divmod(month_index, 12)
    end_month = (month0 + 1) // months * months
    if end_month == 0:
        return Period(year - 1, kind, _PERIODS_PER_YEAR[kind])
    return Period(year, kind, end_month // months)


def latest_period_within(kind: Frequency | str, period: Period | str) -> Period:
    """The latest period of `kind` ending no later than `period` ends.

    ``latest_period_within("annual", "2024Q3")`` is ``2023``; ``("quarterly", "2024-08")`` is
    ``2024Q2``; a period of `kind` itself is returned unchanged.
    """
    kind = Frequency(kind)
    p = as_period(period)
    months = _MONTHS_PER_PERIOD[kind]
    number = p.end_month // months
    if number == 0:
        return _period(p.year - 1, kind, _PERIODS_PER_YEAR[kind])
    return _period(p.year, kind, number)


def judged_period(kind: Frequency | str, as_of: Period | str) -> Period:
    """The period an indicator of `kind` is judged and labelled at, as of `as_of`.

    The one rule for the period shown beside a value or status on every page, the bulletin
    and exports: the as-of period itself whenever a period of `kind` ends on the same day
    (a quarterly indicator in the ``2025`` view is shown as ``2025``, found at ``2025Q4`` by
    `value_at`), else the latest period of `kind` ending within it (an annual indicator as
    of ``2025Q3`` is ``2024``).
    """
    p = as_period(as_of)
    here = latest_period_within(kind, p)
    if (here.year, here.end_month) == (p.year, p.end_month):
        return p
    return here


def frequencies_for(period: Period | str) -> list[Frequency]:
    """Reporting frequencies whose indicators are due in a round for `period`, coarsest first.

    A round for a year collects annual, quarterly (Q4) and monthly (December) indicators; a
    round for a quarter collects quarterly and monthly (its last month) ones; a round for a
    month collects only monthly ones.
    """
    p = as_period(period)
    return list(_KINDS_COARSE_TO_FINE[_KINDS_COARSE_TO_FINE.index(p.kind) :])


def fits(frequency: Frequency | str, period: Period | str) -> bool:
    """True when an indicator of `frequency` is due in a round for `period`."""
    return Frequency(frequency) in frequencies_for(period)


def year_end_periods(year: int) -> list[Period]:
    """The periods ending on 31 December of `year`, coarsest first: ``2024``, ``2024Q4``, ``2024-12``."""
    return [Period(year, ANNUAL, 1), Period(year, QUARTERLY, 4), Period(year, MONTHLY, 12)]


# For `value_at`: the other kinds of period to look at, nearest first.
_SAME_DAY_ORDER = {
    ANNUAL: (QUARTERLY, MONTHLY),
    QUARTERLY: (MONTHLY, ANNUAL),
    MONTHLY: (QUARTERLY, ANNUAL),
}


def value_at(values: Mapping[str, V], period: Period | str) -> V | None:
    """The value for `period` in a mapping keyed by period identifier, or None.

    A missing period falls back to the other periods ending on the same day, nearest kind
    first (``2024`` → ``2024Q4`` → ``2024-12``; ``2024Q3`` → ``2024-09``; ``2024Q4`` →
    ``2024-12`` → ``2024``; ``2024-12`` → ``2024Q4`` → ``2024``): stocks are levels at the period end and flows are
    reported year-to-date, so all of them mean the same number. A quarterly indicator reported
    in a yearly round is thus found at its fourth quarter.
    """
    p = period if isinstance(period, Period) else parse_period(period)
    key = p.ident
    if key in values:
        return values[key]
    for ident in _same_day(key):
        if ident in values:
            return values[ident]
    return None


@lru_cache(maxsize=8192)
def _same_day(ident: str) -> tuple[str, ...]:
    """The identifiers `value_at` falls back to for the period `ident`, nearest kind first
    (cached by identifier: a string hashes once, a period on every lookup)."""
    p = parse_period(ident)
    found = (period_ending(p.year, p.end_month, kind) for kind in _SAME_DAY_ORDER[p.kind])
    return tuple(other.ident for other in found if other is not None)


def latest_value(values: Mapping[str, V], period: Period | str) -> tuple[Period, V] | None:
    """The most recent value whose period ends no later than `period` ends, with its period.

    Among periods ending on the same day the coarsest wins. Unreadable keys raise
    `PeriodError`. None when nothing qualifies.
    """
    p = as_period(period)
    limit = p.year * 12 + p.end_month
    best: tuple[int, int, Period, V] | None = None
    for key, value in values.items():
        q = parse_period(key)
        end = q.year * 12 + q.end_month
        if end > limit:
            continue
        rank = (end, q.months)
        if best is None or rank > best[:2]:
            best = (end, q.months, q, value)
    return None if best is None else (best[2], best[3])
