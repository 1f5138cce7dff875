"""The production WSGI application with every value save slowed down, for
tests/ops/test_faults.py: an Excel import then holds its transaction open long enough for the
test to kill the worker in the middle of it. Production code has no such hook."""

from __future__ import annotations

import time
from typing import Any

from innocounty.wsgi import application
from tests.ops.slow import DELAY


def _slow_down_value_saves() -> None:
    # Imported here: the models load only once the application above has set Django up.
    from innocounty.reporting import services

    value_save = services.value_save

    def slow_value_save(**kwargs: Any) -> Any:
        try:
            return value_save(**kwargs)
        finally:
            time.sleep(DELAY)

    services.value_save = slow_value_save


_slow_down_value_saves()

__all__ = ["application"]
