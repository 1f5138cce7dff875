"""Reporting status of a round: each unit's state, completeness and timeliness (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from innocounty.core.messages import N_, Message
from innocounty.core.periods import label_message


class UnitStatus(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


# Chinese msgids; the app layer translates them at display time.
UNIT_STATUS_LABELS = {
    UnitStatus.NOT_STARTED: N_("未开始"),
    UnitStatus.DRAFT: N_("填报中"),
    UnitStatus.SUBMITTED: N_("已报送"),
    UnitStatus.RETURNED: N_("被退回"),
    UnitStatus.APPROVED: N_("已审核"),
}


def round_title(period: str) -> Message:
    """The title a round gets when it is opened: ``2025年第3季度填报``."""
    return Message(N_("{period}填报"), {"period": label_message(period)})


@dataclass(frozen=True)
class Item:
    """One thing a unit owes in a round: an indicator value or a task report."""

    key: str  # e.g. "indicator:N05" or "task:12"
    label: str
    state: str | None  # None: nothing entered yet; else a workflow state
    submitted: dt.datetime | None = None  # first submission time, for timeliness


@dataclass
class UnitProgress:
    unit: str
    items: list[Item] = field(default_factory=list)
    status: UnitStatus = UnitStatus.NOT_STARTED
    completeness: float | None = None  # share of items submitted or approved
    timeliness: float | None = None  # share of items submitted by the deadline
    overdue: bool = False
    missing: list[Item] = field(default_factory=list)  # not yet submitted

    @property
    def label(self) -> str:
        return UNIT_STATUS_LABELS[self.status]


DONE = {"submitted", "approved"}


def unit_progress(
    unit: str, items: list[Item], *, deadline_end: dt.datetime, now: dt.datetime
) -> UnitProgress:
    """Summarise a unit's items. An item is done once submitted (or approved).

    Status: returned if any item is returned; approved when all are; submitted when all are
    submitted or approved; not started when nothing is entered; otherwise draft.
    Overdue: the deadline has passed and something is not done.
    """
    result = UnitProgress(unit=unit, items=items)
    if not items:
        return result
    states = [item.state for item in items]
    done = [item for item in items if item.state in DONE]
    on_time = [
        item for item in done if item.submitted is not None and item.submitted <= deadline_end
    ]
    result.completeness = len(done) / len(items)
    result.timeliness = len(on_time) / len(items)
    result.missing = [item for item in items if item.state not in DONE]
    if "returned" in states:
        result.status = UnitStatus.RETURNED
    elif all(state == "approved" for state in states):
        result.status = UnitStatus.APPROVED
    elif len(done) == len(items):
        result.status = UnitStatus.SUBMITTED
    elif all(state is None for state in states):
        result.status = UnitStatus.NOT_STARTED
    else:
        result.status = UnitStatus.DRAFT
    result.overdue = now > deadline_end and bool(result.missing)
    return result


@dataclass
class RoundSummary:
    units: list[UnitProgress]
    completeness: float | None
    timeliness: float | None
    counts: dict[UnitStatus, int]
    overdue: int

    @property
    def chase(self) -> list[UnitProgress]:
        """The 催办 list: units late or incomplete, most missing first."""
        late = [u for u in self.units if u.missing]
        return sorted(late, key=lambda u: (-int(u.overdue), -len(u.missing), u.unit))


def summarise(units: list[UnitProgress]) -> RoundSummary:
    """Overall rates are over all items of all units (a unit with more items weighs more)."""
    items = sum(len(u.items) for u in units)
    done = sum(len(u.items) - len(u.missing) for u in units if u.items)
    on_time = sum(round((u.timeliness or 0) * len(u.items)) for u in units)
    counts = {status: 0 for status in UnitStatus}
    for u in units:
        if u.items:
            counts[u.status] += 1
    return RoundSummary(
        units=units,
        completeness=done / items if items else None,
        timeliness=on_time / items if items else None,
        counts=counts,
        overdue=sum(1 for u in units if u.overdue),
    )
