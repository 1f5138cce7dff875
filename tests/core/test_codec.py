"""`core.codec`: the engine's results as JSON and back, exactly."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest

from innocounty.core import codec
from innocounty.core.evaluation import Status
from innocounty.core.milestones import MilestoneFacts
from innocounty.core.periods import QUARTERLY, Period
from innocounty.core.schema import Target
from innocounty.core.scorecard import TaskProgress, TaskStatus


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -7,
        0.1 + 0.2,  # the shortest exact text of a float comes back the same float
        "潜江",
        Decimal("1.50"),  # trailing zeros kept
        Decimal("-0.00000001"),
        dt.date(2025, 6, 30),
        dt.datetime(2025, 6, 30, 17, 30, 5, 123, tzinfo=dt.UTC),
        (1, "a", (2,)),
        [1, [2, 3]],
        frozenset({"x", "y"}),
        {(2023, "target"): Decimal("12.5"), (2025, "assessment"): Decimal(3)},
        {1: "a", "1": "b"},
        Status.BEHIND,
        TaskProgress(
            3,
            "任务三",
            ("市科技局",),
            TaskStatus.BEHIND,
            Decimal("40"),
            "2025Q2",
            milestones=(MilestoneFacts("节点", dt.date(2025, 6, 30), None, True),),
        ),
    ],
)
def test_a_value_comes_back_equal_and_of_the_same_type(value):
    back = codec.loads(codec.dumps(value))
    assert back == value and type(back) is type(value)
    if isinstance(value, Decimal):
        assert str(back) == str(value)


def test_keys_of_different_kinds_stay_apart():
    back = codec.loads(codec.dumps({1: "a", "1": "b", (1,): "c"}))
    assert back == {1: "a", "1": "b", (1,): "c"}


def test_a_class_outside_the_core_is_neither_written_nor_rebuilt():
    class Outside:
        pass

    with pytest.raises(codec.CodecError, match="cannot write a Outside"):
        codec.dumps(Outside())
    text = json.dumps({"C": "os:system", "f": {}})
    with pytest.raises(codec.CodecError, match="os:system is not a core class"):
        codec.loads(text)
    text = json.dumps({"E": "subprocess:Popen", "v": "ls"})
    with pytest.raises(codec.CodecError, match="is not a core class"):
        codec.loads(text)


def test_an_object_met_twice_is_written_once_and_comes_back_shared():
    task = TaskProgress(1, "任务一", ("市科技局",), TaskStatus.ON_TRACK)
    text = codec.dumps([task, (task, task)])
    assert text.count("任务一") == 1
    back = codec.loads(text)
    assert back == [task, (task, task)]
    assert back[0] is back[1][0] is back[1][1]


def test_a_period_comes_back_with_the_fields_it_works_out():
    quarter = Period(2024, QUARTERLY, 2)
    back = codec.loads(codec.dumps(quarter))
    assert back == quarter
    assert (back.end_month, back.ident) == (6, "2024Q2")


def test_a_plan_model_is_written_in_its_own_json_form():
    target = Target(year=2025, kind="assessment", value=Decimal("12.50"))
    text = codec.dumps(target)
    assert json.loads(text) == {
        "P": "innocounty.core.schema:Target",
        "v": target.model_dump(mode="json"),
    }
    assert codec.loads(text) == target


def test_the_text_is_compact_and_keeps_chinese_as_it_is():
    assert codec.dumps(["潜江", 1, None]) == '["潜江",1,null]'


def test_objects_are_numbered_in_the_order_first_met():
    a = TaskProgress(1, "任务一", ("市科技局",), TaskStatus.ON_TRACK)
    b = TaskProgress(2, "任务二", ("市科技局",), TaskStatus.BEHIND)
    data = codec.encode([a, b, a])
    assert (data[0]["i"], data[1]["i"], data[2]) == (0, 1, {"R": 0})
    back = codec.loads(codec.dumps([a, b, a]))
    assert back == [a, b, a] and back[2] is back[0]


def test_the_errors_name_what_could_not_be_read_or_written():
    @dataclass
    class Outside:
        x: int = 1

    with pytest.raises(codec.CodecError, match=r"\.Outside is not a core class$"):
        codec.dumps(Outside())
    with pytest.raises(codec.CodecError, match=r"^unknown stored value: \['X', 'Y'\]$"):
        codec.loads('{"Y": 1, "X": 2}')
