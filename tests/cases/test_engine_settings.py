"""C01 pragmas on every connection, C06 write transactions BEGIN IMMEDIATE, C07 foreign keys."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from advisor import db
from advisor.cases.models import CaseRecord, CaseVersion, ConsentRecord, Draft, LetterIssued
from tests.cases.conftest import NOTICE, all_consents, family_case

EXPECTED = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "secure_delete": 1, "trusted_schema": 0}


def _pragmas(raw) -> dict:
    """Pragmas of a pooled DBAPI connection (raw: no BEGIN IMMEDIATE, so five can be open at once)."""
    cur = raw.cursor()
    out = {name: cur.execute(f"PRAGMA {name}").fetchone()[0] for name in [*EXPECTED, "busy_timeout"]}
    cur.close()
    return out


def _assert_pragmas(values: dict) -> None:
    for name, expected in EXPECTED.items():
        assert values[name] == expected, name
    assert values["busy_timeout"] >= 10000


@pytest.mark.parametrize("which", ["read", "write", "make_engine"])
def test_pragmas_on_every_pooled_connection_after_dispose_and_in_threads(tmp_path, which):
    read, write = db.make_engines(tmp_path / "x.db")
    engine = {"read": read, "write": write, "make_engine": db.make_engine(tmp_path / "x.db")}[which]
    for _round in range(2):
        conns = [engine.raw_connection() for _ in range(5)]
        for c in conns:
            _assert_pragmas(_pragmas(c))
        for c in conns:
            c.close()
        engine.dispose()
    seen: list[dict] = []

    def worker():
        c = engine.raw_connection()
        seen.append(_pragmas(c))
        c.close()

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    _assert_pragmas(seen[0])


def _capture(engine) -> list[str]:
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cur, stmt, params, ctx, many: statements.append(stmt.strip().split()[0].upper()
                                                                              + (" IMMEDIATE" if "IMMEDIATE" in stmt
                                                                                 else "")))
    return statements


def test_every_write_transaction_begins_immediate(store):
    statements = _capture(store._write_engine)
    read_statements = _capture(store._read_engine)
    cid = store.save_case(family_case(), "w1", consents=all_consents())
    store.save_case(family_case("张三丰"), "w1", cid)
    store.get_case(cid, "w1")
    d = store.save_draft("w1", {"step": 1})
    store.discard_draft(d, "w1")
    store.withdraw_consent(cid, "health", "w1")
    store.delete_case(cid, "w1")
    # every transaction on the write engine opens with BEGIN IMMEDIATE, and all writes happen in one
    in_tx = False
    for stmt in statements:
        if stmt.startswith("BEGIN"):
            assert stmt == "BEGIN IMMEDIATE"
            in_tx = True
        elif stmt in ("INSERT", "UPDATE", "DELETE"):
            assert in_tx, "a write outside a BEGIN IMMEDIATE transaction"
    assert statements.count("BEGIN IMMEDIATE") >= 7
    # the read engine never writes
    assert not {"INSERT", "UPDATE", "DELETE"} & set(read_statements)


def test_no_busy_upgrade_when_another_connection_commits_in_between(store, db_path):
    """A reader-then-writer transaction would hit SQLITE_BUSY; BEGIN IMMEDIATE takes the lock up front."""
    cid = store.save_case(family_case(), "w1", consents=all_consents())
    other = sqlite3.connect(db_path, timeout=0.1, isolation_level=None)
    with store._write_engine.connect() as conn:
        conn.exec_driver_sql("SELECT COUNT(*) FROM case_record").scalar()  # inside BEGIN IMMEDIATE already
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # the other writer waits instead of sneaking in
        conn.exec_driver_sql("UPDATE case_record SET worker = 'w2' WHERE id = ?", (cid,))
        conn.commit()
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_orphan_child_is_refused(store):
    with store._write_engine.connect() as conn, pytest.raises(IntegrityError):
        conn.execute(text("INSERT INTO case_version (case_id, version, saved_at, worker, case_enc, case_sha256) "
                          "VALUES (999, 1, 'x', 'w', x'00', 'h')"))


def test_delete_cascades_to_declared_children_only(store):
    keep = store.save_case(family_case("李四"), "w1", consents=all_consents())
    gone = store.save_case(family_case("张三"), "w1", consents=all_consents())
    store.save_case(family_case("张三"), "w1", gone)
    for cid in (keep, gone):
        store.save_draft("w1", {"x": cid}, case_id=cid)
        store.record_letter(cid, "w1", template="guidance", lang="zh", rule_pack_version="1", as_of="2026-11-27",
                            rule_pack_sha256="a" * 64, pdf_sha256="b" * 64)
    before = _counts(store)
    report = store.delete_case(gone, "w1")
    after = _counts(store)
    assert report.rows == {"case_record": 1, "case_version": 2, "consent_record": 5, "letter_issued": 1, "draft": 1,
                           "case_assignment": 0}
    for table, n in report.rows.items():
        assert before[table] - after[table] == n, table
    assert after["case_record"] == 1 and store.get_case(keep, "w1").case.applicant.name == "李四"
    assert after["audit_log"] > before["audit_log"]  # the audit trail is kept (and grew)
    assert not store.check()
    assert NOTICE


def _counts(store) -> dict[str, int]:
    from sqlmodel import Session, func, select

    from advisor.cases.models import AuditEntry, CaseAssignment

    with Session(store._read_engine) as s:
        return {m.__tablename__: s.exec(select(func.count()).select_from(m)).one()
                for m in (CaseRecord, CaseVersion, ConsentRecord, LetterIssued, Draft, AuditEntry, CaseAssignment)}
