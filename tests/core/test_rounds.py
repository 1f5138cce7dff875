import datetime as dt

import pytest

from innocounty.core.rounds import Item, UnitStatus, summarise, unit_progress

DEADLINE = dt.datetime(2025, 3, 31, 23, 59, tzinfo=dt.UTC)
BEFORE = dt.datetime(2025, 3, 30, tzinfo=dt.UTC)
AFTER = dt.datetime(2025, 4, 2, tzinfo=dt.UTC)


def items(*states, submitted=BEFORE):
    return [
        Item(
            f"i{n}",
            f"指标{n}",
            state,
            submitted if state in ("submitted", "approved", "returned") else None,
        )
        for n, state in enumerate(states)
    ]


@pytest.mark.parametrize(
    ("states", "status"),
    [
        ((None, None), UnitStatus.NOT_STARTED),
        (("draft", None), UnitStatus.DRAFT),
        (("submitted", None), UnitStatus.DRAFT),
        (("submitted", "approved"), UnitStatus.SUBMITTED),
        (("approved", "approved"), UnitStatus.APPROVED),
        (("approved", "returned"), UnitStatus.RETURNED),
    ],
)
def test_unit_status(states, status):
    assert unit_progress("A", items(*states), deadline_end=DEADLINE, now=BEFORE).status == status


def test_rates_and_overdue():
    progress = unit_progress(
        "A", items("approved", "submitted", "draft", None), deadline_end=DEADLINE, now=AFTER
    )
    assert progress.completeness == 0.5
    assert progress.timeliness == 0.5
    assert progress.overdue is True
    assert [i.key for i in progress.missing] == ["i2", "i3"]


def test_late_submissions_count_for_completeness_not_timeliness():
    progress = unit_progress(
        "A", items("submitted", submitted=AFTER), deadline_end=DEADLINE, now=AFTER
    )
    assert (progress.completeness, progress.timeliness, progress.overdue) == (1.0, 0.0, False)


def test_summary_weighs_items_and_orders_the_chase_list():
    a = unit_progress("A", items("approved", None, None), deadline_end=DEADLINE, now=AFTER)
    b = unit_progress("B", items("approved"), deadline_end=DEADLINE, now=AFTER)
    c = unit_progress("C", items(None), deadline_end=DEADLINE, now=BEFORE)
    summary = summarise([a, b, c])
    assert summary.completeness == pytest.approx(2 / 5)
    assert summary.overdue == 1  # C is not past its deadline yet
    assert [u.unit for u in summary.chase] == ["A", "C"]
    assert summary.counts[UnitStatus.APPROVED] == 1
