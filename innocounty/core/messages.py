"""Translatable text in the core, without Django.

The core writes Chinese, the source language of every catalogue. A label or sentence that a
page may show in English is marked where it is written:

- `N_("已达标")` marks a msgid (like Django's ``gettext_noop``) and returns it unchanged;
- `NC_("indicator status", "正常")` marks a msgid with a message context, for a Chinese word
  that needs two English words; it returns a `Message`, which remembers the context;
- `Message(N_("{year}年"), {"year": 2025})` is a sentence with ``{name}`` placeholders whose
  values may be Messages themselves.

``makemessages`` collects the marks through its ``--keyword`` options (see
docs/en/development.md). The app layer translates at display time by passing its gettext to
`Message.render` (`innocounty.i18n`); ``str(message)`` is the Chinese text, which the
bulletin and the Chinese pages use exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# (context, msgid) → text; the default keeps the Chinese source.
Translate = Callable[[str, str], str]


def N_(message: str) -> str:
    """Mark `message` for translation; return it unchanged."""
    return message


def NC_(context: str, message: str) -> Message:
    """Mark `message` for translation within `context` (``pgettext``); a `Message` of it."""
    return Message(message, context=context)


def _source(context: str, msgid: str) -> str:
    return msgid


@dataclass(frozen=True, slots=True)
class Message:
    """A msgid with ``{name}`` placeholders, their values and an optional message context."""

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)
    context: str = ""

    def render(self, translate: Translate = _source) -> str:
        """The text with `translate` applied to this message and to every nested one."""
        if not self.msgid:
            return ""
        text = translate(self.context, self.msgid)
        if not self.params:
            return text
        values = {
            key: value.render(translate) if isinstance(value, Message) else value
            for key, value in self.params.items()
        }
        return text.format(**values)

    def __str__(self) -> str:
        return self.render()


def text(value: str | Message) -> Message:
    """`value` as a Message; a plain string is kept as it is (data, not translated)."""
    return value if isinstance(value, Message) else Message("{text}", {"text": value})


EMPTY = Message("")
