"""Task milestones (任务分解 / 节点) and the one rule that makes a missed one a lagging task.

A task's lead unit sets yearly milestones (what, by when); the office confirms them. A confirmed
milestone is *missed* as of a day when its due date is before that day and it was not done by
its due date (not done at all, or done after it). Unconfirmed milestones are proposals and
count for nothing.

A task with a missed milestone is 滞后 on its own, without waiting for a percentage: a task that
its reports call 正常推进, or that has no report (未报送), becomes 滞后, with a sentence naming
each missed milestone and its due date. A task already 滞后 or 严重滞后 keeps its status and
gains the sentence; a 已完成 task stays completed.

The day milestones are judged on, as of a period (`judged_on`): today, but no later than the
end of the as-of period's year. Milestones are yearly steps, so any view of the current year
sees them as they stand today, and a view of a past year as they stood at its end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from innocounty.core.messages import EMPTY, N_, Message, text
from innocounty.core.periods import Period, as_period


@dataclass(frozen=True, slots=True)
class MilestoneFacts:
    """What the rule needs from one milestone: its title, due date, completion and whether the
    office has confirmed it."""

    title: str
    due: dt.date
    done_on: dt.date | None = None
    confirmed: bool = True


def is_missed(milestone: MilestoneFacts, *, on: dt.date) -> bool:
    """True when a confirmed milestone's due date is before `on` and it was not done by it."""
    if not milestone.confirmed or milestone.due >= on:
        return False
    return milestone.done_on is None or milestone.done_on > milestone.due


def missed(milestones: Iterable[MilestoneFacts], *, on: dt.date) -> list[MilestoneFacts]:
    """The milestones missed as of `on`, by due date then title."""
    return sorted((m for m in milestones if is_missed(m, on=on)), key=lambda m: (m.due, m.title))


def judged_on(as_of: Period | str, *, today: dt.date) -> dt.date:
    """The day milestones are judged on as of a period (module docstring)."""
    return min(today, dt.date(as_period(as_of).year, 12, 31))


def cn_date(day: dt.date) -> str:
    return str(date_message(day))


def date_message(day: dt.date) -> Message:
    """A date as Chinese writes it (2025年6月30日), translatable."""
    return Message(
        N_("{year}年{month}月{day}日"), {"year": day.year, "month": day.month, "day": day.day}
    )


def _quoted(text: str) -> str:
    """Text in Chinese double quotes, quotes inside it single (GB/T 15834)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def missed_message(milestones: Iterable[MilestoneFacts]) -> Message:
    """One sentence naming each missed milestone and its due date, e.g.
    ``节点“出台实施办法”（完成时限2025年6月30日）未按期完成。``; empty when there are none."""
    names: Message | None = None
    for m in milestones:
        name = Message(
            N_("{title}（完成时限{due}）"), {"title": _quoted(m.title), "due": date_message(m.due)}
        )
        names = (
            name
            if names is None
            else Message(N_("{first}、{second}"), {"first": names, "second": name})
        )
    return EMPTY if names is None else Message(N_("节点{names}未按期完成。"), {"names": names})


def missed_sentence(milestones: Iterable[MilestoneFacts]) -> str:
    """`missed_message` in Chinese (the bulletin's text)."""
    return str(missed_message(milestones))


def note_message(note: str, missed_: Iterable[MilestoneFacts]) -> Message:
    """A judged task's note (`engine.judge_task`: the missed milestones' sentence, then the
    task's own note, which is data) with the sentence translatable."""
    message = missed_message(missed_)
    sentence = str(message)
    if not sentence or not note.startswith(sentence):
        return text(note)
    return Message("{sentence}{rest}", {"sentence": message, "rest": note[len(sentence) :]})


__all__ = [
    "MilestoneFacts",
    "cn_date",
    "date_message",
    "is_missed",
    "judged_on",
    "missed",
    "missed_message",
    "missed_sentence",
    "note_message",
]
