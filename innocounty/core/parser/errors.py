"""The parser's one error type."""

from __future__ import annotations


class ParseError(ValueError):
    """A document that cannot be read as a plan; `str()` is a one-line Chinese reason."""

    def __init__(self, reason: str, *, source: str = "") -> None:
        self.reason = " ".join(reason.split())
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + self.reason)
