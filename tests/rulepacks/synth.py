"""Synthetic stored cases for recall tests and the recall benchmark.

Each case is one of the example households (``tests/data/cases``) with its dates moved: the whole
history shifted by a random number of months, insurance and permit starts jittered, children born
earlier or later, an evaluation date between 2025-01 and 2026-11 (or none: the save date counts),
and now and then an answer left unknown. Every generated file validates; names are random.
``bulk_load`` writes them into a case store in exactly the rows ``CaseStore.save_case`` writes
(one transaction — saving thousands one by one with synchronous=FULL would take minutes).
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from advisor.cases.base import new_uid, ts
from advisor.cases.models import CaseRecord, CaseVersion, ConsentRecord
from advisor.cases.names import name_key
from advisor.cases.store import canonical_json
from advisor.domain.dates import add_months
from advisor.domain.validation import CaseError, parse_case

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "tests" / "data" / "cases").glob("*.json"))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华"
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
NOTICE = "2026-1"


def _shift(text: str, months: int) -> str:
    if len(text) == 7:
        d = add_months(date.fromisoformat(text + "-01"), months)
        return f"{d.year:04d}-{d.month:02d}"
    d = date.fromisoformat(text)
    moved = add_months(d.replace(day=1), months)
    return moved.replace(day=min(d.day, 28)).isoformat()


def _walk(node: Any, fn: Any, key: str = "") -> Any:
    if isinstance(node, dict):
        return {k: _walk(v, fn, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_walk(v, fn, key) for v in node]
    if isinstance(node, str) and _DATE.match(node) and key != "as_of":
        return fn(node, key)
    return node


def synthetic(rng: random.Random, bases: list[dict[str, Any]]) -> dict[str, Any]:
    """One valid case file."""
    for _ in range(20):
        data = copy.deepcopy(rng.choice(bases))
        life = rng.randint(-36, 90)
        kids = rng.randint(-36, 36)

        def move(text: str, key: str, life: int = life, kids: int = kids) -> str:
            months = life
            if key in ("start", "since"):
                months += rng.randint(-24, 24)
            return _shift(text, months)

        data["applicant"] = _walk(data.get("applicant", {}), move)
        for part in ("residence", "work"):
            if part in data:
                data[part] = _walk(data[part], move)
        fam = data.get("family") or {}
        if fam.get("children"):
            fam["children"] = _walk(fam["children"], lambda t, k, kids=kids: _shift(t, kids))
        if "spouse" in fam and isinstance(fam["spouse"], dict):
            fam["spouse"] = _walk(fam["spouse"], move)
        data["family"] = fam
        if rng.random() < 0.85:
            day = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 696))
            data["as_of"] = day.isoformat()
        else:
            data.pop("as_of", None)
        if rng.random() < 0.15 and isinstance(data.get("work"), dict):
            data["work"]["monthly_income"] = None
        data["applicant"]["name"] = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        data["applicant"].pop("id_number", None)
        try:
            parse_case(json.loads(json.dumps(data)))
        except CaseError:
            continue
        return data
    return copy.deepcopy(bases[0])


def generate(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """n case files."""
    rng = random.Random(seed)
    bases = [json.loads(p.read_text("utf-8")) for p in EXAMPLES]
    return [synthetic(rng, bases) for _ in range(n)]


def bulk_load(store: Any, cases: list[dict[str, Any]], start: datetime | None = None) -> list[int]:
    """Insert the cases (one version and a general consent each) in one transaction; their ids."""
    cipher = store._cipher
    assert cipher is not None
    start = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with store._read() as s:
        first = (s.exec(CaseRecord.__table__.select().with_only_columns(CaseRecord.id)
                        .order_by(CaseRecord.id.desc()).limit(1)).first() or (0,))[0] + 1
    records, versions, consents = [], [], []
    for i, data in enumerate(cases):
        cid = first + i
        stamp = ts(start + timedelta(minutes=i * 7))
        uid = new_uid()
        records.append({"id": cid, "uid": uid, "display_name": data["applicant"]["name"],
                        "name_key": name_key(data["applicant"]["name"]), "city": data["city"],
                        "district": data.get("district"), "needs": "", "version": 1, "created_at": stamp,
                        "updated_at": stamp, "created_by": "synth", "worker": "synth", "retain_until": "2031-01-01"})
        versions.append({"case_id": cid, "version": 1, "saved_at": stamp, "worker": "synth",
                         "case_enc": cipher.encrypt_json(data, table="case_version", column="case_enc", row=f"{uid}:1"),
                         "case_sha256": hashlib.sha256(canonical_json(data)).hexdigest()})
        consents.append({"uid": new_uid(), "case_id": cid, "scope": "general", "subject": "applicant",
                         "notice_version": NOTICE, "lang": "zh", "obtained_at": stamp, "worker": "synth"})
    with store._write_engine.begin() as conn:
        conn.execute(CaseRecord.__table__.insert(), records)
        conn.execute(CaseVersion.__table__.insert(), versions)
        conn.execute(ConsentRecord.__table__.insert(), consents)
    return [r["id"] for r in records]


# ----------------------------------------------------------------------------- modified packs
def edit_pack(src: Path, dst: Path, edits: list[tuple[str, str, str]], version: str = "2026.12",
              date_: str = "2026-12-15") -> Path:
    """Copy a pack folder and apply text edits ``(relative file, old, new)`` (each old must occur once)."""
    import shutil

    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    for rel, old, new in edits:
        f = dst / rel
        text = f.read_text("utf-8")
        assert text.count(old) == 1, (rel, old, text.count(old))
        f.write_text(text.replace(old, new), encoding="utf-8")
    manifest = dst / "pack.yaml"
    text = manifest.read_text("utf-8")
    text = re.sub(r'version: "[^"]+"', f'version: "{version}"', text, count=1)
    text = re.sub(r'date: "[^"]+"', f'date: "{date_}"', text, count=1)
    manifest.write_text(text, encoding="utf-8")
    return dst


# A realistic update: Beijing's continuous-insurance requirement for points settlement rises from
# 84 to 96 months from 2029-01-01 (the bundled pack's scenario tests still pass: their families
# qualify before then). Families waiting to qualify after 2028 see their date move. Used by the
# CLI, GUI and recall tests and by the benchmark.
THRESHOLD_EDIT = ("beijing/points.yaml",
                  '      - {from: "2017-01-01", value: 84, source: {ref: bj_points_2016, article: 第4条}}',
                  '      - {from: "2017-01-01", to: "2028-12-31", value: 84, '
                  'source: {ref: bj_points_2016, article: 第4条}}\n'
                  '      - {from: "2029-01-01", value: 96, source: {ref: bj_points_rules_2018}}')
