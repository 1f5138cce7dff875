"""Unit scorecards (考核排名) and the lagging list (滞后清单).

A unit's scorecard gathers the statuses of the indicators it is responsible for, the latest
progress of its tasks and its reporting timeliness (on-time rate, 0–1), and turns them into a
score out of 100 with a rank. The scoring method is pluggable (`SCORING_METHODS`):

- ``weighted`` (加权平均, default): the mean of the indicator points, the mean of the task
  points and on-time rate × 100, weighted by `ScoringWeights` (default 0.5 / 0.3 / 0.2); a
  part the unit has nothing in (no indicators, say) is left out and the other weights
  renormalised.
- ``deduction`` (扣分制): 100 minus `deductions` per indicator and per task status, minus
  (1 − on-time rate) × `timeliness_deduction`; not below 0.
- ``carried`` (按承担量加权; the monitor's default unless the office chooses otherwise): fair
  to units that carry much. Every item a unit carries has a load: a task it leads `lead_task` (3), a task it is responsible for
  `responsible_task` (1), an indicator it reports `indicator_item` (2). Its performance is the
  load-weighted mean P of the item points, pulled toward the mean of all units' items M
  (a credibility, or Bayesian, average): (L·P + k·M) ÷ (L + k), L its total load and k
  `credibility` (10). A unit with one task at 100 % thus gets little above the average,
  a unit leading ten tasks is judged on its own record. The score is performance ×
  (1 − τ) + on-time rate × 100 × τ, τ = `timeliness_share` (0.2; performance alone when the
  unit had nothing due).

Points per status (defaults): indicators 已达标 100, 正常 90, 滞后 60, 严重滞后 30, 无数据 0;
tasks 已完成 100, 正常推进 90, 滞后 60, 严重滞后 30, 未报送 0. Scores are floats, unrounded.
Ranks are competition ranks (1, 2, 2, 4) by score, best first; ties are listed by unit name.
A unit with nothing to score has score None and rank None, and is listed last.

An indicator or task counts for each of its responsible units.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from innocounty.core.evaluation import SEVERITY, STATUS_LABELS, IndicatorStatus, Status
from innocounty.core.messages import EMPTY, N_, Message
from innocounty.core.milestones import MilestoneFacts, note_message


class TaskStatus(StrEnum):
    """A task's reported progress; Chinese labels in `TASK_STATUS_LABELS`."""

    COMPLETED = "completed"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    SERIOUSLY_BEHIND = "seriously_behind"
    NOT_REPORTED = "not_reported"


TASK_STATUS_LABELS = {
    TaskStatus.COMPLETED: N_("已完成"),
    TaskStatus.ON_TRACK: N_("正常推进"),
    TaskStatus.BEHIND: N_("滞后"),
    TaskStatus.SERIOUSLY_BEHIND: N_("严重滞后"),
    TaskStatus.NOT_REPORTED: N_("未报送"),
}
TASK_SEVERITY = {
    TaskStatus.COMPLETED: 0,
    TaskStatus.ON_TRACK: 0,
    TaskStatus.NOT_REPORTED: 1,
    TaskStatus.BEHIND: 2,
    TaskStatus.SERIOUSLY_BEHIND: 3,
}


@dataclass(frozen=True, slots=True)
class TaskProgress:
    """A task's latest reported progress: a status and, optionally, a percentage (0–100).

    `milestones` are the task's milestones (任务分解) as facts; `evaluate_plan` judges them
    (`engine.judge_task`), so the status given to it is the reports' alone.
    """

    number: int
    title: str
    units: tuple[str, ...]
    status: TaskStatus
    percent: Decimal | None = None
    period: str | None = None
    note: str = ""
    lead_units: tuple[str, ...] = ()  # those of `units` that lead the task
    milestones: tuple[MilestoneFacts, ...] = ()
    missed: tuple[MilestoneFacts, ...] = ()  # those missed, filled in by `engine.judge_task`


@dataclass(frozen=True, slots=True)
class ScoringWeights:
    """Weights and points of the scoring methods (see the module docstring for defaults)."""

    indicators: Decimal = Decimal("0.5")
    tasks: Decimal = Decimal("0.3")
    timeliness: Decimal = Decimal("0.2")
    indicator_points: Mapping[str, Decimal] = field(
        default_factory=lambda: {
            Status.MET: Decimal(100),
            Status.ON_TRACK: Decimal(90),
            Status.BEHIND: Decimal(60),
            Status.SERIOUSLY_BEHIND: Decimal(30),
            Status.NO_DATA: Decimal(0),
        }
    )
    task_points: Mapping[str, Decimal] = field(
        default_factory=lambda: {
            TaskStatus.COMPLETED: Decimal(100),
            TaskStatus.ON_TRACK: Decimal(90),
            TaskStatus.BEHIND: Decimal(60),
            TaskStatus.SERIOUSLY_BEHIND: Decimal(30),
            TaskStatus.NOT_REPORTED: Decimal(0),
        }
    )
    deductions: Mapping[str, Decimal] = field(
        default_factory=lambda: {
            "behind": Decimal(5),
            "seriously_behind": Decimal(10),
            "no_data": Decimal(3),
            "not_reported": Decimal(3),
        }
    )
    timeliness_deduction: Decimal = Decimal(20)
    # The ``carried`` method (module docstring).
    lead_task: Decimal = Decimal(3)
    responsible_task: Decimal = Decimal(1)
    indicator_item: Decimal = Decimal(2)
    credibility: Decimal = Decimal(10)
    timeliness_share: Decimal = Decimal("0.2")
    overall_mean: float | None = None  # M, filled in by `scorecards` over all units


@dataclass(frozen=True, slots=True)
class UnitInput:
    """What one unit is scored on: its indicators' statuses, its tasks, its on-time rate."""

    unit: str
    indicators: tuple[IndicatorStatus, ...] = ()
    tasks: tuple[TaskProgress, ...] = ()
    on_time_rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class UnitScore:
    """A unit's scorecard: parts and total out of 100 (None when nothing to score), rank."""

    unit: str
    score: float | None
    rank: int | None
    indicator_score: float | None
    task_score: float | None
    timeliness_score: float | None
    indicators: tuple[tuple[str, Status], ...]
    tasks: tuple[tuple[int, TaskStatus], ...]
    on_time_rate: Decimal | None


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


class _Floats:
    """The weights' points and part weights as floats, worked out once per `scorecards` call
    (a province scores thousands of units with the same weights)."""

    __slots__ = ("indicator_points", "parts", "task_points")

    def __init__(self, w: ScoringWeights) -> None:
        self.indicator_points = {k: float(v) for k, v in w.indicator_points.items()}
        self.task_points = {k: float(v) for k, v in w.task_points.items()}
        self.parts = (float(w.indicators), float(w.tasks), float(w.timeliness))


def _parts(u: UnitInput, f: _Floats) -> tuple[float | None, float | None, float | None]:
    ind = _mean([f.indicator_points[s.status] for s in u.indicators])
    task = _mean([f.task_points[t.status] for t in u.tasks])
    timely = None if u.on_time_rate is None else float(u.on_time_rate) * 100
    return ind, task, timely


def score_weighted(u: UnitInput, w: ScoringWeights) -> float | None:
    """Weighted mean of the parts the unit has (0–100); None when it has none."""
    f = _Floats(w)
    return _weighted(_parts(u, f), f)


def _weighted(parts: tuple[float | None, float | None, float | None], f: _Floats) -> float | None:
    total = weight = 0.0
    for part, pw in zip(parts, f.parts, strict=True):
        if part is not None and pw:
            total += pw * part
            weight += pw
    return total / weight if weight else None


def score_deduction(u: UnitInput, w: ScoringWeights) -> float | None:
    """100 minus deductions for lagging indicators and tasks and late reports; floor 0."""
    if not u.indicators and not u.tasks and u.on_time_rate is None:
        return None
    lost = Decimal(0)
    for s in u.indicators:
        lost += w.deductions.get(str(s.status), Decimal(0))
    for t in u.tasks:
        lost += w.deductions.get(str(t.status), Decimal(0))
    if u.on_time_rate is not None:
        lost += (1 - u.on_time_rate) * w.timeliness_deduction
    return max(0.0, float(100 - lost))


def carried_items(u: UnitInput, w: ScoringWeights) -> list[tuple[float, float]]:
    """(load, points) of every item the unit carries (the ``carried`` method)."""
    items = [(float(w.indicator_item), float(w.indicator_points[s.status])) for s in u.indicators]
    for t in u.tasks:
        load = w.lead_task if u.unit in t.lead_units else w.responsible_task
        items.append((float(load), float(w.task_points[t.status])))
    return [(load, points) for load, points in items if load > 0]


def unit_load(u: UnitInput, w: ScoringWeights) -> float:
    """How much a unit carries: the sum of its items' loads."""
    return sum(load for load, _points in carried_items(u, w))


def score_carried(u: UnitInput, w: ScoringWeights) -> float | None:
    """Credibility-weighted performance by load, with timeliness (module docstring)."""
    items = carried_items(u, w)
    timely = None if u.on_time_rate is None else float(u.on_time_rate) * 100
    if not items and timely is None:
        return None
    k = float(w.credibility)
    prior = w.overall_mean
    if items:
        load = sum(x for x, _ in items)
        own = sum(x * p for x, p in items) / load
        performance = own if prior is None else (load * own + k * prior) / (load + k)
    else:
        performance = None
    if performance is None:
        return timely
    if timely is None:
        return performance
    share = float(w.timeliness_share)
    return performance * (1 - share) + timely * share


# code → (label, dotted path); resolved lazily so a plan setting can name any of them.
SCORING_METHODS: dict[str, tuple[str, str]] = {
    "weighted": ("加权平均", "innocounty.core.scorecard.score_weighted"),
    "deduction": ("扣分制", "innocounty.core.scorecard.score_deduction"),
    "carried": ("按承担量加权", "innocounty.core.scorecard.score_carried"),
}


def scoring_method(code: str) -> Callable[[UnitInput, ScoringWeights], float | None]:
    """The scoring function registered under `code` in `SCORING_METHODS`; KeyError if unknown."""
    module, _, name = SCORING_METHODS[code][1].rpartition(".")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def unit_inputs(
    statuses: Iterable[IndicatorStatus],
    tasks: Iterable[TaskProgress],
    on_time_rates: Mapping[str, Decimal],
    units: Sequence[str] = (),
    *,
    only: Collection[str] | None = None,
) -> list[UnitInput]:
    """Group statuses, tasks and on-time rates by unit (each counts for all its units).

    `units` lists units to include even when nothing names them; others appear as named,
    unless `only` is given: then just those units are kept.
    """
    order: dict[str, tuple[list[IndicatorStatus], list[TaskProgress]]] = {
        u: ([], []) for u in units
    }
    for s in statuses:
        for u in s.responsible_units:
            order.setdefault(u, ([], []))[0].append(s)
    for t in tasks:
        for u in t.units:
            order.setdefault(u, ([], []))[1].append(t)
    for u in on_time_rates:
        order.setdefault(u, ([], []))
    keep = set(only) if only is not None else None
    return [
        UnitInput(u, tuple(ind), tuple(tsk), on_time_rates.get(u))
        for u, (ind, tsk) in order.items()
        if keep is None or u in keep
    ]


def scorecards(
    inputs: Iterable[UnitInput],
    *,
    method: str = "weighted",
    weights: ScoringWeights | None = None,
) -> list[UnitScore]:
    """Score and rank every unit, best first (rules in the module docstring)."""
    w = weights or ScoringWeights()
    score_of = scoring_method(method)
    inputs = list(inputs)
    if method == "carried" and w.overall_mean is None:
        every = [item for u in inputs for item in carried_items(u, w)]
        load = sum(x for x, _ in every)
        if load:
            w = replace(w, overall_mean=sum(x * p for x, p in every) / load)
    f = _Floats(w)
    scored = []
    for u in inputs:
        parts = _parts(u, f)
        # The weighted mean is made of the parts shown beside it: worked out once.
        score = _weighted(parts, f) if score_of is score_weighted else score_of(u, w)
        scored.append((score, u, parts))
    scored.sort(key=lambda row: (row[0] is None, -(row[0] or 0.0), row[1].unit))
    cards: list[UnitScore] = []
    previous: float | None = None
    rank = 0
    for position, (score, u, (ind, task, timely)) in enumerate(scored, start=1):
        if score is not None and score != previous:
            rank, previous = position, score
        cards.append(
            UnitScore(
                u.unit,
                score,
                None if score is None else rank,
                ind,
                task,
                timely,
                tuple([(s.code, s.status) for s in u.indicators]),
                tuple([(t.number, t.status) for t in u.tasks]),
                u.on_time_rate,
            )
        )
    return cards


@dataclass(frozen=True, slots=True)
class LaggingItem:
    """One entry of the lagging list: an indicator (`code`) or a task (`code` its number)."""

    kind: str  # "indicator" or "task"
    code: str
    name: str
    status: str
    label: str
    severity: int
    units: tuple[str, ...]
    sentence: Message = EMPTY  # a task's reason
    indicator: IndicatorStatus | None = None  # an indicator's status, which gives its reason

    @property
    def reason_message(self) -> Message:
        """`reason`, to be translated at display time. An indicator's is written from its
        status when read: a province's lists hold thousands of items, and a page shows a few."""
        return self.sentence if self.indicator is None else self.indicator.reason_message

    @property
    def reason(self) -> str:
        """Why the item is on the list, in one Chinese sentence."""
        return str(self.reason_message)


def lagging_list(
    statuses: Iterable[IndicatorStatus],
    tasks: Iterable[TaskProgress],
    *,
    include_missing: bool = False,
) -> list[LaggingItem]:
    """Indicators and tasks that are behind, most severe first, with their responsible units.

    Order: 严重滞后 before 滞后 (before 无数据/未报送 when `include_missing`); within a level,
    indicators by achievement ratio (lowest first; undefined first), then tasks by percentage
    (lowest first), then by code.
    """
    floor = 1 if include_missing else 2
    keyed: list[tuple[tuple[int, int, float, str], LaggingItem]] = []
    for s in statuses:
        severity = SEVERITY[s.status]
        if severity < floor:
            continue
        item = LaggingItem(
            "indicator",
            s.code,
            s.name,
            str(s.status),
            STATUS_LABELS[s.status],
            severity,
            s.responsible_units,
            indicator=s,
        )
        ratio = -1.0 if s.ratio is None else s.ratio
        keyed.append(((-severity, 0, ratio, s.code), item))
    for t in tasks:
        severity = TASK_SEVERITY[t.status]
        if severity < floor:
            continue
        message = Message(
            N_("任务{number}“{title}”{status}{percent}。"),
            {
                "number": t.number,
                "title": t.title,
                "status": Message(TASK_STATUS_LABELS[t.status]),
                "percent": EMPTY
                if t.percent is None
                else Message(N_("，完成进度{percent}%"), {"percent": t.percent}),
            },
        )
        if note := t.note.rstrip():
            message = Message(
                N_("{sentence}{note}"), {"sentence": message, "note": note_message(note, t.missed)}
            )
        item = LaggingItem(
            "task",
            str(t.number),
            t.title,
            str(t.status),
            TASK_STATUS_LABELS[t.status],
            severity,
            t.units,
            message,
        )
        order = -1.0 if t.percent is None else float(t.percent)
        keyed.append(((-severity, 1, order, f"{t.number:06d}"), item))
    keyed.sort(key=lambda pair: pair[0])
    return [item for _, item in keyed]
