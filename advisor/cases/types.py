"""What the case store hands back: plain frozen dataclasses (no ORM objects escape the store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.domain.case import Case


@dataclass(frozen=True)
class StoreSettings:
    """Policy settings of a centre (privacy-notice version, retention, backups)."""

    notice_version: str = "2026-1"
    case_retention_days: int = 3 * 365
    draft_retention_days: int = 30
    backup_keep: int = 10
    backup_max_age_days: int | None = None  # None: the case retention period
    backup_dir: Path | None = None  # None: backups/ beside the database

    def backup_age_limit(self) -> int:
        """Backups older than this many days are deleted."""
        return self.backup_max_age_days if self.backup_max_age_days is not None else self.case_retention_days


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list: the ID number only ever appears masked."""

    case_id: int
    uid: str
    name: str | None
    city: str
    district: str | None
    id_masked: str | None
    created_at: str
    updated_at: str
    worker: str
    version: int
    retain_until: str
    damaged: bool = False  # a ciphertext of this row failed authentication (see the audit log)


@dataclass(frozen=True)
class StoredCase:
    """A case as saved: the validated case file plus its bookkeeping."""

    case_id: int
    uid: str
    version: int
    case: Case
    created_at: str
    updated_at: str
    created_by: str
    worker: str
    retain_until: str
    case_sha256: str
    consent: dict[str, str] = field(default_factory=dict)  # scope → active | withdrawn | outdated


@dataclass(frozen=True)
class VersionInfo:
    """One save of a case."""

    version: int
    saved_at: str
    worker: str
    case_sha256: str


@dataclass(frozen=True)
class ConsentInfo:
    """A consent record (guardian details only when decrypted for the person's own export)."""

    consent_id: str
    scope: str
    subject: str
    notice_version: str
    lang: str
    obtained_at: str
    worker: str
    withdrawn_at: str | None
    withdrawn_by: str | None
    guardian: dict[str, str] | None = None


@dataclass(frozen=True)
class LetterInfo:
    """A letter issued for a case (provenance: rule pack, as-of date, hashes)."""

    letter_id: str
    case_id: int
    case_version: int
    issued_at: str
    worker: str
    template: str
    lang: str
    rule_pack_version: str
    rule_pack_sha256: str
    as_of: str
    input_sha256: str
    pdf_sha256: str
    has_copy: bool


@dataclass(frozen=True)
class DraftInfo:
    """An unfinished interview (without its answers)."""

    draft_id: str
    worker: str
    case_id: int | None
    step: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class DraftData(DraftInfo):
    """An unfinished interview with its answers, decrypted."""

    payload: Any = None


@dataclass(frozen=True)
class DeleteReport:
    """What a deep delete removed (row counts per table) and whether the WAL was truncated."""

    case_id: int
    rows: dict[str, int]
    checkpointed: bool


@dataclass(frozen=True)
class PurgeReport:
    """What a retention purge removed."""

    cases: int
    drafts: int
    backups: int
