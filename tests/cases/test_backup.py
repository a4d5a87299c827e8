"""C08 corrupt database at start-up, C09 stale sidecars, C10 online backup, C11 rotation, C12 restore."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import stat
import threading
from datetime import UTC, datetime

import pytest

from advisor.cases import BackupInvalid, CorruptDatabase, backup
from tests.cases.conftest import MARKER_ID, FakeClock, all_consents, family_case, find_markers, open_store


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dump(path) -> dict[str, list]:
    with sqlite3.connect(path) as raw:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(raw.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def test_online_backup_under_load_is_a_consistent_verified_0600_snapshot(store, db_path):
    stop = threading.Event()
    saved: list[int] = []

    def writer():
        i = 0
        while not stop.is_set():
            cid = store.save_case(family_case(f"并发{i}", id_number=MARKER_ID), "w1", consents=all_consents())
            store.save_case(family_case(f"并发{i}"), "w1", cid)
            saved.append(cid)
            i += 1

    t = threading.Thread(target=writer)
    t.start()
    try:
        while len(saved) < 5:
            pass
        made = [store.backup("w9") for _ in range(3)]
    finally:
        stop.set()
        t.join()
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert not backup.verify_file(path, store._cipher)
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            # invariant: each case's versions are complete, and its audit entries are there with it
            for cid, version in raw.execute("SELECT id, version FROM case_record"):
                n = raw.execute("SELECT COUNT(*) FROM case_version WHERE case_id = ?", (cid,)).fetchone()[0]
                assert n == version
            creates = raw.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'case.create'").fetchone()[0]
            assert creates == raw.execute("SELECT COUNT(*) FROM case_record").fetchone()[0]
    assert not list(store.backup_dir.glob(".partial-*"))
    assert find_markers(store.backup_dir, [MARKER_ID]) == []


def test_rotation_keeps_n_newest_and_expires_old_ones_with_audit(tmp_path):
    clock = FakeClock(datetime(2026, 1, 1, 2, 0, tzinfo=UTC))
    s = open_store(tmp_path / "cases.db", clock, backup_keep=7, backup_max_age_days=5)
    try:
        s.save_case(family_case(), "w1", consents=all_consents())
        for _day in range(15):
            s.backup("w1")
            clock.advance(days=1)
        kept = s.list_backups()
        # 7 allowed, but at the last backup (day 15) only days 10-15 are no older than 5 days
        assert [backup.backup_time(p).day for p in kept] == [15, 14, 13, 12, 11, 10]
        with sqlite3.connect(tmp_path / "cases.db") as raw:
            rotated = raw.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'backup.rotate'").fetchone()[0]
        assert rotated == 9
    finally:
        s.close()


def test_restore_good_backup_and_refuse_corrupt_one_byte_identical(store, db_path):
    cid = store.save_case(family_case("备份前"), "w1", consents=all_consents())
    good = store.backup("w1")
    snapshot = _dump(good)
    store.save_case(family_case("备份后"), "w1", cid)
    store.save_case(family_case("新的"), "w1", consents=all_consents())
    # a corrupt "backup" is rejected and the live database does not change by one byte
    bad = good.with_name("cases-20990101T000000000000Z.sqlite")
    data = bytearray(good.read_bytes())
    data[0:16] = b"garbage garbage!"
    bad.write_bytes(bytes(data))
    store.close()
    before = _sha(db_path)
    reopened = open_store(db_path)
    with pytest.raises(BackupInvalid):
        reopened.restore(bad, "w1")
    reopened.close()
    assert _sha(db_path) == before
    # the good one restores exactly (plus the audit entry of the restore itself)
    s = open_store(db_path)
    try:
        moved = s.restore(good, "w1")
        assert moved is not None and (moved / "cases.db").exists()
        after = _dump(db_path)
        for table, rows in snapshot.items():
            if table != "audit_log":
                assert after[table] == rows, table
        assert after["audit_log"][: len(snapshot["audit_log"])] == snapshot["audit_log"]
        assert [c.name for c in s.search()] == ["备份前"] and s.verify_audit() == [] and not s.check()
    finally:
        s.close()


def test_stale_sidecars_are_never_replayed_onto_a_restored_database(store, db_path, tmp_path):
    store.save_case(family_case("正确"), "w1", consents=all_consents())
    good = store.backup("w1")
    store.close()
    other = open_store(tmp_path / "other" / "cases.db")  # a different database with a live WAL
    other.save_case(family_case("错误"), "w1", consents=all_consents())
    stale_wal = (tmp_path / "other" / "cases.db-wal").read_bytes()
    assert stale_wal
    other.close(checkpoint=False)
    db_path.unlink()
    (db_path.parent / "cases.db-wal").write_bytes(stale_wal)
    backup.restore_file(db_path, good, datetime.now(UTC))
    s = open_store(db_path)
    try:
        assert [c.name for c in s.search()] == ["正确"] and not s.check()
    finally:
        s.close()


def _corrupt(path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "header":
        data[0:16] = b"\x00" * 16
    elif how == "middle_page":
        page = 4096
        rng = random.Random(7)
        start = (len(data) // page // 2) * page
        data[start:start + 64] = bytes(rng.randrange(256) for _ in range(64))
    elif how == "truncated":
        data = data[: len(data) // 2 + 100]
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["header", "middle_page", "truncated"])
def test_corrupt_database_at_startup_is_quarantined_and_a_verified_backup_offered(tmp_path, how):
    db_path = tmp_path / "cases.db"
    s = open_store(db_path)
    for i in range(40):
        s.save_case(family_case(f"个案{i}", notes="备注" * 200), "w1", consents=all_consents())
    made = s.backup("w1")
    s.close()
    _corrupt(db_path, how)
    damaged = db_path.read_bytes()
    with pytest.raises(CorruptDatabase) as exc:
        open_store(db_path)
    err = exc.value
    assert err.backup == made and err.quarantined is not None
    assert (err.quarantined / "cases.db").read_bytes() == damaged  # moved, never repaired in place
    assert not db_path.exists()
    assert "已损坏" in err.message("zh")
    backup.restore_file(db_path, err.backup, datetime.now(UTC))
    s = open_store(db_path)
    try:
        assert s.count() == 40 and not s.check()
    finally:
        s.close()
    assert os.stat(db_path).st_mode & 0o077 == 0
