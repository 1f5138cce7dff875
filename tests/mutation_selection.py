"""Which tests a mutation run uses: a pytest plugin that mutmut loads (`[tool.mutmut]`).

mutmut has one test selection for the whole configuration, but a module's mutants need only
the tests that exercise that module, and running more makes each mutant slower (mutmut runs
every selected test that calls the mutated function). `INNOCOUNTY_MUTATION_TESTS` names the
test files or folders for this run, separated by spaces; everything else under `tests/` is
not collected. Without it the run uses `tests/core/` (the pure rule tests, no database).

    INNOCOUNTY_MUTATION_TESTS="tests/rules tests/reporting/test_services.py" mutmut run ...

The commands per module are in docs/en/mutation-testing.md.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT = "tests/core/"


def selected_paths(rootdir: Path) -> list[Path]:
    names = os.environ.get("INNOCOUNTY_MUTATION_TESTS", "").split() or [DEFAULT]
    return [(rootdir / name).resolve() for name in names]


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    path = collection_path.resolve()
    tests = (config.rootpath / "tests").resolve()
    if not path.is_relative_to(tests) or path == tests:
        return None
    for selected in selected_paths(config.rootpath):
        # Inside a selected path, or a folder on the way to one.
        if path.is_relative_to(selected) or selected.is_relative_to(path):
            return None
    return True
