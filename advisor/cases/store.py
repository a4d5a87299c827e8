"""CaseStore: open/unlock, save (with consent gating), read, search, deep delete, backup, retention."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import col, delete, select

from advisor import db
from advisor.cases import backup, migrate
from advisor.cases.base import Clock, new_uid, utc_now
from advisor.cases.consent import Consent, required_scopes
from advisor.cases.crypto import FieldCipher, KdfParams, derive_kek, new_data_key, unwrap_key, wrap_key
from advisor.cases.errors import (
    CaseNotFound,
    ConsentRequired,
    ConsentWithdrawn,
    CorruptDatabase,
    DecryptionFailed,
    InvalidInput,
    StoreError,
    WrongPassphrase,
)
from advisor.cases.maintenance import MaintenanceMixin
from advisor.cases.models import CASCADE_CHILDREN, CaseRecord, CaseVersion, Draft, KeySlot, UserAccount
from advisor.cases.names import display_name, name_key
from advisor.cases.records import RecordsMixin
from advisor.cases.types import (
    CaseSummary,
    DeleteReport,
    StoredCase,
    StoreSettings,
    VersionInfo,
)
from advisor.domain.case import Case
from advisor.domain.idnumber import mask_id_number
from advisor.domain.validation import case_to_json_dict, parse_case

if TYPE_CHECKING:
    from advisor.cases.reporting import ReportCase

CENTRE_SLOT = "centre"
MIN_PASSPHRASE = 8
ID_TAIL = 4


def default_path() -> Path:
    """``data_dir()/cases.db``."""
    from advisor.paths import data_dir

    return data_dir() / "cases.db"


def canonical_json(data: Any) -> bytes:
    """The byte form hashed for provenance (sorted keys, compact, UTF-8)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


class CaseStore(MaintenanceMixin, RecordsMixin):
    """The case store. Build it with ``CaseStore.open``; see ``advisor.cases`` for the API overview."""

    # ------------------------------------------------------------------ open / keys / close
    @classmethod
    def open(cls, path: str | Path | None = None, *, passphrase: str | None = None,
             cipher: FieldCipher | None = None, settings: StoreSettings | None = None,
             clock: Clock | None = None, kdf: KdfParams | None = None) -> CaseStore:
        """Check, migrate and open the store; unlock it with a passphrase (first use: sets it) or a cipher.

        Raises CorruptDatabase (after moving the damaged file to quarantine) when the start-up
        quick check fails, WrongPassphrase when the passphrase does not open the centre key.
        """
        path = Path(path) if path is not None else default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        settings = settings or StoreSettings()
        clock = clock or utc_now
        backup_dir = settings.backup_dir or path.parent / "backups"
        if path.exists() and path.stat().st_size > 0:
            problems = db.check_file(path)
            if problems:
                moved = backup.quarantine(path, clock(), "corrupt")
                newest = next((b for b in backup.list_backups(backup_dir)
                               if not backup.verify_file(b, cipher, migrate.known_revisions())), None)
                raise CorruptDatabase(moved, newest, problems)
        new_file = not path.exists()
        read_engine, write_engine = db.make_engines(path)
        if new_file:
            with write_engine.connect() as conn:  # creates the file with the pragmas (WAL) set
                conn.rollback()
            os.chmod(path, 0o600)
        store = cls(path, read_engine, write_engine, cipher=None, settings=settings, clock=clock)
        try:
            outcome = migrate.upgrade(write_engine, backup=store._premigration_backup)
            if outcome.from_revision is not None and outcome.from_revision != outcome.to_revision:
                store._audit_alone("system", "store.migrate", "",
                                   f"from={outcome.from_revision};to={outcome.to_revision}")
            if cipher is not None:
                store.use_cipher(cipher)
            elif passphrase is not None:
                store.unlock(passphrase, kdf=kdf)
        except BaseException:
            store.close(checkpoint=False)
            raise
        return store

    def has_key(self) -> bool:
        """Whether a data key was set up (a centre slot or user accounts); False on first use."""
        with self._read() as s:
            return s.exec(select(KeySlot.id).limit(1)).first() is not None

    def has_accounts(self) -> bool:
        """Whether the first-run setup made user accounts (then only a log-in opens the store)."""
        with self._read() as s:
            return s.exec(select(UserAccount.id).limit(1)).first() is not None

    def unlock(self, passphrase: str, *, kdf: KdfParams | None = None) -> None:
        """Load the centre key with the passphrase; on first use, create the key under it.

        Only for stores without accounts (before the first-run setup, and the store's own tests):
        once accounts exist, AccountsRequired — users log in through ``advisor.cases.accounts.login``.
        """
        with self._read() as s:
            slot = s.exec(select(KeySlot).where(KeySlot.slot == CENTRE_SLOT)).first()
            other_slots = s.exec(select(KeySlot.id).limit(1)).first() is not None
        if self.has_accounts() or (slot is None and other_slots):
            from advisor.cases.auth_errors import AccountsRequired

            raise AccountsRequired()
        if slot is None:
            self._init_key(passphrase, kdf or KdfParams())
            return
        params = KdfParams.from_dict(json.loads(slot.kdf_params))
        dek = unwrap_key(slot.wrapped_key, derive_kek(passphrase, slot.salt, params), CENTRE_SLOT)
        self._cipher = FieldCipher(dek)

    def _init_key(self, passphrase: str, params: KdfParams) -> None:
        if len(passphrase) < MIN_PASSPHRASE:
            raise InvalidInput(f"中心密码至少需要 {MIN_PASSPHRASE} 个字符",
                               f"the centre passphrase needs at least {MIN_PASSPHRASE} characters")
        dek, salt = new_data_key(), os.urandom(16)
        cipher = FieldCipher(dek)
        with self._write() as s:
            if s.exec(select(KeySlot).where(KeySlot.slot == CENTRE_SLOT)).first() is not None:
                raise StoreError("中心密钥已存在", "the centre key already exists")
            s.add(KeySlot(slot=CENTRE_SLOT, kdf="argon2id", kdf_params=json.dumps(params.as_dict()), salt=salt,
                          wrapped_key=wrap_key(dek, derive_kek(passphrase, salt, params), CENTRE_SLOT),
                          key_id=cipher.key_id, created_at=self._now()))
            self._audit(s, "system", "key.init", f"slot:{CENTRE_SLOT}")
        self._cipher = cipher

    def use_cipher(self, cipher: FieldCipher) -> None:
        """Unlock with a key unwrapped elsewhere (e.g. from a user's own key slot)."""
        with self._read() as s:
            slot = s.exec(select(KeySlot).order_by(KeySlot.id).limit(1)).first()
        if slot is not None and slot.key_id != cipher.key_id:
            raise WrongPassphrase()
        self._cipher = cipher

    def close(self, *, checkpoint: bool = True) -> None:
        """Checkpoint the WAL into the database (truncating it) and release every connection."""
        if checkpoint:
            try:
                db.checkpoint_truncate(self._write_engine, attempts=3)
            except Exception:  # noqa: BLE001,S110 - closing must not fail because a checkpoint could not run
                pass
        self._read_engine.dispose()
        self._write_engine.dispose()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ save
    def save_case(self, case: Case | dict[str, Any], worker: str, case_id: int | None = None, *,
                  consents: Sequence[Consent] = (), retain_until: date | None = None,
                  draft_id: str | None = None) -> int:
        """Save a new case (``case_id=None``) or a new version of one; the case id.

        All or nothing: the case row, its version, the consents given and the audit entry commit
        together, and the draft ``draft_id`` (the interview just finished) is deleted with them.
        Raises CaseError (invalid case), ConsentRequired, ConsentWithdrawn, SaveFailed/StoreBusy/DiskFull.
        """
        self._check_worker(worker)
        cipher = self._need_cipher()
        data = case_to_json_dict(case) if isinstance(case, Case) else case
        case = parse_case(json.loads(json.dumps(data)))  # the service validates again (C23)
        data = case_to_json_dict(case)
        for c in consents:
            c.validate()
        today = self._today()
        needed = required_scopes(case, data, today)
        keep_until = (retain_until or today + timedelta(days=self.settings.case_retention_days)).isoformat()
        raw_name = case.applicant.name
        id_number = case.applicant.id_number
        now = self._now()
        with self._write() as s:
            if case_id is None:
                rec = CaseRecord(uid=new_uid(), city=case.city, created_at=now, updated_at=now, created_by=worker,
                                 worker=worker, version=1, retain_until=keep_until)
                s.add(rec)
                s.flush()
            else:
                found = s.get(CaseRecord, case_id)
                if found is None:
                    raise CaseNotFound(case_id)
                rec = found
                rec.version += 1
            assert rec.id is not None
            for c in consents:
                self._add_consent(s, rec, c, worker)
            state = self._consent_state(s, rec.id)
            withdrawn = sorted(k for k, v in state.items() if v == "withdrawn")
            if withdrawn:
                raise ConsentWithdrawn(withdrawn)
            missing = [scope for scope in needed if state.get(scope) != "active"]
            if missing:
                raise ConsentRequired(missing)
            rec.display_name = display_name(raw_name)
            rec.name_key = name_key(raw_name)
            rec.city = case.city
            rec.district = case.district
            rec.needs = ",".join(case.domains())
            rec.updated_at = now
            rec.worker = worker
            if retain_until is not None or case_id is None or rec.retain_until < keep_until:
                rec.retain_until = keep_until
            if id_number:
                rec.id_number_enc = cipher.encrypt_text(id_number, table="case_record", column="id_number_enc",
                                                        row=rec.uid)
                rec.id_bidx = cipher.blind_index("id", id_number)
                rec.id_tail_bidx = cipher.blind_index("id_tail", id_number[-ID_TAIL:])
            else:
                rec.id_number_enc = rec.id_bidx = rec.id_tail_bidx = None
            s.add(rec)
            s.add(CaseVersion(case_id=rec.id, version=rec.version, saved_at=now, worker=worker,
                              case_enc=cipher.encrypt_json(data, table="case_version", column="case_enc",
                                                           row=f"{rec.uid}:{rec.version}"),
                              case_sha256=hashlib.sha256(canonical_json(data)).hexdigest()))
            if draft_id is not None:
                s.exec(delete(Draft).where(col(Draft.uid) == draft_id))
            self._audit(s, worker, "case.create" if case_id is None else "case.update", f"case:{rec.id}",
                        f"v={rec.version}")
            saved_id = rec.id
        return saved_id

    # ------------------------------------------------------------------ read
    def _decrypt_version(self, uid: str, v: CaseVersion) -> dict[str, Any]:
        return self._need_cipher().decrypt_json(v.case_enc, table="case_version", column="case_enc",
                                                row=f"{uid}:{v.version}")

    def get_case(self, case_id: int, worker: str, *, version: int | None = None) -> StoredCase:
        """A case (the current or a given version), decrypted; the view is audit-logged."""
        self._check_worker(worker)
        self._need_cipher()
        with self._read() as s:
            rec = s.get(CaseRecord, case_id)
            if rec is None:
                raise CaseNotFound(case_id)
            v = s.exec(select(CaseVersion).where(CaseVersion.case_id == case_id,
                                                 CaseVersion.version == (version or rec.version))).first()
            if v is None:
                raise CaseNotFound(f"{case_id} v{version}")
            state = self._consent_state(s, case_id)
        try:
            data = self._decrypt_version(rec.uid, v)
        except DecryptionFailed:
            self._audit_alone(worker, "crypto.fail", f"case:{case_id}", f"v={v.version}")
            raise
        self._audit_alone(worker, "case.view", f"case:{case_id}", f"v={v.version}")
        return StoredCase(case_id, rec.uid, v.version, parse_case(data), rec.created_at, rec.updated_at,
                          rec.created_by, rec.worker, rec.retain_until, v.case_sha256, state)

    def history(self, case_id: int) -> list[VersionInfo]:
        """Every save of a case, oldest first."""
        with self._read() as s:
            if s.get(CaseRecord, case_id) is None:
                raise CaseNotFound(case_id)
            rows = s.exec(select(CaseVersion).where(CaseVersion.case_id == case_id).order_by(CaseVersion.version))
            return [VersionInfo(v.version, v.saved_at, v.worker, v.case_sha256) for v in rows]

    def search(self, *, name: str | None = None, id_number: str | None = None, city: str | None = None,
               district: str | None = None, date_from: date | None = None, date_to: date | None = None,
               date_field: str = "updated", worker: str | None = None, limit: int = 50,
               offset: int = 0, scope: Any = None) -> list[CaseSummary]:
        """Cases matching every given filter, most recently saved first; ID numbers masked.

        ``name`` matches anywhere in the normalised name; ``id_number`` is the last 4+ characters
        (or the whole number); dates are inclusive days on ``updated_at`` (or ``created_at``).
        ``scope`` is an extra condition on case_record (``permissions.case_scope``: the cases a user
        may see).
        """
        if not 1 <= limit <= 1000 or offset < 0:
            raise InvalidInput("每页条数应在 1-1000 之间", "limit must be 1-1000")
        if date_field not in ("updated", "created"):
            raise InvalidInput("日期字段应为 updated 或 created", "date_field must be updated or created")
        stamp_col = CaseRecord.updated_at if date_field == "updated" else CaseRecord.created_at
        query = select(CaseRecord.id, CaseRecord.uid, CaseRecord.display_name, CaseRecord.city,
                       CaseRecord.district, CaseRecord.id_number_enc, CaseRecord.created_at, CaseRecord.updated_at,
                       CaseRecord.worker, CaseRecord.version, CaseRecord.retain_until)
        key = name_key(name)
        if scope is not None:
            query = query.where(scope)
        if key and not (id_number or city or district or worker) and date_field == "updated" and scope is None:
            return self._search_name_only(query, key, date_from, date_to, limit, offset)
        if key:
            # As a subquery, the substring test scans the narrow (name_key, updated_at) index, not the
            # table (see benchmarks/bench_case_store.py).
            matching = select(CaseRecord.id).where(col(CaseRecord.name_key).contains(key, autoescape=True))
            query = query.where(col(CaseRecord.id).in_(matching))
        tail = ""
        if id_number:
            tail = "".join(unicodedata.normalize("NFKC", id_number).split()).upper()
            if len(tail) < ID_TAIL:
                raise InvalidInput(f"请至少输入身份证号的后 {ID_TAIL} 位",
                                   f"enter at least the last {ID_TAIL} characters of the ID number")
            cipher = self._need_cipher()
            if len(tail) == 18:
                query = query.where(CaseRecord.id_bidx == cipher.blind_index("id", tail))
            else:
                query = query.where(CaseRecord.id_tail_bidx == cipher.blind_index("id_tail", tail[-ID_TAIL:]))
        if city:
            query = query.where(CaseRecord.city == city)
        if district:
            query = query.where(CaseRecord.district == district)
        if worker:
            query = query.where(CaseRecord.worker == worker)
        if date_from:
            query = query.where(stamp_col >= date_from.isoformat())
        if date_to:
            query = query.where(stamp_col < (date_to + timedelta(days=1)).isoformat())
        query = query.order_by(col(stamp_col).desc(), col(CaseRecord.id).desc())
        post_filter = bool(tail) and ID_TAIL < len(tail) < 18
        if not post_filter:
            query = query.limit(limit).offset(offset)
        with self._read() as s:
            rows = list(s.exec(query))
        out = self._summaries(rows, tail if post_filter else "")
        return out[offset:offset + limit] if post_filter else out

    def _search_name_only(self, query: Any, key: str, date_from: date | None, date_to: date | None,
                          limit: int, offset: int) -> list[CaseSummary]:
        """The common case-list search: match on the covering (name_key, updated_at) index, sort the
        (id, updated_at) pairs here, then fetch only the page — ~10 ms at 100,000 cases however many
        names match (benchmarks/bench_case_store.py)."""
        low = date_from.isoformat() if date_from else ""
        high = (date_to + timedelta(days=1)).isoformat() if date_to else "\uffff"
        with self._read() as s:
            pairs = [(u, i) for i, u in s.exec(select(CaseRecord.id, CaseRecord.updated_at)
                                               .where(col(CaseRecord.name_key).contains(key, autoescape=True)))
                     if low <= u < high]
            pairs.sort(reverse=True)
            page = [i for _u, i in pairs[offset:offset + limit]]
            rows = list(s.exec(query.where(col(CaseRecord.id).in_(page))
                               .order_by(col(CaseRecord.updated_at).desc(), col(CaseRecord.id).desc()))) if page else []
        return self._summaries(rows, "")

    def _summaries(self, rows: list[Any], tail: str) -> list[CaseSummary]:
        out = []
        for r in rows:
            number, damaged = None, False
            if r.id_number_enc is not None:
                try:
                    number = self._need_cipher().decrypt_text(r.id_number_enc, table="case_record",
                                                              column="id_number_enc", row=r.uid)
                except DecryptionFailed:
                    damaged = True
                    self._audit_alone("system", "crypto.fail", f"case:{r.id}", "col=id_number")
            if tail and not (number or "").endswith(tail):
                continue
            out.append(CaseSummary(r.id, r.uid, r.display_name, r.city, r.district,
                                   mask_id_number(number) if number else None, r.created_at, r.updated_at,
                                   r.worker, r.version, r.retain_until, damaged))
        return out

    def iter_cases_for_report(self, worker: str, **filters: Any) -> Iterator[ReportCase]:
        """Families for the centre report, decrypted, one version each (``advisor.cases.reporting``)."""
        from advisor.cases.reporting import iter_cases_for_report

        return iter_cases_for_report(self, worker, **filters)

    def recent(self, limit: int = 10, worker: str | None = None, scope: Any = None) -> list[CaseSummary]:
        """The most recently saved cases (a worker's, or everyone's; ``scope`` as in ``search``)."""
        return self.search(worker=worker, limit=limit, scope=scope)

    def count(self) -> int:
        """How many cases the store holds."""
        with self._read() as s:
            return s.exec(select(func.count()).select_from(CaseRecord)).one()

    # ------------------------------------------------------------------ delete / export
    def delete_case(self, case_id: int, worker: str) -> DeleteReport:
        """Deep delete: the case, every version, consent, letter and draft; then truncate the WAL."""
        self._check_worker(worker)
        from advisor.cases.models import CaseAssignment, ConsentRecord, LetterIssued

        child_models = {"case_version": CaseVersion, "consent_record": ConsentRecord,
                        "letter_issued": LetterIssued, "draft": Draft, "case_assignment": CaseAssignment}
        assert set(child_models) == set(CASCADE_CHILDREN)
        with self._write() as s:
            if s.get(CaseRecord, case_id) is None:
                raise CaseNotFound(case_id)
            rows = {name: s.exec(select(func.count()).select_from(model)
                                 .where(model.case_id == case_id)).one()  # type: ignore[attr-defined]
                    for name, model in child_models.items()}
            s.exec(delete(Draft).where(col(Draft.case_id) == case_id))  # cascades too; explicit on purpose
            s.exec(delete(CaseRecord).where(col(CaseRecord.id) == case_id))
            rows["case_record"] = 1
            self._audit(s, worker, "case.delete", f"case:{case_id}",
                        ";".join(f"{k}={v}" for k, v in sorted(rows.items())))
        return DeleteReport(case_id, rows, db.checkpoint_truncate(self._write_engine))

    def export_person(self, case_id: int, worker: str) -> dict[str, Any]:
        """Everything stored about the case's family, decrypted, as a JSON-ready dict (audit-logged)."""
        from advisor.cases.export import build_export

        self._check_worker(worker)
        export = build_export(self, case_id)
        self._audit_alone(worker, "case.export", f"case:{case_id}")
        return export


def open_store(path: str | Path | None = None, **kw: Any) -> CaseStore:
    """Shorthand for ``CaseStore.open``."""
    return CaseStore.open(path, **kw)
