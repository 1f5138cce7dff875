"""Computed once, read many times: the engine's results per plan, stored in the database.

Pages and the API read `plan_result(plan=…, period=…)`: the plan's `Snapshot` as of `period`
for today, read from its `PlanResult` row when one is current, else computed by
`selectors.plan_snapshot` (the uncached path, unchanged) and stored. Every app server reads
the same rows, so nothing is held per process and nothing can go stale in one of them.

What a result depends on:
- the code: a row holds the version of the program that computed it (`code_version`), and a
  row of another version is not read, so an upgrade recomputes everything.
- the plan's data (plan file, approved values, every value version's submission, task reports,
  rounds, milestones, scoring weights). Every service that changes them calls
  `plans.hooks.plan_changed`, which lands in `plan_results_stale`: the plan's generation
  (`PlanResultStamp`) goes up and its rows go, inside the change's own transaction. Only that
  plan: the others' rows stay current.
- a restore: the stored rows and generations are backed up and restored with the data they
  were computed from (`ops.backup` reads everything in one snapshot), so a restored row is
  exactly as current as before; a row of another program version is not read (above), and
  neither is one of another day (below). Restore with the app servers stopped (operator
  guide): a server still reading the old data during the restore could store a row under a
  generation number the restored plan also has.
- the day. Milestones are judged on `min(today, 31 December of the as-of year)` and a round's
  deadline counts once its day is over, so the same data gives another result tomorrow. Rows
  are keyed by the day they were computed for (local date); a row of another day is never
  read. Within a day nothing else moves: a deadline ends at midnight, local time.

Races: a reader reads the generation before the data it evaluates and stores its row with that
generation. A change committed meanwhile has raised the generation, so the row is already
stale when written and is recomputed at the next read; a row never claims to be newer than the
data it was computed from. A row is only ever replaced by one of the same or a later generation.

After a change commits, the rows that were stored for today are recomputed at once
(`transaction.on_commit`), so the next page of an office that was looking at the plan is a
read, not a computation. A plan nobody has looked at today is left until someone does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import threading
from importlib import metadata
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from innocounty.core import codec
from innocounty.core.periods import MONTHLY, latest_period
from innocounty.core.progress import ReportFacts
from innocounty.monitor.models import PlanResult, PlanResultStamp
from innocounty.monitor.selectors import Snapshot, default_period, plan_snapshot
from innocounty.plans.models import Plan


class _Counter(threading.local):
    recomputes = 0


# How many results this process (thread) has computed; tests read it.
counter = _Counter()


# Raise when the stored form changes without a new release.
FORMAT = 3  # 2: a lagging item's reason is written when read; 3: an indicator's from its status


@functools.cache
def code_version() -> str:
    """The program's version and the stored form's, as rows record them."""
    try:
        release = metadata.version("innocounty")
    except metadata.PackageNotFoundError:
        release = "unknown"
    return f"{release}/{FORMAT}"


def _today() -> dt.date:
    return timezone.localdate()


def _generation(plan_id: int) -> int:
    found = (
        PlanResultStamp.objects.filter(plan_id=plan_id).values_list("generation", flat=True).first()
    )
    return found or 0


def plan_result(*, plan: Plan, period: str | None = None, today: dt.date | None = None) -> Snapshot:
    """`plan` evaluated as of `period` (default: the latest month ended by `today`) on `today`
    (default: the local date): the stored result when current (one query), else computed and
    stored. The same `Snapshot` as `selectors.plan_snapshot`."""
    today = today or _today()
    period = period or latest_period(MONTHLY, today).ident
    current = Coalesce(
        Subquery(
            PlanResultStamp.objects.filter(plan_id=OuterRef("plan_id")).values("generation")[:1]
        ),
        Value(0),
    )
    text = (
        PlanResult.objects.filter(
            plan=plan, period=period, day=today, code=code_version(), generation=current
        )
        .values_list("data", flat=True)
        .first()
    )
    if text is not None:
        return _thaw(plan, today, text)
    return plan_result_refresh(plan=plan, period=period, today=today)


def plan_result_refresh(*, plan: Plan, period: str, today: dt.date | None = None) -> Snapshot:
    """Compute `plan`'s result as of `period` on `today` and store it (see the module)."""
    today = today or _today()
    generation = _generation(plan.pk)  # before the data: see "Races" in the module docstring
    snapshot = plan_snapshot(plan=plan, period=period, today=today)
    counter.recomputes += 1
    parts = _frozen(snapshot)
    text = codec.dumps(parts)
    now = timezone.now()
    with transaction.atomic():
        # Rows of earlier days are never read again.
        PlanResult.objects.filter(plan=plan, day__lt=today).delete()
        stored = PlanResult.objects.filter(
            plan=plan, period=period, day=today, generation__lte=generation
        ).update(generation=generation, code=code_version(), data=text, computed_at=now)
        if not stored:
            # Absent, or already newer (then the insert meets the key and is dropped).
            PlanResult.objects.bulk_create(
                [
                    PlanResult(
                        plan=plan,
                        period=period,
                        day=today,
                        generation=generation,
                        code=code_version(),
                        data=text,
                        computed_at=now,
                    )
                ],
                ignore_conflicts=True,
            )
    # What a later read gives back (the reports without the selectors' private fields).
    return dataclasses.replace(snapshot, reports=parts["reports"])


def plan_results_stale(*, plan_id: int) -> None:
    """Mark the plan's stored results stale (inside the caller's transaction) and recompute,
    once it commits, those stored for today. Registered on `plans.hooks.plan_changed`."""
    stamp, created = PlanResultStamp.objects.get_or_create(
        plan_id=plan_id, defaults={"generation": 1}
    )
    if not created:
        PlanResultStamp.objects.filter(pk=stamp.pk).update(generation=F("generation") + 1)
    today = _today()
    rows = PlanResult.objects.filter(plan_id=plan_id)
    periods = list(rows.filter(day=today).values_list("period", flat=True))
    rows.delete()
    if periods:
        transaction.on_commit(lambda: _refresh(plan_id, periods, today), robust=True)


def _refresh(plan_id: int, periods: list[str], today: dt.date) -> None:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return
    generation = _generation(plan_id)
    done = set(
        PlanResult.objects.filter(
            plan_id=plan_id,
            day=today,
            generation=generation,
            code=code_version(),
            period__in=periods,
        ).values_list("period", flat=True)
    )
    for period in periods:
        if period not in done:
            plan_result_refresh(plan=plan, period=period, today=today)


def plan_result_default(*, plan: Plan, today: dt.date | None = None) -> Snapshot:
    """The result as of the monitor's default period (`selectors.default_period`)."""
    today = today or _today()
    return plan_result(plan=plan, period=default_period(plan=plan, today=today), today=today)


def _frozen(snapshot: Snapshot) -> dict[str, Any]:
    # The reports carry the selectors' own subclass (with round ids for the on-time rule);
    # the pages read only the fields of ReportFacts.
    reports = {
        number: ReportFacts(**{f.name: getattr(r, f.name) for f in dataclasses.fields(ReportFacts)})
        for number, r in snapshot.reports.items()
    }
    return {
        "plan_file": snapshot.plan_file,
        "data": snapshot.data,
        "evaluation": snapshot.evaluation,
        "reports": reports,
        "unit_ids": snapshot.unit_ids,
    }


def _thaw(plan: Plan, today: dt.date, text: str) -> Snapshot:
    parts = codec.loads(text)
    return Snapshot(
        plan,
        parts["plan_file"],
        parts["data"],
        parts["evaluation"],
        parts["reports"],
        parts["unit_ids"],
        today,
    )


__all__ = [
    "counter",
    "plan_result",
    "plan_result_default",
    "plan_result_refresh",
    "plan_results_stale",
]
