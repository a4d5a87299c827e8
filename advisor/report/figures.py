"""What one family contributes to the centre report: a handful of codes and numbers, never a name.

:func:`case_figures` reduces a case and its result (full or lean ``evaluate``) to a
:class:`CaseFigures`: the city, the domains asked about, for each option kind the family's status,
the conditions that stopped it (with the months it still needs) and the facts left unknown. Nothing
else of the case survives this step, so everything after it — aggregation, suppression, tables,
charts, PDF, CSV — handles no personal data.

Definitions (the README's "Centre report" section repeats them):

- **status of a kind** for a family: the best status among its options of that kind (several
  children, a national and a local rule): eligible now > later > unknown (needs_info) > blocked
  (not_eligible). Points schemes count as options of their kind (``points.hukou`` …); their status
  is whether the family may apply (the preconditions), not whether it reaches the score line.
- **blocking condition**: a top-level condition of a rule (or a scheme's precondition) that is
  ``met: false`` in an option that is not eligible now — identified by (rule or scheme id,
  condition id), counted once per family.
- **months still needed**: for a month-counted condition, required − actual (the requirement in force
  on the ``earliest`` date when it rises meanwhile, ``required_then``); otherwise the whole
  calendar months from the evaluation date to the condition's ``earliest`` date; the smallest over
  the family's subjects (the first child to get there). None when neither is known.
- **facts left unknown**: the result's ``missing_facts`` (facts that could change an answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

STATUSES = ("eligible", "eligible_later", "needs_info", "not_eligible")
# best first: a family "has" the option in its best state over subjects and rules
_RANK = {"eligible": 0, "eligible_later": 1, "needs_info": 2, "not_eligible": 3}

BlockerKey = tuple[str, str]  # (rule or scheme id, condition id)


@dataclass(frozen=True)
class CaseFigures:
    """One family's contribution: codes, statuses, condition ids and months — nothing personal."""

    city: str
    domains: tuple[str, ...]
    in_scope: bool  # False: the applicant holds the city's hukou (the tool does not apply)
    pack_sha256: str
    kinds: dict[str, str]  # option kind -> best status
    blockers: dict[BlockerKey, int | None]  # blocking condition -> months still needed (None: unknown)
    missing: tuple[str, ...]  # facts left unknown


def calendar_months(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end``, rounded up (0 when ``end`` is not later)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day > start.day:
        months += 1
    return max(months, 0)


def months_needed(entry: dict[str, Any], as_of: date) -> int | None:
    """How many months a failed condition still needs (see the module docstring)."""
    actual = entry.get("actual")
    required = entry.get("required_then", entry.get("required"))  # a requirement that rises while waiting
    if entry.get("unit") == "month" and type(actual) is int and type(required) is int:
        return max(0, required - actual)
    earliest = entry.get("earliest")
    if earliest:
        return calendar_months(as_of, date.fromisoformat(earliest))
    return None


def _best(current: str | None, status: str) -> str:
    if current is None or _RANK[status] < _RANK[current]:
        return status
    return current


def _add_blockers(blockers: dict[BlockerKey, int | None], owner: str, entries: list[dict[str, Any]],
                  as_of: date) -> None:
    for e in entries:
        if e.get("met") is not False:
            continue
        key = (owner, str(e["id"]))
        months = months_needed(e, as_of)
        if key not in blockers:
            blockers[key] = months
        elif months is not None:
            known = blockers[key]
            blockers[key] = months if known is None else min(known, months)


def case_figures(result: dict[str, Any], *, city: str, domains: tuple[str, ...], in_scope: bool) -> CaseFigures:
    """Reduce a result to a family's figures (``city``, ``domains``, ``in_scope`` come from the case)."""
    as_of = date.fromisoformat(result["as_of"])
    kinds: dict[str, str] = {}
    blockers: dict[BlockerKey, int | None] = {}
    for opt in result.get("options", []):
        kinds[opt["kind"]] = _best(kinds.get(opt["kind"]), opt["status"])
        if opt["status"] != "eligible":
            _add_blockers(blockers, opt["rule_id"], opt.get("conditions") or [], as_of)
    for pts in result.get("points", []):
        status = pts.get("status")
        if status not in _RANK:
            continue
        kinds[pts["kind"]] = _best(kinds.get(pts["kind"]), status)
        if status != "eligible":
            _add_blockers(blockers, pts["scheme"], pts.get("preconditions") or [], as_of)
    return CaseFigures(city=city, domains=tuple(domains), in_scope=in_scope,
                       pack_sha256=result["rules"]["sha256"], kinds=kinds, blockers=blockers,
                       missing=tuple(sorted(set(result.get("missing_facts") or []))))
