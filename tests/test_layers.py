"""Layers point one way: gui → report → (letters, cases) → rules → domain; only advisor/gui imports Qt."""

import ast
import re
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "advisor"
ALLOWED = {
    "domain": {"domain"},
    "rules": {"domain", "rules", "db", "paths"},
    "letters": {"domain", "rules", "letters", "paths"},
    "cases": {"domain", "rules", "cases", "db", "paths"},
    "report": {"domain", "rules", "cases", "letters", "report", "db", "paths"},
    "gui": {"domain", "rules", "letters", "cases", "report", "gui", "db", "paths", "cli"},
    "cli": {"domain", "rules", "letters", "cases", "report", "cli", "db", "paths", "gui"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports(layer):
    folder = PKG / layer
    files = list(folder.rglob("*.py")) if folder.is_dir() else [p for p in [PKG / f"{layer}.py"] if p.exists()]
    for f in files:
        for mod in _imports(f):
            if mod.startswith("advisor."):
                target = mod.split(".")[1]
                assert target in ALLOWED[layer], f"{f.relative_to(PKG)} imports {mod}"
            if mod.split(".")[0] in ("PySide6", "shiboken6") and layer != "gui":
                pytest.fail(f"{f.relative_to(PKG)} imports Qt ({mod})")


BANNED = re.compile(r"import requests|urllib\.request|import httpx|yaml\.load\(|pickle\.loads?\(|"
                    r"(?<![\w.])eval\(|(?<![\w.])exec\(")


def test_no_network_or_unsafe_calls_in_app_code():
    for f in PKG.rglob("*.py"):
        m = BANNED.search(f.read_text("utf-8"))
        assert m is None, f"{f.relative_to(PKG)} uses {m.group(0) if m else ''}"
