"""The review workflow of reported values and task reports, as a pure state machine.

draft → submitted → approved (locked) or returned (with the office's reason) → submitted again.
An approved item is never changed: a correction starts a new version (draft, with a reason)
that goes through the same review. The rules are here once; services enforce them.
"""

from __future__ import annotations

from enum import StrEnum

from innocounty.core.messages import N_, NC_, Message


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class Action(StrEnum):
    SAVE = "save"  # edit the working copy
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    CORRECT = "correct"  # start a new version of an approved item


class Actor(StrEnum):
    REPORTER = "reporter"  # a person of a unit responsible for the item
    OFFICE = "office"


# action → (states it applies to, actors allowed, state after)
TRANSITIONS: dict[Action, tuple[frozenset[State], frozenset[Actor], State | None]] = {
    Action.SAVE: (
        frozenset({State.DRAFT, State.RETURNED}),
        frozenset({Actor.REPORTER}),
        None,  # the state stays as it is
    ),
    Action.SUBMIT: (
        frozenset({State.DRAFT, State.RETURNED}),
        frozenset({Actor.REPORTER}),
        State.SUBMITTED,
    ),
    Action.APPROVE: (frozenset({State.SUBMITTED}), frozenset({Actor.OFFICE}), State.APPROVED),
    Action.RETURN: (frozenset({State.SUBMITTED}), frozenset({Actor.OFFICE}), State.RETURNED),
    Action.CORRECT: (
        frozenset({State.APPROVED}),
        frozenset({Actor.REPORTER, Actor.OFFICE}),
        State.DRAFT,  # of the new version
    ),
}

STATE_LABELS: dict[State, str] = {
    State.DRAFT: N_("草稿"),
    State.SUBMITTED: N_("已报送"),
    State.RETURNED: N_("已退回"),
    State.APPROVED: N_("已审核"),
}

WORKFLOW_NOT_ALLOWED = N_("{state}状态下不能{action}")
WORKFLOW_NOT_YOURS = N_("只有{actors}可以{action}")

ACTION_LABELS: dict[Action, str] = {
    Action.SAVE: N_("修改"),
    Action.SUBMIT: N_("报送"),
    Action.APPROVE: N_("审核通过"),
    Action.RETURN: N_("退回"),
    Action.CORRECT: N_("更正"),
}
ACTOR_LABELS: dict[Actor, str] = {
    Actor.REPORTER: N_("责任单位填报员"),
    Actor.OFFICE: N_("领导小组办公室"),
}


# The actions as verbs in the workflow's refusals (English needs a verb, not a label).
ACTION_VERBS: dict[Action, Message] = {
    Action.SAVE: NC_("workflow action", "修改"),
    Action.SUBMIT: NC_("workflow action", "报送"),
    Action.APPROVE: NC_("workflow action", "审核通过"),
    Action.RETURN: NC_("workflow action", "退回"),
    Action.CORRECT: NC_("workflow action", "更正"),
}


class WorkflowError(ValueError):
    """An action that the workflow does not allow; the message says why, in Chinese;
    `message` is the same as a `Message`, for a page in another language."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def check(state: State | str, action: Action | str, actor: Actor | str) -> State:
    """Return the state after `action`, or raise WorkflowError saying why it is not allowed."""
    state, action, actor = State(state), Action(action), Actor(actor)
    states, actors, after = TRANSITIONS[action]
    if actor not in actors:
        names = Message(
            "、".join(f"{{{a}}}" for a in sorted(actors)),
            {a: Message(ACTOR_LABELS[a]) for a in sorted(actors)},
        )
        raise WorkflowError(
            Message(WORKFLOW_NOT_YOURS, {"actors": names, "action": ACTION_VERBS[action]})
        )
    if state not in states:
        raise WorkflowError(
            Message(
                WORKFLOW_NOT_ALLOWED,
                {"state": Message(STATE_LABELS[state]), "action": ACTION_VERBS[action]},
            )
        )
    return after or state


def allowed(state: State | str, actor: Actor | str) -> list[Action]:
    """The actions `actor` may take on an item in `state`, in a stable order."""
    result = []
    for action in Action:
        try:
            check(state, action, actor)
        except WorkflowError:
            continue
        result.append(action)
    return result


def is_editable(state: State | str | None, *, round_open: bool) -> bool:
    """Whether an item's working copy may be entered or changed: a draft or returned item
    always (work started goes on after its round closes); an item not yet reported (`state`
    None or empty) only while its round is open; a submitted or approved one never."""
    if not state:
        return round_open
    return State(state) in TRANSITIONS[Action.SAVE][0]


def is_locked(state: State | str) -> bool:
    """Approved items are locked: only a new version can change what they say."""
    return State(state) == State.APPROVED
