"""Helpers shared by the subcommands: errors, language, loading the case and the active pack."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from advisor.domain.case import Case
from advisor.domain.validation import CaseError, load_case_file
from advisor.rules.loader import PackError, load_pack
from advisor.rules.pack import Pack


class CliError(Exception):
    """A failure to report in one paragraph, with an exit code (2 = bad input)."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.message = message
        self.code = code


def configure_output() -> None:
    """UTF-8 output even on consoles that default to something else."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")


def parse_as_of(text: str | None) -> date | None:
    """A ``--as-of`` value, or a clear error."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"--as-of 日期无效 / invalid --as-of date: {text!r} (use YYYY-MM-DD)") from None


def read_case(path: str, lang: str = "zh") -> Case:
    """Load and validate a case file or exit 2 with every problem listed."""
    try:
        return load_case_file(path)
    except CaseError as exc:
        raise CliError(exc.message(lang)) from None


def active_pack(rules_dir: str | None = None) -> Pack:
    """The pack to evaluate with: a given folder, or the active pack of the local rules store."""
    if rules_dir:
        try:
            return load_pack(rules_dir)
        except PackError as exc:
            raise CliError(exc.report()) from None
    from advisor.db import make_engine
    from advisor.paths import bundled_rules_dir, rules_db_path
    from advisor.rules.store import ensure_bundled

    try:
        return ensure_bundled(make_engine(rules_db_path()), bundled_rules_dir())
    except PackError as exc:
        raise CliError("内置规则包无效 / the bundled rule pack is invalid:\n" + exc.report(), 1) from None


def evaluation_date(case: Case, as_of: date | None) -> date:
    """``--as-of``, else the case's own date, else today."""
    if as_of:
        return as_of
    if case.as_of:
        return case.as_of.start()
    return date.today()


def ensure_parent(path: str) -> Path:
    """The output path, with a clear error if its folder does not exist."""
    p = Path(path)
    if not p.parent.exists():
        raise CliError(f"输出目录不存在 / output folder does not exist: {p.parent}")
    return p
