"""One family → its figures: the work done per case, in this process or in a worker process.

Kept light on imports (no SQL, no report model) because every ``spawn``-ed worker process imports
it before its first batch.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from advisor.domain.case import Case
from advisor.domain.validation import CaseError, parse_case
from advisor.report.figures import CaseFigures, case_figures
from advisor.rules.engine import evaluate
from advisor.rules.pack import Pack

Job = tuple[bytes, str, str]  # (case file as stored: canonical JSON, evaluation date ISO, pack sha256)

_PACKS: dict[str, Pack] = {}
_PACK_JSON: dict[str, str] = {}


def load(data: bytes | dict[str, Any]) -> Case | None:
    """A case file validated: ``parse_case`` for a decoded object; for the stored JSON bytes the same
    strict validation straight from JSON (faster; ``tests/report/test_decide.py`` checks they agree).
    None when it does not validate."""
    try:
        if isinstance(data, bytes | bytearray):
            return Case.model_validate_json(data, strict=True)
        return parse_case(data)
    except (CaseError, ValidationError, ValueError):
        return None


def figures_of(data: bytes | dict[str, Any], day: date, pack: Pack, exact: bool = False) -> CaseFigures | None:
    """A family's figures from its case file, evaluated on ``day`` (None: the file does not validate)."""
    case = load(data)
    if case is None:
        return None
    # the engine's lean mode decides exactly as the full evaluation, without the wording (property-tested)
    result = evaluate(case, pack, day, detail=exact)
    hukou = case.applicant.hukou
    in_scope = not (hukou is not None and hukou.city == case.city)
    return case_figures(result, city=case.city, domains=case.domains(), in_scope=in_scope)


def init_worker(pack_json: dict[str, str]) -> None:
    """Worker-process start: remember the packs' stored JSON (each is rebuilt on first use)."""
    _PACK_JSON.update(pack_json)


def _pack(sha: str) -> Pack:
    pack = _PACKS.get(sha)
    if pack is None:
        pack = _PACKS[sha] = Pack.model_validate_json(_PACK_JSON[sha])
    return pack


def run_batch(jobs: list[Job], exact: bool) -> list[CaseFigures | None]:
    """Worker-process entry: evaluate a batch of families."""
    return [figures_of(data, date.fromisoformat(day), _pack(sha), exact) for data, day, sha in jobs]
