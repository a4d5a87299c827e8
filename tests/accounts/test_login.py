"""C32 password storage and lockout: argon2id hashes, progressive delay on a fake clock (audit-logged),
re-hash when the parameters change; accounts administration and the recovery key."""

from __future__ import annotations

import re
import sqlite3

import pytest
from argon2 import PasswordHasher

from advisor.cases import (
    AccountDisabled,
    AccountPolicy,
    AccountsRequired,
    CaseStore,
    LoginFailed,
    LoginThrottled,
    PasswordRejected,
    RecoveryKeyWrong,
    SetupRequired,
    accounts,
)
from advisor.cases.auth_errors import AlreadySetUp, UserProblem
from advisor.cases.crypto import TEST_KDF, KdfParams
from tests.accounts.conftest import FAST, PASSWORDS, TEMP
from tests.cases.conftest import all_consents, family_case

HASH_RE = re.compile(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$")


def _rows(path, sql, *args):
    with sqlite3.connect(path) as raw:
        return list(raw.execute(sql, args))


def _audit(path, action):
    return [(r[0], r[1], r[2]) for r in _rows(path, "SELECT worker, target, detail FROM audit_log WHERE action = ? "
                                                    "ORDER BY id", action)]


def test_stored_hash_is_argon2id_with_at_least_owasp_parameters(centre):
    for name, hashed in _rows(centre.path, "SELECT username, password_hash FROM user_account"):
        m = HASH_RE.match(hashed)
        assert m, hashed
        memory, time_cost, _lanes = map(int, m.groups())
        assert memory >= 19456 and time_cost >= 2
        assert PASSWORDS[name] not in hashed
    # the production default is stronger still
    default = accounts.DEFAULT_POLICY.hasher
    assert default.type.name == "ID" and default.memory_cost >= 65536 and default.time_cost >= 3


def test_progressive_delay_on_a_fake_clock_is_audit_logged(centre, clock):
    store = centre.open()
    waits = []
    for _ in range(5):
        if waits:
            clock.advance(seconds=waits[-1])
        try:
            accounts.login(store, "li.na", "not the password", FAST)
        except LoginThrottled as exc:
            waits.append(exc.seconds)
        except LoginFailed as exc:
            assert exc.message("zh") == "用户名或密码错误"
            waits.append(0)
    assert waits == [0, 0, 2, 4, 8]
    # during the wait even the right password is refused, without being checked
    with pytest.raises(LoginThrottled) as exc:
        accounts.login(store, "li.na", PASSWORDS["li.na"], FAST)
    assert exc.value.seconds == 8 and "8 秒" in exc.value.message("zh")
    clock.advance(seconds=8)
    session = accounts.login(store, "li.na", PASSWORDS["li.na"], FAST)
    assert session.active
    [(failed, locked)] = _rows(centre.path, "SELECT failed_count, locked_until FROM user_account WHERE username = ?",
                               "li.na")
    assert failed == 0 and locked is None
    fails = [d for _w, t, d in _audit(centre.path, "login.fail") if t == "user:li.na"]
    assert fails == ["n=1;wait=0", "n=2;wait=0", "n=3;wait=2", "n=4;wait=4", "n=5;wait=8"]
    assert [d for _w, _t, d in _audit(centre.path, "login.wait")] == ["wait=8"]
    assert accounts.AccountPolicy().delay_after(40) == 900  # capped at 15 minutes
    session.logout()
    store.close()


def test_unknown_user_is_not_named_in_the_log(centre):
    store = centre.open()
    with pytest.raises(LoginFailed):
        accounts.login(store, "PW_typed_into_the_user_field", "x" * 12, FAST)
    assert _audit(centre.path, "login.fail")[-1] == ("unknown", "", "reason=unknown_user")
    assert b"PW_typed_into" not in centre.path.read_bytes()
    store.close()


def test_rehash_and_rewrap_when_the_parameters_change(centre):
    stronger = AccountPolicy(hasher=PasswordHasher(time_cost=3, memory_cost=24576, parallelism=1),
                             kdf=KdfParams(memory_kib=16384, iterations=2, lanes=1))
    [(before,)] = _rows(centre.path, "SELECT password_hash FROM user_account WHERE username = 'li.na'")
    assert stronger.hasher.check_needs_rehash(before)
    session = accounts.login(centre.open(), "li.na", PASSWORDS["li.na"], stronger)
    [(after,)] = _rows(centre.path, "SELECT password_hash FROM user_account WHERE username = 'li.na'")
    assert after != before and "m=24576,t=3,p=1" in after
    [(params,)] = _rows(centre.path, "SELECT kdf_params FROM key_slot WHERE slot = ?", f"user:{session.user.uid}")
    assert '"m": 16384' in params
    assert _audit(centre.path, "login.ok")[-1][2] == "rehash=1;rewrap=1"
    session.logout()
    again = accounts.login(centre.open(), "li.na", PASSWORDS["li.na"], stronger)  # still opens, no more upgrades
    assert _audit(centre.path, "login.ok")[-1][2] == "rehash=0;rewrap=0"
    again.logout()


def test_passwords_are_checked_when_chosen(tmp_path, clock):
    store = CaseStore.open(tmp_path / "cases.db", clock=clock)
    with pytest.raises(PasswordRejected):
        accounts.setup_centre(store, centre_name="中心", username="boss", display_name="主任", password="short",
                              policy=FAST)
    with pytest.raises(PasswordRejected):
        accounts.setup_centre(store, centre_name="中心", username="bossbossbo", display_name="主任",
                              password="BossBossBo", policy=FAST)
    with pytest.raises(UserProblem):
        accounts.setup_centre(store, centre_name="中心", username="张 三", display_name="主任",
                              password="long enough pw", policy=FAST)
    with pytest.raises(UserProblem):
        accounts.setup_centre(store, centre_name="中心", username="system", display_name="主任",
                              password="long enough pw", policy=FAST)
    assert accounts.setup_state(store) == "new" and not store.has_accounts()
    result = accounts.setup_centre(store, centre_name="中心", username="Boss", display_name="主任",
                                   password="long enough pw", policy=FAST)
    assert result.session.username == "boss" and result.session.role == "admin"
    assert accounts.centre_name(store) == "中心"
    with pytest.raises(AlreadySetUp):
        accounts.setup_centre(store, centre_name="中心", username="boss2", display_name="主任",
                              password="long enough pw", policy=FAST)
    with pytest.raises(AccountsRequired):
        store.unlock("any passphrase at all")
    store.close()


def test_disable_enable_reset_and_the_last_admin(centre):
    admin = centre.login("admin")
    admin.disable_user("li.na")
    with pytest.raises(AccountDisabled):
        centre.login("li.na")
    # a disabled account has no key slot left: its old password opens no copy of the database either
    uids = dict(_rows(centre.path, "SELECT username, uid FROM user_account"))
    assert not _rows(centre.path, "SELECT id FROM key_slot WHERE slot = ?", f"user:{uids['li.na']}")
    admin.enable_user("li.na", TEMP)
    s = centre.login("li.na", TEMP)
    assert s.must_change_password
    s.change_password(TEMP, PASSWORDS["li.na"])
    admin.reset_password("wang.wei", TEMP)
    with pytest.raises(LoginFailed):
        centre.login("wang.wei")
    assert centre.login("wang.wei", TEMP).must_change_password
    with pytest.raises(UserProblem):
        admin.disable_user("admin")  # not oneself
    with pytest.raises(UserProblem):
        admin.set_role("admin", "caseworker")  # the last administrator
    admin.set_role("li.na", "admin")
    admin.set_role("admin", "caseworker")
    assert {u.username: u.role for u in centre.login("li.na").list_users()}["admin"] == "caseworker"
    actions = [a for (a,) in _rows(centre.path, "SELECT action FROM audit_log")]
    for expected in ("user.disable", "user.enable", "user.reset", "user.role", "user.password"):
        assert expected in actions


def test_recovery_key_resets_a_forgotten_password(centre):
    store = centre.open()
    with pytest.raises(RecoveryKeyWrong):
        accounts.recover(store, "AAAA-" * 7 + "AAAA", "admin", "a brand new password", FAST)
    with pytest.raises(RecoveryKeyWrong):
        accounts.recover(store, "too short", "admin", "a brand new password", FAST)
    typed = centre.recovery_key.lower().replace("-", " ")  # case and separators do not matter
    session = accounts.recover(store, typed, "admin", "a brand new password", FAST)
    assert session.role == "admin" and session.active
    session.logout()
    with pytest.raises(LoginFailed):
        centre.login("admin")
    assert centre.login("admin", "a brand new password").active
    assert [d for _w, _t, d in _audit(centre.path, "key.recover")] == ["result=wrong_key", "result=ok"]
    # renewing the key makes the printed one useless
    new_key = centre.login("admin", "a brand new password").renew_recovery_key()
    with pytest.raises(RecoveryKeyWrong):
        accounts.recover(centre.open(), centre.recovery_key, "admin", "another new password", FAST)
    assert accounts.recover(centre.open(), new_key, "admin", "another new password", FAST).active


def test_store_without_accounts_needs_setup(tmp_path):
    store = CaseStore.open(tmp_path / "cases.db")
    assert accounts.setup_state(store) == "new"
    with pytest.raises(LoginFailed):
        accounts.login(store, "admin", "whatever password", FAST)
    assert SetupRequired().message("en").startswith("no centre")
    store.close()


def test_setup_migrates_a_passphrase_store_and_removes_the_centre_slot(tmp_path, clock):
    path = tmp_path / "cases.db"
    legacy = CaseStore.open(path, passphrase="old centre passphrase", kdf=TEST_KDF, clock=clock)
    cid = legacy.save_case(family_case("旧个案"), "caseworker", consents=all_consents())
    legacy.close()
    store = CaseStore.open(path, clock=clock)
    assert accounts.setup_state(store) == "passphrase"
    from advisor.cases import WrongPassphrase

    with pytest.raises(WrongPassphrase):
        accounts.setup_centre(store, centre_name="中心", username="boss", display_name="主任",
                              password="long enough pw", passphrase="wrong passphrase", policy=FAST)
    assert accounts.setup_state(store) == "passphrase"  # nothing changed
    result = accounts.setup_centre(store, centre_name="中心", username="boss", display_name="主任",
                                   password="long enough pw", passphrase="old centre passphrase", policy=FAST)
    assert result.session.get_case(cid).case.applicant.name == "旧个案"
    slots = sorted(r[0].split(":")[0] for r in _rows(path, "SELECT slot FROM key_slot"))
    assert slots == ["recovery", "user"]
    result.session.logout()
    store.close()
    with pytest.raises(AccountsRequired):
        CaseStore.open(path, passphrase="old centre passphrase", kdf=TEST_KDF)
    details = [d for _w, _t, d in _audit(path, "key.slot")]
    assert "slot=centre;removed" in details
