"""Tests that need something outside Python (a font, the seed document, a server) skip on a
developer's machine that lacks it, but fail when CI is set: CI must run every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_NAME = "000_809efa92224ac77e.txt"


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"required when CI is set: {reason}", pytrace=False)
    pytest.skip(reason)


def seed_file() -> Path | None:
    """The seed document: $INNOCOUNTY_SEED_DIR, ../shared/seed beside the repository (as CI
    lays it out) or /work/shared/seed."""
    folders = [os.environ.get("INNOCOUNTY_SEED_DIR"), REPO.parent / "shared" / "seed"]
    folders.append("/work/shared/seed")
    for folder in folders:
        if folder and (Path(folder) / SEED_NAME).is_file():
            return Path(folder) / SEED_NAME
    return None
