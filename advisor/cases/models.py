"""Case-store tables (SQLModel, head schema). Every column is classified (``info``: pi_class, purpose).

pi_class: ``none`` (ids, codes, times), ``staff`` (a worker id), ``personal`` (plaintext personal
information kept for search and lists: name, city, district), ``pseudonymous`` (blind indexes and
hashes), ``sensitive`` (always AES-GCM ciphertext: ID numbers, the case file with its notes, health,
criminal-record and children's data, guardian details, drafts, cached letters).
The schema itself is created only by the Alembic migrations in ``advisor/cases/migrations``;
``tests/cases/test_migrations.py`` checks the migrations and these models agree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, Index, MetaData, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
case_metadata = MetaData(naming_convention=NAMING)
PI_CLASSES = ("none", "staff", "personal", "pseudonymous", "sensitive")


class CaseBase(SQLModel, registry=registry(metadata=case_metadata)):
    """Base of the case-store tables (own metadata, so the rules store is not mixed in)."""


def col(pi_class: str, purpose: str, **kw: Any) -> Any:
    """A field carrying its PIPL classification (C33) in the column's ``info``."""
    extra = kw.pop("sa_column_kwargs", {})
    info = {"pi_class": pi_class, "purpose": purpose, "encrypted": pi_class == "sensitive"}
    return Field(sa_column_kwargs={"info": info, **extra}, **kw)


def _id() -> Any:
    return col("none", "row identity", default=None, primary_key=True)


def _uid() -> Any:
    return col("none", "stable random id; binds ciphertext to its row (AAD)", max_length=32, unique=True)


class KeySlot(CaseBase, table=True):
    """The data key, wrapped: ``user:<uid>`` per account (password), ``recovery`` (printed key), and
    ``centre`` (the shared passphrase of stores made before accounts; removed by the first-run setup)."""

    __tablename__ = "key_slot"
    id: int | None = _id()
    slot: str = col("none", "slot name: user:<uid>, recovery (centre: before accounts)", max_length=60, unique=True)
    kdf: str = col("none", "key-derivation function", max_length=20)
    kdf_params: str = col("none", "KDF parameters (JSON)", max_length=200)
    salt: bytes = col("none", "KDF salt")
    wrapped_key: bytes = col("none", "data key encrypted under the slot's key")
    key_id: str = col("none", "fingerprint of the data key (not secret)", max_length=16)
    created_at: str = col("none", "when the slot was made", max_length=32)


class CaseRecord(CaseBase, table=True):
    """One household's case: indexed search columns; the case file itself lives in case_version."""

    __tablename__ = "case_record"
    __table_args__ = (
        Index("ix_case_record_city_updated", "city", "updated_at"),
        Index("ix_case_record_name_key_updated", "name_key", "updated_at"),
        CheckConstraint("length(display_name) <= 100", name="display_name_len"),
        CheckConstraint("length(name_key) <= 200", name="name_key_len"),
        CheckConstraint("version >= 1", name="version_positive"),
    )
    id: int | None = _id()
    uid: str = _uid()
    display_name: str | None = col("personal", "find the family again; name as typed (trimmed)",
                                   default=None, max_length=100)
    name_key: str = col("personal", "search key: NFKC, casefold, separators unified", default="", max_length=200)
    city: str = col("personal", "service city; filters and the centre report", max_length=20)
    district: str | None = col("personal", "district; filters and the centre report", default=None, max_length=100)
    needs: str = col("none", "domains asked about (codes); centre report", default="", max_length=200)
    id_number_enc: bytes | None = col("sensitive", "ID number (encrypted); masked in lists", default=None)
    id_bidx: str | None = col("pseudonymous", "blind index of the whole ID number (dedupe, exact search)",
                              default=None, max_length=32, index=True)
    id_tail_bidx: str | None = col("pseudonymous", "blind index of the ID number's last 4 characters",
                                   default=None, max_length=32, index=True)
    version: int = col("none", "current case_version number", default=1)
    created_at: str = col("none", "first save", max_length=32, index=True)
    updated_at: str = col("none", "last save", max_length=32, index=True)
    created_by: str = col("staff", "worker who created the case", max_length=40)
    worker: str = col("staff", "worker who saved last", max_length=40, index=True)
    retain_until: str = col("none", "retention: purge after this date", max_length=10, index=True)


class CaseVersion(CaseBase, table=True):
    """Each save of a case: the whole case file, encrypted."""

    __tablename__ = "case_version"
    __table_args__ = (UniqueConstraint("case_id", "version"),)
    id: int | None = _id()
    case_id: int = col("none", "the case", foreign_key="case_record.id", ondelete="CASCADE", index=True)
    version: int = col("none", "1, 2, 3… per case")
    saved_at: str = col("none", "when saved", max_length=32)
    worker: str = col("staff", "who saved", max_length=40)
    case_enc: bytes = col("sensitive", "the case file (advisor-case/1 JSON), encrypted")
    case_sha256: str = col("pseudonymous", "hash of the canonical case file (letter provenance)", max_length=64)


class ConsentRecord(CaseBase, table=True):
    """A consent given (and maybe withdrawn) for one scope of processing."""

    __tablename__ = "consent_record"
    id: int | None = _id()
    uid: str = _uid()
    case_id: int = col("none", "the case", foreign_key="case_record.id", ondelete="CASCADE", index=True)
    scope: str = col("none", "general | id_number | health | criminal | guardian", max_length=20)
    subject: str = col("none", "applicant | children", max_length=20)
    notice_version: str = col("none", "privacy notice version shown", max_length=20)
    lang: str = col("none", "language of the notice", max_length=5)
    obtained_at: str = col("none", "when consent was given", max_length=32)
    worker: str = col("staff", "who recorded it", max_length=40)
    guardian_enc: bytes | None = col("sensitive", "guardian name and relation (under-14 consent), encrypted",
                                     default=None)
    withdrawn_at: str | None = col("none", "when withdrawn", default=None, max_length=32)
    withdrawn_by: str | None = col("staff", "who recorded the withdrawal", default=None, max_length=40)


class LetterIssued(CaseBase, table=True):
    """A letter printed for a case: enough to regenerate it exactly and to trace it."""

    __tablename__ = "letter_issued"
    id: int | None = _id()
    uid: str = _uid()
    case_id: int = col("none", "the case", foreign_key="case_record.id", ondelete="CASCADE", index=True)
    case_version: int = col("none", "case version the letter was made from")
    issued_at: str = col("none", "when printed", max_length=32)
    worker: str = col("staff", "who printed", max_length=40)
    template: str = col("none", "letter template id", max_length=80)
    lang: str = col("none", "letter language", max_length=5)
    rule_pack_version: str = col("none", "rule-pack version used", max_length=40)
    rule_pack_sha256: str = col("none", "rule-pack content hash", max_length=64)
    as_of: str = col("none", "evaluation date", max_length=10)
    input_sha256: str = col("pseudonymous", "hash of the case file evaluated", max_length=64)
    pdf_sha256: str = col("pseudonymous", "hash of the PDF printed", max_length=64)
    pdf_enc: bytes | None = col("sensitive", "cached copy of the letter, encrypted (optional)", default=None)


class Draft(CaseBase, table=True):
    """Autosave of an unfinished interview (encrypted), offered for recovery after a crash."""

    __tablename__ = "draft"
    id: int | None = _id()
    uid: str = _uid()
    worker: str = col("staff", "whose interview", max_length=40, index=True)
    case_id: int | None = col("none", "case being edited (None: a new case)", default=None,
                              foreign_key="case_record.id", ondelete="CASCADE", index=True)
    step: str = col("none", "interview page reached", default="", max_length=40)
    payload_enc: bytes = col("sensitive", "the answers so far, encrypted")
    created_at: str = col("none", "first autosave", max_length=32)
    updated_at: str = col("none", "last autosave", max_length=32, index=True)


class AuditEntry(CaseBase, table=True):
    """Append-only, hash-chained log: who did what to which record. IDs and action codes only."""

    __tablename__ = "audit_log"
    id: int | None = _id()
    at: str = col("none", "when", max_length=32)
    worker: str = col("staff", "who", max_length=40)
    action: str = col("none", "action code, e.g. case.create", max_length=40)
    target: str = col("none", "record id, e.g. case:12 (never a name)", default="", max_length=80)
    detail: str = col("none", "codes and counts only", default="", max_length=200)
    prev_hash: str = col("none", "row_hash of the previous entry", max_length=64)
    row_hash: str = col("none", "SHA-256 over this entry and prev_hash", max_length=64)


class Centre(CaseBase, table=True):
    """The centre this store belongs to (one row, written by the first-run setup)."""

    __tablename__ = "centre"
    id: int | None = _id()
    name: str = col("none", "the centre's name (an organisation, not a person)", max_length=100)
    created_at: str = col("none", "when the centre was set up", max_length=32)
    created_by: str = col("staff", "the first administrator's user name", max_length=40)


class UserAccount(CaseBase, table=True):
    """A staff account: role, argon2id password hash, log-in throttling. Never deleted, only disabled."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("role IN ('caseworker', 'admin', 'auditor')", name="role_known"),
        CheckConstraint("failed_count >= 0", name="failed_count_positive"),
    )
    id: int | None = _id()
    uid: str = col("none", "stable random id; binds the user's key slot (AAD)", max_length=32, unique=True)
    username: str = col("staff", "log-in name (lower case; the worker id in the audit log)", max_length=40,
                        unique=True)
    display_name: str = col("staff", "the worker's name as shown in the app", max_length=100)
    role: str = col("none", "caseworker | admin | auditor", max_length=20)
    password_hash: str = col("pseudonymous", "argon2id hash of the password (never the password)", max_length=200)
    disabled: bool = col("none", "a disabled account cannot log in", default=False)
    must_change_password: bool = col("none", "set by a reset: choose a new password at the next log-in",
                                     default=False)
    failed_count: int = col("none", "failed log-ins in a row (progressive delay)", default=0)
    locked_until: str | None = col("none", "no log-in attempt before this time", default=None, max_length=32)
    last_login_at: str | None = col("none", "last successful log-in", default=None, max_length=32)
    created_at: str = col("none", "when the account was made", max_length=32)
    updated_at: str = col("none", "last change of the account", max_length=32)
    created_by: str = col("staff", "administrator who made the account", max_length=40)


class CaseAssignment(CaseBase, table=True):
    """A case shared with a worker besides the one who created it (administrators assign)."""

    __tablename__ = "case_assignment"
    __table_args__ = (UniqueConstraint("case_id", "user_id"),)
    id: int | None = _id()
    case_id: int = col("none", "the case", foreign_key="case_record.id", ondelete="CASCADE", index=True)
    user_id: int = col("none", "the worker it is assigned to", foreign_key="user_account.id", index=True)
    assigned_at: str = col("none", "when assigned", max_length=32)
    assigned_by: str = col("staff", "administrator who assigned it", max_length=40)


CASE_TABLES = [KeySlot, CaseRecord, CaseVersion, ConsentRecord, LetterIssued, Draft, AuditEntry, CaseAssignment]
ACCOUNT_TABLES = [Centre, UserAccount]  # staff data, not about a family: not in the person export
CASCADE_CHILDREN = ("case_version", "consent_record", "letter_issued", "draft", "case_assignment")
