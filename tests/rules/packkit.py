"""Build small rule packs in a temp folder for unit tests (real files, real loader)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from advisor.rules.loader import load_pack

ROOT = Path(__file__).resolve().parents[2]
FACTS = ROOT / "resources" / "rules" / "facts.yaml"

class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # packs reject anchors/aliases, so never write them
        return True


MANIFEST = """pack: test-pack
version: "2026.1"
date: "2026-01-01"
schema_version: 1
title: {zh: 测试, en: test}
"""
SOURCES = {"src_p": {"title": "Primary text", "number": "No. 1", "date": "2016-01-01", "tier": "primary"},
           "src_s": {"title": "Secondary report", "tier": "secondary"}}


def rule(conditions, *, rid="t.rule", kind="residence_permit.apply", city="beijing", subject="applicant",
         applies_when=None, effective_from="2000-01-01", effective_to=None):
    """A rule dict with the given conditions."""
    r = {"id": rid, "kind": kind, "city": city, "subject": subject, "title": {"zh": "测试规则", "en": "test rule"},
         "effective_from": effective_from, "verified_on": "2026-01-01", "sources": [{"ref": "src_p"}],
         "conditions": conditions}
    if applies_when:
        r["applies_when"] = applies_when
    if effective_to:
        r["effective_to"] = effective_to
    return r


def write_pack(tmp: Path, content: dict, extra_files: dict[str, str] | None = None) -> Path:
    """A pack folder: manifest, the real facts catalogue, and one content file."""
    root = tmp / "pack"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "pack.yaml").write_text(MANIFEST, encoding="utf-8")
    shutil.copy(FACTS, root / "facts.yaml")
    body = {"sources": dict(SOURCES), **content}
    text = yaml.dump(body, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False)
    (root / "content.yaml").write_text(text, encoding="utf-8")
    for rel, text in (extra_files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def pack_with(tmp: Path, *rules_, params=None, schemes=None):
    """Load a pack holding these rules (and params/schemes)."""
    content = {"rules": list(rules_)}
    if params:
        content["params"] = params
    if schemes:
        content["schemes"] = schemes
    return load_pack(write_pack(tmp, content))
