"""The workflow of a supervision item (督办事项), as a pure state machine.

交办 (the office assigns) → 签收 (the lead unit acknowledges) → 整改方案 (the unit sets its
measures) → 进展反馈 (as often as asked) → 办结申请 (with evidence) → 核查 (the office verifies)
→ 销号 (the office closes). The office may return (退回, with a reason) a plan, an application or
a verified item that turns out not to hold; the unit then reports and applies again. Closed is
the only final state. The rules are here once; services enforce them.
"""

from __future__ import annotations

from enum import StrEnum

from innocounty.core.messages import N_, NC_, Message


class State(StrEnum):
    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    RECTIFYING = "rectifying"
    APPLIED = "applied"
    VERIFIED = "verified"
    RETURNED = "returned"
    CLOSED = "closed"


class Action(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    PLAN = "plan"
    REPORT = "report"
    APPLY = "apply"
    VERIFY = "verify"
    CLOSE = "close"
    RETURN = "return"


class Actor(StrEnum):
    OFFICE = "office"
    REPORTER = "reporter"  # a person of the item's lead unit


# action → (states it applies to, actors allowed, state after)
TRANSITIONS: dict[Action, tuple[frozenset[State], frozenset[Actor], State]] = {
    Action.ACKNOWLEDGE: (
        frozenset({State.ASSIGNED}),
        frozenset({Actor.REPORTER}),
        State.ACKNOWLEDGED,
    ),
    Action.PLAN: (
        frozenset({State.ACKNOWLEDGED, State.RECTIFYING, State.RETURNED}),
        frozenset({Actor.REPORTER}),
        State.RECTIFYING,
    ),
    Action.REPORT: (
        frozenset({State.RECTIFYING, State.RETURNED}),
        frozenset({Actor.REPORTER}),
        State.RECTIFYING,
    ),
    Action.APPLY: (
        frozenset({State.RECTIFYING, State.RETURNED}),
        frozenset({Actor.REPORTER}),
        State.APPLIED,
    ),
    Action.VERIFY: (frozenset({State.APPLIED}), frozenset({Actor.OFFICE}), State.VERIFIED),
    Action.CLOSE: (frozenset({State.VERIFIED}), frozenset({Actor.OFFICE}), State.CLOSED),
    Action.RETURN: (
        frozenset({State.RECTIFYING, State.APPLIED, State.VERIFIED}),
        frozenset({Actor.OFFICE}),
        State.RETURNED,
    ),
}

FINAL: frozenset[State] = frozenset({State.CLOSED})

STATE_LABELS: dict[State, str] = {
    State.ASSIGNED: N_("已交办"),
    State.ACKNOWLEDGED: N_("已签收"),
    State.RECTIFYING: N_("整改中"),
    State.APPLIED: N_("已申请办结"),
    State.VERIFIED: N_("已核查"),
    State.RETURNED: N_("已退回"),
    State.CLOSED: N_("已销号"),
}
ACTION_LABELS: dict[Action, str] = {
    Action.ACKNOWLEDGE: N_("签收"),
    Action.PLAN: N_("报送整改方案"),
    Action.REPORT: N_("反馈进展"),
    Action.APPLY: N_("申请办结"),
    Action.VERIFY: N_("核查通过"),
    Action.CLOSE: N_("销号"),
    Action.RETURN: N_("退回"),
}
ACTOR_LABELS: dict[Actor, str] = {
    Actor.OFFICE: N_("领导小组办公室"),
    Actor.REPORTER: N_("牵头单位填报员"),
}


# Warnings and reminders (预警/提醒): how urgent a message is and the channel it goes by.
# One table each; the models' choices, the messages page and `innocounty remind` read them.


class Level(StrEnum):
    INFO = "info"
    YELLOW = "yellow"
    RED = "red"


LEVEL_LABELS: dict[Level, str] = {
    Level.INFO: N_("通知"),
    Level.YELLOW: N_("黄色预警"),
    Level.RED: N_("红色预警"),
}


class Channel(StrEnum):
    INAPP = "inapp"
    EMAIL = "email"
    WEBHOOK = "webhook"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.INAPP: N_("站内消息"),
    Channel.EMAIL: N_("电子邮件"),
    Channel.WEBHOOK: N_("群机器人"),
}

NOT_ALLOWED = N_("{state}状态下不能{action}")
NOT_YOURS = N_("只有{actors}可以{action}")


# The actions as verbs in the workflow's refusals (English needs a verb, not a label).
ACTION_VERBS: dict[Action, Message] = {
    Action.ACKNOWLEDGE: NC_("workflow action", "签收"),
    Action.PLAN: NC_("workflow action", "报送整改方案"),
    Action.REPORT: NC_("workflow action", "反馈进展"),
    Action.APPLY: NC_("workflow action", "申请办结"),
    Action.VERIFY: NC_("workflow action", "核查通过"),
    Action.CLOSE: NC_("workflow action", "销号"),
    Action.RETURN: NC_("workflow action", "退回"),
}


class SupervisionError(ValueError):
    """An action that the workflow does not allow; the message says why, in Chinese;
    `message` is the same as a `Message`, for a page in another language."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def check(state: State | str, action: Action | str, actor: Actor | str) -> State:
    """Return the state after `action`, or raise SupervisionError saying why it is not allowed."""
    state, action, actor = State(state), Action(action), Actor(actor)
    states, actors, after = TRANSITIONS[action]
    if actor not in actors:
        names = Message(
            "、".join(f"{{{a}}}" for a in sorted(actors)),
            {a: Message(ACTOR_LABELS[a]) for a in sorted(actors)},
        )
        raise SupervisionError(
            Message(NOT_YOURS, {"actors": names, "action": ACTION_VERBS[action]})
        )
    if state not in states:
        raise SupervisionError(
            Message(
                NOT_ALLOWED,
                {"state": Message(STATE_LABELS[state]), "action": ACTION_VERBS[action]},
            )
        )
    return after


def allowed(state: State | str, actor: Actor | str) -> list[Action]:
    """The actions `actor` may take on an item in `state`, in a stable order."""
    state, actor = State(state), Actor(actor)
    return [
        action
        for action, (states, actors, _after) in TRANSITIONS.items()
        if state in states and actor in actors
    ]


def is_open(state: State | str) -> bool:
    return State(state) not in FINAL
