"""Rules of timeliness, the deadline and the checks of a value, stated once each.

Each expected figure is counted by hand from the items built here, never from the code under
test. These tests kill mutants that the rest of the suite let through (issue 19).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from innocounty.core.rounds import Item, UnitStatus, summarise, unit_progress
from innocounty.core.validation import NEGATIVE, IndicatorRules, check_value
from innocounty.core.workflow import Action, Actor, State, WorkflowError, allowed, check, is_locked

SH = dt.timezone(dt.timedelta(hours=8))
# The end of the deadline day 2025-03-31 in Asia/Shanghai, written out by hand.
DEADLINE_END = dt.datetime(2025, 3, 31, 23, 59, 59, 999999, tzinfo=SH)
TICK = dt.timedelta(microseconds=1)
EARLY = dt.datetime(2025, 3, 1, 10, 0, tzinfo=SH)


def item(key: str, state: str | None, submitted: dt.datetime | None = None) -> Item:
    return Item(key=key, label=key, state=state, submitted=submitted)


# --- timeliness: only items that are done, submitted by the deadline, are on time ----------


def test_a_returned_item_is_never_on_time_even_if_first_sent_early():
    items = [item("a", "returned", EARLY), item("b", "submitted", EARLY)]
    progress = unit_progress("县财政局", items, deadline_end=DEADLINE_END, now=EARLY)
    # One of two items (b) is done and on time; a was sent early but is back with the unit.
    assert progress.timeliness == 0.5
    assert progress.completeness == 0.5
    assert [i.key for i in progress.missing] == ["a"]
    assert progress.status == UnitStatus.RETURNED


def test_a_draft_with_an_earlier_submission_is_not_on_time():
    # A correction in draft after an approval has an earlier submission time: not done now.
    items = [item("a", "draft", EARLY), item("b", "approved", EARLY)]
    progress = unit_progress("县财政局", items, deadline_end=DEADLINE_END, now=EARLY)
    assert progress.timeliness == 0.5
    assert progress.status == UnitStatus.DRAFT


def test_a_done_item_without_a_submission_time_is_not_on_time():
    progress = unit_progress(
        "县财政局", [item("a", "approved", None)], deadline_end=DEADLINE_END, now=EARLY
    )
    assert progress.completeness == 1.0
    assert progress.timeliness == 0.0


def test_the_whole_deadline_day_counts_as_on_time():
    on_the_last_moment = item("a", "submitted", DEADLINE_END)
    one_tick_late = item("b", "submitted", DEADLINE_END + TICK)
    progress = unit_progress(
        "县财政局", [on_the_last_moment, one_tick_late], deadline_end=DEADLINE_END, now=EARLY
    )
    assert progress.timeliness == 0.5  # a only
    alone = unit_progress("县财政局", [on_the_last_moment], deadline_end=DEADLINE_END, now=EARLY)
    assert alone.timeliness == 1.0


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (EARLY, False),
        (DEADLINE_END - TICK, False),
        (DEADLINE_END, False),  # the deadline day is not over until its last moment passes
        (DEADLINE_END + TICK, True),
        (DEADLINE_END + dt.timedelta(days=30), True),
    ],
)
def test_a_unit_is_overdue_only_after_the_deadline_with_something_missing(now, overdue):
    missing = [item("a", "draft"), item("b", "submitted", EARLY)]
    assert unit_progress("u", missing, deadline_end=DEADLINE_END, now=now).overdue is overdue
    complete = [item("a", "approved", EARLY), item("b", "submitted", EARLY)]
    assert unit_progress("u", complete, deadline_end=DEADLINE_END, now=now).overdue is False


def test_the_round_rates_weigh_every_item_and_count_overdue_units():
    late = DEADLINE_END + dt.timedelta(days=2)
    after = DEADLINE_END + dt.timedelta(days=3)
    a = unit_progress(  # 3 items: 1 on time, 1 late, 1 returned
        "A",
        [item("1", "approved", EARLY), item("2", "submitted", late), item("3", "returned", EARLY)],
        deadline_end=DEADLINE_END,
        now=after,
    )
    b = unit_progress("B", [item("4", "submitted", EARLY)], deadline_end=DEADLINE_END, now=after)
    c = unit_progress("C", [item("5", None)], deadline_end=DEADLINE_END, now=after)
    empty = unit_progress("D", [], deadline_end=DEADLINE_END, now=after)
    summary = summarise([a, b, c, empty])
    # 5 items; done: 1, 2, 4 → 3/5; on time: 1, 4 → 2/5; overdue: A and C.
    assert summary.completeness == pytest.approx(3 / 5)
    assert summary.timeliness == pytest.approx(2 / 5)
    assert summary.overdue == 2
    assert summary.counts[UnitStatus.RETURNED] == 1
    assert summary.counts[UnitStatus.SUBMITTED] == 1
    assert summary.counts[UnitStatus.NOT_STARTED] == 1  # C; D has no items and is not counted
    assert sum(summary.counts.values()) == 3
    # The 催办 list: overdue units first, then most missing; B and D owe nothing.
    assert [u.unit for u in summary.chase] == ["A", "C"]


def test_an_empty_round_has_no_rates():
    summary = summarise([])
    assert (summary.completeness, summary.timeliness, summary.overdue) == (None, None, 0)


# --- a value's numerator and denominator are never negative ------------------------------


PERCENT = IndicatorRules(decimals=2, unit="%")


@pytest.mark.parametrize(
    ("numerator", "denominator", "bad"),
    [
        ("-1", "-4", {"numerator", "denominator"}),  # the ratio 25 % looks fine
        ("-1", "4", {"numerator"}),
        ("1", "-4", {"denominator"}),
    ],
)
def test_a_negative_numerator_or_denominator_is_refused(numerator, denominator, bad):
    checked = check_value(PERCENT, value=None, numerator=numerator, denominator=denominator)
    assert not checked.ok
    for name in bad:
        assert NEGATIVE in checked.errors[name]
    for name in {"numerator", "denominator"} - bad:
        assert name not in checked.errors


def test_a_negative_numerator_is_refused_even_where_the_value_may_be_negative():
    rules = IndicatorRules(decimals=2, unit="亿元", allow_negative=True)
    checked = check_value(rules, value=None, numerator="-1", denominator="4")
    assert checked.errors == {"numerator": [NEGATIVE]}
    assert checked.value == Decimal("-0.25")


def test_a_positive_ratio_is_computed_without_rounding():
    checked = check_value(PERCENT, value=None, numerator="1", denominator="3")
    assert checked.ok
    assert checked.value == Decimal(1) / Decimal(3) * 100


# --- an approved value is locked ------------------------------------------------------------


def test_only_an_approved_item_is_locked():
    assert [s for s in State if is_locked(s)] == [State.APPROVED]


def test_nobody_can_save_or_submit_an_approved_item_only_correct_it():
    for actor in Actor:
        for action in (Action.SAVE, Action.SUBMIT, Action.APPROVE, Action.RETURN):
            with pytest.raises(WorkflowError):
                check(State.APPROVED, action, actor)
        assert check(State.APPROVED, Action.CORRECT, actor) == State.DRAFT
    assert allowed(State.APPROVED, Actor.REPORTER) == [Action.CORRECT]
    assert allowed(State.APPROVED, Actor.OFFICE) == [Action.CORRECT]


def test_the_status_counts_count_every_unit():
    units = [
        unit_progress(name, [item("1", "approved", EARLY)], deadline_end=DEADLINE_END, now=EARLY)
        for name in ("A", "B", "C")
    ]
    units.append(unit_progress("D", [item("2", "draft")], deadline_end=DEADLINE_END, now=EARLY))
    counts = summarise(units).counts
    assert (counts[UnitStatus.APPROVED], counts[UnitStatus.DRAFT]) == (3, 1)
