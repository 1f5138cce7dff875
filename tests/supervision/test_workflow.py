"""The supervision item workflow, as a state machine: no stuck state, only the right role moves."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from innocounty.core import supervision as wf
from innocounty.core.supervision import Action, Actor, State

# Worked out from the issue, independently of the table: who moves which step, from where.
EXPECTED = {
    (State.ASSIGNED, Action.ACKNOWLEDGE): (Actor.REPORTER, State.ACKNOWLEDGED),
    (State.ACKNOWLEDGED, Action.PLAN): (Actor.REPORTER, State.RECTIFYING),
    (State.RECTIFYING, Action.PLAN): (Actor.REPORTER, State.RECTIFYING),
    (State.RETURNED, Action.PLAN): (Actor.REPORTER, State.RECTIFYING),
    (State.RECTIFYING, Action.REPORT): (Actor.REPORTER, State.RECTIFYING),
    (State.RETURNED, Action.REPORT): (Actor.REPORTER, State.RECTIFYING),
    (State.RECTIFYING, Action.APPLY): (Actor.REPORTER, State.APPLIED),
    (State.RETURNED, Action.APPLY): (Actor.REPORTER, State.APPLIED),
    (State.APPLIED, Action.VERIFY): (Actor.OFFICE, State.VERIFIED),
    (State.VERIFIED, Action.CLOSE): (Actor.OFFICE, State.CLOSED),
    (State.RECTIFYING, Action.RETURN): (Actor.OFFICE, State.RETURNED),
    (State.APPLIED, Action.RETURN): (Actor.OFFICE, State.RETURNED),
    (State.VERIFIED, Action.RETURN): (Actor.OFFICE, State.RETURNED),
}


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("actor", list(Actor))
def test_every_cell_of_the_table(state, action, actor):
    want = EXPECTED.get((state, action))
    if want is not None and want[0] == actor:
        assert wf.check(state, action, actor) == want[1]
    else:
        with pytest.raises(wf.SupervisionError) as exc:
            wf.check(state, action, actor)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))


def test_closing_is_final_and_the_only_final_state():
    for actor in Actor:
        assert wf.allowed(State.CLOSED, actor) == []
    for state in set(State) - {State.CLOSED}:
        assert wf.allowed(state, Actor.OFFICE) or wf.allowed(state, Actor.REPORTER), state


def _path_to_closed(state: State) -> bool:
    seen, frontier = {state}, [state]
    while frontier:
        s = frontier.pop()
        if s == State.CLOSED:
            return True
        for actor in Actor:
            for action in wf.allowed(s, actor):
                nxt = wf.check(s, action, actor)
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
    return False


class ItemMachine(RuleBasedStateMachine):
    """Random walks by random people: every step is the table's, and closing stays reachable."""

    def __init__(self):
        super().__init__()
        self.state = State.ASSIGNED
        self.history = [State.ASSIGNED]

    @rule(action=st.sampled_from(list(Action)), actor=st.sampled_from(list(Actor)))
    def act(self, action, actor):
        want = EXPECTED.get((self.state, action))
        if want is None or want[0] != actor:
            with pytest.raises(wf.SupervisionError):
                wf.check(self.state, action, actor)
            return
        self.state = wf.check(self.state, action, actor)
        assert self.state == want[1]
        self.history.append(self.state)

    @invariant()
    def never_stuck(self):
        if self.state != State.CLOSED:
            assert any(wf.allowed(self.state, a) for a in Actor)
            assert _path_to_closed(self.state)

    @invariant()
    def closed_only_after_verification(self):
        if self.state == State.CLOSED:
            assert self.history[-2] == State.VERIFIED


TestItemMachine = ItemMachine.TestCase
TestItemMachine.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)


@given(st.sampled_from(list(State)), st.sampled_from(list(Actor)))
def test_allowed_agrees_with_check(state, actor):
    for action in Action:
        ok = action in wf.allowed(state, actor)
        try:
            wf.check(state, action, actor)
        except wf.SupervisionError:
            assert not ok
        else:
            assert ok
