"""The shape of a bulletin's snapshot (`Bulletin.snapshot`), and reading it back from JSON.

`selectors.bulletin_snapshot` builds it; the document, the charts, the page preview, the
exporters and the paragraphs read it. It is stored as JSON in the database and an issued
bulletin's snapshot is never rewritten, so the types here describe that JSON exactly: plain
dicts (TypedDicts), lists for JSON arrays, every number already formatted where the document
prints it. A key added later is `NotRequired`, because snapshots stored before it lack it.

No `from __future__ import annotations` here: TypedDict reads `NotRequired` at run time
(`__required_keys__`), which string annotations hide on Python 3.11.
"""

import json
from collections.abc import Mapping
from typing import Any, NotRequired, TypedDict, cast


class PlanFacts(TypedDict):
    key: str
    title: str
    subject: str  # the title without 实施方案: 潜江国家创新型县(市)建设
    region: str
    office: str  # the issuing office, for the signature
    final_year: int


class IndexPoint(TypedDict):
    year: int
    overall: str  # "97.1", or "—"
    change: str | None  # "+4.1" against the year before
    coverage: str  # "60%"
    categories: list[list[str]]  # [category, score]


class ForecastCounts(TypedDict):
    final_year: int
    total: int
    assessment: int  # indicators expected to reach the assessment value (考核值)
    expected: int  # … and the expected value (完成值)
    assessment_unknown: int
    expected_unknown: int


class IndicatorRow(TypedDict):
    code: str
    category: str
    name: str
    unit: str
    period: str
    target: str
    target_kind: str  # 目标值, 考核值, 完成值 or ""
    value: str
    achievement: str  # "101.6%" or "—"
    achievement_ratio: float | None
    status: str  # core.evaluation.Status
    label: str
    reason: str
    units: list[str]
    lagging: bool
    forecast: str
    forecast_sentence: str


class TaskRow(TypedDict):
    number: int
    title: str
    lead_units: list[str]
    units: list[str]
    status: str  # core.scorecard.TaskStatus
    label: str
    percent: int | None
    period: str | None  # of the latest approved report
    progress: str
    # The engine's sentence on missed milestones (节点); snapshots stored before it lack it.
    note: NotRequired[str]


class ProgramRow(TypedDict):
    number: int
    title: str
    tasks: list[TaskRow]


class UnitReporting(TypedDict):
    name: str
    status: str  # core.workflow.UnitStatus
    label: str
    items: int
    completeness: str
    completeness_ratio: float | None
    timeliness: str
    overdue: bool
    missing: list[str]  # labels of the items not yet submitted


class Reporting(TypedDict):
    """The reporting round of the bulletin's period."""

    title: str
    deadline: str  # 2026年3月31日
    deadline_passed: bool
    completeness: str
    timeliness: str
    approved: int
    overdue: int
    units: list[UnitReporting]
    late: list[str]  # units overdue
    chase: list[str]  # units to chase


class RectificationUnit(TypedDict):
    name: str
    opened: int
    closed: int
    overdue: int


class Rectification(TypedDict):
    """Supervision items as of the bulletin's time, per lead unit."""

    opened: int
    closed: int
    overdue: int
    units: list[RectificationUnit]


class ScorecardRow(TypedDict):
    rank: int | None  # None: nothing to score
    unit: str
    score: str
    indicator_score: str
    task_score: str
    timeliness_score: str
    on_time_rate: str


class LaggingItem(TypedDict):
    kind: str  # "indicator" or "task"
    code: str
    name: str
    label: str
    units: list[str]
    reason: str


class BulletinSnapshot(TypedDict):
    version: int
    plan: PlanFacts
    period: str
    period_label: str
    as_of: str  # ISO 8601 in local time
    date: str  # the date line: 2026年4月20日
    has_data: bool
    index: IndexPoint | None
    index_trend: list[list[Any]]  # [year, overall (float) or None]
    status_counts: list[list[Any]]  # [status code, label, count]
    forecast: ForecastCounts
    indicators: list[IndicatorRow]
    programs: list[ProgramRow]
    reporting: Reporting | None  # None when the period has no round
    # Added with the rectification section (整改情况); older snapshots have no such key and
    # keep their five sections (`selectors.sections_for`).
    rectification: NotRequired[Rectification]
    scorecards: list[ScorecardRow]
    lagging: list[LaggingItem]
    warnings: NotRequired[list[str]]  # read by `Bulletin.warnings`; not written today


REQUIRED_KEYS = BulletinSnapshot.__required_keys__


def snapshot_from_json(data: str | bytes | Mapping[str, Any]) -> BulletinSnapshot:
    """A stored snapshot (JSON text, or the dict a JSONField gives) as a `BulletinSnapshot`.

    Every snapshot written so far loads, those from before the rectification section too.
    Raises ValueError when it is not a bulletin snapshot (a key the document needs is missing).
    """
    loaded = json.loads(data) if isinstance(data, str | bytes) else dict(data)
    if not isinstance(loaded, dict):
        raise ValueError("a bulletin snapshot is a JSON object")
    missing = sorted(REQUIRED_KEYS - loaded.keys())
    if missing:
        raise ValueError(f"not a bulletin snapshot: no {', '.join(missing)}")
    return cast(BulletinSnapshot, loaded)


def snapshot_to_json(snapshot: BulletinSnapshot) -> str:
    """The snapshot as JSON text, readable by `snapshot_from_json` (Chinese kept as is)."""
    return json.dumps(snapshot, ensure_ascii=False)
