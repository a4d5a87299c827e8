"""C30 nothing sensitive in plaintext on disk; C31 crypto fails closed (wrong passphrase, flips, swaps)."""

from __future__ import annotations

import sqlite3

import pytest

from advisor.cases import CaseStore, ConsentRequired, DecryptionFailed, WrongPassphrase
from advisor.cases.crypto import TEST_KDF, FieldCipher, new_data_key
from tests.cases.conftest import (
    MARKER_CHILD,
    MARKER_GUARDIAN,
    MARKER_ID,
    MARKER_NOTE,
    SECRET_MARKERS,
    all_consents,
    family_case,
    find_markers,
    open_store,
    valid_id,
)

MARKER_NAME = "MARKER_NAME_张三_p4"  # the display name is deliberately plaintext (pi_class "personal")


def _fill(store) -> int:
    case = family_case(MARKER_NAME, id_number=MARKER_ID, notes=MARKER_NOTE, child_name=MARKER_CHILD, pregnant=True)
    cid = store.save_case(case, "w1", consents=all_consents(guardian_name=MARKER_GUARDIAN))
    store.save_case(case, "w1", cid)
    store.save_draft("w1", {"notes": MARKER_NOTE, "id": MARKER_ID, "child": MARKER_CHILD}, case_id=cid)
    store.record_letter(cid, "w1", template="g", lang="zh", rule_pack_version="1", rule_pack_sha256="a" * 64,
                        as_of="2026-11-27", pdf_sha256="b" * 64, pdf_bytes=f"%PDF {MARKER_NOTE}".encode())
    return cid


def test_no_marker_in_db_wal_backups_or_errors(store, db_path):
    cid = _fill(store)
    store.backup("w1")
    with pytest.raises(ConsentRequired) as exc:  # an error mentioning the case must not carry its data
        store.save_case(family_case(MARKER_NAME, id_number=MARKER_ID, notes=MARKER_NOTE), "w1")
    assert not any(m in exc.value.message("zh") + exc.value.message("en") for m in [*SECRET_MARKERS, MARKER_NAME])
    folder = db_path.parent
    assert (folder / "cases.db-wal").exists()  # scanned while the WAL still holds the writes
    assert find_markers(folder, SECRET_MARKERS) == []
    # the scan does find what is deliberately plaintext, so it would find the rest if it were there
    assert find_markers(folder, [MARKER_NAME])
    store.close()
    assert find_markers(folder, SECRET_MARKERS) == []
    reopened = open_store(db_path)
    assert reopened.get_case(cid, "w1").case.notes == MARKER_NOTE
    reopened.close()


def test_wrong_passphrase_is_refused(store, db_path):
    store.close()
    with pytest.raises(WrongPassphrase) as exc:
        CaseStore.open(db_path, passphrase="not the passphrase", kdf=TEST_KDF)
    assert exc.value.message("zh") == "密码错误"
    with pytest.raises(WrongPassphrase):
        CaseStore.open(db_path, cipher=FieldCipher(new_data_key()))


def _tamper(db_path, sql, params=()):
    with sqlite3.connect(db_path) as raw:
        raw.execute(sql, params)


def test_flipped_byte_fails_and_is_flagged(store, db_path):
    cid = store.save_case(family_case(id_number=MARKER_ID), "w1", consents=all_consents())
    with sqlite3.connect(db_path) as raw:
        blob = bytearray(raw.execute("SELECT case_enc FROM case_version WHERE case_id = ?", (cid,)).fetchone()[0])
    blob[len(blob) // 2] ^= 0x01
    _tamper(db_path, "UPDATE case_version SET case_enc = ? WHERE case_id = ?", (bytes(blob), cid))
    with pytest.raises(DecryptionFailed) as exc:
        store.get_case(cid, "w1")
    assert "数据校验失败" in exc.value.message("zh")
    assert _audit_actions(db_path)[-1] == ("crypto.fail", f"case:{cid}")


def test_ciphertext_swapped_between_rows_fails(store, db_path):
    a = store.save_case(family_case("甲", id_number=MARKER_ID), "w1", consents=all_consents())
    b = store.save_case(family_case("乙", id_number=valid_id("44030519900101123")), "w1", consents=all_consents())
    with sqlite3.connect(db_path) as raw:
        id_a = raw.execute("SELECT id_number_enc FROM case_record WHERE id = ?", (a,)).fetchone()[0]
        case_a = raw.execute("SELECT case_enc FROM case_version WHERE case_id = ?", (a,)).fetchone()[0]
    _tamper(db_path, "UPDATE case_record SET id_number_enc = ? WHERE id = ?", (id_a, b))
    _tamper(db_path, "UPDATE case_version SET case_enc = ? WHERE case_id = ?", (case_a, b))
    rows = {r.case_id: r for r in store.search()}
    assert rows[b].damaged and rows[b].id_masked is None  # nothing half-shown
    assert not rows[a].damaged and rows[a].id_masked.endswith(MARKER_ID[-4:])
    with pytest.raises(DecryptionFailed):
        store.get_case(b, "w1")
    assert store.get_case(a, "w1").case.applicant.name == "甲"
    assert ("crypto.fail", f"case:{b}") in _audit_actions(db_path)


def test_field_cipher_binds_table_column_and_row():
    c = FieldCipher(new_data_key())
    blob = c.encrypt(b"x", table="t", column="c", row="1")
    assert c.decrypt(blob, table="t", column="c", row="1") == b"x"
    for where in ({"table": "u", "column": "c", "row": "1"}, {"table": "t", "column": "d", "row": "1"},
                  {"table": "t", "column": "c", "row": "2"}):
        with pytest.raises(DecryptionFailed):
            c.decrypt(blob, **where)
    with pytest.raises(DecryptionFailed):
        FieldCipher(new_data_key()).decrypt(blob, table="t", column="c", row="1")
    assert c.blind_index("id", "x") != FieldCipher(new_data_key()).blind_index("id", "x")


def _audit_actions(db_path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as raw:
        return list(raw.execute("SELECT action, target FROM audit_log ORDER BY id"))
