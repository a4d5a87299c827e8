"""The YAML scenario tests beside the rules, run by pytest as well as by ``advisor rules test``."""

import pytest

from advisor.rules.loader import load_scenarios
from advisor.rules.scenarios import check_scenario
from tests.conftest import RULES

SCENARIOS = [(rel, sc) for rel, sf in load_scenarios(RULES).items() for sc in sf.scenarios]


def test_there_are_scenarios():
    assert len(SCENARIOS) >= 1


@pytest.mark.parametrize("rel,scenario", SCENARIOS, ids=[f"{r}::{s.name}" for r, s in SCENARIOS])
def test_scenario(pack, rel, scenario):
    res = check_scenario(scenario, pack, RULES / "tests", rel)
    assert res.passed, "\n".join(res.failures)
