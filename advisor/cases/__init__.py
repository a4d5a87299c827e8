"""The case store: families' case files in SQLite, encrypted where sensitive, consented, audited.

No Qt, no GUI, no letters here (layers: gui → cases → rules → domain). Everything the GUI needs::

    from advisor.cases import CaseStore, Consent, StoreSettings

    store = CaseStore.open()                        # data_dir()/"cases.db"; or CaseStore.open(path)
    store.has_key()                                 # False on first run: ask for a new passphrase twice
    store.unlock(passphrase)                        # first call sets the centre key; WrongPassphrase after
    # or CaseStore.open(path, passphrase=..., settings=StoreSettings(...), clock=..., cipher=FieldCipher(dek))

Opening runs a quick integrity check (a damaged file is moved to ``quarantine/`` and
``CorruptDatabase`` is raised, naming the newest verified backup to offer), then migrates the
schema (after an automatic verified backup). Call ``store.purge_expired()`` once at start-up.

Cases
    ``save_case(case, worker, case_id=None, *, consents=(), retain_until=None, draft_id=None) -> int``
        New case (case_id None) or a new version. ``case`` is a ``advisor.domain.case.Case`` (or its
        JSON dict; validated again here). Consent is enforced: ``general`` always; separate
        ``id_number`` / ``health`` / ``criminal`` consents when those fields are filled; ``guardian``
        (with guardian_name and guardian_relation) when anyone is or may be under 14. Pass the consents
        obtained in this interview as ``Consent(scope, notice_version, lang, subject, guardian_name,
        guardian_relation)``; ``store.settings.notice_version`` is the current privacy-notice version
        (a change forces re-consent on the next save). Raises ``CaseError`` (domain validation),
        ``ConsentRequired(scopes)``, ``ConsentWithdrawn``, ``SaveFailed`` ("保存失败，未作任何更改"),
        ``StoreBusy``, ``DiskFull``. All or nothing; ``draft_id`` deletes the finished interview's draft
        in the same transaction.
    ``get_case(case_id, worker, *, version=None) -> StoredCase`` (``.case`` is the Case; audit-logged)
    ``history(case_id) -> [VersionInfo]``
    ``search(name=, id_number=, city=, district=, date_from=, date_to=, date_field="updated"|"created",
        worker=, limit=50, offset=0) -> [CaseSummary]`` — name anywhere in the normalised key (full-width,
        separators · • ・ ． and spaces don't matter); id_number = last ≥4 characters or the whole number;
        summaries carry ``id_masked`` (``110105********002X``) only.
    ``recent(limit=10, worker=None)``, ``count()``
    ``iter_cases_for_report(worker, date_from=, date_to=, city=, district=, scan=)`` — one decrypted
        ``ReportCase`` per family for the centre report (``advisor.cases.reporting``; audit: ``report.read``).
    ``delete_case(case_id, worker) -> DeleteReport`` — deep delete (versions, consents, letters,
        drafts), then ``wal_checkpoint(TRUNCATE)``; the audit entry (ids only) remains.
    ``export_person(case_id, worker) -> dict`` — everything about the family, decrypted:
        ``{format: "advisor-person-export/1", exported_at, case_id, title{zh,en},
        sections: [{id, title{zh,en}, rows: [{column: value}]}]}``; render the readable PDF with
        ``advisor.letters.export_pdf.build_export_pdf`` (the CLI does: ``advisor cases export --pdf``).

Consent
    ``record_consent(case_id, Consent, worker) -> id``, ``withdraw_consent(case_id, scope, worker)``
    (then only export and deletion are allowed until consent is given again), ``consent_status(case_id)
    -> {scope: active|withdrawn|outdated}``, ``consents(case_id, reveal=False) -> [ConsentInfo]``.

Letters
    ``record_letter(case_id, worker, *, template, lang, rule_pack_version, rule_pack_sha256, as_of,
    pdf_sha256, input_sha256=None, pdf_bytes=None) -> id`` (input hash defaults to the current version's
    ``case_sha256``; ``pdf_bytes`` keeps an encrypted copy), ``letters(case_id)``, ``letter_copy(id)``.

Drafts (autosave; each call is its own durable transaction)
    ``save_draft(worker, payload, *, step="", draft_id=None, case_id=None) -> draft_id`` (payload: any
    JSON value, encrypted), ``load_draft(draft_id) -> DraftData``, ``list_drafts(worker=None)`` (offer
    "恢复未完成的面谈？" at start), ``discard_draft(draft_id, worker)`` (deleted for real).

Backup, restore, retention, checks
    ``backup(worker) -> Path`` (verified, 0600, rotated), ``list_backups()``, ``verify_backup(path)
    -> [problems]``, ``restore(path, worker)`` (verify first; a bad backup changes nothing; the current
    database goes to quarantine), ``purge_expired(worker, today=None) -> PurgeReport``,
    ``verify_audit() -> [broken entry ids]``, ``check() -> [problems]``, ``lock()`` / ``locked``,
    ``close()``. Module level: ``backup.restore_file(db_path, backup, now)`` restores when the store
    cannot be opened (after ``CorruptDatabase``).

Workers are ids (``[A-Za-z0-9_.@-]{1,40}``), never names. Every error is a ``StoreError`` with
``.message(lang)`` in Chinese or English and no personal data in it.

Accounts and roles (the service layer the app and the CLI use; README "Accounts and roles")
    ``accounts.setup_state(store)`` → ``new`` | ``passphrase`` | ``done``;
    ``setup_centre(store, centre_name=, username=, display_name=, password=, passphrase=None)
    -> SetupResult(session, recovery_key)``; ``login(store, username, password) -> UserSession``;
    ``recover(store, recovery_key, username, new_password) -> UserSession``. A ``UserSession`` offers
    the case operations above without a ``worker`` argument (the user is the worker), each checked
    against ``permissions.PERMISSIONS`` (``PermissionDenied``, audit-logged); ``lock()``,
    ``unlock(password)``, ``logout()`` drop and restore the key. Other features call
    ``require(session, "report.view")`` (``advisor.cases.permissions``) at their entry point.
    Once accounts exist, ``CaseStore.unlock(passphrase)`` raises ``AccountsRequired``.
"""

from __future__ import annotations

from advisor.cases.accounts import AccountPolicy, SetupResult, UserInfo, login, recover, setup_centre
from advisor.cases.auth_errors import (
    AccountDisabled,
    AccountsRequired,
    LoginFailed,
    LoginThrottled,
    PasswordRejected,
    PermissionDenied,
    RecoveryKeyWrong,
    SessionLocked,
    SetupRequired,
)
from advisor.cases.consent import SCOPES, Consent
from advisor.cases.crypto import FieldCipher, KdfParams
from advisor.cases.errors import (
    BackupInvalid,
    CaseNotFound,
    ConsentRequired,
    ConsentWithdrawn,
    CorruptDatabase,
    DecryptionFailed,
    DiskFull,
    DraftNotFound,
    InvalidInput,
    SaveFailed,
    StoreBusy,
    StoreError,
    StoreLocked,
    WrongPassphrase,
)
from advisor.cases.permissions import PERMISSIONS, require
from advisor.cases.session import PasswordChangeRequired, UserSession
from advisor.cases.store import CaseStore, default_path, open_store
from advisor.cases.types import (
    CaseSummary,
    ConsentInfo,
    DeleteReport,
    DraftData,
    DraftInfo,
    LetterInfo,
    PurgeReport,
    StoredCase,
    StoreSettings,
    VersionInfo,
)

__all__ = [
    "SCOPES", "BackupInvalid", "CaseNotFound", "CaseStore", "CaseSummary", "Consent", "ConsentInfo",
    "ConsentRequired", "ConsentWithdrawn", "CorruptDatabase", "DecryptionFailed", "DeleteReport", "DiskFull",
    "DraftData", "DraftInfo", "DraftNotFound", "FieldCipher", "InvalidInput", "KdfParams", "LetterInfo",
    "PurgeReport", "SaveFailed", "StoreBusy", "StoreError", "StoreLocked", "StoreSettings", "StoredCase",
    "VersionInfo", "WrongPassphrase", "default_path", "open_store",
    # accounts and roles
    "PERMISSIONS", "AccountDisabled", "AccountPolicy", "AccountsRequired", "LoginFailed", "LoginThrottled",
    "PasswordChangeRequired", "PasswordRejected", "PermissionDenied", "RecoveryKeyWrong", "SessionLocked",
    "SetupRequired", "SetupResult", "UserInfo", "UserSession", "login", "recover", "require", "setup_centre",
]
