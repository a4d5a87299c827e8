"""Staff accounts: first-run setup, log-in with progressive delay, per-user key slots, recovery key.

Keys (reliability.md §4.4): one random 256-bit data key (DEK) per centre. Each account holds its own
copy of it in ``key_slot`` row ``user:<uid>``: the DEK wrapped with AES-GCM under a key derived from
that user's password with Argon2id (salt and parameters in the row; AAD ``key_slot|user:<uid>`` binds
the copy to its account, so a slot copied onto another account fails). The ``recovery`` slot wraps
the same DEK under a random 160-bit recovery key (HKDF), printed once at setup. Log-in checks the
password against the stored argon2id hash (``argon2-cffi``, re-hashed when the parameters change),
then unwraps the user's slot — a hash that verifies with a slot that does not open means the database
was altered, and fails closed (``DecryptionFailed``).

Disabling an account deletes its key slot (its password no longer opens a copy of the database);
enabling it again needs a new password. The setup of a store made before accounts unwraps the DEK
once with the old centre passphrase, wraps it for the first administrator and under the recovery
key, and removes the ``centre`` slot (see README "Accounts and roles" for why).

Nothing here sleeps: the progressive delay is a ``locked_until`` time checked against the store's
clock, so tests move a fake clock instead of waiting.
"""

from __future__ import annotations

import base64
import json
import math
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlmodel import Session, select

from advisor import db
from advisor.cases.auth_errors import (
    AccountDisabled,
    AlreadySetUp,
    LoginFailed,
    LoginThrottled,
    PasswordRejected,
    RecoveryKeyWrong,
    UserProblem,
)
from advisor.cases.base import WORKER_RE, new_uid, ts
from advisor.cases.crypto import FieldCipher, KdfParams, derive_kek, new_data_key, unwrap_key, wrap_key
from advisor.cases.errors import DecryptionFailed, InvalidInput, StoreError, WrongPassphrase
from advisor.cases.models import Centre, KeySlot, UserAccount
from advisor.cases.permissions import ADMIN, ROLES

if TYPE_CHECKING:
    from advisor.cases.session import UserSession
    from advisor.cases.store import CaseStore

CENTRE_SLOT = "centre"
RECOVERY_SLOT = "recovery"
RESERVED_NAMES = frozenset({"system", "unknown", "cli"})
RECOVERY_BYTES = 20  # 160 bits: 32 base32 characters, printed as 8 groups of 4


@dataclass(frozen=True)
class AccountPolicy:
    """Password hashing, key derivation and log-in throttling (tests inject faster, still-OWASP values)."""

    hasher: PasswordHasher = field(default_factory=PasswordHasher)  # argon2id, m=64 MiB, t=3, p=4
    kdf: KdfParams = field(default_factory=KdfParams)  # the KEK of each user's key slot
    min_password: int = 10
    free_attempts: int = 2  # failed log-ins in a row before delays start
    max_delay: int = 900  # seconds (15 minutes)

    def delay_after(self, failures: int) -> int:
        """Seconds to wait after the n-th failed log-in in a row: 0, 0, 2, 4, 8, … capped."""
        if failures <= self.free_attempts:
            return 0
        return min(2 ** (failures - self.free_attempts), self.max_delay)


DEFAULT_POLICY = AccountPolicy()


@dataclass(frozen=True)
class UserInfo:
    """An account as the app shows it (never the hash)."""

    user_id: int
    uid: str
    username: str
    display_name: str
    role: str
    disabled: bool
    must_change_password: bool
    failed_count: int
    locked_until: str | None
    last_login_at: str | None
    created_at: str


@dataclass(frozen=True)
class SetupResult:
    """What the first-run setup hands back: the administrator's session and the recovery key to print."""

    session: UserSession
    recovery_key: str


def user_info(row: UserAccount) -> UserInfo:
    """The public view of an account row."""
    assert row.id is not None
    return UserInfo(row.id, row.uid, row.username, row.display_name, row.role, row.disabled,
                    row.must_change_password, row.failed_count, row.locked_until, row.last_login_at, row.created_at)


def user_slot(uid: str) -> str:
    """The key-slot name of an account."""
    return f"user:{uid}"


# ---------------------------------------------------------------------------------------------- checks
def normalise_username(text: str) -> str:
    """A user name as stored (trimmed, lower case); UserProblem when it is not 1-40 of ``A-Z a-z 0-9 _ . @ -``."""
    name = (text or "").strip().lower()
    if not WORKER_RE.match(name):
        raise UserProblem("用户名应为 1-40 个字母、数字或 _.@-", "a user name is 1-40 letters, digits or _.@-")
    return name


def check_new_password(password: str, username: str, policy: AccountPolicy) -> None:
    """PasswordRejected unless the password is long enough and not the user name."""
    if len(password) < policy.min_password:
        raise PasswordRejected(f"密码至少需要 {policy.min_password} 个字符",
                               f"a password needs at least {policy.min_password} characters")
    if password.strip().casefold() == username.casefold():
        raise PasswordRejected("密码不能与用户名相同", "the password cannot be the user name")


def check_role(role: str) -> None:
    if role not in ROLES:
        raise UserProblem(f"未知角色：{role}", f"unknown role: {role} (caseworker, admin, auditor)")


def check_display_name(display_name: str) -> str:
    shown = (display_name or "").strip()
    if not 1 <= len(shown) <= 100:
        raise UserProblem("姓名应为 1-100 个字符", "the display name must be 1-100 characters")
    return shown


# ---------------------------------------------------------------------------------------------- key slots
def user_slot_row(name: str, dek: bytes | bytearray, password: str, policy: AccountPolicy, now: str,
              key_id: str) -> KeySlot:
    salt = os.urandom(16)
    kek = derive_kek(password, salt, policy.kdf)
    return KeySlot(slot=name, kdf="argon2id", kdf_params=json.dumps(policy.kdf.as_dict()), salt=salt,
                   wrapped_key=wrap_key(bytes(dek), kek, name), key_id=key_id, created_at=now)


def _recovery_kek(raw: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"advisor recovery key v1").derive(raw)


def recovery_slot_row(dek: bytes | bytearray, now: str, key_id: str) -> tuple[KeySlot, str]:
    raw = os.urandom(RECOVERY_BYTES)
    salt = os.urandom(16)
    row = KeySlot(slot=RECOVERY_SLOT, kdf="hkdf-sha256", kdf_params="{}", salt=salt,
                  wrapped_key=wrap_key(bytes(dek), _recovery_kek(raw, salt), RECOVERY_SLOT), key_id=key_id,
                  created_at=now)
    return row, format_recovery_key(raw)


def format_recovery_key(raw: bytes) -> str:
    """``ABCD-EFGH-…`` (base32, 8 groups of 4)."""
    text = base64.b32encode(raw).decode().rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """The raw key from what was typed (spaces, dashes and case do not matter; 0/1/8 read as O/I/B)."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum()).translate(str.maketrans("018", "OIB"))
    if len(cleaned) != 32:
        raise RecoveryKeyWrong()
    try:
        return base64.b32decode(cleaned)
    except ValueError:
        raise RecoveryKeyWrong() from None


def _unwrap_checked(slot: KeySlot, kek: bytes) -> bytearray:
    """The DEK from a slot, verified against the slot's key fingerprint; WrongPassphrase otherwise."""
    dek = bytearray(unwrap_key(slot.wrapped_key, kek, slot.slot))
    if FieldCipher(dek).key_id != slot.key_id:
        dek[:] = bytes(len(dek))
        raise WrongPassphrase()
    return dek


def data_key_id(s: Session) -> str | None:
    slot = s.exec(select(KeySlot).order_by(KeySlot.id).limit(1)).first()  # type: ignore[arg-type]
    return slot.key_id if slot else None


# ---------------------------------------------------------------------------------------------- setup
def setup_state(store: CaseStore) -> str:
    """``new`` (empty store), ``passphrase`` (made before accounts: the centre passphrase is needed
    once) or ``done`` (accounts exist: log in)."""
    if store.has_accounts():
        return "done"
    with store._read() as s:
        centre = s.exec(select(KeySlot).where(KeySlot.slot == CENTRE_SLOT)).first()
    return "passphrase" if centre is not None else "new"


def setup_centre(store: CaseStore, *, centre_name: str, username: str, display_name: str, password: str,
                 passphrase: str | None = None, policy: AccountPolicy = DEFAULT_POLICY) -> SetupResult:
    """First run: the centre, its first administrator (logged in) and the recovery key (show it once).

    A store made before accounts needs its centre passphrase once: the data key it unwraps is wrapped
    for the administrator and the recovery key, and the shared ``centre`` slot is removed.
    """
    from advisor.cases.session import UserSession

    name = normalise_username(username)
    if name in RESERVED_NAMES:
        raise UserProblem(f"不能使用用户名 {name}", f"the user name {name} is reserved")
    shown = check_display_name(display_name)
    centre = (centre_name or "").strip()
    if not 1 <= len(centre) <= 100:
        raise InvalidInput("中心名称应为 1-100 个字符", "the centre name must be 1-100 characters")
    check_new_password(password, name, policy)
    state = setup_state(store)
    if state == "done":
        raise AlreadySetUp()
    with store._read() as s:
        old = s.exec(select(KeySlot).where(KeySlot.slot == CENTRE_SLOT)).first()
        if old is None and s.exec(select(KeySlot.id).limit(1)).first() is not None:
            raise StoreError("密钥槽不完整，无法设置", "the key slots are inconsistent: cannot set up")
    if old is not None:
        if not passphrase:
            raise InvalidInput("请输入原来的中心密码（只需这一次）",
                               "enter the old centre passphrase (needed this once)")
        params = KdfParams.from_dict(json.loads(old.kdf_params))
        dek = _unwrap_checked(old, derive_kek(passphrase, old.salt, params))
    else:
        dek = bytearray(new_data_key())
    key_id = FieldCipher(dek).key_id
    now = store._now()
    uid = new_uid()
    with store._write() as s:
        if s.exec(select(UserAccount.id).limit(1)).first() is not None:
            raise AlreadySetUp()
        s.add(Centre(name=centre, created_at=now, created_by=name))
        row = UserAccount(uid=uid, username=name, display_name=shown, role=ADMIN,
                          password_hash=policy.hasher.hash(password), created_at=now, updated_at=now,
                          created_by=name, last_login_at=now)
        s.add(row)
        s.add(user_slot_row(user_slot(uid), dek, password, policy, now, key_id))
        recovery, recovery_text = recovery_slot_row(dek, now, key_id)
        s.add(recovery)
        if old is not None:
            s.delete(s.get(KeySlot, old.id))
        s.flush()
        store._audit(s, name, "centre.setup", "", "from=passphrase" if old is not None else "from=new")
        store._audit(s, name, "user.create", f"user:{name}", f"role={ADMIN}")
        store._audit(s, name, "key.slot", f"user:{name}", "slot=user;made")
        store._audit(s, name, "key.slot", "", "slot=recovery;made")
        if old is not None:
            store._audit(s, name, "key.slot", "", "slot=centre;removed")
        store._audit(s, name, "login.ok", f"user:{name}", "setup")
        info = user_info(row)
    if old is not None:
        db.checkpoint_truncate(store._write_engine)  # the old slot's page leaves the WAL too
    return SetupResult(UserSession(store, info, dek, policy), recovery_text)


def centre_name(store: CaseStore) -> str | None:
    """The centre's name (None before the setup)."""
    with store._read() as s:
        row = s.exec(select(Centre).order_by(Centre.id).limit(1)).first()  # type: ignore[arg-type]
    return row.name if row else None


# ---------------------------------------------------------------------------------------------- log-in
_DUMMY: dict[tuple[int, int, int], str] = {}


def dummy_verify(policy: AccountPolicy, password: str) -> None:
    """Spend the time of a real check, so an unknown user name does not answer faster."""
    h = policy.hasher
    key = (h.time_cost, h.memory_cost, h.parallelism)
    if key not in _DUMMY:
        _DUMMY[key] = h.hash(os.urandom(16).hex())
    try:
        h.verify(_DUMMY[key], password)
    except VerificationError:
        pass


def _parse_ts(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def authenticate(store: CaseStore, username: str, password: str, policy: AccountPolicy = DEFAULT_POLICY,
                 *, purpose: str = "login") -> tuple[UserInfo, bytearray]:
    """Check a user's password (throttled, audit-logged) and unwrap their copy of the data key.

    Raises LoginThrottled (wait first: the password is not even checked), LoginFailed (wrong user name
    or password; starts or lengthens the delay), AccountDisabled, DecryptionFailed (the hash matched
    but the key slot does not open: the database was altered). On success the hash is upgraded when
    the hasher's parameters changed, and the key slot re-wrapped when the KDF parameters did.
    """
    try:
        name = normalise_username(username)
    except UserProblem:
        name = ""
    now_dt = store._clock()
    now = ts(now_dt)
    with store._read() as s:
        row = s.exec(select(UserAccount).where(UserAccount.username == name)).first() if name else None
        slot = s.exec(select(KeySlot).where(KeySlot.slot == user_slot(row.uid))).first() if row else None
    if row is None:
        dummy_verify(policy, password)
        store._audit_alone("unknown", "login.fail", "", "reason=unknown_user")
        raise LoginFailed()
    target = f"user:{row.username}"
    if row.locked_until and now_dt < _parse_ts(row.locked_until):
        wait = max(1, math.ceil((_parse_ts(row.locked_until) - now_dt).total_seconds()))
        store._audit_alone("unknown", "login.wait", target, f"wait={wait}")
        raise LoginThrottled(wait)
    try:
        policy.hasher.verify(row.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        failures = row.failed_count + 1
        delay = policy.delay_after(failures)
        with store._write() as s:
            fresh = s.get(UserAccount, row.id)
            assert fresh is not None
            fresh.failed_count = failures
            fresh.locked_until = ts(now_dt + timedelta(seconds=delay)) if delay else None
            fresh.updated_at = now
            s.add(fresh)
            store._audit(s, "unknown", "login.fail", target, f"n={failures};wait={delay}")
        if delay:
            raise LoginThrottled(delay) from None
        raise LoginFailed() from None
    if row.disabled:
        store._audit_alone("unknown", "login.fail", target, "reason=disabled")
        raise AccountDisabled()
    if slot is None:
        store._audit_alone(row.username, "crypto.fail", target, "slot=missing")
        raise DecryptionFailed("key_slot")
    try:
        dek = _unwrap_checked(slot, derive_kek(password, slot.salt, KdfParams.from_dict(json.loads(slot.kdf_params))))
    except WrongPassphrase:
        store._audit_alone(row.username, "crypto.fail", target, "slot=user")
        raise DecryptionFailed("key_slot") from None
    rehash = policy.hasher.check_needs_rehash(row.password_hash)
    rewrap = KdfParams.from_dict(json.loads(slot.kdf_params)) != policy.kdf
    with store._write() as s:
        fresh = s.get(UserAccount, row.id)
        assert fresh is not None
        fresh.failed_count = 0
        fresh.locked_until = None
        fresh.last_login_at = now
        if rehash:
            fresh.password_hash = policy.hasher.hash(password)
            fresh.updated_at = now
        s.add(fresh)
        if rewrap:
            old = s.get(KeySlot, slot.id)
            s.delete(old)
            s.flush()
            s.add(user_slot_row(slot.slot, dek, password, policy, now, slot.key_id))
        action = {"login": "login.ok", "unlock": "session.unlock"}.get(purpose)  # "check": the caller logs
        if action is not None:
            store._audit(s, row.username, action, target, f"rehash={int(rehash)};rewrap={int(rewrap)}")
        info = user_info(fresh)
    return info, dek


def login(store: CaseStore, username: str, password: str, policy: AccountPolicy = DEFAULT_POLICY) -> UserSession:
    """Log in: a ``UserSession`` holding the user, the role and the unwrapped data key."""
    from advisor.cases.session import UserSession

    info, dek = authenticate(store, username, password, policy)
    return UserSession(store, info, dek, policy)


def recover(store: CaseStore, recovery_key: str, username: str, new_password: str,
            policy: AccountPolicy = DEFAULT_POLICY) -> UserSession:
    """A forgotten password: the printed recovery key opens the data key, the account gets the new
    password (and a new key slot), and is logged in. Audit-logged (``key.recover``)."""
    from advisor.cases.session import UserSession

    name = normalise_username(username)
    check_new_password(new_password, name, policy)
    raw = parse_recovery_key(recovery_key)
    with store._read() as s:
        slot = s.exec(select(KeySlot).where(KeySlot.slot == RECOVERY_SLOT)).first()
        row = s.exec(select(UserAccount).where(UserAccount.username == name)).first()
    if slot is None:
        raise RecoveryKeyWrong()
    try:
        dek = _unwrap_checked(slot, _recovery_kek(raw, slot.salt))
    except WrongPassphrase:
        store._audit_alone("unknown", "key.recover", f"user:{name}" if row else "", "result=wrong_key")
        raise RecoveryKeyWrong() from None
    if row is None:
        dek[:] = bytes(len(dek))
        raise UserProblem("没有这个用户", "no such user")
    if row.disabled:
        dek[:] = bytes(len(dek))
        raise AccountDisabled()
    now = store._now()
    with store._write() as s:
        fresh = s.get(UserAccount, row.id)
        assert fresh is not None
        replace_user_slot(s, fresh, dek, new_password, policy, now, slot.key_id)
        fresh.password_hash = policy.hasher.hash(new_password)
        fresh.must_change_password = False
        fresh.failed_count = 0
        fresh.locked_until = None
        fresh.last_login_at = now
        fresh.updated_at = now
        s.add(fresh)
        store._audit(s, name, "key.recover", f"user:{name}", "result=ok")
        store._audit(s, name, "login.ok", f"user:{name}", "recovery")
        info = user_info(fresh)
    return UserSession(store, info, dek, policy)


def replace_user_slot(s: Session, row: UserAccount, dek: bytes | bytearray, password: str, policy: AccountPolicy,
                  now: str, key_id: str) -> None:
    name = user_slot(row.uid)
    old = s.exec(select(KeySlot).where(KeySlot.slot == name)).first()
    if old is not None:
        s.delete(old)
        s.flush()
    s.add(user_slot_row(name, dek, password, policy, now, key_id))
