"""Run the `innocounty` console script as a user does: a separate process, its own data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_console(args: list[str], data_dir: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """Run `python -m innocounty ARGS` on a SQLite database in `data_dir` (never the test DB)."""
    env = {**os.environ, "DATA_DIR": str(data_dir), "DATABASE_URL": "", **extra_env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "innocounty", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
