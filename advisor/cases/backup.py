"""Backups: VACUUM INTO a partial file → integrity check → fsync → atomic rename; rotation; restore.

A restore copies the candidate next to the live database, verifies the copy (integrity, schema
revision, key fingerprint, one decryptable record), and only then moves the live database and its
sidecars to ``quarantine/`` and renames the copy into place. A bad backup changes nothing (C10-C12);
stale ``-wal``/``-shm`` files are never replayed onto a restored database (C09).
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from advisor import db
from advisor.cases.crypto import FieldCipher
from advisor.cases.errors import BackupInvalid, DecryptionFailed

BACKUP_RE = re.compile(r"^cases-(\d{8}T\d{12}Z)(?:-[a-z0-9-]+)?\.sqlite$")


def stamp(now: datetime) -> str:
    """A sortable UTC timestamp for file names."""
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def backup_time(path: Path) -> datetime | None:
    """When a backup was made, from its name (None: not a backup file)."""
    m = BACKUP_RE.match(path.name)
    if not m:
        return None
    return datetime.strptime(m.group(1), "%Y%m%dT%H%M%S%fZ")


def list_backups(backup_dir: Path) -> list[Path]:
    """Finished backups, newest first (partial files are never listed)."""
    if not backup_dir.is_dir():
        return []
    found = [p for p in backup_dir.iterdir() if p.is_file() and backup_time(p) is not None]
    return sorted(found, key=lambda p: p.name[6:28], reverse=True)


def verify_file(path: Path, cipher: FieldCipher | None = None, known: set[str] | None = None) -> list[str]:
    """Problems that make a backup unusable ([] when it is sound and, given a cipher, readable)."""
    problems = db.check_file(path, full=True)
    if problems:
        return problems
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [f"cannot open: {exc}"]
    try:
        rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if rev is None or (known is not None and rev[0] not in known):
            return [f"unknown schema revision {rev[0] if rev else None}"]
        slot = conn.execute("SELECT key_id FROM key_slot ORDER BY id LIMIT 1").fetchone()  # every slot: one key
        if cipher is None:
            return []
        if slot is not None and slot[0] != cipher.key_id:
            return ["made with a different centre key"]
        row = conn.execute("SELECT r.uid, v.version, v.case_enc FROM case_version v "
                           "JOIN case_record r ON r.id = v.case_id ORDER BY v.id DESC LIMIT 1").fetchone()
        if row is not None:
            cipher.decrypt(row[2], table="case_version", column="case_enc", row=f"{row[0]}:{row[1]}")
        return []
    except sqlite3.Error as exc:
        return [f"not a case-store database: {exc}"]
    except DecryptionFailed:
        return ["records cannot be decrypted with the current key"]
    finally:
        conn.close()


def key_fingerprint(path: Path) -> str | None:
    """The data key's fingerprint (``key_slot.key_id``, not secret) of a database file; None if none."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT key_id FROM key_slot ORDER BY id LIMIT 1").fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def make_backup(engine: Engine, backup_dir: Path, now: datetime, tag: str = "",
                known: set[str] | None = None) -> Path:
    """A verified snapshot in ``backup_dir`` (mode 0600); raises BackupInvalid and leaves no partial file."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(backup_dir, 0o700)
    partial = backup_dir / f".partial-{stamp(now)}.sqlite"
    final = backup_dir / f"cases-{stamp(now)}{'-' + tag if tag else ''}.sqlite"
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)  # VACUUM INTO accepts an empty file
    os.close(fd)
    try:
        db.vacuum_into(engine, partial)
        problems = verify_file(partial, known=known)
        if problems:
            raise BackupInvalid(final.name, problems)
        db.fsync_path(partial)
        os.replace(partial, final)
        db.fsync_path(backup_dir)
    finally:
        partial.unlink(missing_ok=True)
    return final


def rotate(backup_dir: Path, keep: int, max_age_days: int, now: datetime) -> list[Path]:
    """Delete all but the ``keep`` newest backups, and any older than ``max_age_days``; the deleted files."""
    deleted = []
    limit = now.replace(tzinfo=None) - timedelta(days=max_age_days)
    for i, path in enumerate(list_backups(backup_dir)):
        made = backup_time(path)
        if i >= keep or (made is not None and made < limit):
            path.unlink(missing_ok=True)
            deleted.append(path)
    for leftover in backup_dir.glob(".partial-*"):  # from a backup killed half-way
        leftover.unlink(missing_ok=True)
    return deleted


def quarantine(db_path: Path, now: datetime, reason: str) -> Path | None:
    """Move the database and its sidecars into ``quarantine/<time>-<reason>/`` (never deleted or repaired)."""
    files = [p for p in [db_path, *db.sidecars(db_path)] if p.exists()]
    if not files:
        return None
    folder = db_path.parent / "quarantine" / f"{stamp(now)}-{reason}"
    folder.mkdir(parents=True, exist_ok=True)
    for p in files:
        os.replace(p, folder / p.name)
    db.fsync_path(db_path.parent)
    return folder


def restore_file(db_path: Path, backup: Path, now: datetime, cipher: FieldCipher | None = None,
                 known: set[str] | None = None) -> Path | None:
    """Put a verified copy of ``backup`` in place of the (closed) database; returns the quarantine folder."""
    tmp = db_path.with_name(f".restore-{stamp(now)}.partial")
    try:
        try:
            db.copy_file_db(backup, tmp)
        except sqlite3.Error as exc:
            raise BackupInvalid(backup.name, [str(exc)]) from None
        problems = verify_file(tmp, cipher, known)
        if problems:
            raise BackupInvalid(backup.name, problems)
        os.chmod(tmp, 0o600)
        db.fsync_path(tmp)
        moved = quarantine(db_path, now, "before-restore")
        for stale in db.sidecars(db_path):  # a -wal from another database must never be replayed
            stale.unlink(missing_ok=True)
        os.replace(tmp, db_path)
        db.fsync_path(db_path.parent)
        return moved
    finally:
        tmp.unlink(missing_ok=True)
        for side in db.sidecars(tmp):
            side.unlink(missing_ok=True)
