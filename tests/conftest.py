"""Shared fixtures: the bundled pack, the example cases, an isolated data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.domain.validation import parse_case
from advisor.rules.loader import load_pack

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "resources" / "rules"
EXAMPLES = ROOT.parent / "shared" / "examples" / "cases"
LOCAL_EXAMPLES = ROOT / "tests" / "data" / "cases"


def example_case_paths() -> list[Path]:
    """The shared example cases (falling back to the copies kept in tests/data/cases)."""
    folder = EXAMPLES if EXAMPLES.is_dir() else LOCAL_EXAMPLES
    return sorted(folder.glob("*.json"))


@pytest.fixture(scope="session")
def pack():
    """The bundled rule pack, loaded once."""
    return load_pack(RULES)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test gets its own data folder: nothing touches the user's real store."""
    monkeypatch.setenv("ADVISOR_HOME", str(tmp_path / "home"))


def make_case(**overrides):
    """A minimal valid case, with dotted-path overrides."""
    data = {"format": "advisor-case/1", "city": "beijing", "as_of": "2026-11-27"}
    for path, value in overrides.items():
        node = data
        parts = path.split("__")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    return parse_case(json.loads(json.dumps(data)))
