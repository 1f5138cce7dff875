"""On-time rates per unit (报送及时率), from plain facts; pure, no Django.

Over the rounds whose deadline has passed and whose period ends within the as-of period, a
unit's rate is the share of its items that were done (submitted or approved, by their latest
version) and first submitted by the end of the deadline day. A unit's items in a round are
the indicators it is responsible for that are due in the round's period, and the tasks it
leads when the round includes tasks. The *first* submission counts, so a correction made
after approval does not make a unit late. A unit with no past-deadline items has no rate.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from innocounty.core import schema
from innocounty.core.periods import as_period, fits

DONE = {"submitted", "approved"}


@dataclass(frozen=True, slots=True)
class RoundFacts:
    """What the rule needs from a reporting round."""

    key: int  # the round's id, as task submissions name it
    period: str
    deadline_end: dt.datetime  # the end of the deadline day: submissions until then are on time
    include_tasks: bool


@dataclass(frozen=True, slots=True)
class Submission:
    """One version of a value or of a lead unit's task report."""

    version: int
    state: str  # workflow state: approved, submitted, returned, draft
    submitted: dt.datetime | None  # when this version was submitted (None: never)


def _end(period: str) -> int:
    p = as_period(period)
    return p.year * 12 + p.end_month


def on_time_rates(
    *,
    plan: schema.Plan,
    rounds: Iterable[RoundFacts],
    values: Iterable[tuple[str, str, Submission]],
    task_reports: Iterable[tuple[int, int, str, Submission]],
    as_of: str,
    now: dt.datetime,
) -> dict[str, Decimal]:
    """On-time rate per unit name (0–1, exact) over past-deadline rounds (module docstring).

    `values` are (indicator code, period, version) for every value version of the plan;
    `task_reports` are (round key, task number, lead unit name, version) for every lead task
    report version. Rounds whose deadline ends at or after `now` are not counted yet.
    """
    limit = _end(as_of)
    counted = [r for r in rounds if _end(r.period) <= limit and r.deadline_end < now]
    periods = {r.period for r in counted}
    # (code, period) → [latest version, its state, first submission].
    latest: dict[tuple[str, str], list[Any]] = {}
    for code, period, version in values:
        if period in periods:
            _fold(latest, (code, period), version)
    task_items: dict[tuple[int, int, str], list[Any]] = {}
    for round_key, number, unit, version in task_reports:
        _fold(task_items, (round_key, number, unit), version)
    due: dict[str, int] = defaultdict(int)
    on_time: dict[str, int] = defaultdict(int)
    for round_ in counted:
        end = round_.deadline_end
        items: list[tuple[tuple[str, ...], list[Any] | None]] = []
        for ind in plan.indicators:
            if fits(ind.frequency, round_.period):
                items.append((tuple(ind.responsible_units), latest.get((ind.code, round_.period))))
        if round_.include_tasks:
            for task in plan.tasks():
                for unit in task.lead_units:
                    items.append(((unit,), task_items.get((round_.key, task.number, unit))))
        for units, found in items:
            ok = found is not None and found[1] in DONE and found[2] is not None and found[2] <= end
            for unit in units:
                due[unit] += 1
                on_time[unit] += int(ok)
    return {unit: Decimal(on_time[unit]) / Decimal(n) for unit, n in due.items() if n}


def _fold(acc: dict[Any, list[Any]], key: Any, version: Submission) -> None:
    """Keep the latest version's state and the earliest submission time per key."""
    entry = acc.get(key)
    if entry is None:
        acc[key] = [version.version, version.state, version.submitted]
        return
    if version.version > entry[0]:
        entry[0], entry[1] = version.version, version.state
    submitted = version.submitted
    if submitted is not None and (entry[2] is None or submitted < entry[2]):
        entry[2] = submitted
