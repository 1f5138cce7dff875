"""Formatting for the monitor pages; no logic beyond turning numbers into text."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext, pgettext

from innocounty.core.evaluation import STATUS_LABELS
from innocounty.core.scorecard import TASK_STATUS_LABELS, ScoringWeights

register = template.Library()


@register.filter
def num(value: Decimal | float | None, decimals: int = 0) -> str:
    """A value with the indicator's decimals and thousands separators; "—" when missing."""
    if value is None or value == "":
        return "—"
    return f"{value:,.{int(decimals)}f}"


@register.filter
def pct(ratio: float | Decimal | None) -> str:
    """A ratio (1.0 = 100 %) as a percentage with one decimal; "—" when undefined."""
    if ratio is None or ratio == "":
        return "—"
    return f"{float(ratio) * 100:.1f}%"


@register.filter
def score(value: float | Decimal | None) -> str:
    """A score or index with one decimal; "—" when missing."""
    if value is None or value == "":
        return "—"
    return f"{float(value):.1f}"


@register.filter
def signed(value: float | None) -> str:
    """A change in points with its sign: +2.3 / −1.0; "" when missing."""
    if value is None or value == "":
        return ""
    return f"{value:+.1f}".replace("-", "−")


@register.filter
def whole_pct(ratio: float | Decimal | None) -> str:
    """A threshold ratio (0.95) as a whole percentage ("95%"); "—" when missing."""
    if ratio is None or ratio == "":
        return "—"
    return f"{float(ratio) * 100:.0f}%"


@register.simple_tag
def status_points() -> dict[str, str]:
    """The points each status scores (`ScoringWeights`), as "已达标 100、正常 90…" per kind."""
    weights = ScoringWeights()
    separator = pgettext("list separator", "、")

    def listed(points: Mapping[str, Decimal], labels: Mapping[Any, str]) -> str:
        return separator.join(f"{gettext(labels[s])} {points[s].normalize():f}" for s in labels)

    return {
        "indicators": listed(weights.indicator_points, STATUS_LABELS),
        "tasks": listed(weights.task_points, TASK_STATUS_LABELS),
    }
