"""Map a task report (percent + workflow state) to the engine's `TaskStatus`; pure, no Django.

Which report counts for a task, as of a period:

- only lead-unit reports (牵头单位报告) in rounds whose period ends no later than the as-of
  period; responsible units' contributions never set a task's status;
- the latest *approved* report counts (the most recent round that has one; its highest
  approved version). A task that has no approved report at all counts its latest *submitted*
  report, so a first report shows before the office has reviewed it. Drafts and returned
  reports are not reports: with nothing else the task is 未报送 (not reported);
- a task with several lead units that reported in the same round counts the lowest percentage
  (the slowest part decides).

Status of the counting report (`task_status`):

- percent = 100 → 已完成 (completed);
- no percentage (a report in words only) → 正常推进 (on track): there is nothing to compare;
- otherwise the percentage is compared with the share of the plan elapsed at the end of the
  report's period (months from 1 January of the start year to the period end ÷ the plan's
  months, capped at 100 %): a 2024 report of a 2023–2025 plan is expected at 2/3 = 66.7 %.
  percent ÷ expected ≥ `on_track` (0.95) → 正常推进; ≥ `serious` (0.80) → 滞后; below →
  严重滞后 — the same thresholds as indicator statuses (`evaluation.Thresholds`). A report for
  a period before the plan starts (expected 0) is on track.

Why the report's own period and not the as-of period: a unit is judged on what it said when it
said it; how old the report is shows beside the status.

Age of the report (`is_stale`): a task must report in every round that asks for task progress.
The *due round* as of a period is the latest such round whose period ends no later than the
as-of period and whose deadline has passed (or which is closed). A task with no submitted or
approved lead report for the due round's period (or a later one up to the as-of period) is
未报送, whatever its older reports said; its last known progress and that report's period are
still shown beside the status.

The same rule picks the report a task's chart plots for each period (`counting_by_period`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from innocounty.core.evaluation import Thresholds
from innocounty.core.periods import as_period
from innocounty.core.scorecard import TaskStatus

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What the mapping needs from one task report."""

    task: int
    period: str
    state: str  # workflow state: approved, submitted, returned, draft
    version: int
    percent: Decimal | None
    unit: str = ""
    pk: int | None = None  # the report's id, for links


def expected_percent(period: str, *, start_year: int, end_year: int) -> Decimal:
    """Share of the plan elapsed at the end of `period`, in percent (0–100), exact."""
    p = as_period(period)
    months = (end_year - start_year + 1) * 12
    elapsed = (p.year - start_year) * 12 + p.end_month
    elapsed = min(max(elapsed, 0), months)
    return Decimal(elapsed) * HUNDRED / Decimal(months)


def task_status(
    percent: Decimal | None,
    period: str,
    *,
    start_year: int,
    end_year: int,
    thresholds: Thresholds | None = None,
) -> TaskStatus:
    """Status of a counted report (rules in the module docstring)."""
    t = thresholds or Thresholds()
    if percent is None:
        return TaskStatus.ON_TRACK
    if percent >= HUNDRED:
        return TaskStatus.COMPLETED
    expected = expected_percent(period, start_year=start_year, end_year=end_year)
    if expected == 0:
        return TaskStatus.ON_TRACK
    ratio = Decimal(percent) / expected
    if ratio >= t.on_track:
        return TaskStatus.ON_TRACK
    if ratio >= t.serious:
        return TaskStatus.BEHIND
    return TaskStatus.SERIOUSLY_BEHIND


def _end(period: str) -> int:
    p = as_period(period)
    return p.year * 12 + p.end_month


def due_period(rounds: list[tuple[str, bool]], *, as_of: str) -> str | None:
    """The due round's period: `rounds` are (period, past deadline or closed) of the rounds
    that ask for task progress; the latest past-due one ending by `as_of` (None if none)."""
    limit = _end(as_of)
    due = [period for period, past in rounds if past and _end(period) <= limit]
    return max(due, key=_end) if due else None


def is_stale(reports: list[ReportFacts], *, as_of: str, due: str | None) -> bool:
    """True when no submitted or approved report covers the due round (module docstring)."""
    if due is None:
        return False
    low, high = _end(due), _end(as_of)
    return not any(
        r.state in ("approved", "submitted") and low <= _end(r.period) <= high for r in reports
    )


def counting_by_period(reports: list[ReportFacts]) -> dict[str, ReportFacts]:
    """For each period with a lead report, the report that counted as of that period's own
    round — the same rule as the status, applied to that period's reports only."""
    result: dict[str, ReportFacts] = {}
    for period in sorted({r.period for r in reports}, key=_end):
        chosen = counting_report([r for r in reports if r.period == period], as_of=period)
        if chosen is not None:
            result[period] = chosen
    return result


def counting_report(reports: list[ReportFacts], *, as_of: str) -> ReportFacts | None:
    """The report that counts for one task as of a period (rules in the module docstring)."""
    limit = _end(as_of)
    eligible = [r for r in reports if _end(r.period) <= limit]
    for state in ("approved", "submitted"):
        chosen = [r for r in eligible if r.state == state]
        if not chosen:
            continue
        latest = max(_end(r.period) for r in chosen)
        chosen = [r for r in chosen if _end(r.period) == latest]
        # The highest version per unit, then the slowest unit.
        best: dict[str, ReportFacts] = {}
        for r in chosen:
            if r.unit not in best or r.version > best[r.unit].version:
                best[r.unit] = r
        return min(
            best.values(),
            key=lambda r: (HUNDRED + 1 if r.percent is None else r.percent, r.unit),
        )
    return None
