"""`first_difference(actual, expected)`: where two nested values differ, in one short line.

For tests that compare large structures (a bulletin's snapshot, every row of a database): a
failing `assert a == b` makes pytest diff the two pretty-printed values, which takes minutes
for such structures, and a mutation run (docs/en/mutation-testing.md) counts that as a
timeout. `assert first_difference(a, b) is None` fails at once and names the first place.
"""

from __future__ import annotations

from typing import Any


def first_difference(actual: Any, expected: Any, path: str = "") -> str | None:
    if isinstance(actual, dict) and isinstance(expected, dict):
        for key in sorted(set(actual) | set(expected), key=repr):
            if key not in actual or key not in expected:
                side = "actual" if key in actual else "expected"
                return f"{path}[{key!r}]: only in the {side} value"
            found = first_difference(actual[key], expected[key], f"{path}[{key!r}]")
            if found is not None:
                return found
        return None
    if isinstance(actual, list | tuple) and isinstance(expected, list | tuple):
        if len(actual) != len(expected):
            return f"{path}: {len(actual)} items, expected {len(expected)}"
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            found = first_difference(a, e, f"{path}[{index}]")
            if found is not None:
                return found
        return None
    if actual == expected:
        return None
    return f"{path}: {actual!r:.200} != {expected!r:.200}"
