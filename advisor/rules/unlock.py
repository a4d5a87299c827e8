"""The unlock path: which action opens the most options for this family.

Each action of the pack (get a residence permit, register the lease, join employee insurance…) is
applied to a copy of the case, the case is evaluated again, and the options whose status improves
are listed. Nothing here is a rule: the gains come from the same engine and rules.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from advisor.domain.case import Case
from advisor.rules.conditions import evaluate as eval_condition
from advisor.rules.context import Ctx
from advisor.rules.engine import evaluate
from advisor.rules.pack import Pack
from advisor.rules.whatif import ChangeError, apply_changes

_RANK = {"not_eligible": 0, "needs_info": 1, "eligible_later": 2, "eligible": 3}


def _fill(value: Any, on: date, city: str) -> Any:
    if isinstance(value, str):
        return {"$as_of": on.isoformat(), "$as_of_month": on.strftime("%Y-%m"), "$city": city}.get(value, value)
    if isinstance(value, dict):
        return {k: _fill(v, on, city) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, on, city) for v in value]
    return value


def improved(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """Options (and points preconditions) that get better from one result to the other."""
    old = {(o["rule_id"], o["subject"]): o for o in before["options"]}
    out = []
    for o in after["options"]:
        prev = old.get((o["rule_id"], o["subject"]))
        if prev is None:
            continue
        gain = _RANK[o["status"]] - _RANK[prev["status"]]
        earlier = (prev["status"] == o["status"] == "eligible_later"
                   and o["eligible_from"] and prev["eligible_from"] and o["eligible_from"] < prev["eligible_from"])
        if gain > 0 or earlier:
            out.append({"kind": o["kind"], "subject": o["subject"], "rule_id": o["rule_id"], "title": o["title"],
                        "subject_name": o.get("subject_name"), "before": prev["status"], "after": o["status"],
                        "eligible_from": o["eligible_from"]})
    return out


def rank_actions(case: Case, pack: Pack, on: date, base: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Actions that would improve at least one option, best first (most options opened)."""
    base = base or evaluate(case, pack, on)
    ctx = Ctx(case, pack, on)
    out = []
    for action in pack.actions:
        if action.city not in ("national", case.city):
            continue
        if any(eval_condition(c, ctx).met is False for c in action.when):
            continue
        try:
            changed = apply_changes(case, _fill(action.set, on, case.city))
        except (ChangeError, ValueError):
            continue
        gains = improved(base, evaluate(changed, pack, on))
        if gains:
            out.append({"id": action.id, "text": {"zh": action.text.zh, "en": action.text.en},
                        "how": {"zh": action.how.zh, "en": action.how.en} if action.how else None,
                        "opens": gains, "count": len(gains)})
    out.sort(key=lambda a: (-a["count"], a["id"]))
    return out
