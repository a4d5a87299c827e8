"""The report's figures computed directly: from the synthetic families, with ``engine.evaluate``,
without any of ``advisor.report``'s code — what the published report must agree with."""

from __future__ import annotations

import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advisor.domain.validation import parse_case
from advisor.rules.engine import evaluate

BEST = ["eligible", "eligible_later", "needs_info", "not_eligible"]


@dataclass
class Direct:
    """Exact figures per city (the key "all" is every city together)."""

    served: Counter = field(default_factory=Counter)
    out_of_scope: int = 0
    withdrawn: int = 0
    asked: dict = field(default_factory=lambda: defaultdict(Counter))  # domain -> city -> n
    status: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))  # kind -> city -> st
    blockers: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))  # key -> city -> months
    missing: dict = field(default_factory=lambda: defaultdict(Counter))  # fact -> city -> n
    packs: Counter = field(default_factory=Counter)  # sha -> n

    def cities(self) -> list[str]:
        return [c for c in ("beijing", "shanghai", "guangzhou", "shenzhen", "other") if self.served[c]]

    def total(self, table: dict, *key: str) -> int:
        """A count for the city "all" from the per-city counts."""
        node = table
        for k in key:
            node = node[k]
        return sum(node.values())


def _months(entry: dict[str, Any], on: date) -> int | None:
    required = entry.get("required_then", entry.get("required"))
    if entry.get("unit") == "month" and type(entry.get("actual")) is int and type(required) is int:
        return max(0, required - entry["actual"])
    if entry.get("earliest"):
        e = date.fromisoformat(entry["earliest"])
        if e <= on:
            return 0
        return (e.year - on.year) * 12 + e.month - on.month + (1 if e.day > on.day else 0)
    return None


def _key(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def chosen_versions(families, date_from=None, date_to=None, city=None, district=None):
    """(family, version) counted by the report; and how many families were left out for consent."""
    out, withdrawn = [], 0
    for fam in families:
        if fam.withdrawn:
            withdrawn += 1
            continue
        pick = None
        for v in reversed(fam.versions):
            d = v.evaluation_date
            if (date_from is None or d >= date_from) and (date_to is None or d <= date_to):
                pick = v
                break
        if pick is None:
            continue
        if city is not None and pick.data["city"] != city:
            continue
        if district is not None and _key(pick.data.get("district")) != _key(district):
            continue
        out.append((fam, pick))
    return out, withdrawn


def compute(families, pack_for, **filters) -> Direct:
    """Every figure of the report, the long way."""
    d = Direct()
    chosen, d.withdrawn = chosen_versions(families, **filters)
    for _fam, version in chosen:
        case = parse_case(version.data)
        on = version.evaluation_date
        pack = pack_for(on)
        result = evaluate(case, pack, on)
        city = case.city
        d.served[city] += 1
        d.packs[pack.sha256] += 1
        for dom in case.domains():
            d.asked[dom][city] += 1
        if case.applicant.hukou is not None and case.applicant.hukou.city == case.city:
            d.out_of_scope += 1
            continue
        best: dict[str, str] = {}
        stopped: dict[tuple[str, str], list[int | None]] = {}
        entries = [(o["kind"], o["status"], o["rule_id"], o["conditions"]) for o in result["options"]]
        entries += [(p["kind"], p["status"], p["scheme"], p["preconditions"]) for p in result["points"]]
        for kind, status, owner, conditions in entries:
            if kind not in best or BEST.index(status) < BEST.index(best[kind]):
                best[kind] = status
            if status == "eligible":
                continue
            for c in conditions:
                if c["met"] is False:
                    stopped.setdefault((owner, c["id"]), []).append(_months(c, on))
        for kind, status in best.items():
            d.status[kind][city][status] += 1
        for key, months in stopped.items():
            known = [m for m in months if m is not None]
            d.blockers[key][city].append(min(known) if known else None)
        for fact in set(result["missing_facts"]):
            d.missing[fact][city] += 1
    return d


def median_or_none(months: list[int | None]) -> float | None:
    known = [m for m in months if m is not None]
    return float(statistics.median(known)) if len(known) >= 5 else None
