"""No password, recovery key or data key in any file: a raw-bytes scan of the database, its WAL and
-shm, backups and quarantine — taken while the WAL still holds the writes, and again after closing."""

from __future__ import annotations

import base64

from advisor.cases import accounts
from tests.accounts.conftest import FAST, PASSWORDS, TEMP
from tests.cases.conftest import all_consents, family_case, find_markers


def secret_forms(passwords: list[str], recovery_key: str, keys: list[bytes]) -> list[bytes]:
    """Every form a secret could take in a file: text (UTF-8/16), the recovery key with and without
    dashes and as raw bytes, data keys raw, hex and base64."""
    forms: list[bytes] = []
    for text in [*passwords, recovery_key, recovery_key.replace("-", "")]:
        forms += [text.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    forms.append(accounts.parse_recovery_key(recovery_key))
    for key in keys:
        forms += [key, key.hex().encode(), base64.b64encode(key)]
    return forms


def scan(folder, forms: list[bytes]) -> list[str]:
    """Files that hold any of the forms."""
    return [str(p) for p in folder.rglob("*") if p.is_file() and any(f in p.read_bytes() for f in forms)]


def test_no_password_or_key_in_any_file(centre):
    folder = centre.path.parent
    admin = centre.login("admin")
    data_key = bytes(admin._dek)
    admin.reset_password("wang.wei", TEMP)
    new_key = admin.renew_recovery_key()
    lina = centre.login("li.na")
    cid = lina.save_case(family_case("甲"), consents=all_consents())
    lina.save_draft({"typed": "x"}, case_id=cid)
    lina.lock()
    lina.unlock(PASSWORDS["li.na"])
    lina.change_password(PASSWORDS["li.na"], "PW_changed_MARKER_z0Yw")
    admin.backup()
    session = accounts.recover(centre.open(), new_key, "admin", "PW_recovered_MARKER_k1Lm", FAST)
    assert (folder / "cases.db-wal").exists()
    forms = secret_forms([*PASSWORDS.values(), TEMP, "PW_changed_MARKER_z0Yw", "PW_recovered_MARKER_k1Lm"],
                         centre.recovery_key, [data_key]) + secret_forms([], new_key, [])
    assert scan(folder, forms) == []
    # the scan works: it finds what is deliberately stored, e.g. the user names in the audit log
    assert find_markers(folder, ["wang.wei"])
    for s in (admin, lina, session):
        s.logout()
        s.store.close()
    assert scan(folder, forms) == []
