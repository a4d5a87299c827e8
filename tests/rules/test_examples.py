"""Every example case evaluates to a result that follows the result format."""

import pytest

from advisor.domain.result import validate_result
from advisor.domain.validation import load_case_file
from advisor.rules.engine import evaluate
from tests.conftest import example_case_paths


@pytest.mark.parametrize("path", example_case_paths(), ids=lambda p: p.stem)
def test_result_validates(path, pack):
    case = load_case_file(path)
    result = evaluate(case, pack)
    validate_result(result)
    for option in result["options"]:
        assert option["sources"], option["rule_id"]
        for src in option["sources"]:
            assert src["tier"] in ("primary", "secondary", "unverified")


def test_beijing_points_entry(pack):
    path = next(p for p in example_case_paths() if p.stem == "beijing-courier-family")
    result = evaluate(load_case_file(path), pack)
    entry = next(p for p in result["points"] if p["kind"] == "points.hukou")
    assert entry["scheme"] == "bj.points.2020"
    assert entry["preconditions_met"] is True
    # 2017-01 .. 2025-12 Beijing insurance = 9 years x 3; rented registered home capped at 9 years x 0.5; age 20
    assert entry["total"] == 51.5
    assert entry["threshold"] == {"value": 119.92, "year": 2026, "tier": "secondary", "type": "last_cutoff",
                                  "label": None}
    assert entry["gap"] == 68.42
    assert [p["year"] for p in entry["projection"]] == [2027, 2028, 2029, 2030, 2031]
    assert entry["total_is_partial"] is True  # innovation points and tax are unknown
    assert {"extra.bj_innovation_points", "work.income_tax_paid"} <= set(entry["missing_facts"])
    kinds = {o["kind"] for o in result["options"]}
    assert "residence_permit.endorse" in kinds
