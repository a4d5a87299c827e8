"""Which rules and points schemes a pack change can affect — so a recall list re-evaluates only those.

The engine is pure: an option's status and dates depend only on the case, the date, the rule's own
definition, the dated parameters and facts it reads, the points schemes its ``points_at_least``
conditions score, the other rules of its group (same kind, city and subject: a wait that outlasts a
rule version hands over to its successor), and the local rules that ``replace`` a national one.
Sources, offices, actions, wording and the manifest only change tiers and texts.

``affected(old, new)`` collects the rules and schemes whose result may differ, closed over those
links; ``restrict(pack, impact)`` keeps only them (plus what they need to be evaluated the same
way). Evaluating a case with the two restricted packs gives exactly the affected part of the two
full evaluations — ``tests/rulepacks/test_recall.py`` checks this against full evaluations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from advisor.rules.pack import Pack


@dataclass
class Impact:
    """Ids of rules and schemes whose evaluation may differ; ``cities`` they belong to."""

    rules: set[str] = field(default_factory=set)
    schemes: set[str] = field(default_factory=set)
    cities: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        """True when no option or points entry can change."""
        return not self.rules and not self.schemes

    def touches(self, city: str) -> bool:
        """Whether a case in ``city`` can be affected (national rules apply everywhere)."""
        return "national" in self.cities or city in self.cities


def _body(item: Any) -> Any:
    return json.loads(item.model_dump_json(by_alias=True, exclude_none=True))


def _refs(node: Any, params: set[str], strings: set[str], schemes: set[str]) -> None:
    if isinstance(node, dict):
        if set(node) == {"param"} and isinstance(node["param"], str):
            params.add(node["param"])
        if node.get("type") == "points_at_least" and isinstance(node.get("scheme"), str):
            schemes.add(node["scheme"])
        for v in node.values():
            _refs(v, params, strings, schemes)
    elif isinstance(node, list):
        for v in node:
            _refs(v, params, strings, schemes)
    elif isinstance(node, str):
        strings.add(node)


@dataclass
class _Info:
    body: Any
    params: set[str]
    strings: set[str]
    scheme_refs: set[str]


def _info(item: Any) -> _Info:
    body = _body(item)
    params: set[str] = set()
    strings: set[str] = set()
    schemes: set[str] = set()
    _refs(body, params, strings, schemes)
    return _Info(body, params, strings, schemes)


# What the engine reads of a fact (the rest is interview wording: question, help, labels, page…).
_FACT_FIELDS = ("id", "type", "values", "unit", "derived")


def _param_values(pack: Pack, pid: str) -> Any:
    p = pack.params.get(pid)
    return None if p is None else [(v.from_, v.to, v.value) for v in p.values]


def _fact_core(pack: Pack, fid: str) -> Any:
    f = pack.facts.get(fid)
    return None if f is None else {k: getattr(f, k) for k in _FACT_FIELDS}


def _changed(old: Pack, new: Pack) -> tuple[set[str], set[str]]:
    """(parameters, facts) whose evaluated content differs between the packs (dated values; a fact's
    type, values, unit, derivation) — descriptions, sources and questions only change wording."""
    changed_params = {p for p in set(old.params) | set(new.params) if _param_values(old, p) != _param_values(new, p)}
    changed_facts = {f for f in set(old.facts) | set(new.facts) if _fact_core(old, f) != _fact_core(new, f)}
    return changed_params, changed_facts


_TOTAL_FIELDS = ("computable", "indicators", "floor", "reference")


def same_totals(old: Pack, new: Pack) -> frozenset[str]:
    """Schemes whose points totals are the same in both packs on every date (same indicators, floor,
    reference date, no changed parameter or fact read, no other scheme scored): a recall run computes
    their totals once per household (``advisor.rules.outcomes``). Their thresholds and preconditions
    may still differ."""
    changed_params, changed_facts = _changed(old, new)
    out = set()
    new_schemes = {s.id: s for s in new.schemes}
    for s in old.schemes:
        other = new_schemes.get(s.id)
        if other is None:
            continue
        a = {k: v for k, v in _body(s).items() if k in _TOTAL_FIELDS}
        b = {k: v for k, v in _body(other).items() if k in _TOTAL_FIELDS}
        if a != b:
            continue
        params: set[str] = set()
        strings: set[str] = set()
        schemes: set[str] = set()
        _refs(a, params, strings, schemes)
        if not (params & changed_params or strings & changed_facts or schemes):
            out.add(s.id)
    return frozenset(out)


def affected(old: Pack, new: Pack) -> Impact:
    """The rules and schemes whose results may differ between the two packs."""
    impact = Impact()
    if old.sha256 == new.sha256:
        return impact
    changed_params, changed_facts = _changed(old, new)
    packs = (old, new)
    rules = [{r.id: r for r in p.rules} for p in packs]
    schemes = [{s.id: s for s in p.schemes} for p in packs]
    rinfo = [{rid: _info(r) for rid, r in m.items()} for m in rules]
    sinfo = [{sid: _info(s) for sid, s in m.items()} for m in schemes]

    def depends(info: _Info) -> bool:
        return bool(info.params & changed_params) or bool(info.strings & changed_facts)

    # schemes: changed, added, removed, or reading a changed parameter or fact
    for sid in set(schemes[0]) | set(schemes[1]):
        infos = [m.get(sid) for m in sinfo]
        if None in infos or infos[0].body != infos[1].body or any(depends(i) for i in infos if i):  # type: ignore[union-attr]
            impact.schemes.add(sid)
    # schemes scoring other schemes (points_at_least in preconditions), to a fixed point
    kinds = {s.kind: set() for m in schemes for s in m.values()}
    for m in schemes:
        for s in m.values():
            kinds[s.kind].add(s.id)

    def scheme_targets(ref: str) -> set[str]:
        return ({ref} if any(ref in m for m in schemes) else set()) | kinds.get(ref, set())

    grew = True
    while grew:
        grew = False
        for sid in set(schemes[0]) | set(schemes[1]):
            if sid in impact.schemes:
                continue
            refs = set().union(*(i.scheme_refs for i in (m.get(sid) for m in sinfo) if i))
            if any(scheme_targets(r) & impact.schemes for r in refs):
                impact.schemes.add(sid)
                grew = True
    # rules: changed, added, removed, reading a changed parameter/fact, or scoring an affected scheme
    for rid in set(rules[0]) | set(rules[1]):
        infos = [m.get(rid) for m in rinfo]
        if None in infos or infos[0].body != infos[1].body or any(depends(i) for i in infos if i):  # type: ignore[union-attr]
            impact.rules.add(rid)
            continue
        refs = set().union(*(i.scheme_refs for i in infos if i))
        if any(scheme_targets(r) & impact.schemes for r in refs):
            impact.rules.add(rid)
    # close over groups (successor hand-over) and replacements, in both packs
    links: dict[str, set[str]] = {}
    for m in rules:
        groups: dict[tuple[str, str, str], set[str]] = {}
        for r in m.values():
            groups.setdefault((r.kind, r.city, r.subject), set()).add(r.id)
        for r in m.values():
            links.setdefault(r.id, set()).update(groups[(r.kind, r.city, r.subject)])
            for target in r.replaces:
                links[r.id].add(target)
                links.setdefault(target, set()).add(r.id)
    todo = list(impact.rules)
    while todo:
        rid = todo.pop()
        for other in links.get(rid, ()):
            if other not in impact.rules:
                impact.rules.add(other)
                todo.append(other)
    # a rule scoring a scheme needs that scheme in the restricted pack (evaluated the same on both sides)
    for rid in impact.rules:
        for i in (m.get(rid) for m in rinfo):
            if i:
                for ref in i.scheme_refs:
                    impact.schemes |= scheme_targets(ref)
    for m in rules:
        impact.cities |= {r.city for rid, r in m.items() if rid in impact.rules}
    for m in schemes:
        impact.cities |= {s.city for sid, s in m.items() if sid in impact.schemes}
    return impact


def restrict(pack: Pack, impact: Impact) -> Pack:
    """A shallow copy of ``pack`` holding only the affected rules and schemes (same facts, params, sources)."""
    return pack.model_copy(update={"rules": [r for r in pack.rules if r.id in impact.rules],
                                   "schemes": [s for s in pack.schemes if s.id in impact.schemes]})
