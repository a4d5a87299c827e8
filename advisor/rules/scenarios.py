"""OpenFisca-style scenario tests stored beside the rules: a case, a date, expected outcomes.

Run by ``advisor rules test`` and by pytest (tests/rules/test_scenarios.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from advisor.domain.validation import CaseError, parse_case
from advisor.rules.engine import evaluate
from advisor.rules.loader import load_scenarios
from advisor.rules.pack import Pack
from advisor.rules.schema import Scenario


@dataclass
class ScenarioResult:
    """The outcome of one scenario."""

    file: str
    name: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures


def _case_data(sc: Scenario, tests_dir: Path) -> Any:
    if sc.case is not None:
        return sc.case
    return json.loads((tests_dir / str(sc.case_file)).read_text("utf-8"))


def check_scenario(sc: Scenario, pack: Pack, tests_dir: Path, file: str = "") -> ScenarioResult:
    """Evaluate one scenario and compare every expectation."""
    res = ScenarioResult(file, sc.name)
    try:
        case = parse_case(_case_data(sc, tests_dir), sc.name)
    except CaseError as exc:
        res.failures.append(f"case does not validate: {exc.message('en')}")
        return res
    result = evaluate(case, pack, date.fromisoformat(sc.as_of))
    for exp in sc.expect_options:
        subjects = (exp.subject,) if exp.subject else ("applicant", "household", "spouse")
        found = [o for o in result["options"] if o["kind"] == exp.kind and o["subject"] in subjects
                 and (exp.rule_id is None or o["rule_id"] == exp.rule_id)]
        label = f"{exp.kind} [{exp.subject or 'applicant/household'}]"
        if exp.status == "absent":
            if found:
                res.failures.append(f"{label}: expected no option, got {found[0]['status']}")
            continue
        if not found:
            res.failures.append(f"{label}: no such option in the result")
            continue
        opt = found[0]
        if opt["status"] != exp.status:
            why = "; ".join(r["en"] for r in opt["reasons"])
            res.failures.append(f"{label}: status {opt['status']} != expected {exp.status} ({why})")
        if exp.eligible_from is not None and opt["eligible_from"] != exp.eligible_from:
            res.failures.append(f"{label}: eligible_from {opt['eligible_from']} != expected {exp.eligible_from}")
        if exp.missing_facts is not None and not set(exp.missing_facts) <= set(opt["missing_facts"]):
            res.failures.append(f"{label}: missing_facts {opt['missing_facts']} lacks {exp.missing_facts}")
    for exp in sc.expect_points:
        found = [p for p in result["points"]
                 if p["kind"] == exp.kind and (exp.scheme is None or p["scheme"] == exp.scheme)]
        if not found:
            res.failures.append(f"points {exp.kind}: no such entry")
            continue
        pts = found[0]
        if exp.total is not None and (pts["total"] is None or abs(pts["total"] - exp.total) > 0.005):
            res.failures.append(f"points {exp.kind}: total {pts['total']} != expected {exp.total}")
        if exp.preconditions_met is not None and pts["preconditions_met"] != exp.preconditions_met:
            res.failures.append(f"points {exp.kind}: preconditions_met {pts['preconditions_met']} "
                                f"!= expected {exp.preconditions_met}")
        if exp.threshold is not None and (pts["threshold"] or {}).get("value") != exp.threshold:
            res.failures.append(f"points {exp.kind}: threshold {pts['threshold']} != expected {exp.threshold}")
        if exp.status is not None and pts["status"] != exp.status:
            res.failures.append(f"points {exp.kind}: status {pts['status']} != expected {exp.status}")
        if exp.eligible_from is not None and pts["eligible_from"] != exp.eligible_from:
            res.failures.append(f"points {exp.kind}: eligible_from {pts['eligible_from']} "
                                f"!= expected {exp.eligible_from}")
        if exp.missing_facts is not None and not set(exp.missing_facts) <= set(pts["missing_facts"]):
            res.failures.append(f"points {exp.kind}: missing_facts {pts['missing_facts']} lacks {exp.missing_facts}")
        if exp.computable is not None and pts["computable"] != exp.computable:
            res.failures.append(f"points {exp.kind}: computable {pts['computable']} != expected {exp.computable}")
    return res


def run_scenarios(pack: Pack, root: str | Path) -> list[ScenarioResult]:
    """Every scenario of a pack folder, evaluated against ``pack``."""
    root = Path(root)
    out = []
    for rel, sf in load_scenarios(root).items():
        for sc in sf.scenarios:
            out.append(check_scenario(sc, pack, root / "tests", rel))
    return out
