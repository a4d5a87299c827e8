"""C13 migrations preserve every row: the 0.1 fixture upgraded to head; a killed migration changes nothing."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from advisor import db
from advisor.cases import CaseStore, backup, migrate
from advisor.cases.models import case_metadata
from tests.cases.fixture_rev0001 import CASES, FIXTURE, PASSPHRASE
from tests.conftest import ROOT


def _counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as raw:
        names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: raw.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


def _revision(path) -> str:
    with sqlite3.connect(path) as raw:
        return raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]


@pytest.fixture
def old_db(tmp_path):
    path = tmp_path / "data" / "cases.db"
    path.parent.mkdir()
    shutil.copyfile(FIXTURE, path)
    return path


def test_fixture_is_at_the_first_revision_with_rows_everywhere():
    assert _revision(FIXTURE) == "0001"
    counts = _counts(FIXTURE)
    assert all(counts[t] > 0 for t in ("case_record", "case_version", "consent_record", "letter_issued", "draft",
                                        "audit_log", "key_slot"))


def test_upgrade_from_first_schema_keeps_every_row_and_backs_up_first(old_db):
    before = _counts(old_db)
    store = CaseStore.open(old_db, passphrase=PASSPHRASE)
    try:
        assert _revision(old_db) == migrate.head_revision() != "0001"
        after = _counts(old_db)
        assert after["audit_log"] == before["audit_log"] + 1  # exactly the store.migrate entry
        assert {k: v for k, v in after.items() if k in before and k != "audit_log"} == \
               {k: v for k, v in before.items() if k != "audit_log"}
        # 0003 only adds the account tables, empty until the first-run setup
        assert {k: v for k, v in after.items() if k not in before} == \
               {"centre": 0, "user_account": 0, "case_assignment": 0}
        assert not store.check()
        # the automatic pre-migration backup exists, verifies, and is at the old revision
        [pre] = [p for p in store.list_backups() if p.name.endswith("-premigrate-0001.sqlite")]
        assert backup.verify_file(pre, store._cipher) == [] and _revision(pre) == "0001"
        assert _counts(pre) == before
        # data round-trips: every version decrypts, names search, consents and drafts read
        for n, (_uid, name, city, _district, notes, child) in enumerate(CASES, start=1):
            got = store.get_case(n, "w1")
            assert got.case.applicant.name == name and got.case.notes == notes[-1] and got.version == len(notes)
            assert [v.version for v in store.history(n)] == list(range(1, len(notes) + 1))
            assert store.get_case(n, "w1", version=1).case.notes == notes[0]
            assert [c.case_id for c in store.search(name=name, city=city)] == [n]
            guardians = [c.guardian for c in store.consents(n, reveal=True) if c.scope == "guardian"]
            assert guardians == ([{"name": name, "relation": "父母"}] if child else [])
        assert {d.draft_id for d in store.list_drafts()} and store.load_draft(f"{31:032d}").payload["step"] == "family"
        assert store.verify_audit() == []
        # the new CHECK constraints are in force after the rebuild
        with sqlite3.connect(old_db) as raw, pytest.raises(sqlite3.IntegrityError):
            raw.execute("UPDATE case_record SET version = 0 WHERE id = 1")
        # and the old cascade still works on the rebuilt parent table
        assert store.delete_case(1, "w1").rows["case_version"] == 2
    finally:
        store.close()


def test_upgraded_store_moves_to_accounts_with_its_passphrase(old_db):
    """After the upgrade, the first-run setup takes the 0.1 store to personal accounts: the centre
    passphrase opens the data key once, every case still decrypts for the administrator, and the
    shared centre slot is gone (the passphrase no longer opens the live store)."""
    from argon2 import PasswordHasher

    from advisor.cases import AccountPolicy, AccountsRequired, accounts
    from advisor.cases.crypto import TEST_KDF

    policy = AccountPolicy(hasher=PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1), kdf=TEST_KDF)
    store = CaseStore.open(old_db)
    try:
        assert accounts.setup_state(store) == "passphrase"
        admin = accounts.setup_centre(store, centre_name="中心", username="admin", display_name="管理员",
                                      password="admin password 1", passphrase=PASSPHRASE, policy=policy).session
        for n, (_uid, name, *_rest) in enumerate(CASES, start=1):
            assert admin.get_case(n).case.applicant.name == name
        assert {c.case_id for c in admin.search()} == set(range(1, len(CASES) + 1))
        assert admin.verify_audit() == []
        with sqlite3.connect(old_db) as raw:
            assert [r[0] for r in raw.execute("SELECT slot FROM key_slot WHERE slot = 'centre'")] == []
        admin.logout()
    finally:
        store.close()
    with pytest.raises(AccountsRequired):
        CaseStore.open(old_db, passphrase=PASSPHRASE)


def test_head_schema_matches_the_models(tmp_path):
    engine = db.make_engine(tmp_path / "fresh.db")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), case_metadata)
        conn.rollback()
    engine.dispose()
    assert diffs == []


def test_downgrade_and_upgrade_again_keep_rows(old_db):
    engine = db.make_engine(old_db)
    before = _counts(old_db)
    migrate.upgrade(engine)
    from alembic import command

    cfg = migrate.alembic_config()
    with engine.connect() as conn:
        db.set_foreign_keys(conn, False)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
        db.set_foreign_keys(conn, True)
    assert _revision(old_db) == "0001" and _counts(old_db) == before
    engine.dispose()


KILLER = textwrap.dedent("""
    import sys, time
    from sqlalchemy import event
    from advisor import db
    from advisor.cases import migrate
    engine = db.make_engine(sys.argv[1])

    @event.listens_for(engine, "after_cursor_execute")
    def pause(conn, cursor, statement, *args):
        if statement.strip().upper().startswith("DROP TABLE CASE_RECORD"):
            print("MID", flush=True)
            time.sleep(60)

    migrate.upgrade(engine)
""")


def test_migration_killed_half_way_leaves_the_old_revision(old_db):
    before = _counts(old_db)
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(old_db)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "MID"  # parent table dropped, uncommitted
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert _revision(old_db) == "0001"
    assert _counts(old_db) == before
    assert db.check_file(old_db, full=True) == []
    store = CaseStore.open(old_db, passphrase=PASSPHRASE)  # and a normal start then migrates fine
    try:
        assert _revision(old_db) == migrate.head_revision() and store.count() == len(CASES)
    finally:
        store.close()


def test_restoring_an_old_backup_migrates_it(tmp_path):
    live = tmp_path / "data" / "cases.db"
    store = CaseStore.open(live, passphrase=PASSPHRASE)  # a fresh store under the same passphrase is not enough…
    store.close()
    live.unlink()
    backup.restore_file(live, FIXTURE, datetime.now(UTC))
    store = CaseStore.open(live, passphrase=PASSPHRASE)  # …the restored file carries its own key slot
    try:
        assert _revision(live) == migrate.head_revision() and store.count() == len(CASES)
    finally:
        store.close()


def test_the_row_count_check_would_catch_a_cascade(old_db, monkeypatch):
    """Negative control: with foreign keys left on, rebuilding case_record cascades into its children
    (or the FK check refuses the migration) — the guard in the runner is what keeps every row."""
    monkeypatch.setattr(db, "set_foreign_keys", lambda conn, on: None)
    before = _counts(old_db)
    engine = db.make_engine(old_db)
    try:
        migrate.upgrade(engine)
    except migrate.MigrationError:
        assert _revision(old_db) == "0001" and _counts(old_db) == before
    else:
        assert _counts(old_db)["case_version"] < before["case_version"]
    finally:
        engine.dispose()
