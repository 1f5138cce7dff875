from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from innocounty.audit.labels import ACTION_LABELS, FIELD_LABELS, ROLE_LABELS, STATE_LABELS

register = template.Library()

LOCK_KINDS = {"account": gettext_lazy("账号"), "address": gettext_lazy("地址")}


@register.filter
def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


@register.filter
def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@register.filter
def state_label(code: str) -> str:
    return str(STATE_LABELS.get(code, code))


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, list):
        return pgettext("list separator", "、").join(_text(v) for v in value) if value else "—"
    if isinstance(value, dict):
        return _("；").join(
            _("%(label)s：%(text)s") % {"label": field_label(k), "text": _text(v)}
            for k, v in value.items()
        )
    return str(value)


@register.filter
def audit_value(value: Any) -> str:
    """A logged old or new value as a person reads it (是/否 for booleans, — for nothing)."""
    return _text(value)


def _pair(key: str, value: Any) -> str:
    if key in {"role", "roles", "groups"}:
        value = [_role(v) for v in value] if isinstance(value, list) else _role(value)
    if key == "state" and isinstance(value, str):
        value = state_label(value)
    if key == "kind" and value in LOCK_KINDS:
        value = str(LOCK_KINDS[value])
    return _text(value)


def _role(code: Any) -> Any:
    if isinstance(code, list):
        return [_role(c) for c in code]
    return str(ROLE_LABELS.get(code, code)) if isinstance(code, str) else code


@register.filter
def audit_summary(data: Any) -> list[str]:
    """The entry's data as "label: text" lines; [old, new] pairs read "old → new"."""
    return [
        _("%(label)s：%(text)s") % {"label": label, "text": text} if label else text
        for label, text in _summary_pairs(data)
    ]


def _summary_pairs(data: Any) -> list[tuple[str, str]]:
    if not isinstance(data, dict):
        return [("", _text(data))] if data else []
    rows: list[tuple[str, str]] = []
    for key, value in data.items():
        if key == "changes" and isinstance(value, dict):
            rows.extend(_summary_pairs(value))
            continue
        if isinstance(value, list) and len(value) == 2 and key != "units":
            rows.append((field_label(key), f"{_pair(key, value[0])} → {_pair(key, value[1])}"))
        elif key == "units" and len(value) == 2 and all(isinstance(v, list) for v in value):
            rows.append((field_label(key), f"{_text(value[0])} → {_text(value[1])}"))
        else:
            rows.append((field_label(key), _pair(key, value)))
    return rows
