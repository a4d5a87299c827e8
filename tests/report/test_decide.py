"""The report evaluates with ``evaluate(detail=False)``: it must decide exactly as the full evaluation.

These tests compare every field the report reads, on every example case, every scenario of the bundled
pack (on its own date) and 1,000 synthetic households.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from advisor.domain.validation import parse_case
from advisor.report.figures import case_figures
from advisor.rules.engine import evaluate
from advisor.rules.loader import load_scenarios
from tests.conftest import RULES, example_case_paths
from tests.report.synth import generate


def decide(case, pack, on):
    """What the report uses."""
    return evaluate(case, pack, on, detail=False)

COND_FIELDS = ("id", "met", "actual", "required", "unit", "earliest", "required_then", "missing_facts")


def _options(result):
    out = {}
    for o in result["options"]:
        out[(o["rule_id"], o["subject"])] = (o["kind"], o["status"], o["eligible_from"], o["missing_facts"],
                                             [tuple(c.get(f) for f in COND_FIELDS) for c in o["conditions"]])
    return out


def _points(result):
    return {p["scheme"]: (p["kind"], p["status"], p["eligible_from"], p["missing_facts"],
                          [tuple(c.get(f) for f in COND_FIELDS) for c in p["preconditions"]])
            for p in result["points"]}


def assert_same(case, pack, on: date) -> None:
    full, lean = evaluate(case, pack, on), decide(case, pack, on)
    assert _options(lean) == _options(full)
    assert _points(lean) == _points(full)
    assert lean["missing_facts"] == full["missing_facts"]
    assert lean["rules"]["sha256"] == full["rules"]["sha256"] and lean["as_of"] == full["as_of"]
    kw = {"city": case.city, "domains": case.domains(), "in_scope": True}
    assert case_figures(lean, **kw) == case_figures(full, **kw)


def _scenarios():
    out = []
    for file, sf in load_scenarios(RULES).items():
        for sc in sf.scenarios:
            data = sc.case if sc.case is not None else json.loads((RULES / "tests" / sc.case_file).read_text("utf-8"))
            out.append(pytest.param(data, sc.as_of, id=f"{file}:{sc.name}"[:90]))
    return out


@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_examples(pack, path):
    case = parse_case(json.loads(path.read_text("utf-8")))
    for on in (case.as_of.start(), date(2024, 7, 10), date(2027, 9, 1)):
        assert_same(case, pack, on)


@pytest.mark.parametrize(("data", "as_of"), _scenarios())
def test_scenarios(pack, data, as_of):
    assert_same(parse_case(data), pack, date.fromisoformat(as_of))


def test_synthetic_households(pack):
    for family in generate(1000, seed=99):
        version = family.versions[-1]
        assert_same(parse_case(version.data), pack, version.evaluation_date)


def test_stored_json_validates_as_parse_case_does():
    """The report validates the stored canonical JSON straight from bytes: the same cases, the same
    model objects as ``parse_case`` on the decoded object; invalid files give None, not an error."""
    from advisor.cases.store import canonical_json
    from advisor.domain.validation import case_to_json_dict
    from advisor.report.work import load

    files = [case_to_json_dict(parse_case(v.data)) for f in generate(400, seed=5) for v in f.versions]
    files += [case_to_json_dict(parse_case(json.loads(p.read_text("utf-8")))) for p in example_case_paths()]
    for data in files:
        assert load(canonical_json(data)) == parse_case(data)
    assert load(b'{"format": "advisor-case/1", "city": "paris"}') is None
    assert load(b"not json") is None
    assert load({"format": "advisor-case/1", "city": "paris"}) is None
