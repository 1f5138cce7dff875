"""`innocounty parse FILE [--json] [-o OUT.yaml] [--errata ERRATA.yaml] [--max-mb N]`.

Exit status: 0 success, 1 the file cannot be read as a plan (or the errata cannot be applied),
2 bad command line, 3 an unexpected internal error. Every failure is one line on stderr,
never a traceback (DESIGN.md, "Stable contracts").
"""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from innocounty.core.errata import ErrataError, apply_errata, load_errata
from innocounty.core.parser import DEFAULT_MAX_BYTES, ParseError, parse_file
from innocounty.core.planfile import PlanFileError, dumps_plan

EXIT_OK, EXIT_BAD_FILE, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _arguments() -> _Parser:
    parser = _Parser(prog="innocounty parse", add_help=False)
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("-o", "--output")
    parser.add_argument("--errata")
    parser.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1048576)
    return parser


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run `parse` with `argv` (without the subcommand name); return the exit status.

    Without `--json` or `-o` the plan is printed as YAML. `-o` writes YAML to the file and
    can be combined with `--json` (JSON on stdout).
    """
    try:
        args = _arguments().parse_args(argv)
    except _UsageError as exc:
        stderr.write(
            f"用法错误：{_one_line(str(exc))}（innocounty parse FILE [--json] "
            "[-o OUT.yaml] [--errata ERRATA.yaml]）\n"
        )
        return EXIT_USAGE
    try:
        plan = parse_file(args.file, max_bytes=int(args.max_mb * 1048576))
        if args.errata:
            plan = apply_errata(plan, load_errata(args.errata), source=args.errata)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(dumps_plan(plan))
        if args.json:
            json.dump(plan.to_contract(), stdout, ensure_ascii=False, indent=2)
            stdout.write("\n")
        elif not args.output:
            stdout.write(dumps_plan(plan))
    except (ParseError, ErrataError, PlanFileError) as exc:
        stderr.write(_one_line(str(exc)) + "\n")
        return EXIT_BAD_FILE
    except OSError as exc:
        stderr.write(_one_line(f"无法写入 {args.output}：{exc.strerror}") + "\n")
        return EXIT_BAD_FILE
    except Exception as exc:  # the contract forbids tracebacks; report and fail
        stderr.write(
            _one_line(f"{args.file}：内部错误（{type(exc).__name__}），请报告此文件") + "\n"
        )
        return EXIT_INTERNAL
    return EXIT_OK
