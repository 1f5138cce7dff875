"""Which version of a reported item counts; pure, no Django.

Values are never updated once approved: a correction is a new version. The value that
counts for an indicator and period is the latest *approved* version that carries a number
(an approved version without one, if any, does not hide an older approved number).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TypeVar

K = TypeVar("K")
T = TypeVar("T")

APPROVED = "approved"


def latest_approved(versions: Iterable[tuple[K, int, str, Decimal | None, T]]) -> dict[K, T]:
    """The item of the latest approved version with a value, per key.

    `versions` are (key, version number, workflow state, value, item) in any order; the key is
    typically (indicator, period) and the item what the caller wants back (the value itself or
    its row). Keys with no approved version carrying a value are absent.
    """
    best: dict[K, tuple[int, T]] = {}
    for key, version, state, value, item in versions:
        if state != APPROVED or value is None:
            continue
        if key not in best or version > best[key][0]:
            best[key] = (version, item)
    return {key: item for key, (_version, item) in best.items()}
