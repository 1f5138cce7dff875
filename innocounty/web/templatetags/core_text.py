"""``{{ value|translated }}``: the core's labels and sentences in the current language."""

from __future__ import annotations

from django import template

from innocounty.core.messages import Message
from innocounty.core.validation import warning_message
from innocounty.i18n import translate

register = template.Library()


@register.filter
def translated(value: Message | str | None) -> str:
    """A core `Message` or a core label msgid, translated; "" for None."""
    return "" if value is None else translate(value)


@register.filter
def value_warning(warning: str) -> str:
    """A value's stored warning (Chinese text) in the current language."""
    return translate(warning_message(warning))
