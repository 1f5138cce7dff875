from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """0.857 → 86%; None → —. Display only: the stored rate is not rounded."""
    if share is None:
        return "—"
    return f"{share * 100:.0f}%"
