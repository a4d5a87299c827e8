"""Rule-pack audit and coverage: stale or weakly sourced rules, and what each city covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from advisor.rules.pack import Pack
from advisor.rules.schema import CITIES, KINDS, TIER_RANK


@dataclass
class AuditFinding:
    """One line of the audit."""

    item: str
    problem: str
    fatal: bool


def _items(pack: Pack) -> list[Any]:
    return list(pack.rules) + list(pack.schemes)


def audit_pack(pack: Pack, today: date, max_age_days: int) -> list[AuditFinding]:
    """Stale ``verified_on``, non-primary tiers (warnings) and missing or dangling sources (fatal)."""
    out: list[AuditFinding] = []
    for item in _items(pack):
        if not item.sources:
            out.append(AuditFinding(item.id, "no source", True))
        for ref in item.sources:
            if ref.ref not in pack.sources:
                out.append(AuditFinding(item.id, f"source {ref.ref} is not catalogued", True))
        verified = date.fromisoformat(item.verified_on)
        if verified > today:
            out.append(AuditFinding(item.id, f"verified_on {item.verified_on} is in the future", True))
        age = (today - verified).days
        if age > max_age_days:
            out.append(AuditFinding(item.id, f"verified {age} days ago (limit {max_age_days})", False))
        tier = pack.lowest_tier(item.sources)
        if tier != "primary":
            out.append(AuditFinding(item.id, f"lowest source tier: {tier}", False))
    for pid, param in pack.params.items():
        for v in param.values:
            if v.source is None or v.source.ref not in pack.sources:
                out.append(AuditFinding(f"param {pid}", f"value from {v.from_} has no catalogued source", True))
            elif pack.sources[v.source.ref].tier != "primary":
                out.append(AuditFinding(f"param {pid}", f"value from {v.from_}: tier "
                                        f"{pack.sources[v.source.ref].tier}", False))
    for scheme in pack.schemes:
        for c in scheme.cutoffs:
            if c.source.ref not in pack.sources:
                out.append(AuditFinding(scheme.id, f"cut-off {c.year} has no catalogued source", True))
    return out


def coverage(pack: Pack, on: date | None = None) -> dict[tuple[str, str], tuple[int, str]]:
    """(city, kind) → (number of rules/schemes, lowest tier), counting national rules for every city
    unless the city replaces them. ``on``: only items in force that day."""
    cells: dict[tuple[str, str], tuple[int, str]] = {}
    cities = [c for c in CITIES if c != "national"]
    for city in cities:
        local = [r for r in pack.rules if r.city == city and (on is None or r.in_force(on))]
        replaced = {rid for r in local for rid in r.replaces}
        national = [r for r in pack.rules if r.city == "national" and r.id not in replaced
                    and (on is None or r.in_force(on))]
        items = local + national + [s for s in pack.schemes if s.city == city and (on is None or s.in_force(on))]
        for kind in KINDS:
            hits = [i for i in items if i.kind == kind]
            if hits:
                tiers = [pack.lowest_tier(i.sources) for i in hits]
                cells[(city, kind)] = (len(hits), max(tiers, key=TIER_RANK.__getitem__))
    return cells
