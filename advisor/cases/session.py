"""The service layer: a logged-in user's session. Every operation on personal data goes through it.

``accounts.login(store, user, password)`` (or ``setup_centre`` / ``recover``) returns a
:class:`UserSession` holding the user, the role and the unwrapped data key (a ``bytearray``); it
puts a ``FieldCipher`` into the store. Each method first checks the permission table
(``advisor.cases.permissions``): a refusal raises ``PermissionDenied`` and is audit-logged
(``access.denied``, ids and action codes only). The acting worker in the audit log is always the
session's user — there is no ``worker`` argument to get wrong.

``lock()`` (idle lock, "lock now") and ``logout()`` overwrite the data key and the blind-index key
in place and drop the cipher from the store; ``unlock(password)`` checks the password again. What
Python cannot overwrite (immutable ``bytes`` made while deriving keys, the key inside OpenSSL's
AES-GCM object, the password ``str``) is released, not zeroed — see README "Accounts and roles".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import select

from advisor.cases.auth_errors import PasswordRejected, SessionLocked, UserProblem
from advisor.cases.crypto import FieldCipher
from advisor.cases.errors import CaseNotFound, DraftNotFound, StoreError
from advisor.cases.models import AuditEntry, CaseAssignment, CaseRecord, Draft, LetterIssued, UserAccount
from advisor.cases.permissions import ACTION_NAMES, ALL, ASSIGNED, CASE_ACTIONS, ROLE_NAMES, allowed, case_scope, grant

if TYPE_CHECKING:
    from advisor.cases.accounts import AccountPolicy, UserInfo
    from advisor.cases.store import CaseStore


class PasswordChangeRequired(StoreError):
    """The account was reset (or just made): its own password must be chosen before anything else."""

    code = "must_change_password"

    def __init__(self) -> None:
        super().__init__("请先修改密码（管理员设置的临时密码只能用来修改密码）",
                         "change your password first (a temporary password only allows that)")


@dataclass(frozen=True)
class AuditRow:
    """One audit-log entry as the auditor sees it: ids and action codes only."""

    entry_id: int
    at: str
    worker: str
    action: str
    target: str
    detail: str


class UserSession:
    """A logged-in user: identity, role, the data key; the permission-checked API of the case store."""

    def __init__(self, store: CaseStore, user: UserInfo, dek: bytearray, policy: AccountPolicy):
        self.store = store
        self.user = user
        self.policy = policy
        self._dek = dek
        self._cipher: FieldCipher | None = FieldCipher(dek)
        self._logged_out = False
        store.use_cipher(self._cipher)

    # ------------------------------------------------------------------ identity and state
    @property
    def username(self) -> str:
        """The user's log-in name (the worker id in the audit log)."""
        return self.user.username

    @property
    def user_id(self) -> int:
        """The account's row id."""
        return self.user.user_id

    @property
    def role(self) -> str:
        """``caseworker``, ``admin`` or ``auditor``."""
        return self.user.role

    @property
    def display_name(self) -> str:
        """The user's name as shown in the app."""
        return self.user.display_name

    @property
    def must_change_password(self) -> bool:
        """True after a reset: only ``change_password`` is allowed."""
        return self.user.must_change_password

    @property
    def key_loaded(self) -> bool:
        """True while the data key is in memory and in use by the store."""
        return self._cipher is not None and self.store._cipher is self._cipher

    @property
    def active(self) -> bool:
        """Logged in, not locked."""
        return not self._logged_out and self.key_loaded

    @property
    def logged_out(self) -> bool:
        """True after ``logout`` (the session cannot be unlocked again)."""
        return self._logged_out

    def _drop_key(self) -> None:
        if self._cipher is not None:
            if self.store._cipher is self._cipher:
                self.store.lock()
            self._cipher.wipe()
            self._cipher = None
        self._dek[:] = bytes(len(self._dek))

    def lock(self) -> None:
        """Idle lock / "lock now": overwrite and drop the key; ``unlock(password)`` brings it back."""
        if self._logged_out or self._cipher is None:
            return
        self._drop_key()
        self.store._audit_alone(self.username, "session.lock", f"user:{self.username}")

    def unlock(self, password: str) -> None:
        """The same user's password again (throttled like a log-in); LoginFailed, LoginThrottled…"""
        from advisor.cases import accounts

        if self._logged_out:
            raise SessionLocked()
        info, dek = accounts.authenticate(self.store, self.username, password, self.policy, purpose="unlock")
        self._drop_key()
        self.user = info
        self._dek = dek
        self._cipher = FieldCipher(dek)
        self.store.use_cipher(self._cipher)

    def logout(self) -> None:
        """End the session: overwrite and drop the key (idempotent)."""
        if self._logged_out:
            return
        self._drop_key()
        self._logged_out = True
        self.store._audit_alone(self.username, "logout", f"user:{self.username}")

    # ------------------------------------------------------------------ permissions
    def can(self, action: str) -> bool:
        """Whether the role may do ``action`` at all (for menus; case actions still check the case)."""
        if self.must_change_password and action != "account.password":
            return False
        return grant(self.role, action) is not None

    def owns_case(self, case_id: int) -> bool:
        """The case was created by this user or is assigned to them (CaseNotFound if there is none)."""
        with self.store._read() as s:
            rec = s.get(CaseRecord, case_id)
            if rec is None:
                raise CaseNotFound(case_id)
            if rec.created_by == self.username:
                return True
            return s.exec(select(CaseAssignment.id).where(CaseAssignment.case_id == case_id,
                                                          CaseAssignment.user_id == self.user_id)).first() is not None

    def require(self, action: str, case_id: int | None = None) -> None:
        """PermissionDenied (audit-logged) unless the user may do ``action`` (on ``case_id``)."""
        if not self.active:
            raise SessionLocked()
        if self.must_change_password and action != "account.password":
            raise PasswordChangeRequired()
        g = grant(self.role, action)
        owns: bool | None = None
        if g == ASSIGNED and action in CASE_ACTIONS:
            if case_id is None:
                raise ValueError(f"{action} needs the case id")
            owns = self.owns_case(case_id)
        if allowed(self.role, action, owns_case=owns):
            return
        self.store._audit_alone(self.username, "access.denied", f"case:{case_id}" if case_id is not None else "",
                                f"action={action};role={self.role}")
        zh, en = ACTION_NAMES.get(action, (action, action))
        raise _denied(action, self.role, zh, en, owns is False)

    def store_for(self, action: str) -> CaseStore:
        """The unlocked store, for a feature whose own code publishes only what ``action`` allows
        (the centre report: aggregates). Checks the permission first."""
        self.require(action)
        return self.store

    # ------------------------------------------------------------------ cases
    def _scope(self, action: str = "case.list") -> Any:
        return None if grant(self.role, action) == ALL else case_scope(self, action)

    def search(self, **filters: Any) -> list[Any]:
        """``CaseStore.search`` over the cases this user may see."""
        self.require("case.list")
        return self.store.search(**filters, scope=self._scope())

    def recent(self, limit: int = 10) -> list[Any]:
        """The most recently saved cases this user may see."""
        self.require("case.list")
        return self.store.recent(limit, scope=self._scope())

    def get_case(self, case_id: int, *, version: int | None = None) -> Any:
        """A stored case (audit-logged ``case.view``)."""
        self.require("case.view", case_id)
        return self.store.get_case(case_id, self.username, version=version)

    def history(self, case_id: int) -> list[Any]:
        """Every save of a case."""
        self.require("case.view", case_id)
        return self.store.history(case_id)

    def save_case(self, case: Any, case_id: int | None = None, *, consents: Any = (), retain_until: date | None = None,
                  draft_id: str | None = None) -> int:
        """A new case (``case.create``) or a new version (``case.edit``); see ``CaseStore.save_case``."""
        if case_id is None:
            self.require("case.create")
        else:
            self.require("case.edit", case_id)
        if draft_id is not None:
            self._own_draft(draft_id)
        return self.store.save_case(case, self.username, case_id, consents=consents, retain_until=retain_until,
                                    draft_id=draft_id)

    def delete_case(self, case_id: int) -> Any:
        """Deep delete (``case.delete``)."""
        self.require("case.delete", case_id)
        return self.store.delete_case(case_id, self.username)

    def export_person(self, case_id: int) -> dict[str, Any]:
        """Everything about the family, decrypted (``case.export``)."""
        self.require("case.export", case_id)
        return self.store.export_person(case_id, self.username)

    def record_consent(self, case_id: int, consent: Any) -> str:
        """Record a consent for a case."""
        self.require("case.consent", case_id)
        return self.store.record_consent(case_id, consent, self.username)

    def withdraw_consent(self, case_id: int, scope: str) -> int:
        """Mark a consent withdrawn."""
        self.require("case.consent", case_id)
        return self.store.withdraw_consent(case_id, scope, self.username)

    def consent_status(self, case_id: int) -> dict[str, str]:
        """scope → active | withdrawn | outdated."""
        self.require("case.view", case_id)
        return self.store.consent_status(case_id)

    def consents(self, case_id: int, *, reveal: bool = False) -> list[Any]:
        """A case's consent records."""
        self.require("case.view", case_id)
        return self.store.consents(case_id, reveal=reveal)

    def record_letter(self, case_id: int, **details: Any) -> str:
        """Record a printed letter (``case.print``); ``details`` as ``CaseStore.record_letter``."""
        self.require("case.print", case_id)
        return self.store.record_letter(case_id, self.username, **details)

    def letters(self, case_id: int) -> list[Any]:
        """Letters issued for a case."""
        self.require("case.view", case_id)
        return self.store.letters(case_id)

    def letter_copy(self, letter_id: str) -> bytes | None:
        """The cached PDF of a letter (``case.view`` on its case)."""
        with self.store._read() as s:
            case_id = s.exec(select(LetterIssued.case_id).where(LetterIssued.uid == letter_id)).first()
        if case_id is None:
            return None
        self.require("case.view", case_id)
        return self.store.letter_copy(letter_id)

    # ------------------------------------------------------------------ assignments
    def assign_case(self, case_id: int, username: str) -> None:
        """Share a case with a worker (administrators)."""
        self.require("case.assign", case_id)
        from advisor.cases.accounts import normalise_username

        name = normalise_username(username)
        with self.store._write() as s:
            if s.get(CaseRecord, case_id) is None:
                raise CaseNotFound(case_id)
            user = s.exec(select(UserAccount).where(UserAccount.username == name)).first()
            if user is None or user.disabled:
                raise UserProblem("没有这个可用的用户", "no such enabled user")
            if user.role == "auditor":
                raise UserProblem("审计员不处理个案", "auditors do not handle cases")
            if s.exec(select(CaseAssignment.id).where(CaseAssignment.case_id == case_id,
                                                      CaseAssignment.user_id == user.id)).first() is not None:
                return
            assert user.id is not None
            s.add(CaseAssignment(case_id=case_id, user_id=user.id, assigned_at=self.store._now(),
                                 assigned_by=self.username))
            self.store._audit(s, self.username, "case.assign", f"case:{case_id}", f"user={name}")

    def unassign_case(self, case_id: int, username: str) -> None:
        """Stop sharing a case with a worker (administrators)."""
        self.require("case.assign", case_id)
        from advisor.cases.accounts import normalise_username

        name = normalise_username(username)
        with self.store._write() as s:
            user = s.exec(select(UserAccount).where(UserAccount.username == name)).first()
            row = s.exec(select(CaseAssignment).where(CaseAssignment.case_id == case_id,
                                                      CaseAssignment.user_id == (user.id if user else -1))).first()
            if row is None:
                return
            s.delete(row)
            self.store._audit(s, self.username, "case.unassign", f"case:{case_id}", f"user={name}")

    def assignments(self, case_id: int) -> list[str]:
        """User names a case is assigned to."""
        self.require("case.view", case_id)
        with self.store._read() as s:
            rows = s.exec(select(UserAccount.username).join(CaseAssignment, CaseAssignment.user_id == UserAccount.id)
                          .where(CaseAssignment.case_id == case_id).order_by(UserAccount.username))
            return list(rows)

    # ------------------------------------------------------------------ drafts (each user's own)
    def _own_draft(self, draft_id: str) -> None:
        with self.store._read() as s:
            owner = s.exec(select(Draft.worker).where(Draft.uid == draft_id)).first()
        if owner is None:
            raise DraftNotFound(draft_id)
        if owner != self.username:
            self.store._audit_alone(self.username, "access.denied", f"draft:{draft_id}",
                                    f"action=draft.own;role={self.role}")
            raise _denied("draft.own", self.role, "打开别人的面谈草稿", "open someone else's draft", False)

    def save_draft(self, payload: Any, *, step: str = "", draft_id: str | None = None,
                   case_id: int | None = None) -> str:
        """Autosave an unfinished interview (encrypted); a draft of a stored case needs ``case.edit``."""
        self.require("draft.own")
        if case_id is not None:
            self.require("case.edit", case_id)
        if draft_id is not None:
            self._own_draft(draft_id)
        return self.store.save_draft(self.username, payload, step=step, draft_id=draft_id, case_id=case_id)

    def load_draft(self, draft_id: str) -> Any:
        """One of this user's drafts, decrypted."""
        self.require("draft.own")
        self._own_draft(draft_id)
        return self.store.load_draft(draft_id)

    def list_drafts(self) -> list[Any]:
        """This user's unfinished interviews, newest first."""
        self.require("draft.own")
        return self.store.list_drafts(self.username)

    def discard_draft(self, draft_id: str) -> None:
        """Delete one of this user's drafts for real."""
        self.require("draft.own")
        self._own_draft(draft_id)
        self.store.discard_draft(draft_id, self.username)

    # ------------------------------------------------------------------ backups and retention
    def backup(self) -> Path:
        """A verified backup (administrators)."""
        self.require("backup.create")
        return self.store.backup(self.username)

    def list_backups(self) -> list[Path]:
        """Finished backups, newest first."""
        self.require("backup.create")
        return self.store.list_backups()

    def restore(self, path: str | Path) -> Path | None:
        """Restore a verified backup (administrators); see ``CaseStore.restore``."""
        self.require("backup.restore")
        return self.store.restore(path, self.username)

    def purge_expired(self, today: date | None = None) -> Any:
        """Run the retention purge now (administrators; the app also runs it at start-up)."""
        self.require("retention.manage")
        return self.store.purge_expired(self.username, today)

    # ------------------------------------------------------------------ audit log
    def audit_entries(self, limit: int = 500, before_id: int | None = None) -> list[AuditRow]:
        """The newest audit entries (ids and action codes only), newest first."""
        self.require("audit.view")
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(max(1, min(limit, 5000)))  # type: ignore
        if before_id is not None:
            query = query.where(AuditEntry.id < before_id)  # type: ignore[operator]
        with self.store._read() as s:
            return [AuditRow(e.id or 0, e.at, e.worker, e.action, e.target, e.detail) for e in s.exec(query)]

    def verify_audit(self) -> list[int]:
        """Ids of entries whose hash chain is broken ([] when intact)."""
        self.require("audit.view")
        return self.store.verify_audit()

    # ------------------------------------------------------------------ accounts
    def list_users(self) -> list[UserInfo]:
        """Every account (administrators)."""
        self.require("user.manage")
        from advisor.cases import account_admin

        return account_admin.list_users(self.store)

    def assignable_users(self) -> list[UserInfo]:
        """Enabled case workers and administrators (to assign cases to)."""
        self.require("case.assign")
        from advisor.cases import account_admin

        return [u for u in account_admin.list_users(self.store) if not u.disabled and u.role != "auditor"]

    def add_user(self, username: str, display_name: str, role: str, password: str) -> UserInfo:
        """A new account with a temporary password (changed at its first log-in)."""
        self.require("user.manage")
        from advisor.cases import account_admin

        return account_admin.add_user(self.store, self.username, self._dek, username=username,
                                      display_name=display_name, role=role, password=password, policy=self.policy)

    def disable_user(self, username: str) -> UserInfo:
        """Disable an account (its key slot is deleted)."""
        self.require("user.manage")
        from advisor.cases import account_admin

        return account_admin.set_disabled(self.store, self.username, username, True)

    def enable_user(self, username: str, password: str) -> UserInfo:
        """Enable an account again, with a new temporary password."""
        self.require("user.manage")
        from advisor.cases import account_admin

        return account_admin.set_disabled(self.store, self.username, username, False, dek=self._dek,
                                          password=password, policy=self.policy)

    def reset_password(self, username: str, password: str) -> UserInfo:
        """Give an account a temporary password (it must change it at the next log-in)."""
        self.require("user.manage")
        from advisor.cases import account_admin

        return account_admin.reset_password(self.store, self.username, self._dek, username, password, self.policy)

    def set_role(self, username: str, role: str) -> UserInfo:
        """Change an account's role."""
        self.require("user.manage")
        from advisor.cases import account_admin

        return account_admin.set_role(self.store, self.username, username, role)

    def renew_recovery_key(self) -> str:
        """A new recovery key (show it once); the old one stops working."""
        self.require("user.manage")
        from advisor.cases import account_admin

        return account_admin.renew_recovery_key(self.store, self.username, self._dek)

    def change_password(self, old: str, new: str, again: str | None = None) -> None:
        """Change this user's own password (the old one is checked)."""
        self.require("account.password")
        if again is not None and again != new:
            raise PasswordRejected("两次输入的新密码不一致", "the two new passwords differ")
        from advisor.cases import account_admin

        self.user = account_admin.change_own_password(self.store, self.user, self._dek, old, new, self.policy)


def _denied(action: str, role: str, zh: str, en: str, on_case: bool) -> StoreError:
    from advisor.cases.auth_errors import PermissionDenied

    return PermissionDenied(action, role, zh, en, ROLE_NAMES.get(role, (role, role))[0], on_case)
