"""The README's two commands: `./run demo` and `./run test`, which `.ci/run` calls."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./run demo" in readme
    assert "./run test" in readme
    assert "innocounty demo" in readme


def test_ci_runs_exactly_the_readme_test_command_on_both_databases():
    lines = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()]
    assert "./run test" in lines
    assert 'DATABASE_URL="postgres://postgres@127.0.0.1:5432/innocounty" ./run test' in lines


def test_run_without_a_command_prints_its_usage_and_fails():
    result = subprocess.run(["bash", str(ROOT / "run")], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "./run demo" in result.stderr
    assert "./run test" in result.stderr


def test_run_refuses_a_python_older_than_3_11(tmp_path):
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")
    old.chmod(0o755)
    result = subprocess.run(
        ["bash", str(ROOT / "run"), "demo"],
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": "/usr/bin:/bin", "PYTHON": str(old)},
    )
    assert result.returncode == 1
    assert "Python 3.11" in result.stderr
