from __future__ import annotations

from decimal import Decimal

from django import template

from innocounty.plans.models import Target

register = template.Library()

_KIND_LABELS = dict(Target.Kind.choices)


@register.simple_tag
def target_kind_label(kind: str) -> str:
    return str(_KIND_LABELS.get(kind, kind))


@register.filter
def target_cells(row, columns):
    return row.target_cells(columns)


@register.filter
def plain_number(value: Decimal | None) -> str:
    """Show a stored decimal as the plan writes it: 0.48500000 → 0.485, 120000.00 → 120000."""
    if value is None:
        return ""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return str(normal.quantize(1))
    return format(normal, "f")


@register.filter
def indicator_value(value: Decimal | None, indicator) -> str:
    """A value at the indicator's decimals with thousands separators: 120,000 or 5.23."""
    if value is None:
        return "—"
    return indicator.format_value(value)
