"""C38 the audit log is append-only, hash-chained and free of personal data."""

from __future__ import annotations

import sqlite3

import pytest

from advisor.cases import audit
from tests.cases.conftest import MARKER_ID, MARKER_NOTE, all_consents, family_case, find_markers


def _actions(store):
    cid = store.save_case(family_case("MARKER_AUDIT_赵", id_number=MARKER_ID, notes=MARKER_NOTE), "w1",
                          consents=all_consents())
    store.get_case(cid, "w2")
    store.export_person(cid, "w2")
    store.withdraw_consent(cid, "health", "w1")
    return cid


def test_log_records_who_did_what_with_ids_only(store, db_path):
    cid = _actions(store)
    with sqlite3.connect(db_path) as raw:
        rows = list(raw.execute("SELECT worker, action, target, detail FROM audit_log ORDER BY id"))
    assert ("w2", "case.view", f"case:{cid}", "v=1") in rows
    assert ("w2", "case.export", f"case:{cid}", "") in rows
    text = repr(rows)
    for marker in ("MARKER_AUDIT_赵", MARKER_ID, MARKER_NOTE, MARKER_ID[-4:]):
        assert marker not in text
    assert store.verify_audit() == []


def test_update_and_delete_are_refused(store, db_path):
    _actions(store)
    with sqlite3.connect(db_path) as raw:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("UPDATE audit_log SET worker = 'x' WHERE id = 2")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute("DELETE FROM audit_log WHERE id = 2")


def test_chain_pinpoints_an_edit_made_with_triggers_dropped(store, db_path):
    _actions(store)
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("UPDATE audit_log SET worker = 'mallory' WHERE id = 3")
    assert store.verify_audit() == [3]


def test_chain_pinpoints_a_deleted_entry(store, db_path):
    _actions(store)
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TRIGGER audit_log_no_delete")
        raw.execute("DELETE FROM audit_log WHERE id = 4")
    assert store.verify_audit() == [5]


def test_entries_refuse_free_text(store):
    with pytest.raises(ValueError), store._write() as s:
        audit.append(s, at="t", worker="w1", action="case.view", target="case:1", detail="张三")
    with pytest.raises(ValueError), store._write() as s:
        audit.append(s, at="t", worker="w1", action="made.up")
    assert find_markers(store.path.parent, ["张三"]) == []
