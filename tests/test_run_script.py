"""The README's two commands: `./run demo` and `./run test`, which `.ci/run` calls."""

from __future__ import annotations

import subprocess
import sys
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


def _lint_step() -> str:
    """The `lint)` branch of the run script, up to its `;;`."""
    script = (ROOT / "run").read_text(encoding="utf-8")
    start = script.index("\n  lint)\n")
    return script[start : script.index(";;", start)]


def test_ci_lints_with_the_run_script_before_the_tests():
    lines = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()]
    assert lines.index("./run lint") < lines.index("./run test")


def test_lint_runs_ruff_and_then_mypy_on_the_configured_files():
    step = [line.strip() for line in _lint_step().splitlines()]
    commands = [line for line in step if line.startswith(('"$VENV/bin/', 'exec "$VENV/bin/'))]
    assert commands == [
        '"$VENV/bin/ruff" check .',
        '"$VENV/bin/ruff" format --check .',
        'exec "$VENV/bin/mypy"',
    ]
    # `set -e` at the top stops at the first failing command; mypy's status is the step's.
    assert "set -euo pipefail" in (ROOT / "run").read_text(encoding="utf-8")


def test_mypy_checks_the_package_with_the_django_plugin_strict_on_the_core():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mypy = project["tool"]["mypy"]
    assert mypy["files"] == ["innocounty"]
    assert mypy["plugins"] == ["mypy_django_plugin.main"]
    assert project["tool"]["django-stubs"]["django_settings_module"] == "innocounty.settings"
    core = next(o for o in mypy["overrides"] if "innocounty.core.*" in o["module"])
    # The flags `mypy --strict` turns on (mypy 1.19), each set for the core.
    strict_flags = {
        "check_untyped_defs",
        "disallow_any_generics",
        "disallow_incomplete_defs",
        "disallow_subclassing_any",
        "disallow_untyped_calls",
        "disallow_untyped_decorators",
        "disallow_untyped_defs",
        "extra_checks",
        "no_implicit_reexport",
        "strict_equality",
        "warn_return_any",
    }
    assert {flag for flag in strict_flags if core.get(flag) is True} == strict_flags
    # The core is never relaxed.
    assert not any(
        o.get("ignore_errors") or o.get("disable_error_code")
        for o in mypy["overrides"]
        if any(m.startswith("innocounty.core") for m in o["module"])
    )
    test_extras = " ".join(project["project"]["optional-dependencies"]["test"])
    assert "mypy" in test_extras and "django-stubs" in test_extras


def test_the_test_command_runs_one_worker_per_cpu_unless_told(tmp_path):
    """`./run test` adds `-n auto` (pytest-xdist) unless the arguments choose the workers."""
    import hashlib
    import shutil

    shutil.copy(ROOT / "run", tmp_path / "run")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    (tmp_path / ".venv" / f".installed[test]-{digest}").touch()
    pytest_stub = bin_dir / "pytest"
    pytest_stub.write_text('#!/bin/sh\necho "ARGS: $*"\n')
    pytest_stub.chmod(0o755)

    def args(*given: str) -> str:
        result = subprocess.run(
            ["bash", str(tmp_path / "run"), "test", *given],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert args() == "ARGS: -n auto"
    assert args("tests/core", "-x") == "ARGS: -n auto tests/core -x"
    assert args("-n", "0", "tests/core") == "ARGS: -n 0 tests/core"
    assert args("-n4") == "ARGS: -n4"
    assert args("-p", "no:xdist") == "ARGS: -p no:xdist"
