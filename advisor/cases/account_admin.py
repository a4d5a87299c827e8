"""Account administration: list, add, disable/enable, reset, change role, change one's own password,
renew the recovery key — and the credential check against a backup's own accounts before a restore.

Called through ``UserSession`` (which checks ``user.manage`` first); the key material they need (the
acting administrator's unwrapped data key) comes from that session. See ``advisor.cases.accounts``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, select

from advisor import db
from advisor.cases.accounts import (
    DEFAULT_POLICY,
    RECOVERY_SLOT,
    RESERVED_NAMES,
    AccountPolicy,
    UserInfo,
    authenticate,
    check_display_name,
    check_new_password,
    check_role,
    data_key_id,
    dummy_verify,
    normalise_username,
    recovery_slot_row,
    replace_user_slot,
    user_info,
    user_slot,
    user_slot_row,
)
from advisor.cases.auth_errors import AccountDisabled, LoginFailed, PasswordRejected, UserProblem
from advisor.cases.base import new_uid
from advisor.cases.models import KeySlot, UserAccount
from advisor.cases.permissions import ADMIN

if TYPE_CHECKING:
    from advisor.cases.store import CaseStore


def _user_row(s: Session, username: str) -> UserAccount:
    row = s.exec(select(UserAccount).where(UserAccount.username == normalise_username(username))).first()
    if row is None:
        raise UserProblem("没有这个用户", "no such user")
    return row


def _enabled_admins(s: Session) -> int:
    return len(list(s.exec(select(UserAccount.id).where(UserAccount.role == ADMIN,
                                                        UserAccount.disabled == False))))  # noqa: E712


def list_users(store: CaseStore) -> list[UserInfo]:
    """Every account, by user name."""
    with store._read() as s:
        return [user_info(r) for r in s.exec(select(UserAccount).order_by(UserAccount.username))]


def add_user(store: CaseStore, by: str, dek: bytes | bytearray, *, username: str, display_name: str, role: str,
             password: str, policy: AccountPolicy = DEFAULT_POLICY) -> UserInfo:
    """A new account with its own key slot; it must choose its own password at the first log-in."""
    name = normalise_username(username)
    if name in RESERVED_NAMES:
        raise UserProblem(f"不能使用用户名 {name}", f"the user name {name} is reserved")
    shown = check_display_name(display_name)
    check_role(role)
    check_new_password(password, name, policy)
    now = store._now()
    uid = new_uid()
    with store._write() as s:
        if s.exec(select(UserAccount.id).where(UserAccount.username == name)).first() is not None:
            raise UserProblem("用户名已存在", "this user name already exists")
        key_id = data_key_id(s)
        assert key_id is not None
        row = UserAccount(uid=uid, username=name, display_name=shown, role=role,
                          password_hash=policy.hasher.hash(password), must_change_password=True,
                          created_at=now, updated_at=now, created_by=by)
        s.add(row)
        s.add(user_slot_row(user_slot(uid), dek, password, policy, now, key_id))
        s.flush()
        store._audit(s, by, "user.create", f"user:{name}", f"role={role}")
        store._audit(s, by, "key.slot", f"user:{name}", "slot=user;made")
        return user_info(row)


def set_disabled(store: CaseStore, by: str, username: str, disabled: bool, *, dek: bytes | bytearray | None = None,
                 password: str | None = None, policy: AccountPolicy = DEFAULT_POLICY) -> UserInfo:
    """Disable an account (its key slot is deleted) or enable it again with a new password."""
    now = store._now()
    with store._write() as s:
        row = _user_row(s, username)
        if disabled:
            if row.username == by:
                raise UserProblem("不能停用自己的账户", "you cannot disable your own account")
            if row.role == ADMIN and not row.disabled and _enabled_admins(s) <= 1:
                raise UserProblem("至少要保留一个可用的管理员", "at least one enabled administrator must remain")
            slot = s.exec(select(KeySlot).where(KeySlot.slot == user_slot(row.uid))).first()
            if slot is not None:
                s.delete(slot)
            row.disabled = True
            store._audit(s, by, "user.disable", f"user:{row.username}")
            store._audit(s, by, "key.slot", f"user:{row.username}", "slot=user;removed")
        else:
            if dek is None or password is None:
                raise UserProblem("重新启用账户需要设置新密码", "enabling an account needs a new password")
            check_new_password(password, row.username, policy)
            key_id = data_key_id(s)
            assert key_id is not None
            replace_user_slot(s, row, dek, password, policy, now, key_id)
            row.password_hash = policy.hasher.hash(password)
            row.disabled = False
            row.must_change_password = True
            row.failed_count = 0
            row.locked_until = None
            store._audit(s, by, "user.enable", f"user:{row.username}")
            store._audit(s, by, "key.slot", f"user:{row.username}", "slot=user;made")
        row.updated_at = now
        s.add(row)
        info = user_info(row)
    if disabled:
        db.checkpoint_truncate(store._write_engine)
    return info


def reset_password(store: CaseStore, by: str, dek: bytes | bytearray, username: str, password: str,
                   policy: AccountPolicy = DEFAULT_POLICY) -> UserInfo:
    """An administrator sets a temporary password (new key slot); the worker changes it at the next log-in."""
    now = store._now()
    with store._write() as s:
        row = _user_row(s, username)
        if row.disabled:
            raise UserProblem("账户已停用：请重新启用", "the account is disabled: enable it instead")
        check_new_password(password, row.username, policy)
        key_id = data_key_id(s)
        assert key_id is not None
        replace_user_slot(s, row, dek, password, policy, now, key_id)
        row.password_hash = policy.hasher.hash(password)
        row.must_change_password = row.username != by
        row.failed_count = 0
        row.locked_until = None
        row.updated_at = now
        s.add(row)
        store._audit(s, by, "user.reset", f"user:{row.username}")
        store._audit(s, by, "key.slot", f"user:{row.username}", "slot=user;made")
        return user_info(row)


def change_own_password(store: CaseStore, info: UserInfo, dek: bytes | bytearray, old: str, new: str,
                        policy: AccountPolicy = DEFAULT_POLICY) -> UserInfo:
    """Change one's own password: the old one is checked (throttled like a log-in), the slot re-wrapped."""
    authenticate(store, info.username, old, policy, purpose="check")[1][:] = bytes(32)
    if new == old:
        raise PasswordRejected("新密码不能与旧密码相同", "the new password must differ from the old one")
    check_new_password(new, info.username, policy)
    now = store._now()
    with store._write() as s:
        row = _user_row(s, info.username)
        key_id = data_key_id(s)
        assert key_id is not None
        replace_user_slot(s, row, dek, new, policy, now, key_id)
        row.password_hash = policy.hasher.hash(new)
        row.must_change_password = False
        row.updated_at = now
        s.add(row)
        store._audit(s, info.username, "user.password", f"user:{info.username}")
        return user_info(row)


def set_role(store: CaseStore, by: str, username: str, role: str) -> UserInfo:
    """Change an account's role (the last enabled administrator stays one)."""
    check_role(role)
    with store._write() as s:
        row = _user_row(s, username)
        if row.role == ADMIN and role != ADMIN and not row.disabled and _enabled_admins(s) <= 1:
            raise UserProblem("至少要保留一个可用的管理员", "at least one enabled administrator must remain")
        before = row.role
        row.role = role
        row.updated_at = store._now()
        s.add(row)
        store._audit(s, by, "user.role", f"user:{row.username}", f"from={before};to={role}")
        return user_info(row)


def renew_recovery_key(store: CaseStore, by: str, dek: bytes | bytearray) -> str:
    """A new recovery key replaces the old one (show it once); e.g. after the old one was used."""
    now = store._now()
    with store._write() as s:
        key_id = data_key_id(s)
        assert key_id is not None
        old = s.exec(select(KeySlot).where(KeySlot.slot == RECOVERY_SLOT)).first()
        if old is not None:
            s.delete(old)
            s.flush()
        row, text = recovery_slot_row(dek, now, key_id)
        s.add(row)
        store._audit(s, by, "key.slot", "", "slot=recovery;renewed")
    db.checkpoint_truncate(store._write_engine)
    return text


def check_admin_in_backup(path: str | os.PathLike[str], username: str, password: str,
                          policy: AccountPolicy = DEFAULT_POLICY) -> None:
    """Before restoring when the live database cannot be opened (nobody can log in to it): the user must
    be an enabled administrator *of the backup*, with that backup's password. A backup made before
    accounts has none: it stays protected by its old centre passphrase, and restoring it is allowed.
    Raises LoginFailed or PermissionDenied (nothing is logged: there is no live log to write to)."""
    import sqlite3

    from advisor.cases.permissions import ACTION_NAMES, ROLE_NAMES, allowed

    conn = sqlite3.connect(f"file:{os.fspath(path)}?mode=ro", uri=True)
    try:
        if conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'user_account'").fetchone() \
                is None or conn.execute("SELECT COUNT(*) FROM user_account").fetchone()[0] == 0:
            return
        row = conn.execute("SELECT role, password_hash, disabled FROM user_account WHERE username = ?",
                           (username.strip().lower(),)).fetchone()
    finally:
        conn.close()
    if row is None:
        dummy_verify(policy, password)
        raise LoginFailed()
    role, hashed, disabled = row
    try:
        policy.hasher.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise LoginFailed() from None
    if disabled:
        raise AccountDisabled()
    if not allowed(role, "backup.restore"):
        from advisor.cases.auth_errors import PermissionDenied

        zh, en = ACTION_NAMES["backup.restore"]
        raise PermissionDenied("backup.restore", role, zh, en, ROLE_NAMES.get(role, (role, role))[0])
