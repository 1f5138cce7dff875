from __future__ import annotations

from django import template

from innocounty.audit.labels import ACTION_LABELS, FIELD_LABELS, STATE_LABELS

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


@register.filter
def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@register.filter
def state_label(code: str) -> str:
    return str(STATE_LABELS.get(code, code))
