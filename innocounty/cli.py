"""The `innocounty` console script.

`innocounty SUBCOMMAND` runs the project's own subcommands and hands any other to Django's
management commands (`innocounty migrate`, `innocounty check --deploy`, …). Subcommands with a
hyphen (`load-plan`) are management commands with an underscore (`load_plan`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

# Subcommands that need no database and no settings: code → dotted path of `run(argv, out, err)`.
STANDALONE: dict[str, str] = {
    "parse": "innocounty.core.parser.cli.run",
}

# The project's own management commands, by the name users type.
OWN_COMMANDS: tuple[str, ...] = (
    "demo",
    "load-plan",
    "export-plan",
    "import-values",
    "export-values",
    "bulletin",
    "backup",
    "restore",
    "purge-audit",
    "remind",
    "export-supervision",
    "self-evaluation",
    "create-token",
)


def _import(dotted: str) -> Callable[..., int]:
    from importlib import import_module

    module, _, name = dotted.rpartition(".")
    return getattr(import_module(module), name)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in STANDALONE:
        return _import(STANDALONE[argv[0]])(argv[1:], sys.stdout, sys.stderr)

    if argv and argv[0] == "demo":
        # The demo serves static files and shows errors: DEBUG for this process only.
        os.environ["DEBUG"] = "1"
    if argv and argv[0] in OWN_COMMANDS:
        argv[0] = argv[0].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocounty.settings")

    from django.core.management import execute_from_command_line

    execute_from_command_line(["innocounty", *argv])
    return 0
