"""Backups, restore, retention and checks of the case store (reliability.md C08-C12, C37, C38)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import col, delete, select

from advisor import db
from advisor.cases import audit, backup, migrate
from advisor.cases.base import StoreBase, ts
from advisor.cases.errors import BackupInvalid
from advisor.cases.models import CaseRecord, Draft
from advisor.cases.types import PurgeReport


class MaintenanceMixin(StoreBase):
    """Backup, restore, retention purge and integrity checks of CaseStore."""

    def _premigration_backup(self, revision: str) -> Path:
        return backup.make_backup(self._write_engine, self.backup_dir, self._clock(), f"premigrate-{revision}",
                                  migrate.known_revisions())

    @property
    def backup_dir(self) -> Path:
        """Where backups go."""
        return self.settings.backup_dir or self.path.parent / "backups"

    # ------------------------------------------------------------------ backup / restore / retention
    def backup(self, worker: str = "system") -> Path:
        """A verified backup (VACUUM INTO → integrity check → atomic rename), then rotation."""
        self._check_worker(worker)
        made = backup.make_backup(self._write_engine, self.backup_dir, self._clock(),
                                  known=migrate.known_revisions())
        with self._write() as s:
            self._audit(s, worker, "backup.create", f"backup:{made.name[6:28]}")
        self.rotate_backups(worker)
        return made

    def rotate_backups(self, worker: str = "system") -> list[Path]:
        """Apply the backup policy (keep N newest; none older than the retention limit); audit each deletion."""
        deleted = backup.rotate(self.backup_dir, self.settings.backup_keep, self.settings.backup_age_limit(),
                                self._clock())
        if deleted:
            with self._write() as s:
                for p in deleted:
                    self._audit(s, worker, "backup.rotate", f"backup:{p.name[6:28]}")
        return deleted

    def list_backups(self) -> list[Path]:
        """Finished backups, newest first."""
        return backup.list_backups(self.backup_dir)

    def verify_backup(self, path: str | Path) -> list[str]:
        """Problems with a backup ([] when it can be restored; with a key loaded, also decryptable)."""
        return backup.verify_file(Path(path), self._cipher, migrate.known_revisions())

    def restore(self, path: str | Path, worker: str = "system") -> Path | None:
        """Replace the database with a verified backup (the current one goes to quarantine).

        A backup that fails verification raises BackupInvalid and leaves the live database
        byte-identical. The store is reopened on the restored file (migrated if older).
        """
        self._check_worker(worker)
        candidate = Path(path)
        problems = self.verify_backup(candidate)
        if problems:
            raise BackupInvalid(candidate.name, problems)
        self.close()
        moved = backup.restore_file(self.path, candidate, self._clock(), self._cipher, migrate.known_revisions())
        self._read_engine, self._write_engine = db.make_engines(self.path)
        migrate.upgrade(self._write_engine, backup=self._premigration_backup)
        self._audit_alone(worker, "backup.restore", f"backup:{candidate.name[6:28]}")
        return moved

    def purge_expired(self, worker: str = "system", today: date | None = None) -> PurgeReport:
        """Retention: deep-delete expired cases and stale drafts, rotate old backups (idempotent)."""
        today = today or self._today()
        with self._read() as s:
            expired = list(s.exec(select(CaseRecord.id).where(CaseRecord.retain_until < today.isoformat())))
        for case_id in expired:
            self.delete_case(case_id, worker)  # type: ignore[attr-defined]  # CaseStore's deep delete
        cutoff = ts(self._clock() - timedelta(days=self.settings.draft_retention_days))
        with self._write() as s:
            drafts = s.exec(delete(Draft).where(col(Draft.updated_at) < cutoff)).rowcount
            self._audit(s, worker, "retention.purge", "", f"cases={len(expired)};drafts={drafts}")
        if drafts:
            db.checkpoint_truncate(self._write_engine)
        rotated = self.rotate_backups(worker)
        return PurgeReport(len(expired), drafts, len(rotated))

    def verify_audit(self) -> list[int]:
        """Ids of audit entries whose hash chain is broken ([] when the log is intact)."""
        with self._read() as s:
            return audit.verify(s)

    def check(self) -> list[str]:
        """Full integrity check of the live database ([] when sound)."""
        with self._read_engine.connect() as conn:
            problems = db.integrity_check(conn)
            conn.rollback()
        return problems


