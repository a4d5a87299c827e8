"""C31 with accounts: a wrong password, a tampered or swapped key slot, a swapped password hash, and
tampered or swapped field ciphertext all fail closed with a clear message — nothing is half-shown."""

from __future__ import annotations

import sqlite3

import pytest

from advisor.cases import DecryptionFailed, LoginFailed, accounts
from tests.accounts.conftest import FAST, PASSWORDS
from tests.cases.conftest import MARKER_ID, all_consents, family_case, valid_id


def _exec(path, sql, *args):
    with sqlite3.connect(path) as raw:
        raw.execute(sql, args)


def _one(path, sql, *args):
    with sqlite3.connect(path) as raw:
        return raw.execute(sql, args).fetchone()


def _slot_of(path, username):
    (uid,) = _one(path, "SELECT uid FROM user_account WHERE username = ?", username)
    return f"user:{uid}"


def _audit_actions(path):
    with sqlite3.connect(path) as raw:
        return [(r[0], r[1], r[2]) for r in raw.execute("SELECT action, target, detail FROM audit_log ORDER BY id")]


def test_wrong_password(centre):
    with pytest.raises(LoginFailed) as exc:
        centre.login("li.na", "not her password")
    assert exc.value.message("zh") == "用户名或密码错误" and exc.value.message("en") == "wrong user name or password"


def test_tampered_key_slot_fails_closed(centre):
    slot = _slot_of(centre.path, "li.na")
    (blob,) = _one(centre.path, "SELECT wrapped_key FROM key_slot WHERE slot = ?", slot)
    flipped = bytearray(blob)
    flipped[20] ^= 0x01
    _exec(centre.path, "UPDATE key_slot SET wrapped_key = ? WHERE slot = ?", bytes(flipped), slot)
    with pytest.raises(DecryptionFailed) as exc:
        centre.login("li.na")
    assert "数据校验失败" in exc.value.message("zh") and "altered" in exc.value.message("en")
    assert ("crypto.fail", "user:li.na", "slot=user") in _audit_actions(centre.path)


def test_key_slot_swapped_between_accounts_fails_closed(centre):
    """Li Na's wrapped key copied onto Wang Wei's slot: the AAD binds it to her account."""
    mine, theirs = _slot_of(centre.path, "li.na"), _slot_of(centre.path, "wang.wei")
    row = _one(centre.path, "SELECT kdf_params, salt, wrapped_key FROM key_slot WHERE slot = ?", mine)
    _exec(centre.path, "UPDATE key_slot SET kdf_params = ?, salt = ?, wrapped_key = ? WHERE slot = ?", *row, theirs)
    with pytest.raises(DecryptionFailed):
        centre.login("wang.wei")
    # and with Li Na's password hash too (someone who knows her password tries his account)
    (hashed,) = _one(centre.path, "SELECT password_hash FROM user_account WHERE username = 'li.na'")
    _exec(centre.path, "UPDATE user_account SET password_hash = ? WHERE username = 'wang.wei'", hashed)
    with pytest.raises(DecryptionFailed):
        centre.login("wang.wei", PASSWORDS["li.na"])
    assert centre.login("li.na").active  # her own account is untouched


def test_password_hash_swapped_without_the_slot_fails_closed(centre):
    (hashed,) = _one(centre.path, "SELECT password_hash FROM user_account WHERE username = 'li.na'")
    _exec(centre.path, "UPDATE user_account SET password_hash = ? WHERE username = 'admin'", hashed)
    with pytest.raises(DecryptionFailed):  # the hash matches her password, the admin's slot does not open with it
        centre.login("admin", PASSWORDS["li.na"])


def test_tampered_and_swapped_field_ciphertext_through_the_session(centre):
    s = centre.login("li.na")
    a = s.save_case(family_case("甲", id_number=MARKER_ID), consents=all_consents())
    b = s.save_case(family_case("乙", id_number=valid_id("11010519900101123")), consents=all_consents())
    (uid_a,) = _one(centre.path, "SELECT uid FROM case_record WHERE id = ?", a)
    (blob,) = _one(centre.path, "SELECT case_enc FROM case_version WHERE case_id = ?", a)
    flipped = bytearray(blob)
    flipped[-3] ^= 0x80
    _exec(centre.path, "UPDATE case_version SET case_enc = ? WHERE case_id = ?", bytes(flipped), a)
    with pytest.raises(DecryptionFailed) as exc:
        s.get_case(a)
    assert "数据校验失败" in exc.value.message("zh")
    assert ("crypto.fail", f"case:{a}", "v=1") in _audit_actions(centre.path)
    # case A's ID-number ciphertext copied into case B: B's row shows "damaged", never A's number
    (enc_a,) = _one(centre.path, "SELECT id_number_enc FROM case_record WHERE id = ?", a)
    _exec(centre.path, "UPDATE case_record SET id_number_enc = ? WHERE id = ?", enc_a, b)
    rows = {r.case_id: r for r in s.search()}
    assert rows[b].damaged and rows[b].id_masked is None
    assert uid_a and ("crypto.fail", f"case:{b}", "col=id_number") in _audit_actions(centre.path)


def test_a_locked_session_reads_nothing(centre):
    from advisor.cases import SessionLocked

    s = centre.login("li.na")
    cid = s.save_case(family_case("丙"), consents=all_consents())
    s.lock()
    for call in (lambda: s.get_case(cid), lambda: s.search(), lambda: s.save_draft({"a": 1})):
        with pytest.raises(SessionLocked) as exc:
            call()
        assert exc.value.message("zh") == "已锁定：请输入密码解锁"
    with pytest.raises(LoginFailed):
        s.unlock("wrong password!")
    assert not s.active
    s.unlock(PASSWORDS["li.na"])
    assert s.get_case(cid).case.applicant.name == "丙"
    s.logout()
    with pytest.raises(SessionLocked):
        s.unlock(PASSWORDS["li.na"])


def test_lock_and_logout_overwrite_the_key(centre):
    s = centre.login("li.na")
    dek = s._dek
    index_key = s._cipher._index_key
    assert any(dek) and any(index_key)
    s.lock()
    assert not s.key_loaded and s.store.locked
    assert dek == bytearray(32) and index_key == bytearray(len(index_key))
    s.unlock(PASSWORDS["li.na"])
    dek = s._dek
    s.logout()
    assert dek == bytearray(32) and s.store.locked and s._cipher is None
    actions = [a for a, _t, _d in _audit_actions(centre.path)]
    assert actions[-3:] == ["session.lock", "session.unlock", "logout"]


def test_another_login_on_the_same_store_replaces_the_key(centre):
    store = centre.open()
    first = accounts.login(store, "li.na", PASSWORDS["li.na"], FAST)
    second = accounts.login(store, "wang.wei", PASSWORDS["wang.wei"], FAST)
    assert second.active and not first.active
    first.logout()  # must not take the second user's key away
    assert second.active
