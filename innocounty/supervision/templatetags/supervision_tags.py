from __future__ import annotations

from typing import Any

from django import template

from innocounty.supervision import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def supervision_counts(context: Any, plan: Any) -> selectors.LedgerCounts:
    """Open / overdue / closed this year of the items the current person may see."""
    return selectors.counts(plan=plan, user=context["request"].user)
