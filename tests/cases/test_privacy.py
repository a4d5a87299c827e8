"""C36 access/deletion really happen, C37 retention purge, C33 every column classified."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from advisor.cases import CaseNotFound
from advisor.cases.models import CASE_TABLES, PI_CLASSES
from tests.cases.conftest import (
    MARKER_CHILD,
    MARKER_GUARDIAN,
    MARKER_ID,
    MARKER_NOTE,
    all_consents,
    family_case,
    find_markers,
    valid_id,
)

MARKER_NAME = "MARKER_DEL_王五_z8"


def _live_files(folder):
    return [folder / "cases.db", folder / "cases.db-wal"]


def _scan_live(db_path, markers):
    hits = []
    for path in _live_files(db_path.parent):
        if path.exists():
            data = path.read_bytes()
            hits += [(path.name, m) for m in markers
                     if any(m.encode(e) in data for e in ("utf-8", "utf-16-le", "utf-16-be"))]
    return hits


def test_deep_delete_leaves_no_trace_in_db_or_wal(store, db_path):
    keep = store.save_case(family_case("留下"), "w1", consents=all_consents())
    case = family_case(MARKER_NAME, id_number=MARKER_ID, notes=MARKER_NOTE, child_name=MARKER_CHILD)
    cid = store.save_case(case, "w1", consents=all_consents(guardian_name=MARKER_GUARDIAN))
    store.save_case(case, "w2", cid)
    store.save_draft("w1", {"name": MARKER_NAME}, case_id=cid)
    store.record_letter(cid, "w1", template="g", lang="zh", rule_pack_version="1", rule_pack_sha256="a" * 64,
                        as_of="2026-11-27", pdf_sha256="b" * 64, pdf_bytes=b"%PDF")
    assert _scan_live(db_path, [MARKER_NAME])  # the plaintext name is there before…
    report = store.delete_case(cid, "w1")
    assert report.checkpointed
    assert _scan_live(db_path, [MARKER_NAME, MARKER_ID[-8:]]) == []  # …and gone after, from .db and -wal
    wal = db_path.parent / "cases.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    with pytest.raises(CaseNotFound):
        store.get_case(cid, "w1")
    assert store.list_drafts() == [] and store.letters(cid) == []
    assert store.get_case(keep, "w1").case.applicant.name == "留下"
    # the audit entry survives, without personal data
    assert ("case.delete", f"case:{cid}") in [(e[0], e[1]) for e in _audit(db_path)]
    assert find_markers(db_path.parent, [MARKER_NAME]) == []


def test_discarded_draft_is_really_gone(store, db_path):
    d = store.save_draft("w1", {"name": MARKER_NAME, "typed": "x" * 3000})
    store.save_case(family_case("别人"), "w1", consents=all_consents())
    store.discard_draft(d, "w1")
    assert store.list_drafts() == []
    store.close()
    assert _scan_live(db_path, [MARKER_NAME]) == []


def test_export_holds_every_personal_column_of_every_table(store):
    cid = store.save_case(family_case(MARKER_NAME, id_number=MARKER_ID, notes=MARKER_NOTE, child_name=MARKER_CHILD),
                          "w1", consents=all_consents(guardian_name=MARKER_GUARDIAN))
    store.save_draft("w1", {"k": "v"}, case_id=cid)
    store.record_letter(cid, "w1", template="g", lang="zh", rule_pack_version="1", rule_pack_sha256="a" * 64,
                        as_of="2026-11-27", pdf_sha256="b" * 64, pdf_bytes=b"%PDF-copy")
    export = store.export_person(cid, "w1")
    sections = {s["id"]: s for s in export["sections"]}
    for model in CASE_TABLES:
        table = model.__table__
        personal = [c.name for c in table.columns if c.info["pi_class"] in ("personal", "sensitive", "staff")]
        if table.name in ("key_slot",):
            assert personal == []
            continue
        assert table.name in sections, table.name
        for row in sections[table.name]["rows"]:
            for name in personal:
                assert name.removesuffix("_enc") in row, (table.name, name)
    text = json.dumps(export, ensure_ascii=False)
    for m in (MARKER_NAME, MARKER_ID, MARKER_NOTE, MARKER_CHILD, MARKER_GUARDIAN):
        assert m in text
    assert sections["case_record"]["rows"][0]["id_number"] == MARKER_ID
    assert sections["case_version"]["rows"][0]["case"]["notes"] == MARKER_NOTE
    assert all(s["title"]["zh"] and s["title"]["en"] for s in export["sections"])


def test_every_column_is_classified():
    for model in CASE_TABLES:
        for column in model.__table__.columns:
            info = column.info
            assert info.get("pi_class") in PI_CLASSES, f"{model.__tablename__}.{column.name}"
            assert info.get("purpose"), f"{model.__tablename__}.{column.name}"
            if info["pi_class"] == "sensitive":
                assert column.name.endswith("_enc") and info["encrypted"]


def test_retention_purge_is_deep_idempotent_and_audited(store, db_path, clock):
    old = store.save_case(family_case("过期", id_number=valid_id("11010519800101123")), "w1",
                          consents=all_consents(), retain_until=date(2026, 12, 31))
    keep = store.save_case(family_case("保留"), "w1", consents=all_consents())
    store.save_draft("w1", {"a": 1}, case_id=old)
    stale = store.save_draft("w1", {"old": True})
    clock.advance(days=31)
    fresh = store.save_draft("w1", {"new": True})
    report = store.purge_expired("w1", today=date(2027, 1, 1))
    assert (report.cases, report.drafts) == (1, 1)
    assert [c.case_id for c in store.search()] == [keep]
    assert [d.draft_id for d in store.list_drafts()] == [fresh] and stale != fresh
    again = store.purge_expired("w1", today=date(2027, 1, 1))
    assert (again.cases, again.drafts) == (0, 0)
    purges = [e for e in _audit(db_path) if e[0] == "retention.purge"]
    assert [p[2] for p in purges] == ["cases=1;drafts=1", "cases=0;drafts=0"]
    assert _scan_live(db_path, ["过期"]) == []


def test_default_retention_follows_the_settings(store):
    cid = store.save_case(family_case(), "w1", consents=all_consents())
    [row] = store.search()
    expected = date(2026, 11, 27) + timedelta(days=store.settings.case_retention_days)
    assert row.case_id == cid and row.retain_until == expected.isoformat()


def _audit(db_path):
    import sqlite3

    with sqlite3.connect(db_path) as raw:
        return list(raw.execute("SELECT action, target, detail FROM audit_log ORDER BY id"))
