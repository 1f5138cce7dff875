"""The core's translatable text (`innocounty.core.messages`) in the current language."""

from __future__ import annotations

from django.utils.translation import gettext, pgettext

from innocounty.core.messages import Message


def _translate(context: str, msgid: str) -> str:
    return pgettext(context, msgid) if context else gettext(msgid)


def translate(value: Message | str) -> str:
    """A core `Message`, or a label msgid from a core table, in the current language."""
    if isinstance(value, Message):
        return value.render(_translate)
    return gettext(value) if value else ""
