"""The supervision (督办) workflow's refusals and its open states (issue 19, mutation
survivors of `core/supervision.py`). Pure, no database."""

from __future__ import annotations

import pytest

from innocounty.core.supervision import SupervisionError, check, is_open


def test_a_refused_action_names_the_state_and_the_action():
    with pytest.raises(SupervisionError) as excinfo:
        check("assigned", "apply", "reporter")
    assert str(excinfo.value) == "已交办状态下不能申请办结"
    with pytest.raises(SupervisionError) as excinfo:
        check("closed", "return", "office")
    assert str(excinfo.value) == "已销号状态下不能退回"


def test_an_action_of_the_other_side_names_who_may_take_it():
    with pytest.raises(SupervisionError) as excinfo:
        check("applied", "verify", "reporter")
    assert str(excinfo.value) == "只有领导小组办公室可以核查通过"


def test_only_a_closed_item_is_no_longer_open():
    states = ("assigned", "acknowledged", "rectifying", "applied", "verified", "returned")
    assert [is_open(s) for s in states] == [True] * 6
    assert not is_open("closed")
