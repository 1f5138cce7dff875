"""What other apps do when reporting's workflow moves, without reporting importing them.

An app that builds on reporting registers its function here from its `AppConfig.ready()`;
the reporting service calls every registered function inside its transaction, after the
change and its audit entry. Today: a returned value tells its reporter
(`supervision.services.notify_value_returned`, registered by `supervision.apps`). Apps lower
down (reporting) thus never import apps built on them (supervision), and the import graph
stays without cycles (`tests/test_boundaries.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ValueHook = Callable[..., None]  # called as hook(value=value)

value_returned: list[ValueHook] = []


def on_value_returned(hook: ValueHook) -> ValueHook:
    """Register `hook(value=…)` for `services.value_return`; registering twice is harmless."""
    if hook not in value_returned:
        value_returned.append(hook)
    return hook


def call_value_returned(*, value: Any) -> None:
    for hook in value_returned:
        hook(value=value)
