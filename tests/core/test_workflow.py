import pytest

from innocounty.core import workflow
from innocounty.core.workflow import Action, Actor, State, WorkflowError, allowed, check, is_locked

REP, OFF = Actor.REPORTER, Actor.OFFICE


@pytest.mark.parametrize(
    ("state", "action", "actor", "after"),
    [
        (State.DRAFT, Action.SAVE, REP, State.DRAFT),
        (State.RETURNED, Action.SAVE, REP, State.RETURNED),
        (State.DRAFT, Action.SUBMIT, REP, State.SUBMITTED),
        (State.RETURNED, Action.SUBMIT, REP, State.SUBMITTED),
        (State.SUBMITTED, Action.APPROVE, OFF, State.APPROVED),
        (State.SUBMITTED, Action.RETURN, OFF, State.RETURNED),
        (State.APPROVED, Action.CORRECT, REP, State.DRAFT),
        (State.APPROVED, Action.CORRECT, OFF, State.DRAFT),
    ],
)
def test_allowed_transitions(state, action, actor, after):
    assert check(state, action, actor) == after


@pytest.mark.parametrize(
    ("state", "action", "actor", "message"),
    [
        (State.SUBMITTED, Action.SAVE, REP, "已报送状态下不能修改"),
        (State.APPROVED, Action.SAVE, REP, "已审核状态下不能修改"),
        (State.APPROVED, Action.SUBMIT, REP, "已审核状态下不能报送"),
        (State.DRAFT, Action.APPROVE, OFF, "草稿状态下不能审核通过"),
        (State.RETURNED, Action.RETURN, OFF, "已退回状态下不能退回"),
        (State.SUBMITTED, Action.APPROVE, REP, "只有领导小组办公室可以审核通过"),
        (State.DRAFT, Action.SUBMIT, OFF, "只有责任单位填报员可以报送"),
        (State.DRAFT, Action.CORRECT, REP, "草稿状态下不能更正"),
    ],
)
def test_refused_transitions_say_why(state, action, actor, message):
    with pytest.raises(WorkflowError, match=message):
        check(state, action, actor)


def test_allowed_lists_the_buttons_per_state_and_actor():
    assert allowed(State.DRAFT, REP) == [Action.SAVE, Action.SUBMIT]
    assert allowed(State.SUBMITTED, REP) == []
    assert allowed(State.SUBMITTED, OFF) == [Action.APPROVE, Action.RETURN]
    assert allowed(State.APPROVED, OFF) == [Action.CORRECT]


def test_only_approved_is_locked():
    assert [s for s in State if is_locked(s)] == [State.APPROVED]


@pytest.mark.parametrize(
    "state, round_open, editable",
    [
        (None, True, True),
        ("", True, True),
        (None, False, False),
        ("draft", True, True),
        ("draft", False, True),
        ("returned", False, True),
        ("submitted", True, False),
        ("approved", True, False),
        ("approved", False, False),
    ],
)
def test_an_item_is_editable_when_draft_or_returned_or_new_in_an_open_round(
    state, round_open, editable
):
    assert workflow.is_editable(state, round_open=round_open) is editable
