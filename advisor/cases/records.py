"""Consents, issued letters and interview drafts: the records that hang off a case."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlmodel import Session, col, delete, select

from advisor import db
from advisor.cases.base import StoreBase, new_uid
from advisor.cases.consent import SCOPES, Consent
from advisor.cases.errors import CaseNotFound, ConsentWithdrawn, DraftNotFound, InvalidInput
from advisor.cases.models import CaseRecord, CaseVersion, ConsentRecord, Draft, LetterIssued
from advisor.cases.types import ConsentInfo, DraftData, DraftInfo, LetterInfo

HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_DRAFT_BYTES = 2_000_000


class RecordsMixin(StoreBase):
    """Consent, letter and draft operations of CaseStore."""

    # ------------------------------------------------------------------ consent
    def _case_row(self, s: Session, case_id: int) -> CaseRecord:
        rec = s.get(CaseRecord, case_id)
        if rec is None:
            raise CaseNotFound(case_id)
        return rec

    def _consent_state(self, s: Session, case_id: int) -> dict[str, str]:
        latest: dict[str, ConsentRecord] = {}
        for c in s.exec(select(ConsentRecord).where(ConsentRecord.case_id == case_id).order_by(ConsentRecord.id)):
            latest[c.scope] = c
        state = {}
        for scope, c in latest.items():
            if c.withdrawn_at:
                state[scope] = "withdrawn"
            elif c.notice_version != self.settings.notice_version:
                state[scope] = "outdated"
            else:
                state[scope] = "active"
        return state

    def _add_consent(self, s: Session, rec: CaseRecord, consent: Consent, worker: str) -> str:
        consent.validate()
        uid = new_uid()
        guardian = consent.guardian()
        enc = None
        if guardian is not None:
            enc = self._need_cipher().encrypt_json(guardian, table="consent_record", column="guardian_enc", row=uid)
        assert rec.id is not None
        s.add(ConsentRecord(uid=uid, case_id=rec.id, scope=consent.scope, subject=consent.subject,
                            notice_version=consent.notice_version, lang=consent.lang, obtained_at=self._now(),
                            worker=worker, guardian_enc=enc))
        self._audit(s, worker, "consent.record", f"case:{rec.id}", f"scope={consent.scope}")
        return uid

    def _refuse_if_withdrawn(self, s: Session, case_id: int) -> None:
        withdrawn = [k for k, v in self._consent_state(s, case_id).items() if v == "withdrawn"]
        if withdrawn:
            raise ConsentWithdrawn(sorted(withdrawn))

    def record_consent(self, case_id: int, consent: Consent, worker: str) -> str:
        """Record a consent for an existing case (also a renewed one after a withdrawal); its id."""
        self._check_worker(worker)
        with self._write() as s:
            return self._add_consent(s, self._case_row(s, case_id), consent, worker)

    def withdraw_consent(self, case_id: int, scope: str, worker: str) -> int:
        """Mark a scope's consent withdrawn: edits and letters stop, export and deletion stay possible."""
        self._check_worker(worker)
        if scope not in SCOPES:
            raise InvalidInput(f"未知的同意范围：{scope}", f"unknown consent scope: {scope}")
        with self._write() as s:
            self._case_row(s, case_id)
            open_ = list(s.exec(select(ConsentRecord).where(ConsentRecord.case_id == case_id,
                                                            ConsentRecord.scope == scope,
                                                            col(ConsentRecord.withdrawn_at).is_(None))))
            now = self._now()
            for c in open_:
                c.withdrawn_at = now
                c.withdrawn_by = worker
                s.add(c)
            self._audit(s, worker, "consent.withdraw", f"case:{case_id}", f"scope={scope};n={len(open_)}")
            return len(open_)

    def consent_status(self, case_id: int) -> dict[str, str]:
        """scope → ``active`` | ``withdrawn`` | ``outdated`` (notice version changed since)."""
        with self._read() as s:
            self._case_row(s, case_id)
            return self._consent_state(s, case_id)

    def consents(self, case_id: int, *, reveal: bool = False) -> list[ConsentInfo]:
        """A case's consent records, oldest first (guardian details decrypted only with ``reveal``)."""
        with self._read() as s:
            self._case_row(s, case_id)
            rows = list(s.exec(select(ConsentRecord).where(ConsentRecord.case_id == case_id)
                               .order_by(ConsentRecord.id)))
        out = []
        for c in rows:
            guardian = None
            if reveal and c.guardian_enc is not None:
                guardian = self._need_cipher().decrypt_json(c.guardian_enc, table="consent_record",
                                                            column="guardian_enc", row=c.uid)
            out.append(ConsentInfo(c.uid, c.scope, c.subject, c.notice_version, c.lang, c.obtained_at, c.worker,
                                   c.withdrawn_at, c.withdrawn_by, guardian))
        return out

    # ------------------------------------------------------------------ letters
    def record_letter(self, case_id: int, worker: str, *, template: str, lang: str, rule_pack_version: str,
                      rule_pack_sha256: str, as_of: date | str, pdf_sha256: str,
                      input_sha256: str | None = None, pdf_bytes: bytes | None = None) -> str:
        """Record a printed letter (refused once consent is withdrawn); its id."""
        self._check_worker(worker)
        for value in [rule_pack_sha256, pdf_sha256] + ([input_sha256] if input_sha256 else []):
            if not HEX64.match(value):
                raise InvalidInput("哈希值应为 64 位十六进制", "hashes must be 64 lowercase hex digits")
        if lang not in ("zh", "en") or not template or len(template) > 80 or len(rule_pack_version) > 40:
            raise InvalidInput("信函信息无效", "invalid letter details")
        as_of_text = as_of.isoformat() if isinstance(as_of, date) else date.fromisoformat(as_of).isoformat()
        uid = new_uid()
        pdf_enc = None
        if pdf_bytes is not None:
            pdf_enc = self._need_cipher().encrypt(pdf_bytes, table="letter_issued", column="pdf_enc", row=uid)
        with self._write() as s:
            rec = self._case_row(s, case_id)
            self._refuse_if_withdrawn(s, case_id)
            if input_sha256 is None:
                current = s.exec(select(CaseVersion).where(CaseVersion.case_id == case_id,
                                                           CaseVersion.version == rec.version)).one()
                input_sha256 = current.case_sha256
            s.add(LetterIssued(uid=uid, case_id=case_id, case_version=rec.version, issued_at=self._now(),
                               worker=worker, template=template, lang=lang, rule_pack_version=rule_pack_version,
                               rule_pack_sha256=rule_pack_sha256, as_of=as_of_text, input_sha256=input_sha256,
                               pdf_sha256=pdf_sha256, pdf_enc=pdf_enc))
            self._audit(s, worker, "letter.record", f"case:{case_id}", f"letter={uid}")
        return uid

    def letters(self, case_id: int) -> list[LetterInfo]:
        """Letters issued for a case, oldest first."""
        with self._read() as s:
            rows = list(s.exec(select(LetterIssued).where(LetterIssued.case_id == case_id).order_by(LetterIssued.id)))
        return [LetterInfo(r.uid, r.case_id, r.case_version, r.issued_at, r.worker, r.template, r.lang,
                           r.rule_pack_version, r.rule_pack_sha256, r.as_of, r.input_sha256, r.pdf_sha256,
                           r.pdf_enc is not None) for r in rows]

    def letter_copy(self, letter_id: str) -> bytes | None:
        """The cached PDF of a letter, decrypted (None when no copy was kept)."""
        with self._read() as s:
            r = s.exec(select(LetterIssued).where(LetterIssued.uid == letter_id)).first()
        if r is None or r.pdf_enc is None:
            return None
        return self._need_cipher().decrypt(r.pdf_enc, table="letter_issued", column="pdf_enc", row=r.uid)

    # ------------------------------------------------------------------ drafts
    def save_draft(self, worker: str, payload: Any, *, step: str = "", draft_id: str | None = None,
                   case_id: int | None = None) -> str:
        """Autosave an unfinished interview (encrypted, durable on return); the draft id."""
        self._check_worker(worker)
        cipher = self._need_cipher()
        if len(step) > 40:
            raise InvalidInput("步骤名太长", "step name too long")
        uid = draft_id or new_uid()
        enc = cipher.encrypt_json(payload, table="draft", column="payload_enc", row=uid)
        if len(enc) > MAX_DRAFT_BYTES:
            raise InvalidInput("草稿过大", "draft too large")
        now = self._now()
        with self._write() as s:
            row = s.exec(select(Draft).where(Draft.uid == uid)).first()
            if row is None:
                if draft_id is not None:
                    raise DraftNotFound(draft_id)
                if case_id is not None:
                    self._case_row(s, case_id)
                s.add(Draft(uid=uid, worker=worker, case_id=case_id, step=step, payload_enc=enc,
                            created_at=now, updated_at=now))
                self._audit(s, worker, "draft.create", f"draft:{uid}", f"case={case_id or 0}")
            else:
                row.payload_enc = enc
                row.step = step
                row.updated_at = now
                s.add(row)
        return uid

    def load_draft(self, draft_id: str) -> DraftData:
        """A draft with its answers decrypted."""
        with self._read() as s:
            row = s.exec(select(Draft).where(Draft.uid == draft_id)).first()
        if row is None:
            raise DraftNotFound(draft_id)
        payload = self._need_cipher().decrypt_json(row.payload_enc, table="draft", column="payload_enc", row=row.uid)
        return DraftData(row.uid, row.worker, row.case_id, row.step, row.created_at, row.updated_at, payload)

    def list_drafts(self, worker: str | None = None) -> list[DraftInfo]:
        """Unfinished interviews (a worker's, or all), newest first — offer them for recovery at start."""
        query = select(Draft).order_by(col(Draft.updated_at).desc())
        if worker is not None:
            query = query.where(Draft.worker == worker)
        with self._read() as s:
            return [DraftInfo(r.uid, r.worker, r.case_id, r.step, r.created_at, r.updated_at) for r in s.exec(query)]

    def discard_draft(self, draft_id: str, worker: str) -> None:
        """Delete a draft for real (secure_delete + WAL truncation)."""
        self._check_worker(worker)
        with self._write() as s:
            gone = s.exec(delete(Draft).where(col(Draft.uid) == draft_id)).rowcount
            if not gone:
                raise DraftNotFound(draft_id)
            self._audit(s, worker, "draft.discard", f"draft:{draft_id}")
        db.checkpoint_truncate(self._write_engine)
