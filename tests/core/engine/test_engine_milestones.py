"""The milestone rule in the pure core: when a milestone is missed, and what it does to a task."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from innocounty.core.engine import PlanData, evaluate_plan, judge_task
from innocounty.core.milestones import MilestoneFacts, is_missed, judged_on, missed_sentence
from innocounty.core.scorecard import TaskProgress, TaskStatus

D = dt.date
DUE = D(2025, 6, 30)


@pytest.mark.parametrize(
    ("done_on", "confirmed", "on", "expected"),
    [
        (None, True, D(2025, 6, 29), False),
        (None, True, D(2025, 6, 30), False),  # the due day itself is still in time
        (None, True, D(2025, 7, 1), True),
        (D(2025, 6, 30), True, D(2026, 1, 1), False),  # done on the day
        (D(2025, 7, 2), True, D(2025, 7, 1), True),  # done later: missed all the same
        (D(2025, 7, 2), True, D(2026, 1, 1), True),
        (None, False, D(2026, 1, 1), False),  # a proposal counts for nothing
    ],
)
def test_a_milestone_is_missed_after_its_due_day_unless_done_by_it(
    done_on, confirmed, on, expected
):
    assert is_missed(MilestoneFacts("出台办法", DUE, done_on, confirmed), on=on) is expected


@pytest.mark.parametrize(
    ("as_of", "today", "expected"),
    [
        ("2025", D(2025, 7, 1), D(2025, 7, 1)),
        ("2025Q1", D(2025, 7, 1), D(2025, 7, 1)),
        ("2024", D(2025, 7, 1), D(2024, 12, 31)),
        ("2025-03", D(2026, 2, 1), D(2025, 12, 31)),
    ],
)
def test_milestones_are_judged_today_but_not_after_the_as_of_year(as_of, today, expected):
    assert judged_on(as_of, today=today) == expected


def _task(status: TaskStatus, *milestones: MilestoneFacts) -> TaskProgress:
    return TaskProgress(1, "建设科创平台", ("甲",), status, Decimal(70), milestones=milestones)


LATE = MilestoneFacts("出台“科创十条”", DUE)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (TaskStatus.ON_TRACK, TaskStatus.BEHIND),
        (TaskStatus.NOT_REPORTED, TaskStatus.BEHIND),
        (TaskStatus.BEHIND, TaskStatus.BEHIND),
        (TaskStatus.SERIOUSLY_BEHIND, TaskStatus.SERIOUSLY_BEHIND),
        (TaskStatus.COMPLETED, TaskStatus.COMPLETED),
    ],
)
def test_a_missed_milestone_makes_an_on_track_or_unreported_task_behind(before, after):
    judged = judge_task(_task(before, LATE), on=D(2025, 7, 1))
    assert judged.status == after
    assert judged.missed == (LATE,)
    assert judged.note == "节点“出台‘科创十条’”（完成时限2025年6月30日）未按期完成。"
    # Before the due day nothing changes.
    assert judge_task(_task(before, LATE), on=DUE) == _task(before, LATE)


def test_the_sentence_names_every_missed_milestone_with_its_due_date():
    two = [MilestoneFacts("甲", D(2025, 3, 31)), MilestoneFacts("乙", D(2025, 6, 30))]
    assert missed_sentence(two) == (
        "节点“甲”（完成时限2025年3月31日）、“乙”（完成时限2025年6月30日）未按期完成。"
    )
    assert missed_sentence([]) == ""


def test_the_engine_judges_tasks_for_its_lagging_list_and_scorecards():
    task = _task(TaskStatus.ON_TRACK, LATE, MilestoneFacts("按期", DUE, D(2025, 6, 1)))
    plan = PlanData("p", [], tasks=[task], units=["甲"])
    before = evaluate_plan(plan, today=D(2025, 7, 1), period="2024")
    assert [t.status for t in before.tasks] == [TaskStatus.ON_TRACK]
    assert before.lagging == []
    after = evaluate_plan(plan, today=D(2025, 7, 1), period="2025")
    assert [t.status for t in after.tasks] == [TaskStatus.BEHIND]
    assert [m.title for m in after.tasks[0].missed] == ["出台“科创十条”"]
    [item] = after.lagging
    assert (item.code, item.label) == ("1", "滞后")
    assert item.reason.endswith("节点“出台‘科创十条’”（完成时限2025年6月30日）未按期完成。")
    assert after.scorecards[0].tasks == ((1, TaskStatus.BEHIND),)
