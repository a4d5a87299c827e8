"""The append-only, hash-chained audit log (reliability.md §4.5, C38): IDs and action codes only.

UPDATE and DELETE are refused by triggers (created by the migrations); the chain makes an edit made
with the triggers dropped visible: ``verify`` names the first entry whose hash no longer fits.
"""

from __future__ import annotations

import hashlib
import json
import re

from sqlmodel import Session, select

from advisor.cases.models import AuditEntry

GENESIS = "0" * 64
# Targets and details may hold ids, codes and counts — never names or free text.
_SAFE = re.compile(r"^[A-Za-z0-9_.,:=;/+ -]*$")

ACTIONS = (
    "key.init", "store.migrate", "case.create", "case.update", "case.view", "case.export", "case.delete",
    "consent.record", "consent.withdraw", "letter.record", "draft.create", "draft.discard",
    "backup.create", "backup.rotate", "backup.restore", "retention.purge", "crypto.fail",
    # accounts and permissions (advisor.cases.accounts / session): user names and codes only
    "centre.setup", "key.slot", "key.recover", "user.create", "user.disable", "user.enable", "user.reset",
    "user.role", "user.password", "login.ok", "login.fail", "login.wait", "logout", "session.lock",
    "session.unlock", "access.denied", "case.assign", "case.unassign",
    "report.read",  # the centre report read every case (filters as codes; aggregates only leave it)
    "recall.read",  # a recall list re-evaluated every case after a rule-pack change (pack hashes and counts)
)


def entry_hash(entry_id: int, at: str, worker: str, action: str, target: str, detail: str, prev: str) -> str:
    """SHA-256 over an entry's fields and the previous entry's hash."""
    payload = json.dumps([entry_id, at, worker, action, target, detail, prev], ensure_ascii=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def append(s: Session, *, at: str, worker: str, action: str, target: str = "", detail: str = "") -> AuditEntry:
    """Add an entry inside the caller's write transaction (BEGIN IMMEDIATE serialises the chain)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action}")
    for value in (worker, target, detail):
        if not _SAFE.match(value):
            raise ValueError("audit entries hold ids and codes only")
    last = s.exec(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()  # type: ignore[union-attr]
    prev = last.row_hash if last else GENESIS
    entry_id = (last.id or 0) + 1 if last else 1
    entry = AuditEntry(id=entry_id, at=at, worker=worker, action=action, target=target, detail=detail,
                       prev_hash=prev, row_hash=entry_hash(entry_id, at, worker, action, target, detail, prev))
    s.add(entry)
    return entry


def verify(s: Session) -> list[int]:
    """Ids of entries that break the chain (empty when the log is intact)."""
    bad: list[int] = []
    prev = GENESIS
    for e in s.exec(select(AuditEntry).order_by(AuditEntry.id)):  # type: ignore[arg-type]
        expected = entry_hash(e.id or 0, e.at, e.worker, e.action, e.target, e.detail, e.prev_hash)
        if e.prev_hash != prev or e.row_hash != expected:
            bad.append(e.id or 0)
        prev = e.row_hash
    return bad
