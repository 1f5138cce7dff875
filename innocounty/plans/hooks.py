"""Tell the apps built on plans that a plan's data changed, without plans importing them.

Every service that changes what the engine evaluates — a value saved, submitted, approved,
returned or corrected, a task report, a round, a milestone, a plan (re)load, the scoring
weights — calls `plan_changed(plan_id=…)` inside its transaction. The monitor
registers `monitor.results.plan_results_stale` from its `AppConfig.ready()`, which marks the
plan's stored results stale (see `monitor.results`). Apps lower down (plans, reporting,
supervision) thus never import the monitor, and the import graph stays without cycles
(`tests/test_boundaries.py`), as with `reporting.hooks`.
"""

from __future__ import annotations

from collections.abc import Callable

PlanHook = Callable[..., None]  # called as hook(plan_id=…)

plan_changed_hooks: list[PlanHook] = []


def on_plan_changed(hook: PlanHook) -> PlanHook:
    """Register `hook(plan_id=…)`; registering twice is harmless."""
    if hook not in plan_changed_hooks:
        plan_changed_hooks.append(hook)
    return hook


def plan_changed(*, plan_id: int) -> None:
    """Call every registered hook for the plan `plan_id` (inside the caller's transaction)."""
    for hook in plan_changed_hooks:
        hook(plan_id=plan_id)
