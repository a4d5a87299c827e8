"""``advisor``: with no arguments the desktop app; with a subcommand, headless.

Exit codes: 0 success, 1 checks failed (tests, audit), 2 bad input (one-paragraph message).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from advisor import __version__
from advisor.cli.common import CliError, configure_output

# Each module adds its own subcommands with ``register(subparsers)``.
COMMAND_MODULES = [
    "advisor.cli.evaluate_cmd",
    "advisor.cli.rules_cmd",
    "advisor.cli.letter_cmd",
    "advisor.cli.cases_cmd",
    "advisor.cli.users_cmd",
    "advisor.cli.report_cmd",
]


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser."""
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Migrant Services Advisor — 非本地户籍人员公共服务咨询助手. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(name) is None:  # a command group not built in this checkout
            continue
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``advisor`` command."""
    configure_output()
    args_list = sys.argv[1:] if argv is None else argv
    if args_list and args_list[0] == "--self-test":  # the whole build, headless (advisor.cli.selftest)
        from advisor.cli.selftest import main as self_test

        return self_test(args_list[1:])
    if args_list and args_list[0] == "--self-test-gui":  # the window alone (run by the self-test, offscreen)
        return _run_gui(["--self-test", *args_list[1:]])
    if not args_list or args_list[0].startswith("-platform"):
        return _run_gui(args_list)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse already printed its message
        return 2 if exc.code not in (0, None) else 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


def _run_gui(argv: list[str]) -> int:
    try:
        gui = importlib.import_module("advisor.gui.app")
    except ImportError as exc:
        print(f"无法启动图形界面 / cannot start the desktop app: {exc}", file=sys.stderr)
        return 2
    return int(gui.run(argv))
